"""The registers' forms. Each builds on the programme's register form (the shared register
fields, and plan actions of the same organisation where ``has_actions``), and carries its own
rules; the pages and the API both write through them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.lib.dates import today
from preventplan.lib.forms import GovukDateField, GovukModelForm, model_field
from preventplan.organisations.models import Organisation, OrganisationKind, Partnership
from preventplan.plans.forms import ActionChoiceField
from preventplan.plans.models import Action
from preventplan.programme.forms import RegisterForm, force_of
from preventplan.registers.models import (
    ETHNIC_GROUPS,
    STANDARDS,
    ConsequencePlan,
    ConsequenceTrigger,
    DipSample,
    FailureCategory,
    Grievance,
    InformationGiven,
    LearningEntry,
    PowersReturn,
)
from preventplan.tension.models import BcuReturn, CriticalIncident

# "Enter how many reports meet “Graded, with a handling code”", in the page's language.
_standard_required = lazy(
    lambda standard: gettext("Enter how many reports meet “%(standard)s”") % {"standard": standard},
    str,
)
RECORD_FIELDS = ["owner", "review_on", "marking", "status"]  # every form here ends with these
RECENT_WEEKS = 26  # tension returns offered when linking a record to one


def under_any(orgs: list[Organisation], field: str = "path") -> Q:
    """Records whose organisation ``field`` (a path) is one of ``orgs`` or below it."""
    q = Q(pk__in=[])
    for org in orgs:
        q |= Q(**{f"{field}__startswith": org.path})
    return q


def partner_organisations(orgs: list[Organisation]) -> Any:
    """Partner agencies and oversight bodies in the force areas of ``orgs``."""
    return Organisation.objects.active().filter(
        under_any([force_of(o) for o in orgs]),
        kind__in=[OrganisationKind.PARTNER, OrganisationKind.OVERSIGHT],
    )


def not_in_future(form: forms.BaseForm, name: str, message: str) -> None:
    """``message`` ("The date raised must be today or in the past") when the date is later."""
    value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
    if value and value > today():
        form.add_error(name, message)


class SharedRegisterForm(RegisterForm):
    """A register whose records may be shared with partnerships of the organisation's force."""

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        model_field(self, "shared_with").queryset = Partnership.objects.filter(
            force__in=[force_of(o) for o in self.organisations], is_active=True
        )


class GrievanceForm(SharedRegisterForm):
    has_actions = True
    raised_on = GovukDateField(
        label=_("Date raised"), error_messages={"required": _("Enter the date it was raised")}
    )
    partners_informed_on = GovukDateField(label=_("Date partners were informed"), required=False)
    actions = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Plan actions addressing it"),
        help_text=_("Each action's owner answers for it; otherwise the grievance's owner does."),
    )

    class Meta:
        model = Grievance
        fields = [
            "organisation",
            "title",
            "category",
            "area",
            "source_type",
            "raised_on",
            "summary",
            "response",
            "actions",
            "partners_informed",
            "partners_informed_on",
            "tension_return",
            "shared_with",
            *RECORD_FIELDS,
        ]
        widgets = {
            "category": forms.RadioSelect,
            "source_type": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "response": forms.Textarea(attrs={"rows": 3}),
            "partners_informed": forms.CheckboxSelectMultiple,
            "shared_with": forms.CheckboxSelectMultiple,
        }
        labels = {
            "title": _("Grievance"),
            "category": _("Category"),
            "owner": _("Who is addressing it"),
        }
        help_texts = {
            "title": _("A short description, for example “Concern about stops at the station”.")
        }
        error_messages = {
            "title": {"required": _("Enter a short description of the grievance")},
            "category": {"required": _("Select the category")},
            "area": {"required": _("Enter the area or ward")},
            "source_type": {"required": _("Select how it was raised")},
            "summary": {"required": _("Enter what the grievance is about")},
        }

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        model_field(self, "partners_informed").queryset = partner_organisations(self.organisations)
        returns = model_field(self, "tension_return")
        returns.queryset = (
            BcuReturn.objects.filter(
                under_any(self.organisations, "bcu__path"),
                week_commencing__gte=today() - timedelta(weeks=RECENT_WEEKS),
            )
            .select_related("bcu")
            .order_by("-week_commencing", "bcu__name", "-number")
        )
        returns.empty_label = gettext("Not reported in a tension return")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_in_future(self, "raised_on", gettext("The date raised must be today or in the past"))
        not_in_future(
            self,
            "partners_informed_on",
            gettext("The date partners were informed must be today or in the past"),
        )
        if data.get("partners_informed") and not data.get("partners_informed_on"):
            self.add_error("partners_informed_on", gettext("Enter the date partners were informed"))
        if data.get("partners_informed_on") and not data.get("partners_informed"):
            self.add_error("partners_informed", gettext("Select the partners who were informed"))
        raised, told = data.get("raised_on"), data.get("partners_informed_on")
        if raised and told and told < raised:
            self.add_error(
                "partners_informed_on",
                gettext("The date partners were informed must be after it was raised"),
            )
        org, ret = self.chosen_organisation(), data.get("tension_return")
        if org is not None and ret is not None and not ret.bcu.path.startswith(org.path):
            self.add_error(
                "tension_return",
                gettext("Choose a tension return of %(organisation)s") % {"organisation": org.name},
            )
        return data


