from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.accounts.models import User
from preventplan.catalogue.models import Objective
from preventplan.lib.dates import today
from preventplan.lib.forms import GovukDateField, GovukForm, GovukModelForm, model_field
from preventplan.lib.privacy import check_file_name
from preventplan.organisations.models import Membership, Organisation, Partnership
from preventplan.plans.actions import validate_decision
from preventplan.plans.evidence import check_upload
from preventplan.plans.models import (
    Action,
    Decision,
    Milestone,
    Plan,
    ProgressUpdate,
    Rag,
    ThreatLevel,
)


class ActionChoiceField(forms.ModelMultipleChoiceField):
    """Plan actions to link a record to (risks, benefits, NI35 strands), named with their
    organisation so actions of several plans can be told apart."""

    def label_from_instance(self, obj: Action) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return (
            f"{obj.plan.organisation.short_name or obj.plan.organisation.name} {obj.number}: {text}"
        )


def people_for(plan: Plan) -> Any:
    """People who can own actions in this plan: anyone with a current role in the plan's
    organisation or below it, or in a member organisation of its partnership."""
    members = (
        plan.partnership.members.values_list("id", flat=True)  # type: ignore[union-attr]
        if plan.partnership_id
        else []
    )
    return Membership.objects.people([plan.organisation], also=members)


def partners_for(plan: Plan) -> Any:
    ids = set(
        Organisation.objects.under(plan.organisation.force() or plan.organisation).values_list(
            "id", flat=True
        )
    )
    if plan.partnership_id:
        ids |= set(plan.partnership.members.values_list("id", flat=True))  # type: ignore[union-attr]
    return (
        Organisation.objects.filter(id__in=ids, is_active=True)
        .exclude(pk=plan.organisation_id)
        .order_by("kind", "name")
    )


class ThreatLevelField(forms.ModelChoiceField):
    """The national threat levels, named in the reader's language."""

    def label_from_instance(self, obj: ThreatLevel) -> str:
        return obj.label


# Labels for model fields that have no verbose name of their own (adding one would be a migration).
PLAN_LABELS = {
    "threat_level": _("Threat level"),
    "partnership": _("Partnership"),
    "marking": _("Marking"),
}


class PlanCreateForm(GovukModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the force or BCU the plan is for")},
    )
    period_start = GovukDateField(
        label=_("Start of the planning period"),
        error_messages={"required": _("Enter the start of the planning period")},
    )
    period_end = GovukDateField(
        label=_("End of the planning period"),
        error_messages={"required": _("Enter the end of the planning period")},
    )

    class Meta:
        model = Plan
        fields = [
            "organisation",
            "period_start",
            "period_end",
            "threat_level",
            "vulnerability_summary",
            "receives_csr_funding",
            "partnership",
        ]
        widgets = {"threat_level": forms.RadioSelect}
        field_classes = {"threat_level": ThreatLevelField}
        labels = PLAN_LABELS
        error_messages = {"threat_level": {"required": _("Select the national threat level")}}

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "organisation").queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        model_field(self, "threat_level").queryset = ThreatLevel.objects.all()
        model_field(self, "threat_level").empty_label = None
        forces = {o.force() for o in organisations}
        model_field(self, "partnership").queryset = Partnership.objects.filter(
            force__in=[f for f in forces if f], is_active=True
        )
        model_field(self, "partnership").empty_label = gettext("No partnership")
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error(
                "period_end", gettext("The end of the planning period must be after its start")
            )
        org = data.get("organisation")
        if org and start and Plan.objects.filter(organisation=org, period_start=start).exists():
            self.add_error(
                "period_start",
                gettext("%(organisation)s already has a plan starting on this date")
                % {"organisation": org},
            )
        return data


class PlanContextForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    period_end = GovukDateField(label=_("End of the planning period"))

    class Meta:
        model = Plan
        fields = [
            "period_end",
            "threat_level",
            "vulnerability_summary",
            "receives_csr_funding",
            "partnership",
            "marking",
        ]
        widgets = {"threat_level": forms.RadioSelect, "marking": forms.RadioSelect}
        field_classes = {"threat_level": ThreatLevelField}
        labels = PLAN_LABELS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "threat_level").empty_label = None
        force = self.instance.organisation.force()
        model_field(self, "partnership").queryset = Partnership.objects.filter(
            force=force, is_active=True
        )
        model_field(self, "partnership").empty_label = gettext("No partnership")
        self.fields["version"].initial = self.instance.version

    def clean_period_end(self) -> date:
        end: date = self.cleaned_data["period_end"]
        if end <= self.instance.period_start:
            raise forms.ValidationError(
                gettext("The end of the planning period must be after its start")
            )
        return end


class ActionForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Action
        fields = [
            "decision",
            "local_text",
            "not_applicable_reason",
            "owner",
            "delivery_partners",
            "other_objectives",
            "evaluation",
        ]
        widgets = {
            "decision": forms.RadioSelect,
            "delivery_partners": forms.CheckboxSelectMultiple,
            "other_objectives": forms.CheckboxSelectMultiple,
            "local_text": forms.Textarea(attrs={"rows": 4}),
            "not_applicable_reason": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "decision": _("Decision"),
            "owner": _("Owner"),
            "delivery_partners": _("Delivery partners"),
            "other_objectives": _("Other objectives"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action: Action = self.instance
        plan = action.plan
        choices = (
            [(Decision.LOCAL.value, Decision.LOCAL.label)]
            if action.is_local
            else [
                (d.value, d.label)
                for d in (Decision.ADOPT, Decision.ADAPT, Decision.NOT_APPLICABLE)
            ]
        )
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]
        model_field(self, "owner").queryset = people_for(plan)
        model_field(self, "owner").empty_label = gettext("No owner yet")
        model_field(self, "delivery_partners").queryset = partners_for(plan)
        model_field(self, "other_objectives").queryset = Objective.objects.filter(
            version=plan.template_version
        ).exclude(pk=action.objective_id)
        self.fields["version"].initial = action.version
        if action.is_local:
            self.fields["local_text"].label = _("What will be done")
            self.fields["local_text"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        errors = validate_decision(
            data.get("decision", ""),
            data.get("local_text", ""),
            data.get("not_applicable_reason", ""),
            self.instance.is_local,
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return data


class LocalActionForm(GovukForm):
    objective = forms.ModelChoiceField(
        queryset=Objective.objects.none(),
        label=_("Objective"),
        error_messages={"required": _("Select the objective the action contributes to most")},
    )
    text = forms.CharField(
        label=_("What will be done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Enter what will be done")},
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Owner"), required=False)
    evaluation = forms.CharField(
        label=_("How success will be evaluated"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "objective").queryset = Objective.objects.filter(
            version=plan.template_version
        )
        model_field(self, "owner").queryset = people_for(plan)
        model_field(self, "owner").empty_label = gettext("No owner yet")


class MilestoneForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    due_date = GovukDateField(
        label=_("Due date"), error_messages={"required": _("Enter the due date")}
    )

    class Meta:
        model = Milestone
        fields = ["title", "due_date", "status"]
        widgets = {"status": forms.RadioSelect}
        labels = {"title": _("Milestone"), "status": _("Status")}
        error_messages = {"title": {"required": _("Enter what the milestone is")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ProgressForm(GovukModelForm):
    reported_on = GovukDateField(
        label=_("Date of the update"),
        error_messages={"required": _("Enter the date of the update")},
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        error_messages={"empty": _("The selected file is empty")},
        help_text=_(
            "Optional. PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG, up to 10 MB."
        ),
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        help_text=_("Optional. A link to a document held elsewhere, starting https://"),
        assume_scheme="https",
        error_messages={"invalid": _("Enter a full web address, starting https://")},
    )
    evidence_title = forms.CharField(
        label=_("What the evidence is"),
        required=False,
        max_length=200,
        help_text=_("For example, “Minutes of the Prevent forum, 12 May 2026”."),
    )
    evidence_confirmed = forms.BooleanField(
        label=_("I have checked the file: it does not identify any member of the public"),
        required=False,
        help_text=_(
            "Required when you upload a file. No names, dates of birth, addresses, "
            "photographs or case details of anyone who is not staff."
        ),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["reported_on", "rag", "narrative"]
        widgets = {"rag": forms.RadioSelect, "narrative": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "rag": {"required": _("Select the RAG status")},
            "narrative": {"required": _("Describe the progress made")},
        }

    def clean_reported_on(self) -> date:
        value: date = self.cleaned_data["reported_on"]
        if value > today():
            raise forms.ValidationError(
                gettext("The date of the update must be today or in the past")
            )
        return value

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            self.evidence_content_type = check_upload(upload)
            problem = check_file_name(upload.name or "")
            if problem:  # the name is kept and shown with the file
                raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("evidence_file") or data.get("evidence_url")) and not data.get(
            "evidence_title"
        ):
            self.add_error("evidence_title", gettext("Say what the evidence is"))
        if self.files.get("evidence_file") and not data.get("evidence_confirmed"):
            self.add_error(
                "evidence_confirmed",
                gettext("Confirm that the file does not identify any member of the public"),
            )
        if data.get("evidence_url") and not str(data["evidence_url"]).startswith("https://"):
            self.add_error("evidence_url", _("Enter a full web address, starting https://"))
        return data


class RagOverrideForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rag = forms.ChoiceField(
        label=_("RAG status"),
        widget=forms.RadioSelect,
        required=False,
        choices=[("", _("Work it out from the milestones and updates")), *Rag.choices],
    )
    reason = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rag") and not data.get("reason", "").strip():
            self.add_error("reason", gettext("Give the reason for setting the RAG status by hand"))
        return data


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Say what needs to change")},
    )


class NoteForm(GovukForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ImportForm(GovukForm):
    file = forms.FileField(
        label=_("Workbook or CSV file"),
        help_text=_(
            "An .xlsx or .csv file, up to 5 MB: the checklist exported from this plan, or your own workbook with columns such as No., Owner, Milestones and RAG."
        ),
        error_messages={"required": _("Choose a file to import")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file must be smaller than %(size)s MB")
                % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                gettext("The file must be an Excel workbook (.xlsx) or a CSV file")
            )
        problem = check_file_name(upload.name or "", gettext("rename the file and upload it again"))
        if problem:
            raise forms.ValidationError(problem)
        return upload


class ShareForm(GovukForm):
    partnerships = forms.ModelMultipleChoiceField(
        queryset=Partnership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Share the plan with"),
    )


BULK_OPERATIONS = [
    ("adopt", _("Adopt them")),
    ("not-applicable", _("Set them aside as not applicable")),
    ("owner", _("Set their owner")),
    ("partners", _("Set their delivery partners")),
]


class BulkActionForm(GovukForm):
    """One change for every action chosen on the plan page (checkboxes named ``chosen``, each
    "action id:version read")."""

    operation = forms.ChoiceField(
        label=_("What to do with the chosen actions"),
        choices=BULK_OPERATIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what to do with the chosen actions")},
    )
    reason = forms.CharField(
        label=_("Why they are not applicable"),
        help_text=_(
            "For setting aside: the proportionality reason, given once for every chosen action."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Owner"),
        required=False,
        empty_label=_("Choose an owner"),
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Delivery partners"),
        help_text=_("Replaces the chosen actions’ delivery partners."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        model_field(self, "owner").queryset = people_for(plan)
        model_field(self, "partners").queryset = partners_for(plan)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: list[tuple[Action, int]] = []
        by_pk = {a.pk: a for a in self.plan.actions.all()}
        for value in self.data.getlist("chosen") if hasattr(self.data, "getlist") else []:
            pk, _sep, version = str(value).partition(":")
            action = by_pk.get(int(pk)) if pk.isdigit() else None
            if action is None or not version.isdigit():
                raise forms.ValidationError(gettext("The chosen actions are not all in this plan"))
            chosen.append((action, int(version)))
        if not chosen:
            raise forms.ValidationError(gettext("Choose at least one action"))
        data["chosen"] = chosen
        operation = data.get("operation")
        if operation in {"adopt", "not-applicable"}:
            local = [a.number for a, _version in chosen if a.is_local]
            if local:
                self.add_error(
                    "operation",
                    gettext(
                        "Local actions are not from the template and cannot be adopted or set "
                        "aside: untick %(numbers)s"
                    )
                    % {"numbers": ", ".join(local)},
                )
        if operation == "not-applicable" and not data.get("reason", "").strip():
            self.add_error(
                "reason", gettext("Give the proportionality reason for not applying them")
            )
        if operation == "owner" and not data.get("owner"):
            self.add_error("owner", gettext("Choose the owner"))
        return data


class TemplateAnswerForm(GovukForm):
    """Confirming an answer to a newer template's change; an activity joining an approved plan
    is given its owner here."""

    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Who will own it"),
        help_text=_("The plan is approved, so the new action needs an owner from the start."),
        error_messages={"required": _("Choose who will own the new action")},
    )

    def __init__(self, *args: Any, plan: Plan, asks_for_owner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if asks_for_owner:
            model_field(self, "owner").queryset = people_for(plan)
            model_field(self, "owner").empty_label = _("Choose an owner")
        else:
            del self.fields["owner"]
