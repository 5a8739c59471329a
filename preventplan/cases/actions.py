"""Writes to cases (adding and changing one goes through ``records.actions.save_record``), and the
record of each reading. Each write is atomic and records its own audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from preventplan.audit.consultations import record_consultation, record_listing
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.cases.models import Case, CaseReview, CaseStage
from preventplan.lib.concurrency import save_if_unchanged

if TYPE_CHECKING:
    from preventplan.accounts.models import User
    from preventplan.organisations.models import Organisation


@transaction.atomic
def record_stage(
    actor: User,
    case: Case,
    stage: str,
    on: date,
    outcome: str,
    expected_version: int,
    request: HttpRequest | None = None,
) -> CaseStage:
    """Move the case to ``stage`` from ``on``, keeping the history; a closed case takes its
    outcome and closing date (from which its retention is counted)."""
    previous = case.stage
    case.stage, case.stage_on = stage, on
    if outcome:
        case.outcome = outcome
    case.status = "closed" if case.is_closed else "open"
    case.closed_on = on if case.is_closed else None
    case.updated_at = timezone.now()
    fields = ["stage", "stage_on", "outcome", "status", "closed_on", "updated_at"]
    save_if_unchanged(case, expected_version, fields)
    entry = CaseStage.objects.create(case=case, stage=stage, on=on, recorded_by=actor)
    record(
        actor,
        AuditAction.ALTER,
        "case.stage-recorded",
        case,
        details={"from": previous, "to": stage, "on": on.isoformat(), "outcome": case.outcome},
        request=request,
    )
    return entry


@transaction.atomic
def record_review(
    actor: User,
    case: Case,
    reviewed_on: date,
    direction: str,
    next_review_on: date | None,
    expected_version: int,
    request: HttpRequest | None = None,
) -> CaseReview:
    """Record a review at the case's current stage; the case takes the next review date."""
    case.review_on = next_review_on
    case.updated_at = timezone.now()
    save_if_unchanged(case, expected_version, ["review_on", "updated_at"])
    review = CaseReview.objects.create(
        case=case, reviewed_on=reviewed_on, direction=direction, stage=case.stage, recorded_by=actor
    )
    record(
        actor,
        AuditAction.ALTER,
        "case.reviewed",
        case,
        details={
            "reviewed_on": reviewed_on.isoformat(),
            "direction": direction,
            "stage": case.stage,
            "next_review_on": next_review_on.isoformat() if next_review_on else None,
        },
        request=request,
    )
    return review


def consulted(
    actor: User, case: Case, reason: str, page: str, request: HttpRequest | None = None
) -> None:
    """One reading of a case, with the reason given for it (DPA 2018 s.62)."""
    record_consultation(actor, case, "case.consulted", request, page=page, justification=reason)


def listed(
    actor: User,
    cases: Iterable[Case],
    organisation: Organisation | None,
    filters: dict[str, str],
    request: HttpRequest | None = None,
) -> None:
    """A page of the case list was shown: the cases on it are recorded."""
    record_listing(
        actor,
        cases,
        "case.listed",
        request,
        organisation=organisation,
        details={"filters": filters},
    )
