"""Indicator values worked out from the registers: PV-02 (front-line officers trained in Prevent
awareness, a percentage) from training coverage, and PV-03 (community engagement events held,
a count per month) from the engagement register. The organisation's lead records them as the
indicator's values, through the performance app's own domain function (which audits them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum

from preventplan.engagement.models import FRONT_LINE, Course, Engagement, Training
from preventplan.lib.dates import add_months, financial_year_start, period_label, period_start
from preventplan.organisations.models import Organisation
from preventplan.performance import actions as performance
from preventplan.performance.models import Indicator, IndicatorValue
from preventplan.records.models import RecordStatus

if TYPE_CHECKING:
    from preventplan.accounts.models import User

NOTE = "Worked out from the {} register"


@dataclass
class Figure:
    indicator: Indicator
    period: date
    value: Decimal
    recorded: Decimal | None  # the value already recorded for the period, if any

    @property
    def label(self) -> str:
        return period_label(self.period, self.indicator.frequency)


def front_line_coverage(org: Organisation) -> Decimal | None:
    """Front-line officers (neighbourhood and response) trained in Prevent awareness, as a
    percentage, over the organisation's open training records and those of the units under it."""
    totals = Training.objects.filter(
        organisation__path__startswith=org.path,
        status=RecordStatus.OPEN,
        course=Course.PREVENT_AWARENESS,
        team_kind__in=FRONT_LINE,
    ).aggregate(establishment=Sum("establishment"), trained=Sum("trained"))
    if not totals["establishment"]:
        return None
    return round(Decimal(100) * totals["trained"] / totals["establishment"], 1)


def engagements_by_month(org: Organisation, start: date, end: date) -> dict[date, int]:
    """Engagement events held by the organisation and the units under it, month by month."""
    counts: dict[date, int] = {}
    month = start
    while month <= end:
        counts[month] = 0
        month = add_months(month, 1)
    for held in Engagement.objects.filter(
        organisation__path__startswith=org.path, held_on__gte=start, held_on__lt=month
    ).values_list("held_on", flat=True):
        counts[held.replace(day=1)] += 1
    return counts


def figures(org: Organisation, day: date) -> list[Figure]:
    """What the registers say for PV-02 (this period) and PV-03 (each month of the financial
    year so far), where the organisation keeps those registers."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=["PV-02", "PV-03"])}
    found: list[tuple[Indicator, date, Decimal]] = []
    pv02, pv03 = indicators.get("PV-02"), indicators.get("PV-03")
    coverage = front_line_coverage(org)
    if pv02 is not None and coverage is not None:
        found.append((pv02, period_start(day, pv02.frequency), coverage))
    first = (
        Engagement.objects.filter(organisation__path__startswith=org.path)
        .order_by("held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if pv03 is not None and first is not None:
        # months before the register was kept are unknown, not zero
        start = max(financial_year_start(day), first.replace(day=1))
        months = engagements_by_month(org, start, day.replace(day=1))
        found += [(pv03, month, Decimal(n)) for month, n in months.items()]
    recorded = {
        (v.indicator_id, v.period_start): v.value
        for v in IndicatorValue.objects.filter(
            organisation=org, indicator__in=[i for i, _, _ in found]
        )
    }
    return [Figure(i, p, v, recorded.get((i.pk, p))) for i, p, v in found]


@transaction.atomic
def record_figures(
    actor: User, org: Organisation, day: date, *, replace: bool = False, request: object = None
) -> int:
    """Record the registers' figures as the indicators' values for the periods with none, and
    (``replace``) replace a different value already recorded. Returns how many were recorded."""
    changed = 0
    for f in figures(org, day):
        if f.recorded == f.value or (f.recorded is not None and not replace):
            continue
        register = "training" if f.indicator.code == "PV-02" else "engagement"
        performance.record_value(
            actor,
            f.indicator,
            org,
            f.period,
            f.value,
            NOTE.format(register),
            replace=True,
            request=request,  # type: ignore[arg-type]
        )
        changed += 1
    return changed
