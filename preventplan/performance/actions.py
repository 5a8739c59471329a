"""Writes to indicators, targets, values and NI35 assessments. Each is atomic and audited."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.concurrency import save_if_unchanged
from preventplan.lib.dates import period_label
from preventplan.organisations.models import Organisation, Partnership
from preventplan.performance.models import (
    AssessmentStatus,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Ni35Assessment,
    Ni35Framework,
    Ni35StrandScore,
)

if TYPE_CHECKING:
    from datetime import date

    from preventplan.accounts.models import User

INDICATOR_FIELDS = [
    "code",
    "name",
    "definition",
    "unit",
    "polarity",
    "frequency",
    "activities",
    "is_active",
]


class PerformanceRuleError(Exception):
    """A change the rules do not allow; the message is for the user."""


@transaction.atomic
def save_indicator(
    actor: User,
    indicator: Indicator,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Indicator:
    created = indicator.pk is None
    if created:
        indicator.save()
    else:
        save_if_unchanged(indicator, expected_version or 0, INDICATOR_FIELDS)
    record(
        actor,
        AuditAction.COLLECT if created else AuditAction.ALTER,
        "indicator.added" if created else "indicator.changed",
        indicator,
        request=request,
    )
    return indicator


@transaction.atomic
def record_value(
    actor: User,
    indicator: Indicator,
    organisation: Organisation,
    period: date,
    value: Decimal,
    note: str = "",
    *,
    replace: bool = False,
    request: HttpRequest | None = None,
) -> IndicatorValue:
    """Record a period's value. An existing value is replaced only when asked, and the value it
    replaced is kept in the audit event."""
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, organisation=organisation, period_start=period)
        .first()
    )
    label = period_label(period, indicator.frequency)
    if existing and not replace:
        raise PerformanceRuleError(
            _(
                "%(value)s is already recorded for %(period)s. "
                "Tick “Replace the value already recorded” to change it."
            )
            % {"value": indicator.format(existing.value), "period": label}
        )
    details: dict[str, Any] = {"period": period.isoformat(), "value": str(value)}
    if existing:
        details["replaced"] = str(existing.value)
        existing.value, existing.note = value, note
        existing.entered_by, existing.entered_at = actor, timezone.now()
        existing.save()
        row = existing
    else:
        row = IndicatorValue.objects.create(
            indicator=indicator,
            organisation=organisation,
            period_start=period,
            value=value,
            note=note,
            entered_by=actor,
        )
    record(
        actor,
        AuditAction.ALTER if existing else AuditAction.COLLECT,
        "indicator.value-recorded",
        row,
        details=details,
        request=request,
    )
    return row


@transaction.atomic
def set_target(
    actor: User,
    indicator: Indicator,
    organisation: Organisation,
    year_start: date,
    target: Decimal,
    tolerance: int,
    request: HttpRequest | None = None,
) -> IndicatorTarget:
    row, created = IndicatorTarget.objects.update_or_create(
        indicator=indicator,
        organisation=organisation,
        year_start=year_start,
        defaults={
            "target": target,
            "tolerance": tolerance,
            "set_by": actor,
            "set_at": timezone.now(),
        },
    )
    record(
        actor,
        AuditAction.COLLECT if created else AuditAction.ALTER,
        "indicator.target-set",
        row,
        details={
            "year_start": year_start.isoformat(),
            "target": str(target),
            "tolerance": tolerance,
        },
        request=request,
    )
    return row


# -- NI35 ----------------------------------------------------------------------------------------
@transaction.atomic
def start_assessment(
    actor: User,
    partnership: Partnership,
    year_ending: date,
    kind: str,
    assessed_on: date,
    request: HttpRequest | None = None,
) -> Ni35Assessment:
    framework = Ni35Framework.objects.filter(is_current=True).first()
    if framework is None:
        raise PerformanceRuleError(_("No NI35 framework is in use; ask the national administrator"))
    if (
        kind == "annual"
        and Ni35Assessment.objects.filter(
            partnership=partnership, year_ending=year_ending, kind="annual"
        ).exists()
    ):
        raise PerformanceRuleError(
            _("%(partnership)s already has an annual self-assessment for that year")
            % {"partnership": partnership.name}
        )
    assessment = Ni35Assessment.objects.create(
        partnership=partnership,
        framework=framework,
        year_ending=year_ending,
        kind=kind,
        assessed_on=assessed_on,
        created_by=actor,
    )
    for strand in framework.strands.all():
        Ni35StrandScore.objects.create(assessment=assessment, strand=strand)
    record(actor, AuditAction.COLLECT, "ni35.started", assessment, request=request)
    return assessment


@transaction.atomic
def save_strand(
    actor: User,
    score: Ni35StrandScore,
    expected_version: int,
    actions: list[Any],
    benefits: list[Any],
    request: HttpRequest | None = None,
) -> None:
    save_if_unchanged(score, expected_version, ["score", "evidence"])
    score.actions.set(actions)
    score.benefits.set(benefits)
    record(
        actor,
        AuditAction.ALTER,
        "ni35.strand-scored",
        score.assessment,
        details={"strand": score.strand.number, "score": score.score},
        request=request,
    )


@transaction.atomic
def submit_assessment(
    actor: User, assessment: Ni35Assessment, request: HttpRequest | None = None
) -> None:
    missing = [s.strand.number for s in assessment.scores.select_related("strand") if not s.score]
    if missing:
        raise PerformanceRuleError(
            _("Score every strand before submitting (not yet scored: %(strands)s)")
            % {"strands": ", ".join(str(n) for n in missing)}
        )
    updated = Ni35Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.DRAFT).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=actor
    )
    if not updated:
        raise PerformanceRuleError(_("This assessment has already been submitted"))
    assessment.refresh_from_db()
    record(
        actor,
        AuditAction.ALTER,
        "ni35.submitted",
        assessment,
        details={"overall": assessment.overall()},
        request=request,
    )
