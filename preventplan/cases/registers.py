"""The case-review register (activities 3.1–3.3) as a spec on the register pattern, with the two
hooks that make it need-to-know: every opening of a case asks why, for that case, once every
:data:`REASON_MINUTES`, and records the reading with the reason; every list page records the
references it showed (DPA 2018 s.62)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from preventplan.cases import actions
from preventplan.cases.forms import CaseForm, ConsultReasonForm
from preventplan.cases.models import Case, Stage
from preventplan.organisations.models import Role
from preventplan.records.models import RecordStatus
from preventplan.records.spec import Column, RegisterSpec, Retention

REASON_MINUTES = 30
SESSION_KEY = "case_reasons"

TABS = (
    ("cases:case-list", "Cases"),
    ("cases:review-queue", "Reviews due"),
)


def review_overdue(on: date) -> Q:
    return Q(status=RecordStatus.OPEN, review_on__lt=on)


def _review_tag(case: Any) -> Any:
    if case.review_overdue:
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")
    return None


# -- why is this case being opened ---------------------------------------------------------------
def given_reason(request: HttpRequest, case: Case) -> str | None:
    """The reason given for opening this case in this session, while still fresh."""
    entry = request.session.get(SESSION_KEY, {}).get(str(case.pk))
    if entry and time.time() - entry[1] < REASON_MINUTES * 60:
        return str(entry[0])
    return None


def remember_reason(request: HttpRequest, case: Case, reason: str) -> None:
    now = time.time()
    reasons = {
        pk: entry
        for pk, entry in request.session.get(SESSION_KEY, {}).items()
        if now - entry[1] < REASON_MINUTES * 60
    }
    reasons[str(case.pk)] = [reason, now]
    request.session[SESSION_KEY] = reasons


def ask_reason(
    request: HttpRequest, case: Case, form: ConsultReasonForm, page: str
) -> HttpResponse:
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": "Why are you opening this case?",
            "caption": case.title,
            "body": "Every opening of a case is recorded with its reason. You will not be asked "
            f"again for this case for {REASON_MINUTES} minutes.",
            "form": form,
            "button": "Open the case",
            "cancel_url": reverse("cases:case-list"),
            "action": reverse("cases:case-reason", args=[case.pk]),
            "next": page,
        },
    )


def consult(request: HttpRequest, case: Case, page: str) -> HttpResponse | None:
    """Before a case is shown: ask why, or record this reading with the reason given."""
    reason = given_reason(request, case)
    if reason is None:
        return ask_reason(request, case, ConsultReasonForm(), page)
    if request.method == "GET":
        actions.consulted(request.user, case, reason, page, request)  # type: ignore[arg-type]
    return None


def shown(request: HttpRequest, cases: list[Any]) -> None:
    actions.listed(
        request.user,  # type: ignore[arg-type]
        cases,
        cases[0].bcu if cases else None,
        request.GET.dict(),
        request,
    )


def detail_context(request: HttpRequest, case: Any) -> dict[str, Any]:
    return {
        "stages": case.stages.select_related("recorded_by"),
        "reviews": case.reviews.select_related("recorded_by"),
        "tabs": TABS,
    }


def _interventions(case: Any) -> str:
    return "; ".join(i.name for i in case.interventions.all()) or "None yet"


def _closed(stage: Stage, label: str, months: int, years: str) -> Retention:
    return Retention(
        f"cases.case.{stage.value.removeprefix('closed-')}",
        f"Closed cases: {label}",
        months=months,
        when=Q(stage=stage, closed_on__isnull=False),
        clock="closed_on",
        basis=f"Review {years} after the case closed.",
        reviewer=Role.BCU_LEAD,  # the BCU's lead holds its cases: nobody else sees a reference
    )


# By how they closed (docs/case-reviews.md): three years for no further action and referrals
# elsewhere (as the 2023 Independent Review of Prevent recommended for no-further-action data,
# rather than six), six when support was completed.
CASE_RETENTION = (
    _closed(Stage.CLOSED_NFA, "no further action", 36, "three years"),
    _closed(Stage.CLOSED_REFERRED, "referred elsewhere", 36, "three years"),
    _closed(Stage.CLOSED_COMPLETED, "support completed", 72, "six years"),
)


CASES = RegisterSpec(
    model=Case,
    form=CaseForm,
    namespace="cases",
    name="case",
    path="cases",
    noun="case",
    plural="cases",
    title="Case reviews",
    intro="Pseudonymous case references, their stages, interventions and reviews (activities "
    "3.1–3.3). A case holds no name, date of birth, address or description of the person: the "
    "case itself stays in the owning agency's own system. Opening a case asks why.",
    columns=(
        Column("Reference", "reference", sort="reference"),
        Column("BCU", "bcu.name", sort="bcu__name", key="bcu"),
        Column("Owning agency", "agency.name", sort="agency__name", key="agency"),
        "referral_source",
        Column("Referral received", "referred_on", sort="referred_on", key="referred"),
        Column("Stage", "get_stage_display", sort="stage", key="stage"),
        Column("Stage since", "stage_on", sort="stage_on", key="since"),
        Column("Interventions", _interventions, page=False),
        Column(
            "Next review due", "review_on", sort="review_on", key="review", secondary=_review_tag
        ),
        Column("Outcome", "get_outcome_display", page=False),
        Column("Closed", "closed_on", page=False),
        Column("Marking", "marking", page=False),
    ),
    facts=(
        Column("Stage", "get_stage_display"),
        Column("Stage since", "stage_on"),
        Column("BCU", "bcu.name"),
        Column("Owning agency", "agency.name"),
        Column("Case officer", lambda c: c.officer.full_name if c.officer else "Not named"),
        "referral_source",
        Column("Referral received", "referred_on"),
        Column("Interventions", _interventions),
        Column("Next review due", lambda c: c.review_on or "None (closed)"),
        Column("Outcome", lambda c: c.get_outcome_display() or "Not yet known"),
    ),
    search=("reference",),
    filters=("stage", "referral_source"),
    default_sort="review",
    overdue=review_overdue,
    select_related=("agency",),
    prefetch=("interventions",),
    tabs=TABS,
    detail_template="cases/case_detail.html",
    detail_context=detail_context,
    consult=consult,
    shown=shown,
    retention=CASE_RETENTION,
    api=False,  # an API read would skip the reason asked before a case is opened
)