class LearningForm(SharedRegisterForm):
    received_on = GovukDateField(
        label=_("Date received"), error_messages={"required": _("Enter the date it was received")}
    )
    disseminated_on = GovukDateField(label=_("Date disseminated"), required=False)

    class Meta:
        model = LearningEntry
        fields = [
            "organisation",
            "title",
            "source",
            "theme",
            "power",
            "received_on",
            "feedback",
            "learning",
            "action",
            "disseminated_on",
            "disseminated_to",
            "shared_with",
            *RECORD_FIELDS,
        ]
        widgets = {
            "source": forms.RadioSelect,
            "theme": forms.RadioSelect,
            "feedback": forms.Textarea(attrs={"rows": 3}),
            "learning": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
            "disseminated_to": forms.Textarea(attrs={"rows": 2}),
            "shared_with": forms.CheckboxSelectMultiple,
        }
        labels = {
            "title": _("Lesson"),
            "source": _("Source"),
            "theme": _("Theme"),
            "owner": _("Who owns the learning"),
        }
        error_messages = {
            "title": {"required": _("Enter a short description of the lesson")},
            "source": {"required": _("Select where the feedback came from")},
            "theme": {"required": _("Select the theme")},
            "feedback": {"required": _("Enter what was said")},
            "learning": {"required": _("Enter what was learnt")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_in_future(
            self, "received_on", gettext("The date received must be today or in the past")
        )
        not_in_future(
            self, "disseminated_on", gettext("The date disseminated must be today or in the past")
        )
        if data.get("disseminated_on") and not data.get("disseminated_to"):
            self.add_error("disseminated_to", gettext("Enter the teams it was disseminated to"))
        if data.get("disseminated_to") and not data.get("disseminated_on"):
            self.add_error("disseminated_on", gettext("Enter the date it was disseminated"))
        received, sent = data.get("received_on"), data.get("disseminated_on")
        if received and sent and sent < received:
            self.add_error(
                "disseminated_on", gettext("The date disseminated must be after it was received")
            )
        return data


class DipSampleForm(RegisterForm):
    sampled_on = GovukDateField(
        label=_("Date of the sample"),
        error_messages={"required": _("Enter the date of the sample")},
    )
    review_on = GovukDateField(
        label=_("Follow-up due"),
        help_text=_("When the actions agreed are checked. For example, 31 1 2027"),
        example="31 1 2027",
        error_messages={"required": _("Enter when the follow-up is due")},
    )
    failure_kinds = forms.MultipleChoiceField(
        label=_("Failure categories"),
        choices=FailureCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The kinds of failure found, if any."),
    )

    class Meta:
        model = DipSample
        fields = [
            "organisation",
            "title",
            "sampled_on",
            "report_type",
            "sample_size",
            *STANDARDS,
            "failure_kinds",
            "findings",
            "actions_agreed",
            "police_authority",
            *RECORD_FIELDS,
        ]
        widgets = {
            "report_type": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 3}),
            "actions_agreed": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("Sample"),
            "report_type": _("Report type"),
            "sample_size": _("Sample size"),
            "owner": _("Who follows it up"),
        }
        help_texts = {
            name: _("How many of the reports sampled meet this standard.") for name in STANDARDS
        }
        error_messages = {
            "title": {"required": _("Enter a short name for the sample")},
            "report_type": {"required": _("Select the type of report sampled")},
            "sample_size": {"required": _("Enter how many reports were read")},
        } | {name: {"required": _standard_required(label)} for name, label in STANDARDS.items()}

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        authority = model_field(self, "police_authority")
        authority.queryset = Organisation.objects.active().filter(
            under_any([force_of(o) for o in self.organisations]),
            kind=OrganisationKind.OVERSIGHT,
        )
        authority.empty_label = gettext("The police authority did not take part")
        if self.instance.pk:
            self.fields["failure_kinds"].initial = self.instance.failure_list

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_in_future(
            self, "sampled_on", gettext("The date of the sample must be today or in the past")
        )
        size = data.get("sample_size")
        if size == 0:
            self.add_error("sample_size", gettext("The sample must hold at least one report"))
        for name, label in STANDARDS.items():
            met = data.get(name)
            if size and met is not None and met > size:
                self.add_error(
                    name,
                    gettext("“%(standard)s” cannot be met by more reports than were sampled")
                    % {"standard": label},
                )
        return data

    def save(self, commit: bool = True) -> DipSample:
        sample: DipSample = super().save(commit=False)
        sample.failures = ",".join(self.cleaned_data.get("failure_kinds") or [])
        if commit:
            sample.save()
        return sample


