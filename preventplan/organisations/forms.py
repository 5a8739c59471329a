from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from preventplan.accounts.models import User
from preventplan.catalogue.models import PartnerType
from preventplan.lib.forms import GovukForm, GovukModelForm, choice_field, model_field
from preventplan.organisations.models import (
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
    Role,
)


class OrganisationForm(GovukModelForm):
    person_names_allowed = {"name", "short_name"}  # "Dr Patel’s Surgery" is a partner
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "partner_type",
            "email",
            "receives_csr_funding",
            "nation",
            "require_two_factor",
            "is_active",
        ]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "short_name": _("Optional. Used in tables, for example “Northmoor City”."),
            "partner_type": _("Partner organisations only."),
        }
        labels = {
            "name": _("Name"),
            "short_name": _("Short name"),
            "kind": _("Kind"),
            "partner_type": _("Partner type"),
            "email": _("Contact email"),
            "receives_csr_funding": _("Receives CSR funding for Prevent"),
            "require_two_factor": _("Everyone here must use two-factor sign-in"),
            "is_active": _("Is active"),
        }
        error_messages = {
            "name": {"required": _("Enter the organisation’s name")},
            "kind": {"required": _("Select the kind of organisation")},
        }

    def __init__(
        self, *args: Any, kinds: set[str], parent: Organisation | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parent = parent
        kind_choices = [(k, label) for k, label in OrganisationKind.choices if k in kinds]
        choice_field(self, "kind").choices = kind_choices
        model_field(self, "partner_type").queryset = PartnerType.objects.all()
        model_field(self, "partner_type").empty_label = _("Not a partner organisation")
        if self.instance.pk:
            self.fields["kind"].disabled = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["is_active"]
        if len(kind_choices) == 1:
            self.fields["kind"].initial = kind_choices[0][0]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(parent=self.parent, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("An organisation with this name already exists here"))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind") or self.instance.kind
        if kind == OrganisationKind.PARTNER and not data.get("partner_type"):
            self.add_error("partner_type", _("Select the type of partner organisation"))
        if kind != OrganisationKind.PARTNER and data.get("partner_type"):
            self.add_error("partner_type", _("Only partner organisations have a partner type"))
        if kind != OrganisationKind.FORCE and data.get("receives_csr_funding"):
            self.add_error("receives_csr_funding", _("Only forces receive CSR funding"))
        return data


class PartnershipForm(GovukModelForm):
    person_names_allowed = {"name"}
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Partnership
        fields = ["name", "kind", "reports_to", "members", "is_active"]
        widgets = {"kind": forms.RadioSelect, "members": forms.CheckboxSelectMultiple}
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "reports_to": _("Reports to"),
            "members": _("Members"),
            "is_active": _("Is active"),
        }
        help_texts = {"reports_to": _("e.g. a Prevent forum reporting to the CSP or LSP.")}
        error_messages = {
            "name": {"required": _("Enter the partnership’s name")},
            "kind": {"required": _("Select the kind of partnership")},
        }

    def __init__(self, *args: Any, force: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.force = force
        choice_field(self, "kind").choices = list(PartnershipKind.choices)
        model_field(self, "members").queryset = (
            Organisation.objects.under(force).active().exclude(pk=force.pk).order_by("kind", "name")
        )
        self.fields["members"].help_text = _("The organisations that take part, including the BCU.")
        reports_to = Partnership.objects.filter(force=force)
        if self.instance.pk:
            reports_to = reports_to.exclude(pk=self.instance.pk)
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["is_active"]
        model_field(self, "reports_to").queryset = reports_to
        model_field(self, "reports_to").empty_label = _("Does not report to another partnership")

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = Partnership.objects.filter(force=self.force, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("A partnership with this name already exists in this force area")
            )
        return name


class InviteForm(GovukForm):
    person_names_allowed = {"full_name"}  # a member of staff
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter the person’s email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, required=False, help_text=_("Optional.")
    )
    role = forms.ChoiceField(
        label=_("Role"), widget=forms.RadioSelect, error_messages={"required": _("Select a role")}
    )

    def __init__(
        self, *args: Any, roles: list[str], organisation: Organisation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        labels = dict(Role.choices)
        choice_field(self, "role").choices = [(r, labels[r]) for r in roles]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, role = data.get("email"), data.get("role")
        if email and role:
            user = User.objects.filter(email__iexact=email).first()
            if (
                user
                and user.memberships.current()
                .filter(organisation=self.organisation, role=role)
                .exists()
            ):
                self.add_error(
                    "email",
                    _("%(email)s already has this role in %(organisation)s")
                    % {"email": email, "organisation": self.organisation},
                )
        return data


class AcceptInvitationForm(GovukForm):
    person_names_allowed = {"full_name", "job_title"}  # the person themselves, staff
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, error_messages={"required": _("Enter your full name")}
    )
    job_title = forms.CharField(
        label=_("Job title"), max_length=150, required=False, help_text=_("Optional.")
    )
    password1 = forms.CharField(
        label=_("Create a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters. A long phrase is easier to remember than a complex word."
        ),
        error_messages={"required": _("Enter a password")},
    )
    password2 = forms.CharField(
        label=_("Confirm the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Confirm the password")},
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The passwords do not match"))
        elif p1:
            candidate = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ConfirmForm(GovukForm):
    """An empty form: a POST with a valid CSRF token is the confirmation."""
