"""Forms for the programme registers. One base, :class:`RegisterForm`, gives every register the
same owning organisation, owner, linked actions, review date and version handling."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.lib import scoring
from preventplan.lib.dates import today
from preventplan.lib.forms import GovukDateField, GovukModelForm, model_field
from preventplan.organisations.models import Membership, Organisation, Partnership
from preventplan.performance.models import Indicator
from preventplan.plans.forms import ActionChoiceField
from preventplan.plans.models import Action, Decision, Plan, PlanStatus
from preventplan.programme.models import (
    AgendaItem,
    Benefit,
    BenefitValue,
    Board,
    BoardDecision,
    BoardMember,
    ImpactAssessment,
    Meeting,
    MeetingAction,
    MeetingStatus,
    Risk,
    RiskReview,
)
from preventplan.records import forms as records_forms
from preventplan.records.models import RecordStatus


def people_under(orgs: list[Organisation]) -> Any:
    """People with a current role in these organisations or below them."""
    return Membership.objects.people(orgs)


def scale_field(
    label: Any, words: dict[int, Any], required: Any, help_text: Any = ""
) -> forms.TypedChoiceField:
    """A 1 to 5 scale as inline radios; ``required`` is the error when none is chosen."""
    return forms.TypedChoiceField(
        label=label,
        choices=[(n, format_lazy("{} {}", n, w)) for n, w in words.items()],
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        help_text=help_text,
        error_messages={"required": required},
    )


class RegisterForm(records_forms.RegisterForm):
    """A programme register's form: the shared register fields, and (``has_actions``) the plan
    actions of the same organisation that the record is linked to."""

    has_actions = False

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        if self.has_actions:
            model_field(self, "actions").queryset = (
                Action.objects.filter(plan__organisation__in=self.organisations)
                .exclude(plan__status=PlanStatus.CLOSED)
                .exclude(decision=Decision.NOT_APPLICABLE)
                .select_related("plan__organisation", "activity")
                .order_by("plan__organisation__name", "sort_key")
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        org = self.chosen_organisation()
        if org is not None and self.has_actions:
            stray = [
                a.number for a in data.get("actions") or [] if a.plan.organisation_id != org.pk
            ]
            if stray:
                self.add_error(
                    "actions",
                    gettext("Choose actions from %(organisation)s’s plans only (%(actions)s)")
                    % {"organisation": org.name, "actions": ", ".join(stray)},
                )
        return data


class RiskForm(RegisterForm):
    has_actions = True
    inherent_likelihood = scale_field(
        _("Inherent likelihood"),
        scoring.LIKELIHOOD,
        _("Select the inherent likelihood"),
        _("Before any controls."),
    )
    inherent_impact = scale_field(
        _("Inherent impact"), scoring.IMPACT, _("Select the inherent impact")
    )
    likelihood = scale_field(
        _("Residual likelihood"),
        scoring.LIKELIHOOD,
        _("Select the residual likelihood"),
        _("With the controls in place."),
    )
    impact = scale_field(_("Residual impact"), scoring.IMPACT, _("Select the residual impact"))
    target_likelihood = scale_field(
        _("Target likelihood"),
        scoring.LIKELIHOOD,
        _("Select the target likelihood"),
        _("Where the mitigating actions should bring it."),
    )
    target_impact = scale_field(_("Target impact"), scoring.IMPACT, _("Select the target impact"))
    actions = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Mitigating actions"),
        help_text=_("Plan actions that reduce the risk."),
    )

    class Meta:
        model = Risk
        fields = [
            "organisation",
            "title",
            "category",
            "cause",
            "effect",
            "inherent_likelihood",
            "inherent_impact",
            "controls",
            "likelihood",
            "impact",
            "target_likelihood",
            "target_impact",
            "actions",
            "owner",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {
            "category": forms.RadioSelect,
            "cause": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "controls": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("Risk"),
            "category": _("Category"),
            "cause": _("Cause"),
            "effect": _("Effect"),
            "owner": _("Risk owner"),
        }
        help_texts = {
            "title": _("A short name, for example “Loss of community confidence in Prevent”.")
        }
        error_messages = {
            "title": {"required": _("Enter the risk")},
            "category": {"required": _("Select the category")},
            "cause": {"required": _("Enter the cause")},
            "effect": {"required": _("Enter the effect")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        inherent = data.get("inherent_likelihood"), data.get("inherent_impact")
        residual = data.get("likelihood"), data.get("impact")
        target = data.get("target_likelihood"), data.get("target_impact")
        if all(inherent) and all(residual) and scoring.score(*residual) > scoring.score(*inherent):  # type: ignore[arg-type]
            self.add_error(
                "likelihood", gettext("The residual score cannot be higher than the inherent score")
            )
        if all(target) and all(inherent) and scoring.score(*target) > scoring.score(*inherent):  # type: ignore[arg-type]
            self.add_error(
                "target_likelihood",
                gettext("The target score cannot be higher than the inherent score"),
            )
        return data


class RiskReviewForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = GovukDateField(
        label=_("Date of the review"),
        error_messages={"required": _("Enter the date of the review")},
    )
    likelihood = scale_field(
        _("Residual likelihood"), scoring.LIKELIHOOD, _("Select the residual likelihood")
    )
    impact = scale_field(_("Residual impact"), scoring.IMPACT, _("Select the residual impact"))
    next_review_on = GovukDateField(
        label=_("Next review date"), error_messages={"required": _("Enter the next review date")}
    )

    class Meta:
        model = RiskReview
        fields = ["reviewed_on", "likelihood", "impact", "note", "next_review_on"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        labels = {"note": _("What was considered")}
        error_messages = {"note": {"required": _("Say what the review considered")}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reviewed, following = data.get("reviewed_on"), data.get("next_review_on")
        if reviewed and reviewed > today():
            self.add_error(
                "reviewed_on", gettext("The date of the review must be today or in the past")
            )
        if reviewed and following and following <= reviewed:
            self.add_error(
                "next_review_on", gettext("The next review date must be after the review")
            )
        return data


class BenefitForm(RegisterForm):
    has_actions = True
    baseline_on = GovukDateField(
        label=_("Baseline date"), error_messages={"required": _("Enter the date of the baseline")}
    )
    target_on = GovukDateField(
        label=_("Target date"), error_messages={"required": _("Enter the date the target is for")}
    )
    actions = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Actions that deliver it"),
    )

    class Meta:
        model = Benefit
        fields = [
            "organisation",
            "title",
            "description",
            "measure",
            "unit",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
            "actions",
            "owner",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("Benefit"),
            "description": _("Description"),
            "measure": _("Measure"),
            "unit": _("Unit"),
            "baseline": _("Baseline"),
            "target": _("Target"),
            "owner": _("Benefit owner"),
        }
        error_messages = {
            "title": {"required": _("Enter the benefit")},
            "description": {"required": _("Describe the change it should bring")},
            "measure": {"required": _("Enter how it is measured")},
            "baseline": {
                "required": _("Enter the baseline"),
                "invalid": _("Enter the baseline as a number"),
            },
            "target": {
                "required": _("Enter the target"),
                "invalid": _("Enter the target as a number"),
            },
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("baseline_on")
            and data.get("target_on")
            and data["target_on"] <= data["baseline_on"]
        ):
            self.add_error("target_on", gettext("The target date must be after the baseline date"))
        if data.get("baseline") is not None and data.get("baseline") == data.get("target"):
            self.add_error("target", gettext("The target must differ from the baseline"))
        return data


class BenefitValueForm(GovukModelForm):
    measured_on = GovukDateField(
        label=_("Date measured"), error_messages={"required": _("Enter the date it was measured")}
    )

    class Meta:
        model = BenefitValue
        fields = ["measured_on", "value", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"value": _("Value"), "note": _("Source or comment")}
        error_messages = {
            "value": {"required": _("Enter the value"), "invalid": _("Enter the value as a number")}
        }

    def clean_measured_on(self) -> Any:
        value = self.cleaned_data["measured_on"]
        if value > today():
            raise forms.ValidationError(gettext("The date measured must be today or in the past"))
        return value


class ImpactAssessmentForm(RegisterForm):
    completed_on = GovukDateField(
        label=_("Date completed"), error_messages={"required": _("Enter the date it was completed")}
    )
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label=_("Action plan it informed"),
        empty_label=_("None"),
    )

    class Meta:
        model = ImpactAssessment
        fields = [
            "organisation",
            "kind",
            "title",
            "plan",
            "completed_on",
            "outcome",
            "summary",
            "owner",
            "review_on",
            "marking",
            "status",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "kind": _("Kind"),
            "title": _("Title"),
            "outcome": _("Outcome"),
            "summary": _("Findings"),
            "owner": _("Lead"),
        }
        error_messages = {
            "kind": {"required": _("Select the kind of assessment")},
            "title": {"required": _("Enter the assessment’s title")},
            "outcome": {"required": _("Select the outcome")},
            "summary": {"required": _("Enter the findings")},
        }

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        orgs = [self.instance.organisation] if self.instance.pk else organisations
        model_field(self, "plan").queryset = Plan.objects.filter(
            organisation__in=orgs
        ).select_related("organisation")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        org, plan = self.chosen_organisation(), data.get("plan")
        if org is not None and plan is not None and plan.organisation_id != org.pk:
            self.add_error(
                "plan",
                gettext("Choose one of %(organisation)s’s plans") % {"organisation": org.name},
            )
        if data.get("completed_on") and data["completed_on"] > today():
            self.add_error(
                "completed_on", gettext("The date completed must be today or in the past")
            )
        return data


# -- boards and meetings -------------------------------------------------------------------------
def force_of(org: Organisation) -> Organisation:
    return org.force() or org


class BoardForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Run by"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who runs the board")},
    )

    class Meta:
        model = Board
        fields = ["organisation", "name", "kind", "partnership", "terms_of_reference", "is_active"]
        widgets = {
            "kind": forms.RadioSelect,
            "terms_of_reference": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "partnership": _("Partnership"),
            "terms_of_reference": _("Terms of reference"),
            "is_active": _("The board still meets"),
        }
        error_messages = {
            "name": {"required": _("Enter the board’s name")},
            "kind": {"required": _("Select the kind of board")},
        }

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = [self.instance.organisation] if self.instance.pk else organisations
        if self.instance.pk:
            del self.fields["organisation"]
            self.fields["version"].initial = self.instance.version
        else:
            model_field(self, "organisation").queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in orgs]
            )
            if len(orgs) == 1:
                self.fields["organisation"].initial = orgs[0].pk
        model_field(self, "partnership").queryset = Partnership.objects.filter(
            force__in=[force_of(o) for o in orgs], is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        org = self.instance.organisation if self.instance.pk else data.get("organisation")
        if org and data.get("name"):
            clash = Board.objects.filter(organisation=org, name=data["name"]).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error(
                    "name",
                    gettext("%(organisation)s already has a board with that name")
                    % {"organisation": org.name},
                )
        return data

    def board(self) -> Board:
        board: Board = self.save(commit=False)
        if not board.pk:
            board.organisation = self.cleaned_data["organisation"]
        return board


class MemberForm(GovukModelForm):
    person_names_allowed = {"name"}  # board members hold an office; role is checked

    class Meta:
        model = BoardMember
        fields = ["name", "role", "member_organisation", "user"]
        labels = {
            "name": _("Name"),
            "role": _("Role on the board"),
            "member_organisation": _("Organisation"),
            "user": _("Their account in this service"),
        }
        help_texts = {
            "role": _("For example Chair, BCU Prevent lead, local authority Prevent lead.")
        }
        error_messages = {"name": {"required": _("Enter the member’s name")}}

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        force = force_of(board.organisation)
        model_field(self, "member_organisation").queryset = Organisation.objects.under(
            force
        ).active()
        model_field(self, "user").queryset = people_under([force])


class MeetingForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = GovukDateField(label=_("Date"), error_messages={"required": _("Enter the date")})

    class Meta:
        model = Meeting
        fields = ["held_on", "location", "status", "attendees", "apologies", "minutes"]
        widgets = {
            "status": forms.RadioSelect(attrs={"inline": True}),
            "attendees": forms.CheckboxSelectMultiple,
            "apologies": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "location": _("Location"),
            "status": _("Status"),
            "attendees": _("Present"),
            "apologies": _("Apologies"),
            "minutes": _("Summary of the minutes"),
        }

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = board.members.filter(is_active=True)
        model_field(self, "attendees").queryset = members
        model_field(self, "apologies").queryset = members
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("attendees") or []) & set(data.get("apologies") or [])
        if both:
            self.add_error(
                "apologies",
                gettext("Someone cannot be both present and giving apologies: %(names)s")
                % {"names": ", ".join(sorted(m.name for m in both))},
            )
        if (
            data.get("status") == MeetingStatus.HELD
            and data.get("held_on")
            and data["held_on"] > today()
        ):
            self.add_error("status", gettext("A meeting in the future cannot have been held yet"))
        return data


class AgendaItemForm(GovukModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "plan", "risk", "indicator", "report", "notes"]
        labels = {
            "title": _("Title"),
            "plan": _("Plan"),
            "risk": _("Risk"),
            "indicator": _("Indicator"),
            "report": _("Report considered"),
            "notes": _("Notes"),
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Enter the item’s title")}}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        force = force_of(meeting.board.organisation)
        model_field(self, "plan").queryset = Plan.objects.filter(
            organisation__path__startswith=force.path
        ).select_related("organisation")
        model_field(self, "risk").queryset = Risk.objects.filter(
            organisation__path__startswith=force.path, status=RecordStatus.OPEN
        )
        model_field(self, "indicator").queryset = Indicator.objects.filter(is_active=True)


class DecisionForm(GovukModelForm):
    class Meta:
        model = BoardDecision
        fields = ["item", "text"]
        labels = {"item": _("Agenda item"), "text": _("Decision")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": _("Enter the decision")}}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "item").queryset = meeting.items.all()


class MeetingActionForm(GovukModelForm):
    due_on = GovukDateField(
        label=_("Due date"), error_messages={"required": _("Enter the due date")}
    )

    class Meta:
        model = MeetingAction
        fields = ["item", "text", "owner", "due_on"]
        labels = {"item": _("Agenda item"), "text": _("Action"), "owner": _("Owner")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {"required": _("Enter the action")},
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "item").queryset = meeting.items.all()
        owner = model_field(self, "owner")
        owner.queryset = people_under([force_of(meeting.board.organisation)])
        owner.required = True
        owner.error_messages["required"] = gettext("Select who owns the action")


class MeetingActionUpdateForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = MeetingAction
        fields = ["status", "update"]
        widgets = {
            "status": forms.RadioSelect(attrs={"inline": True}),
            "update": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"status": _("Status"), "update": _("Progress")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
