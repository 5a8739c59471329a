"""The programme registers as specs: risks, benefits and equality/community impact assessments.
The list, detail, add, change, export and API pages come from ``preventplan.records``; what is
here is what makes each register itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from preventplan.lib import charts, scoring
from preventplan.lib.dates import format_date
from preventplan.plans.progress import annotate
from preventplan.programme.forms import BenefitForm, ImpactAssessmentForm, RiskForm
from preventplan.programme.models import Benefit, ImpactAssessment, Risk
from preventplan.records.models import RecordStatus
from preventplan.records.spec import Column, RegisterSpec, closed_records

TABS = (
    ("programme:risk-list", "Risk register"),
    ("programme:benefit-list", "Benefits register"),
    ("programme:assessment-list", "Equality and community impact assessments"),
    ("programme:board-list", "Boards and meetings"),
)


def review_overdue(on: date) -> Q:
    return Q(status=RecordStatus.OPEN, review_on__lt=on)


def _review_tag(record: Any) -> Any:
    if record.review_overdue:
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")
    if record.status == RecordStatus.CLOSED:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "Closed")
    return None


REFERENCE = Column(
    "Reference",
    "reference",
    sort="reference",
    secondary=lambda r: r.marking if r.marking != "OFFICIAL" else None,
)
ORGANISATION = Column(
    "Organisation", "organisation.name", sort="organisation__name", key="organisation"
)
OWNER = Column("Owner", "owner.full_name")
NEXT_REVIEW = Column(
    "Next review", "review_on", sort="review_on", key="review", secondary=_review_tag
)
STATUS = Column("Status", "get_status_display", page=False)
MARKING = Column("Marking", "marking", page=False)
COMMON_FACTS = (
    Column("Owner", lambda r: r.owner.full_name if r.owner else "Not set"),
    Column("Next review", "review_on"),
    Column("Status", "get_status_display"),
    Column("Marking", "marking"),
    Column("Last changed", "updated_at"),
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
        "heat_map": charts.heat_map(counts, "Open risks by residual likelihood and impact"),
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
        return f"{getattr(r, f'{kind}_score')} (likelihood {likelihood} × impact {impact})"

    return text


RISKS = RegisterSpec(
    model=Risk,
    form=RiskForm,
    name="risk",
    path="risks",
    noun="risk",
    plural="risks",
    title="Risk register",
    intro="Business risks to Prevent delivery and to community confidence (activity 0.7), "
    "scored on a 5 × 5 scale, with their controls, mitigating actions and reviews.",
    columns=(
        REFERENCE,
        Column("Risk", "title", secondary="get_category_display"),
        Column("Category", "get_category_display", page=False),
        Column("Cause", "cause", page=False),
        Column("Effect", "effect", page=False),
        Column("Inherent", "inherent_score", numeric=True),
        Column(
            "Residual",
            lambda r: f"{r.residual_score} {r.band.label}",
            sort="residual",
            key="score",
            tag=lambda r: r.band.tag,
            export=False,
        ),
        Column("Residual score", "residual_score", numeric=True, page=False),
        Column("Band", "band.label", page=False),
        Column("Target", "target_score", numeric=True),
        Column("Controls in place", "controls", page=False),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        "category",
        Column("Cause", "cause", text=True),
        Column("Effect", "effect", text=True),
        Column("Inherent score", _score("inherent")),
        Column("Controls in place", lambda r: r.controls or "None recorded", text=True),
        Column(
            "Residual score",
            lambda r: f"{r.residual_score} {r.band.label}",
            tag=lambda r: r.band.tag,
            secondary=lambda r: f"likelihood {r.likelihood} × impact {r.impact}",
        ),
        Column("Target score", _score("target")),
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
        [f"{d:%b %Y}" for d, _ in points],
        [
            ("Recorded", "#1d70b8", [v for _, v in points]),
            ("Target", "#00703c", [float(benefit.target)] * len(points)),
        ],
        f"{benefit.title}: values recorded against the target",
        maximum=max([v for _, v in points] + [float(benefit.target)]) * 1.1 or 1,
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
    return "No value recorded yet" if p is None else f"{p}% of the way from the baseline"


BENEFITS = RegisterSpec(
    model=Benefit,
    form=BenefitForm,
    name="benefit",
    path="benefits",
    noun="benefit",
    plural="benefits",
    title="Benefits register",
    intro="The outcomes the programme should bring (paragraph 16), how each is measured, and "
    "the values recorded over time.",
    columns=(
        REFERENCE,
        Column("Benefit", "title", secondary="measure"),
        Column("Measure", "measure", page=False),
        Column("Unit", "unit", page=False),
        Column("Baseline", "baseline", numeric=True),
        Column(
            "Latest",
            _latest,
            numeric=True,
            secondary=lambda b: b.latest_value.measured_on if b.latest_value else None,
        ),
        Column(
            "Target",
            "target",
            sort="target_on",
            key="target",
            numeric=True,
            secondary=lambda b: f"by {format_date(b.target_on)}",
        ),
        Column("Target date", "target_on", page=False),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        Column("The change it should bring", "description", text=True),
        Column("Measure", lambda b: f"{b.measure} ({b.unit})" if b.unit else b.measure),
        Column("Baseline", "baseline", secondary="baseline_on"),
        Column("Target", "target", secondary="target_on"),
        Column("Progress towards the target", _progress),
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
def _plan_link(assessment: ImpactAssessment) -> Any:
    if assessment.plan is None:
        return "Not linked"
    url = reverse("plans:plan-detail", args=[assessment.plan.pk])
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, assessment.plan)


ASSESSMENTS = RegisterSpec(
    model=ImpactAssessment,
    form=ImpactAssessmentForm,
    name="assessment",
    path="impact-assessments",
    noun="impact assessment",
    plural="impact assessments",
    title="Equality and community impact assessments",
    intro="Assessments carried out as part of action planning (activity 0.7), with the date "
    "completed and the outcome.",
    columns=(
        REFERENCE,
        Column("Assessment", "title", secondary="get_kind_display"),
        Column("Kind", "get_kind_display", page=False),
        Column("Completed", "completed_on", sort="completed_on", key="completed"),
        Column("Outcome", "get_outcome_display"),
        Column("Findings", "summary", page=False),
        ORGANISATION,
        OWNER,
        NEXT_REVIEW,
        STATUS,
        MARKING,
    ),
    facts=(
        "kind",
        Column("Action plan it informed", _plan_link),
        Column("Date completed", "completed_on"),
        "outcome",
        Column("Findings", "summary", text=True),
        Column("Lead", lambda r: r.owner.full_name if r.owner else "Not set"),
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
