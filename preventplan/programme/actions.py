"""Writes to the programme registers beyond adding and changing records (which is
``records.actions.save_record``): reviews, measurements, boards and meetings. Each is atomic and
records its own audit event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.concurrency import save_if_unchanged
from preventplan.programme.models import Benefit, BenefitValue, Risk, RiskReview
from preventplan.records.actions import RegisterRuleError

if TYPE_CHECKING:
    from preventplan.accounts.models import User


@transaction.atomic
def review_risk(
    actor: User,
    risk: Risk,
    review: RiskReview,
    expected_version: int,
    request: HttpRequest | None = None,
) -> RiskReview:
    """Record a review: the risk takes the review's residual score and next review date."""
    risk.likelihood, risk.impact = review.likelihood, review.impact
    risk.review_on = review.next_review_on
    risk.updated_at = timezone.now()
    save_if_unchanged(risk, expected_version, ["likelihood", "impact", "review_on", "updated_at"])
    review.risk, review.by = risk, actor
    review.save()
    record(
        actor,
        AuditAction.ALTER,
        "risk.reviewed",
        risk,
        details={
            "reviewed_on": review.reviewed_on.isoformat(),
            "score": review.score,
            "next_review_on": review.next_review_on.isoformat(),
        },
        request=request,
    )
    return review


@transaction.atomic
def add_benefit_value(
    actor: User, benefit: Benefit, value: BenefitValue, request: HttpRequest | None = None
) -> BenefitValue:
    if BenefitValue.objects.filter(benefit=benefit, measured_on=value.measured_on).exists():
        raise RegisterRuleError(_("A value has already been recorded for that date"))
    value.benefit, value.by = benefit, actor
    value.save()
    record(
        actor,
        AuditAction.COLLECT,
        "benefit.measured",
        benefit,
        details={"measured_on": value.measured_on.isoformat(), "value": str(value.value)},
        request=request,
    )
    return value


# -- boards and meetings -------------------------------------------------------------------------
@transaction.atomic
def save_board_record(
    actor: User,
    obj: Any,
    event: str,
    *,
    fields: list[str] | None = None,
    expected_version: int | None = None,
    many: dict[str, list[Any]] | None = None,
    request: HttpRequest | None = None,
) -> Any:
    """Add or change a board, member, meeting, agenda item, decision or meeting action, with
    its audit event. Records with a version are checked against a stale edit."""
    created = obj.pk is None
    if created or fields is None:
        obj.save()
    else:
        save_if_unchanged(obj, expected_version or 0, fields)
    for name, values in (many or {}).items():
        getattr(obj, name).set(values)
    record(
        actor,
        AuditAction.COLLECT if created else AuditAction.ALTER,
        event,
        obj,
        request=request,
    )
    return obj
