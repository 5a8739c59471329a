from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.lib.forms import GovukDateField, model_field
from preventplan.organisations.models import Organisation, Partnership
from preventplan.records.forms import RegisterForm
from preventplan.sharing.models import Protocol, ProtocolStatus, ShareCategory


class ProtocolForm(RegisterForm):
    organisation_field = "owner"
    radios = ()
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Held by"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who holds the protocol")},
    )
    shared = forms.MultipleChoiceField(
        label=_("What may be shared"),
        choices=ShareCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select what the protocol lets you share")},
    )
    signed_on = GovukDateField(
        label=_("Date signed"),
        required=False,
        help_text=_("Leave blank while the protocol is a draft. For example, 1 4 2026"),
        example="1 4 2026",
    )
    review_on = GovukDateField(
        label=_("Review date"),
        help_text=_(
            "The protocol lapses after this date unless it is reviewed. For example, 31 3 2027"
        ),
        error_messages={"required": _("Enter the review date")},
    )

    class Meta:
        model = Protocol
        fields = [
            "reference",
            "title",
            "owner",
            "partnerships",
            "scope",
            "legal_basis",
            "shared",
            "signed_on",
            "review_on",
            "status",
        ]
        widgets = {
            "partnerships": forms.CheckboxSelectMultiple,
            "legal_basis": forms.RadioSelect,
            "status": forms.RadioSelect,
            "scope": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "reference": _("Reference"),
            "title": _("Title"),
            "partnerships": _("Partnerships"),
            "scope": _("Scope"),
            "legal_basis": _("Legal basis"),
            "status": _("Status"),
        }
        error_messages = {
            "reference": {"required": _("Enter the protocol’s reference")},
            "title": {"required": _("Enter the protocol’s title")},
            "partnerships": {"required": _("Select the partnerships it covers")},
            "scope": {"required": _("Say what the sharing is for")},
            "legal_basis": {"required": _("Select the legal basis")},
        }

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        forces = {o.force() for o in self.organisations}
        model_field(self, "partnerships").queryset = Partnership.objects.filter(
            force__in=[f for f in forces if f], is_active=True
        )
        if self.instance.pk:
            self.fields["shared"].initial = self.instance.category_list

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == ProtocolStatus.SIGNED and not data.get("signed_on"):
            self.add_error("signed_on", gettext("Enter the date the protocol was signed"))
        signed, review = data.get("signed_on"), data.get("review_on")
        if signed and review and review <= signed:
            self.add_error("review_on", gettext("The review date must be after the date signed"))
        return data

    def save(self, commit: bool = True) -> Protocol:
        protocol: Protocol = super().save(commit=False)
        protocol.categories = ",".join(self.cleaned_data["shared"])
        if commit:
            protocol.save()
            self.save_m2m()
        return protocol