class ConsequencePlanForm(RegisterForm):
    class Meta:
        model = ConsequencePlan
        fields = [
            "organisation",
            "title",
            "trigger",
            "incident",
            "operation_name",
            "area",
            "neighbourhood_input",
            "planned_messages",
            *RECORD_FIELDS,
        ]
        widgets = {
            "trigger": forms.RadioSelect,
            "neighbourhood_input": forms.Textarea(attrs={"rows": 4}),
            "planned_messages": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"title": _("Plan"), "owner": _("Who leads it")}
        error_messages = {
            "title": {"required": _("Enter the plan’s title")},
            "trigger": {"required": _("Select what the plan is for")},
            "area": {"required": _("Enter the area")},
            "neighbourhood_input": {"required": _("Enter what the neighbourhood advised")},
            "planned_messages": {"required": _("Enter the messages planned")},
        }

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        incident = model_field(self, "incident")
        incident.queryset = CriticalIncident.objects.filter(
            force__in=[force_of(o) for o in self.organisations]
        )
        incident.empty_label = gettext("Not a critical incident")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        trigger = data.get("trigger")
        if trigger == ConsequenceTrigger.INCIDENT and not data.get("incident"):
            self.add_error("incident", gettext("Select the critical incident"))
        if trigger == ConsequenceTrigger.OPERATION:
            if not data.get("operation_name"):
                self.add_error("operation_name", gettext("Enter the operation’s name"))
            data["incident"] = None
        if trigger == ConsequenceTrigger.INCIDENT:
            data["operation_name"] = ""
        org, incident = self.chosen_organisation(), data.get("incident")
        if org is not None and incident is not None and incident.force_id != force_of(org).pk:
            self.add_error(
                "incident",
                gettext("Choose a critical incident in %(force)s") % {"force": force_of(org).name},
            )
        return data


class InformationGivenForm(GovukModelForm):
    given_on = GovukDateField(
        label=_("Date given"), error_messages={"required": _("Enter the date it was given")}
    )

    class Meta:
        model = InformationGiven
        fields = ["given_on", "audience", "channel", "summary"]
        widgets = {
            "audience": forms.RadioSelect,
            "channel": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"audience": _("Given to"), "channel": _("Channel")}
        error_messages = {
            "audience": {"required": _("Select who it was given to")},
            "channel": {"required": _("Select how it was given")},
            "summary": {"required": _("Enter what was said")},
        }

    def clean_given_on(self) -> Any:
        value = self.cleaned_data["given_on"]
        if value > today():
            raise forms.ValidationError(gettext("The date given must be today or in the past"))
        return value


