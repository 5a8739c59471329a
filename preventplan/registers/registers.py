"""The community confidence and powers accountability registers as specs. Their list, detail,
add, change, export and API pages come from ``preventplan.records``; what is here is what makes
each register itself."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from preventplan.lib.dates import format_date
from preventplan.plans.progress import annotate
from preventplan.programme.registers import (
    COMMON_FACTS,
    MARKING,
    NEXT_REVIEW,
    ORGANISATION,
    OWNER,
    REFERENCE,
    STATUS,
    review_overdue,
)
from preventplan.records.spec import Column, RegisterSpec
from preventplan.registers.forms import (
    ConsequencePlanForm,
    DipSampleForm,
    GrievanceForm,
    LearningForm,
)
from preventplan.registers.models import (
    STANDARDS,
    ConsequencePlan,
    DipSample,
    Grievance,
    LearningEntry,
)

TABS = (("registers:grievance-list", "Grievances"),)
COMMON = dict(namespace="registers", tabs=TABS, overdue=review_overdue, api_tag="registers")


def _names(record: Any, field: str) -> list[str]:
    return [str(o) for o in getattr(record, field).all()]


def _informed(g: Grievance) -> str:
    names = _names(g, "partners_informed")
    if not names:
        return "No partners informed yet"
    when = f", on {format_date(g.partners_informed_on)}" if g.partners_informed_on else ""
    return ", ".join(names) + when


def _tension_link(g: Grievance) -> Any:
    ret = g.tension_return
    if ret is None:
        return "Not reported in a tension return"
    url = reverse("tension:bcu-week", args=[ret.bcu_id, ret.week_commencing.isoformat()])
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, ret)


def linked_actions(record: Any, request: HttpRequest) -> Any:
    """The plan actions linked to a record that the person may see, with their delivery."""
    return annotate(
        record.actions.visible_to(request.user).with_delivery().order_by("plan", "sort_key")
    )


def grievance_detail_context(request: HttpRequest, grievance: Any) -> dict[str, Any]:
    return {"linked": linked_actions(grievance, request)}


GRIEVANCES = RegisterSpec(
    model=Grievance,
    form=GrievanceForm,
    name="grievance",
    path="grievances",
    noun="grievance",
    plural="grievances",
    title="Grievance register",
    intro="Community grievances raised with the police or partners (5.8): what each is about and "
    "where, how it is being addressed and by whom, and which partners were told. It never records "
    "who raised a grievance.",
    columns=(
        REFERENCE,
        Column("Grievance", "title", secondary="area"),
        Column("Category", "get_category_display", sort="category", key="category"),
        Column("Area or ward", "area", page=False),
        Column("How it was raised", "get_source_type_display", page=False),
        Column("Raised", "raised_on", sort="raised_on", key="raised"),
        Column("What it is about", "summary", page=False),
        Column("How it is being addressed", "response", page=False),
        Column("Partners informed", _informed, page=False),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        "category",
        Column("Area or ward", "area"),
        "source_type",
        Column("Date raised", "raised_on"),
        Column("What it is about", "summary", text=True),
        Column("How it is being addressed", lambda g: g.response or "Not recorded", text=True),
        Column("Partners informed", _informed),
        Column("Tension return", _tension_link),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "area", "summary"),
    filters=("category", "source_type"),
    default_sort="-raised",
    select_related=("tension_return__bcu",),
    prefetch=("partners_informed", "actions"),
    detail_template="registers/grievance_detail.html",
    detail_context=grievance_detail_context,
    api_names={"actions": "action_ids"},
    **COMMON,  # type: ignore[arg-type]
)


# -- learning and complaints ---------------------------------------------------------------------
def _disseminated(entry: LearningEntry) -> str:
    if entry.disseminated_on is None:
        return "Not yet disseminated"
    return f"{format_date(entry.disseminated_on)} to {entry.disseminated_to}"


LEARNING = RegisterSpec(
    model=LearningEntry,
    form=LearningForm,
    name="learning",
    path="learning",
    noun="lesson",
    plural="lessons",
    title="Learning and complaints log",
    intro="What the force has learnt from partner and community feedback and from complaints "
    "about counter-terrorism enforcement (5.1), and the teams it was passed on to (7.2). It "
    "never records who gave the feedback or made the complaint.",
    columns=(
        REFERENCE,
        Column("Lesson", "title", secondary="get_theme_display"),
        Column("Source", "get_source_display", sort="source", key="source"),
        Column("Theme", "get_theme_display", page=False),
        Column("Power involved", "get_power_display", page=False),
        Column("Received", "received_on", sort="received_on", key="received"),
        Column("What was said", "feedback", page=False),
        Column("What was learnt", "learning", page=False),
        Column("Action taken", "action", page=False),
        Column(
            "Disseminated",
            lambda e: e.disseminated_on or "Not yet",
            sort="disseminated_on",
            key="disseminated",
        ),
        Column("Disseminated to", "disseminated_to", page=False),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        "source",
        "theme",
        Column("Power involved", lambda e: e.get_power_display() or "None"),
        Column("Date received", "received_on"),
        Column("What was said", "feedback", text=True),
        Column("What was learnt", "learning", text=True),
        Column("Action taken", lambda e: e.action or "Not recorded", text=True),
        Column("Disseminated", _disseminated),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "feedback", "learning"),
    filters=("source", "theme", "power"),
    default_sort="-received",
    **COMMON,  # type: ignore[arg-type]
)


# -- dip samples ---------------------------------------------------------------------------------
def _lowest(sample: DipSample) -> str:
    p = sample.lowest_compliance
    return "—" if p is None else f"{p}%"


def _compliance_tag(sample: DipSample) -> str:
    p = sample.lowest_compliance or 0
    return "govuk-tag--green" if p >= 90 else "govuk-tag--yellow" if p >= 70 else "govuk-tag--red"


DIP_SAMPLES = RegisterSpec(
    model=DipSample,
    form=DipSampleForm,
    name="dip-sample",
    path="dip-samples",
    noun="dip sample",
    plural="dip samples",
    title="Dip samples of information reports",
    intro="Regular samples of counter-terrorism information reports checked against minimum "
    "standards, with the police authority taking part (6.4): how many reports met each "
    "standard, the failures found, the actions agreed and when they are followed up.",
    columns=(
        REFERENCE,
        Column("Sample", "title", secondary="get_report_type_display"),
        Column("Report type", "get_report_type_display", page=False),
        Column("Date", "sampled_on", sort="sampled_on", key="sampled"),
        Column("Reports read", "sample_size", sort="sample_size", key="size", numeric=True),
        *(Column(label, name, numeric=True, page=False) for name, label in STANDARDS.items()),
        Column("Least-met standard", _lowest, tag=_compliance_tag, export=False),
        Column("Failure categories", lambda d: "; ".join(d.failure_labels), page=False),
        Column("What was found", "findings", page=False),
        Column("Actions agreed", "actions_agreed", page=False),
        Column("Police authority", lambda d: d.police_authority or "", page=False),
        ORGANISATION,
        OWNER,
        Column(
            "Follow-up due",
            "review_on",
            sort="review_on",
            key="review",
            secondary=NEXT_REVIEW.secondary,
        ),
        STATUS,
        MARKING,
    ),
    facts=(
        "report_type",
        Column("Date of the sample", "sampled_on"),
        Column("Reports read", "sample_size"),
        Column("Failure categories", lambda d: "; ".join(d.failure_labels) or "None found"),
        Column("What was found", lambda d: d.findings or "Not recorded", text=True),
        Column("Actions agreed", lambda d: d.actions_agreed or "None", text=True),
        Column(
            "Police authority taking part",
            lambda d: d.police_authority or "The police authority did not take part",
        ),
        Column("Who follows it up", lambda r: r.owner.full_name if r.owner else "Not set"),
        Column("Follow-up due", "review_on"),
        *COMMON_FACTS[2:],
    ),
    search=("reference", "title", "findings"),
    filters=("report_type",),
    default_sort="-sampled",
    select_related=("police_authority",),
    detail_template="registers/dip_sample_detail.html",
    overdue_verbs=("is overdue for follow-up", "are overdue for follow-up"),
    overdue_filter="Only those overdue for follow-up",
    api_extra={
        "failure_categories": (list[str], "failure_list"),
        "lowest_compliance_percent": (int | None, "lowest_compliance"),
    },
    **COMMON,  # type: ignore[arg-type]
)


# -- consequence management plans ----------------------------------------------------------------
def _incident_link(plan: ConsequencePlan) -> Any:
    if plan.incident is None:
        return plan.subject
    url = reverse("tension:incident-detail", args=[plan.incident_id])
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, plan.incident)


def consequence_detail_context(request: HttpRequest, plan: Any) -> dict[str, Any]:
    return {"log": list(plan.log.select_related("recorded_by"))}


CONSEQUENCE_PLANS = RegisterSpec(
    model=ConsequencePlan,
    form=ConsequencePlanForm,
    name="consequence-plan",
    path="consequence-plans",
    noun="consequence management plan",
    plural="consequence management plans",
    title="Consequence management plans",
    intro="Plans for the community consequences of a critical incident or an enforcement "
    "operation, drawn up with neighbourhood input (5.4), and a log of the information given to "
    "partners, key individual networks, independent advisory groups and communities during and "
    "after it (5.7).",
    columns=(
        REFERENCE,
        Column("Plan", "title", secondary="subject"),
        Column("For", "get_trigger_display", sort="trigger", key="trigger"),
        Column("Incident or operation", "subject", page=False),
        Column("Area", "area"),
        Column("Neighbourhood input", "neighbourhood_input", page=False),
        Column("Planned messages", "planned_messages", page=False),
        Column("Log entries", lambda p: p.log.count(), numeric=True),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        "trigger",
        Column("Incident or operation", _incident_link),
        Column("Area", "area"),
        Column("Neighbourhood input", "neighbourhood_input", text=True),
        Column("Planned messages", "planned_messages", text=True),
        Column("Who leads it", lambda r: r.owner.full_name if r.owner else "Not set"),
        *COMMON_FACTS[1:],
    ),
    search=("reference", "title", "operation_name", "area"),
    filters=("trigger",),
    select_related=("incident",),
    prefetch=("log",),
    detail_template="registers/consequence_plan_detail.html",
    detail_context=consequence_detail_context,
    **COMMON,  # type: ignore[arg-type]
)

REGISTERS = (GRIEVANCES, LEARNING, DIP_SAMPLES, CONSEQUENCE_PLANS)
