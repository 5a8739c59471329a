"""Forms for the programme registers. One base, :class:`RegisterForm`, gives every register the
same owning organisation, owner, linked actions, review date and version handling."""

from __future__ import annotations

from typing import Any

from django import forms

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


def scale_field(label: str, words: dict[int, str], help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(n, f"{n} {w}") for n, w in words.items()],
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        help_text=help_text,
        error_messages={"required": f"Select the {label.lower()}"},
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
                    "actions", f"Choose actions from {org.name}’s plans only ({', '.join(stray)})"
                )
        return data


class RiskForm(RegisterForm):
    has_actions = True
    inherent_likelihood = scale_field(
        "Inherent likelihood", scoring.LIKELIHOOD, "Before any controls."
    )
    inherent_impact = scale_field("Inherent impact", scoring.IMPACT)
    likelihood = scale_field(
        "Residual likelihood", scoring.LIKELIHOOD, "With the controls in place."
    )
    impact = scale_field("Residual impact", scoring.IMPACT)
    target_likelihood = scale_field(
        "Target likelihood", scoring.LIKELIHOOD, "Where the mitigating actions should bring it."
    )
    target_impact = scale_field("Target impact", scoring.IMPACT)
    actions = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Mitigating actions",
        help_text="Plan actions that reduce the risk.",
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
        labels = {"title": "Risk", "owner": "Risk owner"}
        help_texts = {
            "title": "A short name, for example “Loss of community confidence in Prevent”."
        }
        error_messages = {
            "title": {"required": "Enter the risk"},
            "category": {"required": "Select the category"},
            "cause": {"required": "Enter the cause"},
            "effect": {"required": "Enter the effect"},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        inherent = data.get("inherent_likelihood"), data.get("inherent_impact")
        residual = data.get("likelihood"), data.get("impact")
        target = data.get("target_likelihood"), data.get("target_impact")
        if all(inherent) and all(residual) and scoring.score(*residual) > scoring.score(*inherent):  # type: ignore[arg-type]
            self.add_error(
                "likelihood", "The residual score cannot be higher than the inherent score"
            )
        if all(target) and all(inherent) and scoring.score(*target) > scoring.score(*inherent):  # type: ignore[arg-type]
            self.add_error(
                "target_likelihood", "The target score cannot be higher than the inherent score"
            )
        return data


class RiskReviewForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = GovukDateField(
        label="Date of the review", error_messages={"required": "Enter the date of the review"}
    )
    likelihood = scale_field("Residual likelihood", scoring.LIKELIHOOD)
    impact = scale_field("Residual impact", scoring.IMPACT)
    next_review_on = GovukDateField(
        label="Next review date", error_messages={"required": "Enter the next review date"}
    )

    class Meta:
        model = RiskReview
        fields = ["reviewed_on", "likelihood", "impact", "note", "next_review_on"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"note": {"required": "Say what the review considered"}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reviewed, following = data.get("reviewed_on"), data.get("next_review_on")
        if reviewed and reviewed > today():
            self.add_error("reviewed_on", "The date of the review must be today or in the past")
        if reviewed and following and following <= reviewed:
            self.add_error("next_review_on", "The next review date must be after the review")
        return data


class BenefitForm(RegisterForm):
    has_actions = True
    baseline_on = GovukDateField(
        label="Baseline date", error_messages={"required": "Enter the date of the baseline"}
    )
    target_on = GovukDateField(
        label="Target date", error_messages={"required": "Enter the date the target is for"}
    )
    actions = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Actions that deliver it",
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
        labels = {"title": "Benefit", "owner": "Benefit owner"}
        error_messages = {
            "title": {"required": "Enter the benefit"},
            "description": {"required": "Describe the change it should bring"},
            "measure": {"required": "Enter how it is measured"},
            "baseline": {
                "required": "Enter the baseline",
                "invalid": "Enter the baseline as a number",
            },
            "target": {"required": "Enter the target", "invalid": "Enter the target as a number"},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("baseline_on")
            and data.get("target_on")
            and data["target_on"] <= data["baseline_on"]
        ):
            self.add_error("target_on", "The target date must be after the baseline date")
        if data.get("baseline") is not None and data.get("baseline") == data.get("target"):
            self.add_error("target", "The target must differ from the baseline")
        return data


class BenefitValueForm(GovukModelForm):
    measured_on = GovukDateField(
        label="Date measured", error_messages={"required": "Enter the date it was measured"}
    )

    class Meta:
        model = BenefitValue
        fields = ["measured_on", "value", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "value": {"required": "Enter the value", "invalid": "Enter the value as a number"}
        }

    def clean_measured_on(self) -> Any:
        value = self.cleaned_data["measured_on"]
        if value > today():
            raise forms.ValidationError("The date measured must be today or in the past")
        return value


class ImpactAssessmentForm(RegisterForm):
    completed_on = GovukDateField(
        label="Date completed", error_messages={"required": "Enter the date it was completed"}
    )
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label="Action plan it informed",
        empty_label="None",
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
        labels = {"owner": "Lead"}
        error_messages = {
            "kind": {"required": "Select the kind of assessment"},
            "title": {"required": "Enter the assessment’s title"},
            "outcome": {"required": "Select the outcome"},
            "summary": {"required": "Enter the findings"},
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
            self.add_error("plan", f"Choose one of {org.name}’s plans")
        if data.get("completed_on") and data["completed_on"] > today():
            self.add_error("completed_on", "The date completed must be today or in the past")
        return data


# -- boards and meetings -------------------------------------------------------------------------
def force_of(org: Organisation) -> Organisation:
    return org.force() or org


class BoardForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Run by",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who runs the board"},
    )

    class Meta:
        model = Board
        fields = ["organisation", "name", "kind", "partnership", "terms_of_reference", "is_active"]
        widgets = {
            "kind": forms.RadioSelect,
            "terms_of_reference": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"is_active": "The board still meets"}
        error_messages = {
            "name": {"required": "Enter the board’s name"},
            "kind": {"required": "Select the kind of board"},
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
                self.add_error("name", f"{org.name} already has a board with that name")
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
        labels = {"user": "Their account in this service"}
        help_texts = {"role": "For example Chair, BCU Prevent lead, local authority Prevent lead."}
        error_messages = {"name": {"required": "Enter the member’s name"}}

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        force = force_of(board.organisation)
        model_field(self, "member_organisation").queryset = Organisation.objects.under(
            force
        ).active()
        model_field(self, "user").queryset = people_under([force])


class MeetingForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = GovukDateField(label="Date", error_messages={"required": "Enter the date"})

    class Meta:
        model = Meeting
        fields = ["held_on", "location", "status", "attendees", "apologies", "minutes"]
        widgets = {
            "status": forms.RadioSelect(attrs={"inline": True}),
            "attendees": forms.CheckboxSelectMultiple,
            "apologies": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"attendees": "Present", "apologies": "Apologies"}

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
                "Someone cannot be both present and giving apologies: "
                + ", ".join(sorted(m.name for m in both)),
            )
        if (
            data.get("status") == MeetingStatus.HELD
            and data.get("held_on")
            and data["held_on"] > today()
        ):
            self.add_error("status", "A meeting in the future cannot have been held yet")
        return data


class AgendaItemForm(GovukModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "plan", "risk", "indicator", "report", "notes"]
        labels = {"report": "Report considered"}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": "Enter the item’s title"}}

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
        labels = {"item": "Agenda item"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Enter the decision"}}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "item").queryset = meeting.items.all()


class MeetingActionForm(GovukModelForm):
    due_on = GovukDateField(label="Due date", error_messages={"required": "Enter the due date"})

    class Meta:
        model = MeetingAction
        fields = ["item", "text", "owner", "due_on"]
        labels = {"item": "Agenda item"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {"required": "Enter the action"},
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "item").queryset = meeting.items.all()
        owner = model_field(self, "owner")
        owner.queryset = people_under([force_of(meeting.board.organisation)])
        owner.required = True
        owner.error_messages["required"] = "Select who owns the action"


class MeetingActionUpdateForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = MeetingAction
        fields = ["status", "update"]
        widgets = {
            "status": forms.RadioSelect(attrs={"inline": True}),
            "update": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
