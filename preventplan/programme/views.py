"""The programme registers. Every register works the same way: a filtered, sorted, paginated
list; a detail page; add and change forms with conflict detection. :class:`Register` says what
differs; the generic views below do the rest. Each register's history (risk reviews, benefit
measurements) has its own small view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.lib import charts, scoring
from preventplan.lib.concurrency import StaleEdit, save_or_conflict
from preventplan.lib.dates import today
from preventplan.lib.http import AuthedRequest, small_int
from preventplan.lib.listing import paginate, sorted_by
from preventplan.organisations.access import can_run, scope_for
from preventplan.organisations.access import organisations_run_by as register_organisations_for
from preventplan.organisations.models import Organisation
from preventplan.plans.progress import annotate
from preventplan.programme import actions
from preventplan.programme.access import get_record_for_user
from preventplan.programme.forms import (
    BenefitForm,
    BenefitValueForm,
    ImpactAssessmentForm,
    RiskForm,
    RiskReviewForm,
)
from preventplan.programme.models import (
    Benefit,
    ImpactAssessment,
    RecordStatus,
    RegisterRecord,
    Risk,
)

STATUS_FILTERS = {"open": "Open", "closed": "Closed", "all": "All"}


@dataclass(frozen=True)
class Register:
    model: type[RegisterRecord]
    form: type[Any]
    name: str  # the URL name prefix: "risk" → programme:risk-list
    noun: str
    title: str
    intro: str
    sorts: dict[str, str]
    default_sort: str
    search: tuple[str, ...] = ("reference", "title")
    prefetch: tuple[str, ...] = ()

    def url(self, view: str, *args: Any) -> str:
        return reverse(f"programme:{self.name}-{view}", args=list(args))


RISKS = Register(
    model=Risk,
    form=RiskForm,
    name="risk",
    noun="risk",
    title="Risk register",
    intro="Business risks to Prevent delivery and to community confidence (activity 0.7), "
    "scored on a 5 × 5 scale, with their controls, mitigating actions and reviews.",
    sorts={
        "reference": "reference",
        "organisation": "organisation__name",
        "score": "residual",
        "review": "review_on",
    },
    default_sort="-score",
    search=("reference", "title", "cause", "effect"),
)
BENEFITS = Register(
    model=Benefit,
    form=BenefitForm,
    name="benefit",
    noun="benefit",
    title="Benefits register",
    intro="The outcomes the programme should bring (paragraph 16), how each is measured, and "
    "the values recorded over time.",
    sorts={
        "reference": "reference",
        "organisation": "organisation__name",
        "target": "target_on",
        "review": "review_on",
    },
    default_sort="reference",
    search=("reference", "title", "measure"),
    prefetch=("values",),
)
ASSESSMENTS = Register(
    model=ImpactAssessment,
    form=ImpactAssessmentForm,
    name="assessment",
    noun="impact assessment",
    title="Equality and community impact assessments",
    intro="Assessments carried out as part of action planning (activity 0.7), with the date "
    "completed and the outcome.",
    sorts={
        "reference": "reference",
        "organisation": "organisation__name",
        "completed": "completed_on",
        "review": "review_on",
    },
    default_sort="-completed",
    search=("reference", "title", "summary"),
)


REGISTER_TABS = [
    ("programme:risk-list", RISKS.title),
    ("programme:benefit-list", BENEFITS.title),
    ("programme:assessment-list", ASSESSMENTS.title),
    ("programme:board-list", "Boards and meetings"),
]


def _filtered(request: AuthedRequest, register: Register) -> tuple[QuerySet[Any], dict[str, Any]]:
    qs = register.model.objects.visible_to(request.user)
    organisations = Organisation.objects.filter(pk__in=qs.values("organisation")).order_by("name")
    status = request.GET.get("status", "open")
    status = status if status in STATUS_FILTERS else "open"
    if status != "all":
        qs = qs.filter(status=status)
    org_id = small_int(request.GET.get("organisation"))
    if org_id is not None:
        qs = qs.filter(organisation_id=org_id)
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(owner=request.user)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        qs = qs.filter(status=RecordStatus.OPEN, review_on__lt=today())
    query = request.GET.get("q", "").strip()
    if query:
        q = Q()
        for name in register.search:
            q |= Q(**{f"{name}__icontains": query})
        qs = qs.filter(q)
    filters = {
        "status": status,
        "statuses": STATUS_FILTERS,
        "organisation": org_id,
        "organisations": organisations,
        "overdue": overdue,
        "mine": mine,
        "query": query,
    }
    return qs, filters


def register_list(request: AuthedRequest, register: Register, **extra: Any) -> HttpResponse:
    qs, filters = _filtered(request, register)
    qs = qs.select_related("organisation", "owner").prefetch_related(*register.prefetch)
    if register.model is Risk:
        qs = qs.annotate(residual=F("likelihood") * F("impact"))
    page = paginate(request, sorted_by(request, qs, register.sorts, register.default_sort))
    context = {
        "register": register,
        "register_tabs": REGISTER_TABS,
        "page": page,
        "can_add": bool(register_organisations_for(scope_for(request.user))),
        "overdue_count": qs.filter(status=RecordStatus.OPEN, review_on__lt=today()).count()
        if filters["status"] != "closed"
        else 0,
        **filters,
        **extra,
    }
    return render(request, f"programme/{register.name}_list.html", context)


def register_create(request: AuthedRequest, register: Register) -> HttpResponse:
    organisations = register_organisations_for(scope_for(request.user))
    if not organisations:
        raise PermissionDenied
    form = register.form(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        obj = actions.save_record(request.user, form.record(), form.many(), request=request)
        messages.success(request, f"{obj.reference} has been added to the register.")
        return redirect(register.url("detail", obj.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Add a {register.noun}",
            "caption": register.title,
            "form": form,
            "button": f"Add {register.noun}",
            "cancel_url": register.url("list"),
        },
    )


def register_edit(request: AuthedRequest, register: Register, pk: int) -> HttpResponse:
    obj = get_record_for_user(request, register.model, pk, manage=True)
    form = register.form(request.POST or None, instance=obj, organisations=[obj.organisation])
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_record(
                request.user, form.record(), form.many(), form.cleaned_data["version"], request
            ),
            lambda fresh: register.form(instance=fresh, organisations=[obj.organisation]),
        )
        if conflict is None:
            messages.success(request, f"{obj.reference} has been saved.")
            return redirect(register.url("detail", obj.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Change {obj.reference}",
            "caption": obj.title,
            "form": form,
            "button": "Save",
            "cancel_url": register.url("detail", obj.pk),
            "conflict": conflict,
        },
    )


def _detail_context(
    request: AuthedRequest, register: Register, obj: RegisterRecord
) -> dict[str, Any]:
    scope = scope_for(request.user)
    runs = can_run(scope, obj.organisation)
    return {
        "register": register,
        "record": obj,
        "can_manage": runs,
        "can_update": runs or obj.owner_id == request.user.pk,
    }


# -- risks --------------------------------------------------------------------------------------
@require_GET
def risk_list(request: AuthedRequest) -> HttpResponse:
    qs, _ = _filtered(request, RISKS)
    counts = {
        (row["likelihood"], row["impact"]): row["n"]
        for row in qs.filter(status=RecordStatus.OPEN)
        .values("likelihood", "impact")
        .annotate(n=Count("pk"))
    }
    return register_list(
        request,
        RISKS,
        heat_map=charts.heat_map(counts, "Open risks by residual likelihood and impact"),
        heat_rows=heat_rows(counts),
        bands=bands_table(counts),
    )


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


@require_http_methods(["GET", "POST"])
def risk_create(request: AuthedRequest) -> HttpResponse:
    return register_create(request, RISKS)


@require_http_methods(["GET", "POST"])
def risk_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return register_edit(request, RISKS, pk)


@require_GET
def risk_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    risk = get_record_for_user(request, Risk, pk)
    reviews = list(risk.reviews.select_related("by"))
    mitigating = annotate(
        risk.actions.visible_to(request.user).with_delivery().order_by("plan", "sort_key")
    )
    return render(
        request,
        "programme/risk_detail.html",
        {
            **_detail_context(request, RISKS, risk),
            "reviews": reviews,
            "mitigating": mitigating,
            "scale": scoring,
        },
    )


@require_http_methods(["GET", "POST"])
def risk_review(request: AuthedRequest, pk: int) -> HttpResponse:
    risk = get_record_for_user(request, Risk, pk, update=True)
    form = RiskReviewForm(
        request.POST or None,
        initial={
            "reviewed_on": today(),
            "likelihood": risk.likelihood,
            "impact": risk.impact,
            "version": risk.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_risk(
                request.user, risk, form.save(commit=False), form.cleaned_data["version"], request
            )
        except StaleEdit:
            messages.error(
                request,
                f"{risk.reference} was changed by someone else while you were reviewing it. "
                "Check its current score and record your review again.",
            )
            return redirect(RISKS.url("detail", risk.pk))
        messages.success(request, f"The review of {risk.reference} has been recorded.")
        return redirect(RISKS.url("detail", risk.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Review {risk.reference}",
            "caption": risk.title,
            "body": f"Current residual score {risk.residual_score} "
            f"({risk.band.label.lower()}); inherent {risk.inherent_score}; "
            f"target {risk.target_score}.",
            "form": form,
            "button": "Record review",
            "cancel_url": RISKS.url("detail", risk.pk),
        },
    )


# -- benefits -----------------------------------------------------------------------------------
@require_GET
def benefit_list(request: AuthedRequest) -> HttpResponse:
    return register_list(request, BENEFITS)


@require_http_methods(["GET", "POST"])
def benefit_create(request: AuthedRequest) -> HttpResponse:
    return register_create(request, BENEFITS)


@require_http_methods(["GET", "POST"])
def benefit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return register_edit(request, BENEFITS, pk)


@require_GET
def benefit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    benefit = get_record_for_user(request, Benefit, pk)
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
    return render(
        request,
        "programme/benefit_detail.html",
        {
            **_detail_context(request, BENEFITS, benefit),
            "values": list(reversed(values)),
            "chart": chart,
            "delivering": annotate(
                benefit.actions.visible_to(request.user)
                .with_delivery()
                .order_by("plan", "sort_key")
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def benefit_measure(request: AuthedRequest, pk: int) -> HttpResponse:
    benefit = get_record_for_user(request, Benefit, pk, update=True)
    form = BenefitValueForm(request.POST or None, initial={"measured_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_benefit_value(request.user, benefit, form.save(commit=False), request)
        except actions.RegisterRuleError as error:
            form.add_error("measured_on", str(error))
        else:
            messages.success(request, "The value has been recorded.")
            return redirect(BENEFITS.url("detail", benefit.pk))
    unit = f" ({benefit.unit})" if benefit.unit else ""
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Record a value for {benefit.reference}",
            "caption": benefit.title,
            "body": f"Measure: {benefit.measure}{unit}. Baseline {benefit.baseline}, "
            f"target {benefit.target}.",
            "form": form,
            "button": "Record value",
            "cancel_url": BENEFITS.url("detail", benefit.pk),
        },
    )


# -- impact assessments -------------------------------------------------------------------------
@require_GET
def assessment_list(request: AuthedRequest) -> HttpResponse:
    return register_list(request, ASSESSMENTS)


@require_http_methods(["GET", "POST"])
def assessment_create(request: AuthedRequest) -> HttpResponse:
    return register_create(request, ASSESSMENTS)


@require_http_methods(["GET", "POST"])
def assessment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return register_edit(request, ASSESSMENTS, pk)


@require_GET
def assessment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_record_for_user(request, ImpactAssessment, pk)
    return render(
        request,
        "programme/assessment_detail.html",
        _detail_context(request, ASSESSMENTS, assessment),
    )
