"""The programme registers as specs: risks, benefits and equality/community impact assessments.
The list, detail, add, change, export and API pages come from ``preventplan.records``; what is
here is what makes each register itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from preventplan.lib import charts, scoring
from preventplan.lib.dates import format_date
from preventplan.plans.progress import annotate
from preventplan.programme.forms import BenefitForm, ImpactAssessmentForm, RiskForm
from preventplan.programme.models import Benefit, ImpactAssessment, Risk
from preventplan.records.models import RecordStatus
from preventplan.records.spec import Column, RegisterSpec, closed_records

# The spec types its labels as ``str``: a lazy string stands in for one (it is rendered in the
# language of each page).
_ = cast(Callable[[str], str], gettext_lazy)

TABS = (
    ("programme:risk-list", _("Risk register")),
    ("programme:benefit-list", _("Benefits register")),
    ("programme:assessment-list", _("Equality and community impact assessments")),
    ("programme:board-list", _("Boards and meetings")),
)


def review_overdue(on: date) -> Q:
    return Q(status=RecordStatus.OPEN, review_on__lt=on)


def _review_tag(record: Any) -> Any:
    if record.review_overdue:
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">{}</strong>', gettext("Overdue")
        )
    if record.status == RecordStatus.CLOSED:
        return format_html(
            '<strong class="govuk-tag govuk-tag--grey">{}</strong>', gettext("Closed")
        )
    return None


REFERENCE = Column(
    _("Reference"),
    "reference",
    sort="reference",
    secondary=lambda r: r.marking if r.marking != "OFFICIAL" else None,
)
ORGANISATION = Column(
    _("Organisation"), "organisation.name", sort="organisation__name", key="organisation"
)
OWNER = Column(_("Owner"), "owner.full_name")
NEXT_REVIEW = Column(
    _("Next review"), "review_on", sort="review_on", key="review", secondary=_review_tag
)
STATUS = Column(_("Status"), "get_status_display", page=False)
MARKING = Column(_("Marking"), "marking", page=False)
COMMON_FACTS = (
    Column(_("Owner"), lambda r: r.owner.full_name if r.owner else gettext("Not set")),
    Column(_("Next review"), "review_on"),
    Column(_("Status"), "get_status_display"),
    Column(_("Marking"), "marking"),
    Column(_("Last changed"), "updated_at"),
)
COMMON = dict(namespace="programme", tabs=TABS, overdue=review_overdue, api_tag="programme")


def _linked(record: Any, request: HttpRequest) -> Any:
    return annotate(
        record.actions.visible_to(request.user).with_delivery().order_by("plan", "sort_key")
    )


# -- risks --------------------------------------------------------------------------------------
def risk_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    """The heat map of the open risks the filters keep, with the same figures as tables."""
    counts = {
        (row["likelihood"], row["impact"]): row["n"]
        for row in qs.filter(status=RecordStatus.OPEN)
        .order_by()
        .values("likelihood", "impact")
        .annotate(n=Count("pk"))
    }
    return {
        "heat_map": charts.heat_map(
            counts, gettext("Open risks by residual likelihood and impact")
        ),
        "heat_rows": heat_rows(counts),
        "bands": bands_table(counts),
    }


def heat_rows(counts: dict[tuple[int, int], int]) -> list[dict[str, Any]]:
    """The heat map as a table: one row per likelihood (highest first), one cell per impact."""
    return [
        {
            "likelihood": f"{lk} {scoring.LIKELIHOOD[lk]}",
            "cells": [counts.get((lk, im), 0) for im in scoring.SCALE],
        }
        for lk in reversed(scoring.SCALE)
    ]


def bands_table(counts: dict[tuple[int, int], int]) -> list[tuple[scoring.Band, int]]:
    totals: dict[str, int] = {}
    for (lk, im), n in counts.items():
        key = scoring.band(scoring.score(lk, im)).key
        totals[key] = totals.get(key, 0) + n
    return [(b, totals.get(b.key, 0)) for _, b in reversed(scoring.BANDS)]


def risk_detail_context(request: HttpRequest, risk: Any) -> dict[str, Any]:
    return {
        "reviews": list(risk.reviews.select_related("by")),
        "mitigating": _linked(risk, request),
    }


def _score(kind: str) -> Any:
    def text(r: Risk) -> str:
        prefix = "" if kind == "residual" else f"{kind}_"
        likelihood = getattr(r, f"{prefix}likelihood")
        impact = getattr(r, f"{prefix}impact")
        return gettext("%(score)s (likelihood %(likelihood)s × impact %(impact)s)") % {
            "score": getattr(r, f"{kind}_score"),
            "likelihood": likelihood,
            "impact": impact,
        }

    return text


RISKS = RegisterSpec(
    model=Risk,
    form=RiskForm,
    name="risk",
    path="risks",
    noun=_("risk"),
    plural=_("risks"),
    title=_("Risk register"),
    intro=_(
        "Business risks to Prevent delivery and to community confidence (activity 0.7), "
        "scored on a 5 × 5 scale, with their controls, mitigating actions and reviews."
    ),
    columns=(
        REFERENCE,
        Column(_("Risk"), "title", secondary="get_category_display"),
        Column(_("Category"), "get_category_display", page=False),
        Column(_("Cause"), "cause", page=False),
        Column(_("Effect"), "effect", page=False),
        Column(_("Inherent"), "inherent_score", numeric=True),
        Column(_("Inherent score"), _score("inherent"), page=False),
        Column(
            _("Residual"),
            lambda r: f"{r.residual_score} {r.band.label}",
            sort="residual",
            key="score",
            tag=lambda r: r.band.tag,
            export=False,
        ),
        Column(_("Residual score"), "residual_score", numeric=True, page=False),
        Column(_("Band"), "band.label", page=False),
        Column(_("Target"), "target_score", numeric=True),
        Column(_("Target score"), _score("target"), page=False),
        Column(_("Controls in place"), "controls", page=False),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        Column(_("Category"), "get_category_display"),
        Column(_("Cause"), "cause", text=True),
        Column(_("Effect"), "effect", text=True),
        Column(_("Inherent score"), _score("inherent")),
        Column(_("Controls in place"), lambda r: r.controls or gettext("None recorded"), text=True),
        Column(
            _("Residual score"),
            lambda r: f"{r.residual_score} {r.band.label}",
            tag=lambda r: r.band.tag,
            secondary=lambda r: (
                gettext("likelihood %(likelihood)s × impact %(impact)s")
                % {"likelihood": r.likelihood, "impact": r.impact}
            ),
        ),
        Column(_("Target score"), _score("target")),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "cause", "effect"),
    filters=("category",),
    default_sort="-score",
    annotate={"residual": F("likelihood") * F("impact")},
    summary_template="programme/risk_heat_map.html",
    detail_template="programme/risk_detail.html",
    list_context=risk_list_context,
    detail_context=risk_detail_context,
    prefetch=("actions",),
    api_extra={
        "inherent_score": (int, "inherent_score"),
        "residual_score": (int, "residual_score"),
        "band": (str, "band.label"),
        "target_score": (int, "target_score"),
    },
    api_names={"actions": "mitigating_action_ids"},
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Risk),
)


# -- benefits -----------------------------------------------------------------------------------
def benefit_detail_context(request: HttpRequest, benefit: Any) -> dict[str, Any]:
    values = sorted(benefit.values.select_related("by"), key=lambda v: v.measured_on)
    points = [(benefit.baseline_on, float(benefit.baseline))] + [
        (v.measured_on, float(v.value)) for v in values
    ]
    chart = charts.line_chart(
        [dateformat.format(d, "M Y") for d, _v in points],
        [
            (gettext("Recorded"), "#1d70b8", [v for _d, v in points]),
            (gettext("Target"), "#00703c", [float(benefit.target)] * len(points)),
        ],
        gettext("%(benefit)s: values recorded against the target") % {"benefit": benefit.title},
        maximum=max([v for _d, v in points] + [float(benefit.target)]) * 1.1 or 1,
    )
    return {
        "values": list(reversed(values)),
        "chart": chart,
        "delivering": _linked(benefit, request),
    }


def _latest(b: Benefit) -> Any:
    return b.latest_value.value if b.latest_value else None


def _progress(b: Benefit) -> str:
    p = b.progress_percent
    if p is None:
        return gettext("No value recorded yet")
    return gettext("%(percent)s%% of the way from the baseline") % {"percent": p}


BENEFITS = RegisterSpec(
    model=Benefit,
    form=BenefitForm,
    name="benefit",
    path="benefits",
    noun=_("benefit"),
    plural=_("benefits"),
    title=_("Benefits register"),
    intro=_(
        "The outcomes the programme should bring (paragraph 16), how each is measured, and "
        "the values recorded over time."
    ),
    columns=(
        REFERENCE,
        Column(_("Benefit"), "title", secondary="measure"),
        Column(_("Measure"), "measure", page=False),
        Column(_("Unit"), "unit", page=False),
        Column(_("Baseline"), "baseline", numeric=True),
        Column(
            _("Latest"),
            _latest,
            numeric=True,
            secondary=lambda b: b.latest_value.measured_on if b.latest_value else None,
        ),
        Column(
            _("Target"),
            "target",
            sort="target_on",
            key="target",
            numeric=True,
            secondary=lambda b: gettext("by %(date)s") % {"date": format_date(b.target_on)},
        ),
        Column(_("Target date"), "target_on", page=False),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        Column(_("The change it should bring"), "description", text=True),
        Column(_("Measure"), lambda b: f"{b.measure} ({b.unit})" if b.unit else b.measure),
        Column(_("Baseline"), "baseline", secondary="baseline_on"),
        Column(_("Target"), "target", secondary="target_on"),
        Column(_("Progress towards the target"), _progress),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "measure"),
    prefetch=("values", "actions"),
    detail_template="programme/benefit_detail.html",
    detail_context=benefit_detail_context,
    api_extra={"progress_percent": (int | None, "progress_percent")},
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Benefit),
)


# -- impact assessments -------------------------------------------------------------------------
def _plan_name(assessment: ImpactAssessment) -> str:
    return str(assessment.plan) if assessment.plan is not None else gettext("Not linked")


def _plan_link(assessment: ImpactAssessment) -> Any:
    if assessment.plan is None:
        return _plan_name(assessment)
    url = reverse("plans:plan-detail", args=[assessment.plan.pk])
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, assessment.plan)


ASSESSMENTS = RegisterSpec(
    model=ImpactAssessment,
    form=ImpactAssessmentForm,
    name="assessment",
    path="impact-assessments",
    noun=_("impact assessment"),
    plural=_("impact assessments"),
    title=_("Equality and community impact assessments"),
    intro=_(
        "Assessments carried out as part of action planning (activity 0.7), with the date "
        "completed and the outcome."
    ),
    columns=(
        REFERENCE,
        Column(_("Assessment"), "title", secondary="get_kind_display"),
        Column(_("Kind"), "get_kind_display", page=False),
        Column(_("Action plan it informed"), _plan_name, page=False),
        Column(_("Completed"), "completed_on", sort="completed_on", key="completed"),
        Column(_("Outcome"), "get_outcome_display"),
        Column(_("Findings"), "summary", page=False),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        Column(_("Kind"), "get_kind_display"),
        Column(_("Action plan it informed"), _plan_link),
        Column(_("Date completed"), "completed_on"),
        Column(_("Outcome"), "get_outcome_display"),
        Column(_("Findings"), "summary", text=True),
        Column(_("Lead"), lambda r: r.owner.full_name if r.owner else gettext("Not set")),
        *COMMON_FACTS[1:],
    ),
    search=("reference", "title", "summary"),
    filters=("kind", "outcome"),
    default_sort="-completed",
    select_related=("plan",),
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(ImpactAssessment),
)

REGISTERS = (RISKS, BENEFITS, ASSESSMENTS)
