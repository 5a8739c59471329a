"""The community confidence and powers accountability registers as specs. Their list, detail,
add, change, export and API pages come from ``preventplan.records``; what is here is what makes
each register itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from preventplan.lib import charts
from preventplan.lib.dates import add_months, format_date, today
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
from preventplan.records.spec import Column, RegisterSpec, closed_records
from preventplan.registers.forms import (
    POWER_SHORT_LABELS,
    ConsequencePlanForm,
    DipSampleForm,
    GrievanceForm,
    LearningForm,
    PowersReturnForm,
)
from preventplan.registers.models import (
    ETHNIC_GROUPS,
    RETURN_DUE_DAY,
    STANDARDS,
    ConsequencePlan,
    DipSample,
    Grievance,
    LearningEntry,
    Power,
    PowersReturn,
    due_on,
)

TABS = (
    ("registers:grievance-list", _("Grievances")),
    ("registers:learning-list", _("Learning and complaints")),
    ("registers:dip-sample-list", _("Dip samples")),
    ("registers:consequence-plan-list", _("Consequence management")),
    ("registers:powers-return-list", _("TACT powers")),
)
# The columns every register here ends with, after its own.
RECORD_COLUMNS = (ORGANISATION, OWNER, NEXT_REVIEW, STATUS, MARKING)
COMMON = dict(namespace="registers", tabs=TABS, overdue=review_overdue, api_tag="registers")


def _names(record: Any, field: str) -> list[str]:
    return [str(o) for o in getattr(record, field).all()]


def _informed(g: Grievance) -> str:
    names = _names(g, "partners_informed")
    if not names:
        return gettext("No partners informed yet")
    if g.partners_informed_on:
        return gettext("%(partners)s, on %(date)s") % {
            "partners": ", ".join(names),
            "date": format_date(g.partners_informed_on),
        }
    return ", ".join(names)


def _shared(record: Any) -> str:
    return ", ".join(_names(record, "shared_with")) or gettext("Not shared with partners")


def _tension_return(g: Grievance) -> str:
    ret = g.tension_return
    return str(ret) if ret is not None else gettext("Not reported in a tension return")


def _tension_link(g: Grievance) -> Any:
    ret = g.tension_return
    if ret is None:
        return _tension_return(g)
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
    noun=_("grievance"),
    plural=_("grievances"),
    counted=ngettext_lazy("%(count)s grievance", "%(count)s grievances", "count"),
    overdue_counted=ngettext_lazy(
        "%(count)s open grievance is overdue for review",
        "%(count)s open grievances are overdue for review",
        "count",
    ),
    title=_("Grievance register"),
    intro=_(
        "Community grievances raised with the police or partners (5.8): what each is about and "
        "where, how it is being addressed and by whom, and which partners were told. It never records "
        "who raised a grievance."
    ),
    columns=(
        REFERENCE,
        Column(_("Grievance"), "title", secondary="area"),
        Column(_("Category"), "get_category_display", sort="category", key="category"),
        Column(_("Area or ward"), "area", page=False),
        Column(_("How it was raised"), "get_source_type_display", page=False),
        Column(_("Raised"), "raised_on", sort="raised_on", key="raised"),
        Column(_("What it is about"), "summary", page=False),
        Column(_("How it is being addressed"), "response", page=False),
        Column(_("Partners informed"), _informed, page=False),
        Column(_("Tension return"), _tension_return, page=False),
        Column(_("Shared with"), _shared, page=False),
        *RECORD_COLUMNS,
    ),
    facts=(
        Column(_("Category"), "get_category_display"),
        Column(_("Area or ward"), "area"),
        "source_type",
        Column(_("Date raised"), "raised_on"),
        Column(_("What it is about"), "summary", text=True),
        Column(
            _("How it is being addressed"),
            lambda g: g.response or gettext("Not recorded"),
            text=True,
        ),
        Column(_("Partners informed"), _informed),
        Column(_("Tension return"), _tension_link),
        Column(_("Shared with"), _shared),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "area", "summary"),
    filters=("category", "source_type"),
    filter_labels={"category": _("Category")},
    default_sort="-raised",
    select_related=("tension_return__bcu",),
    prefetch=("partners_informed", "actions", "shared_with"),
    detail_template="registers/grievance_detail.html",
    detail_context=grievance_detail_context,
    api_names={"actions": "action_ids"},
    reads_recorded=True,  # a grievance can describe what happened to people (5.8)
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Grievance),
)


# -- learning and complaints ---------------------------------------------------------------------
def _disseminated(entry: LearningEntry) -> str:
    if entry.disseminated_on is None:
        return gettext("Not yet disseminated")
    return gettext("%(date)s to %(teams)s") % {
        "date": format_date(entry.disseminated_on),
        "teams": entry.disseminated_to,
    }


LEARNING = RegisterSpec(
    model=LearningEntry,
    form=LearningForm,
    name="learning",
    path="learning",
    noun=_("lesson"),
    plural=_("lessons"),
    counted=ngettext_lazy("%(count)s lesson", "%(count)s lessons", "count"),
    overdue_counted=ngettext_lazy(
        "%(count)s open lesson is overdue for review",
        "%(count)s open lessons are overdue for review",
        "count",
    ),
    title=_("Learning and complaints log"),
    intro=_(
        "What the force has learnt from partner and community feedback and from complaints "
        "about counter-terrorism enforcement (5.1), and the teams it was passed on to (7.2). It "
        "never records who gave the feedback or made the complaint."
    ),
    columns=(
        REFERENCE,
        Column(_("Lesson"), "title", secondary="get_theme_display"),
        Column(_("Source"), "get_source_display", sort="source", key="source"),
        Column(_("Theme"), "get_theme_display", page=False),
        Column(_("Power involved"), "get_power_display", page=False),
        Column(_("Received"), "received_on", sort="received_on", key="received"),
        Column(_("What was said"), "feedback", page=False),
        Column(_("What was learnt"), "learning", page=False),
        Column(_("Action taken"), "action", page=False),
        Column(
            _("Disseminated"),
            lambda e: e.disseminated_on or gettext("Not yet"),
            sort="disseminated_on",
            key="disseminated",
        ),
        Column(_("Disseminated to"), "disseminated_to", page=False),
        Column(_("Shared with"), _shared, page=False),
        *RECORD_COLUMNS,
    ),
    facts=(
        Column(_("Source"), "get_source_display"),
        Column(_("Theme"), "get_theme_display"),
        Column(_("Power involved"), lambda e: e.get_power_display() or gettext("None")),
        Column(_("Date received"), "received_on"),
        Column(_("What was said"), "feedback", text=True),
        Column(_("What was learnt"), "learning", text=True),
        Column(_("Action taken"), lambda e: e.action or "Not recorded", text=True),
        Column(_("Disseminated"), _disseminated),
        Column(_("Shared with"), _shared),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "feedback", "learning"),
    filters=("source", "theme", "power"),
    filter_labels={"source": _("Source"), "theme": _("Theme")},
    default_sort="-received",
    prefetch=("shared_with",),
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(LearningEntry),
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
    noun=_("dip sample"),
    plural=_("dip samples"),
    counted=ngettext_lazy("%(count)s dip sample", "%(count)s dip samples", "count"),
    overdue_counted=ngettext_lazy(
        "%(count)s open dip sample is overdue for follow-up",
        "%(count)s open dip samples are overdue for follow-up",
        "count",
    ),
    title=_("Dip samples of information reports"),
    intro=_(
        "Regular samples of counter-terrorism information reports checked against minimum "
        "standards, with the police authority taking part (6.4): how many reports met each "
        "standard, the failures found, the actions agreed and when they are followed up."
    ),
    columns=(
        REFERENCE,
        Column(_("Sample"), "title", secondary="get_report_type_display"),
        Column(_("Report type"), "get_report_type_display", page=False),
        Column(_("Date"), "sampled_on", sort="sampled_on", key="sampled"),
        Column(_("Reports read"), "sample_size", sort="sample_size", key="size", numeric=True),
        *(Column(label, name, numeric=True, page=False) for name, label in STANDARDS.items()),
        Column(_("Least-met standard"), _lowest, tag=_compliance_tag, export=False),
        Column(
            _("Failure categories"),
            lambda d: "; ".join(str(f) for f in d.failure_labels),
            page=False,
        ),
        Column(_("What was found"), "findings", page=False),
        Column(_("Actions agreed"), "actions_agreed", page=False),
        Column(_("Police authority"), lambda d: d.police_authority or "", page=False),
        ORGANISATION,
        OWNER,
        Column(
            _("Follow-up due"),
            "review_on",
            sort="review_on",
            key="review",
            secondary=NEXT_REVIEW.secondary,
        ),
        STATUS,
        MARKING,
    ),
    facts=(
        Column(_("Report type"), "get_report_type_display"),
        Column(_("Date of the sample"), "sampled_on"),
        Column(_("Reports read"), "sample_size"),
        Column(
            _("Failure categories"),
            lambda d: "; ".join(str(f) for f in d.failure_labels) or gettext("None found"),
        ),
        Column(_("What was found"), lambda d: d.findings or gettext("Not recorded"), text=True),
        Column(_("Actions agreed"), lambda d: d.actions_agreed or gettext("None"), text=True),
        Column(
            _("Police authority taking part"),
            lambda d: d.police_authority or gettext("The police authority did not take part"),
        ),
        Column(
            _("Who follows it up"), lambda r: r.owner.full_name if r.owner else gettext("Not set")
        ),
        Column(_("Follow-up due"), "review_on"),
        *COMMON_FACTS[2:],
    ),
    search=("reference", "title", "findings"),
    filters=("report_type",),
    filter_labels={"report_type": _("Report type")},
    default_sort="-sampled",
    select_related=("police_authority",),
    detail_template="registers/dip_sample_detail.html",
    overdue_verbs=(_("is overdue for follow-up"), _("are overdue for follow-up")),
    overdue_filter=_("Only those overdue for follow-up"),
    api_extra={
        "failure_categories": (list[str], "failure_list"),
        "lowest_compliance_percent": (int | None, "lowest_compliance"),
    },
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(DipSample),
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
    noun=_("consequence management plan"),
    plural=_("consequence management plans"),
    counted=ngettext_lazy(
        "%(count)s consequence management plan", "%(count)s consequence management plans", "count"
    ),
    overdue_counted=ngettext_lazy(
        "%(count)s open consequence management plan is overdue for review",
        "%(count)s open consequence management plans are overdue for review",
        "count",
    ),
    title=_("Consequence management plans"),
    intro=_(
        "Plans for the community consequences of a critical incident or an enforcement "
        "operation, drawn up with neighbourhood input (5.4), and a log of the information given to "
        "partners, key individual networks, independent advisory groups and communities during and "
        "after it (5.7)."
    ),
    columns=(
        REFERENCE,
        Column(_("Plan"), "title", secondary="subject"),
        Column(_("For"), "get_trigger_display", sort="trigger", key="trigger"),
        Column(_("Incident or operation"), "subject", page=False),
        Column(_("Area"), "area"),
        Column(_("Neighbourhood input"), "neighbourhood_input", page=False),
        Column(_("Planned messages"), "planned_messages", page=False),
        Column(_("Log entries"), lambda p: p.log.count(), numeric=True),
        *RECORD_COLUMNS,
    ),
    facts=(
        "trigger",
        Column(_("Incident or operation"), _incident_link),
        Column(_("Area"), "area"),
        Column(_("Neighbourhood input"), "neighbourhood_input", text=True),
        Column(_("Planned messages"), "planned_messages", text=True),
        Column(_("Who leads it"), lambda r: r.owner.full_name if r.owner else gettext("Not set")),
        *COMMON_FACTS[1:],
    ),
    search=("reference", "title", "operation_name", "area"),
    filters=("trigger",),
    select_related=("incident",),
    prefetch=("log",),
    detail_template="registers/consequence_plan_detail.html",
    detail_context=consequence_detail_context,
    reads_recorded=True,  # the plan and its log of information given after an incident
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(ConsequencePlan),
)

# -- TACT powers returns --------------------------------------------------------------------------
ETHNIC_GROUPS_LABELS = tuple(ETHNIC_GROUPS.items())
TREND_MONTHS = 12
POWER_COLOURS = {
    "sch7": "#1d70b8",
    "s33": "#00703c",
    "s43": "#d4351c",
    "s43a": "#f47738",
    "s47a": "#4c2c92",
}


def last_complete_month(on: date) -> date:
    return add_months(on.replace(day=1), -1)


def powers_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    """The trend of uses by power over the last twelve months (chart and table), and returns
    missing for last month once they are due."""
    last = last_complete_month(today())
    months = [add_months(last, -n) for n in range(TREND_MONTHS - 1, -1, -1)]
    totals: dict[tuple[str, date], int] = {}
    for power, month, uses in qs.filter(month__gte=months[0]).values_list("power", "month", "uses"):
        totals[(power, month)] = totals.get((power, month), 0) + uses
    used = [p for p in Power if any(k[0] == p for k in totals)]
    # A month with no return is None (a gap in the chart, "–" in the table), never 0.
    values = {p: [totals.get((p, m)) for m in months] for p in used}
    rows = [{"power": POWER_SHORT_LABELS[p], "values": values[p]} for p in used]
    chart = (
        charts.line_chart(
            [date_format(m, "M y") for m in months],
            [(str(POWER_SHORT_LABELS[p]), POWER_COLOURS[p], values[p]) for p in used],
            gettext("Times each power was used, by month (a gap where there is no return)"),
        )
        if rows
        else None
    )
    return {
        "trend_chart": chart,
        "trend_months": months,
        "trend_rows": rows,
        "missing": missing_returns(qs, last),
        "missing_month": last,
        "missing_due": due_on(last),
    }


def missing_returns(qs: Any, month: date) -> list[str]:
    """Organisation and power pairs that made a return in the six months before ``month`` but
    none for it, once it is due."""
    if today() <= due_on(month):
        return []
    earlier = set(
        qs.filter(month__lt=month, month__gte=add_months(month, -6)).values_list(
            "organisation__name", "power"
        )
    )
    made = set(qs.filter(month=month).values_list("organisation__name", "power"))
    return [f"{org}: {POWER_SHORT_LABELS[power]}" for org, power in sorted(earlier - made)]


def _month(r: PowersReturn) -> str:
    return date_format(r.month, "F Y")


# "Ethnicity: White", "Baseline: White (%)": export headers, in the page's language.
_ethnicity_label = lazy(lambda group: gettext("Ethnicity: %(group)s") % {"group": group}, str)
_baseline_label = lazy(lambda group: gettext("Baseline: %(group)s (%%)") % {"group": group}, str)


def _powers_intro_text() -> str:
    return gettext(
        "The monthly return of each Terrorism Act power's use (5.3) per force, or per BCU where "
        "the force returns by BCU: how often it was used, the outcomes, self-defined ethnicity "
        "against the stated population baseline, complaints, dip-sample findings and the impact "
        "on communities, for the force lead, the police authority and the CTU to review. Figures "
        "only: never a person. A month’s return is due on day %(day)s of the next month."
    ) % {"day": RETURN_DUE_DAY}


_powers_intro = lazy(_powers_intro_text, str)


def _returned(r: PowersReturn) -> Any:
    return r.returned_on


def _late_tag(r: PowersReturn) -> Any:
    if r.is_late:
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">{}</strong>',
            gettext("Late: due %(date)s") % {"date": format_date(r.due_on)},
        )
    return None


def _ratio(r: PowersReturn) -> str:
    ratio = r.highest_ratio
    return "—" if ratio is None else f"{ratio}×"


def powers_detail_context(request: HttpRequest, r: Any) -> dict[str, Any]:
    return {"ethnicity": r.ethnicity_rows()}


POWERS_RETURNS = RegisterSpec(
    model=PowersReturn,
    form=PowersReturnForm,
    name="powers-return",
    path="powers-returns",
    noun=_("powers return"),
    plural=_("powers returns"),
    counted=ngettext_lazy("%(count)s powers return", "%(count)s powers returns", "count"),
    overdue_counted=ngettext_lazy(
        "%(count)s open powers return is overdue for review",
        "%(count)s open powers returns are overdue for review",
        "count",
    ),
    title=_("TACT powers monitoring"),
    intro=_powers_intro(),
    columns=(
        REFERENCE,
        Column(_("Month"), _month, sort="month", key="month"),
        Column(
            _("Power"),
            lambda r: POWER_SHORT_LABELS[r.power],
            sort="power",
            key="power",
            sort_labels=POWER_SHORT_LABELS,
            export=False,
        ),
        Column(_("Power"), "get_power_display", page=False),
        ORGANISATION,
        Column(_("Times used"), "uses", sort="uses", key="uses", numeric=True),
        Column(_("Arrests"), "arrests", numeric=True),
        Column(_("Other further action"), "other_outcomes", numeric=True, page=False),
        Column(_("No further action"), "no_further_action", numeric=True, page=False),
        *(
            Column(_ethnicity_label(label), f"ethnicity_{g}", numeric=True, page=False)
            for g, label in ETHNIC_GROUPS_LABELS
        ),
        Column(_("Ethnicity not stated"), "ethnicity_not_stated", numeric=True, page=False),
        *(
            Column(_baseline_label(label), f"baseline_{g}", numeric=True, page=False)
            for g, label in ETHNIC_GROUPS_LABELS
        ),
        Column(_("Population baseline"), "baseline_source", page=False),
        Column(_("Highest ratio"), _ratio, export=False),
        Column(_("Highest disproportionality ratio"), "highest_ratio", numeric=True, page=False),
        Column(_("Complaints"), "complaints", numeric=True),
        Column(_("Quality findings"), "quality_findings", page=False),
        Column(_("Community impact"), "community_impact", page=False),
        Column(_("Returned"), _returned, secondary=_late_tag),
        Column(_("Late"), lambda r: gettext("Yes") if r.is_late else gettext("No"), page=False),
        OWNER,
        STATUS,
        MARKING,
    ),
    facts=(
        Column(_("Month"), _month),
        Column(_("Power"), "get_power_display"),
        Column(_("Returned"), _returned, secondary=_late_tag),
        Column(_("Times used"), "uses"),
        Column(
            _("Outcomes"),
            lambda r: (
                gettext(
                    "%(arrests)s arrests; %(other)s other further action; "
                    "%(none)s no further action"
                )
                % {
                    "arrests": r.arrests,
                    "other": r.other_outcomes,
                    "none": r.no_further_action,
                }
            ),
        ),
        Column(_("Ethnicity not stated"), "ethnicity_not_stated"),
        Column(_("Population baseline"), "baseline_source"),
        Column(_("Complaints"), "complaints"),
        Column(
            _("Quality findings from dip samples"),
            lambda r: r.quality_findings or gettext("None"),
            text=True,
        ),
        Column(_("Community impact"), "community_impact", text=True),
        Column(
            _("Who answers for it"), lambda r: r.owner.full_name if r.owner else gettext("Not set")
        ),
        Column(_("Review by"), "review_on"),
        *COMMON_FACTS[2:],
    ),
    search=("reference", "title", "community_impact"),
    filters=("power",),
    filter_labels={"power": _("Power")},
    default_sort="-month",
    default_status="all",  # a month's return stays in the trend after its review
    summary_template="registers/powers_trend.html",
    list_context=powers_list_context,
    detail_template="registers/powers_return_detail.html",
    detail_context=powers_detail_context,
    overdue_verbs=(_("is overdue for review"), _("are overdue for review")),
    api_extra={
        "highest_ratio": (float | None, "highest_ratio"),
        "late": (bool, "is_late"),
        "due_on": (date, "due_on"),
    },
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(PowersReturn),
)

REGISTERS = (GRIEVANCES, LEARNING, DIP_SAMPLES, CONSEQUENCE_PLANS, POWERS_RETURNS)
