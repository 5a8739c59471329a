"""The case form (on the register pattern), the stage and review forms, and the short form that
asks why a case is being opened (DPA 2018 s.62). No field takes free text: a case holds only
choices, dates and references (docs/case-reviews.md)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.cases.models import (
    CLOSED_STAGES,
    Case,
    Intervention,
    Outcome,
    ReferralSource,
    RiskDirection,
    Stage,
)
from preventplan.lib.dates import today
from preventplan.lib.forms import GovukDateField, GovukForm, choice_field, model_field
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.records.forms import RegisterForm
from preventplan.records.spec import source_text


def agencies_for(bcus: list[Organisation]) -> Any:
    """The agencies that may own a case of these BCUs: the BCU itself and the partner
    organisations in a partnership with it."""
    ids = [b.pk for b in bcus]
    return (
        Organisation.objects.filter(
            Q(pk__in=ids)
            | Q(kind=OrganisationKind.PARTNER, partnerships__members__in=ids, is_active=True)
        )
        .distinct()
        .order_by("kind", "name")
    )


class CaseForm(RegisterForm):
    organisation_field = "bcu"
    radios = ()
    bcu = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("BCU"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the BCU")},
    )
    referred_on = GovukDateField(
        label=_("Date the referral was received"),
        error_messages={"required": _("Enter the date the referral was received")},
    )
    stage_on = GovukDateField(
        label=_("Date the case reached this stage"),
        error_messages={"required": _("Enter the date the case reached this stage")},
    )
    review_on = GovukDateField(
        label=_("Next review due"),
        required=False,
        help_text=_("Needed while the case is open. For example, 31 3 2027"),
    )

    class Meta:
        model = Case
        fields = [
            "bcu",
            "agency",
            "officer",
            "referral_source",
            "referred_on",
            "stage",
            "stage_on",
            "interventions",
            "review_on",
            "outcome",
        ]
        widgets = {
            "agency": forms.RadioSelect,
            "referral_source": forms.RadioSelect,
            "stage": forms.RadioSelect,
            "interventions": forms.CheckboxSelectMultiple,
            "outcome": forms.RadioSelect,
        }
        labels = {
            "stage": _("Stage"),
            "interventions": _("Interventions"),
            "outcome": _("Outcome"),
        }
        error_messages = {
            "agency": {"required": _("Select the agency that owns the case")},
            "referral_source": {"required": _("Select where the referral came from")},
        }

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        model_field(self, "agency").queryset = agencies_for(self.organisations)
        model_field(self, "interventions").queryset = Intervention.objects.filter(is_active=True)
        choice_field(self, "referral_source").choices = ReferralSource.choices
        choice_field(self, "outcome").choices = [("", gettext("Not yet known")), *Outcome.choices]
        self.fields["officer"].help_text = gettext(
            "Someone with a role in the BCU. They read this case and record its stages and reviews."
        )
        if self.instance.pk:  # the stage changes through "Record a stage", keeping its history
            self.fields.pop("stage")
            self.fields.pop("stage_on")
        else:
            self.fields["stage"].initial = Stage.REFERRAL

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        bcu, agency = self.chosen_organisation(), data.get("agency")
        if bcu is not None and agency is not None and agency not in agencies_for([bcu]):
            self.add_error(
                "agency",
                gettext("Choose %(bcu)s or a partner agency working with it") % {"bcu": bcu.name},
            )
        stage = data.get("stage", self.instance.stage if self.instance.pk else None)
        closed = stage in CLOSED_STAGES
        if not closed and not data.get("review_on") and "review_on" not in self.errors:
            self.add_error("review_on", gettext("Enter the date the next review is due"))
        if closed and not data.get("outcome"):
            self.add_error("outcome", gettext("Select the outcome of the closed case"))
        referred, stage_on = data.get("referred_on"), data.get("stage_on")
        for name in ("referred_on", "stage_on"):
            if data.get(name) and data[name] > today():
                self.add_error(name, gettext("The date must be today or in the past"))
        if referred and stage_on and stage_on < referred:
            self.add_error(
                "stage_on", gettext("The stage cannot start before the referral was received")
            )
        return data


class StageForm(GovukForm):
    """Move a case to another stage; closing it asks for the outcome."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the stage the case has reached")},
    )
    on = GovukDateField(
        label=_("Date the case reached it"), error_messages={"required": _("Enter the date")}
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Not yet known")), *Outcome.choices],
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Needed when the case is closed."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on, stage = data.get("on"), data.get("stage")
        if stage == self.case.stage:
            self.add_error(
                "stage",
                gettext("The case is already at %(stage)s")
                % {"stage": self.case.get_stage_display()},
            )
        if on and on > today():
            self.add_error("on", gettext("The date must be today or in the past"))
        elif on and on < self.case.stage_on:
            self.add_error("on", gettext("The date cannot be before the current stage began"))
        if stage in CLOSED_STAGES and not data.get("outcome"):
            self.add_error("outcome", gettext("Select the outcome of the closed case"))
        return data


class ReviewForm(GovukForm):
    """Record a review: which way the risk moved, and when the next one is due."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = GovukDateField(
        label=_("Date of the review"),
        error_messages={"required": _("Enter the date of the review")},
    )
    direction = forms.ChoiceField(
        label=_("Since the last review, has the risk reduced, stayed the same or increased?"),
        choices=RiskDirection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the risk has changed")},
    )
    next_review_on = GovukDateField(
        label=_("Next review due"),
        required=False,
        help_text=_("Leave blank only if the case is closed. For example, 31 3 2027"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reviewed, following = data.get("reviewed_on"), data.get("next_review_on")
        if reviewed and reviewed > today():
            self.add_error("reviewed_on", gettext("The date must be today or in the past"))
        if not self.case.is_closed and not following and "next_review_on" not in self.errors:
            self.add_error("next_review_on", gettext("Enter the date the next review is due"))
        if following and following <= today():
            self.add_error("next_review_on", gettext("The next review must be after today"))
        return data


# Why a case is being opened: a short choice, recorded with each reading (s.62). The record
# keeps the reason in English, whatever the language of the page it was chosen on.
CONSULT_REASONS = [
    ("panel", _("Preparing for or recording a panel")),
    ("review", _("Carrying out a review")),
    ("update", _("Recording a stage or an intervention")),
    ("supervision", _("Supervision or a quality check")),
    ("partner", _("Answering a partner agency about this case")),
    ("rights", _("A data protection request or complaint")),
]


class ConsultReasonForm(GovukForm):
    reason = forms.ChoiceField(
        label=_("Choose the reason"),
        choices=CONSULT_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select why you are opening this case")},
    )

    @property
    def justification(self) -> str:
        return source_text(dict(CONSULT_REASONS)[self.cleaned_data["reason"]])