# The powers' short names, in English: a return's title (stored) is made from them.
POWER_SHORT = {
    "sch7": "Schedule 7",
    "s33": "Section 33",
    "s43": "Section 43",
    "s43a": "Section 43A",
    "s47a": "Section 47A",
}
# The same, in the language of the page (charts, lists, the dashboard).
POWER_SHORT_LABELS = {
    "sch7": _("Schedule 7"),
    "s33": _("Section 33"),
    "s43": _("Section 43"),
    "s43a": _("Section 43A"),
    "s47a": _("Section 47A"),
}
OUTCOMES = ("arrests", "other_outcomes", "no_further_action")
ETHNICITY = (*(f"ethnicity_{g}" for g in ETHNIC_GROUPS), "ethnicity_not_stated")
BASELINE = tuple(f"baseline_{g}" for g in ETHNIC_GROUPS)
# Each group's share left out names the group (five alike would not say which is missing).
BASELINE_REQUIRED = {
    "white": _("Enter the population share of the White group, as a percentage"),
    "mixed": _("Enter the population share of the Mixed group, as a percentage"),
    "asian": _("Enter the population share of the Asian group, as a percentage"),
    "black": _("Enter the population share of the Black group, as a percentage"),
    "other": _("Enter the population share of other ethnic groups, as a percentage"),
}


class PowersReturnForm(RegisterForm):
    """One power's monthly return. Its title is made from the power and the month."""

    month = GovukDateField(
        label=_("Month"),
        help_text=_("Any day in the month the return covers, for example 1 10 2026."),
        example="1 10 2026",
        error_messages={"required": _("Enter the month the return covers")},
    )
    review_on = GovukDateField(
        label=_("Review by"),
        help_text=_("When the force lead and the police authority review it."),
        error_messages={"required": _("Enter when it will be reviewed")},
    )

    class Meta:
        model = PowersReturn
        fields = [
            "organisation",
            "month",
            "power",
            "uses",
            *OUTCOMES,
            *ETHNICITY,
            *BASELINE,
            "baseline_source",
            "complaints",
            "quality_findings",
            "community_impact",
            *RECORD_FIELDS,
        ]
        widgets = {
            "power": forms.RadioSelect,
            "quality_findings": forms.Textarea(attrs={"rows": 3}),
            "community_impact": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"power": _("Power"), "owner": _("Who answers for it")}
        error_messages = {
            "power": {"required": _("Select the power")},
            "uses": {"required": _("Enter how many times the power was used")},
            "baseline_source": {"required": _("Say where the population baseline comes from")},
            "community_impact": {"required": _("Describe the impact on communities")},
        } | {
            f"baseline_{group}": {"required": message}
            for group, message in BASELINE_REQUIRED.items()
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        month = data.get("month")
        if month:
            month = data["month"] = month.replace(day=1)
            if month >= today().replace(day=1):
                self.add_error("month", gettext("The month must have ended"))
        uses = data.get("uses")
        if uses is not None:
            outcomes = [data.get(n) for n in OUTCOMES]
            if None not in outcomes and sum(outcomes) != uses:  # type: ignore[arg-type]
                self.add_error(
                    "no_further_action",
                    gettext("The outcomes must add up to the times used (%(uses)s)")
                    % {"uses": uses},
                )
            counts = [data.get(n) for n in ETHNICITY]
            if None not in counts and sum(counts) != uses:  # type: ignore[arg-type]
                self.add_error(
                    "ethnicity_not_stated",
                    gettext(
                        "The ethnicity counts, with those not stated, must add up to the times "
                        "used (%(uses)s)"
                    )
                    % {"uses": uses},
                )
        shares = [data.get(n) for n in BASELINE]
        if None not in shares and not 99 <= sum(shares) <= 101:  # type: ignore[arg-type]
            self.add_error("baseline_other", gettext("The population shares must add up to 100%"))
        org, power = self.chosen_organisation(), data.get("power")
        if org is not None and month and power:
            clash = PowersReturn.objects.filter(organisation=org, month=month, power=power)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "power",
                    gettext("%(organisation)s already has a %(power)s return for that month")
                    % {"organisation": org.name, "power": POWER_SHORT_LABELS[power]},
                )
        return data

    def record(self) -> Any:
        obj = super().record()
        obj.title = f"{POWER_SHORT[obj.power]}, {obj.month:%B %Y}"
        return obj
