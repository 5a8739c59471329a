"""How an organisation stands against each indicator: the latest value, this year's target and
the RAG between them. Used by the performance pages and the reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from preventplan.lib.dates import financial_year_start, period_label
from preventplan.lib.rag import LABELS, TAG_CLASSES, indicator_rag
from preventplan.organisations.models import Organisation
from preventplan.performance.models import Indicator, IndicatorTarget, IndicatorValue, Polarity


@dataclass
class Reading:
    """An indicator as an organisation stands against it: the latest value, this year's target
    and the RAG between them."""

    indicator: Indicator
    latest: IndicatorValue | None
    target: IndicatorTarget | None
    values: list[IndicatorValue]

    @property
    def rag(self) -> str | None:
        if self.latest is None or self.target is None:
            return None
        return indicator_rag(
            self.latest.value,
            self.target.target,
            self.indicator.polarity == Polarity.HIGHER,
            self.target.tolerance,
        )

    @property
    def rag_label(self) -> str:
        return LABELS[self.rag] if self.rag else "No target or value"

    @property
    def rag_tag(self) -> str:
        return TAG_CLASSES[self.rag] if self.rag else "govuk-tag--grey"

    @property
    def latest_label(self) -> str:
        return (
            period_label(self.latest.period_start, self.indicator.frequency) if self.latest else ""
        )


def readings(
    org: Organisation, day: date, indicators: list[Indicator] | None = None
) -> list[Reading]:
    """Every active indicator for ``org``: three queries whatever the number of values."""
    indicators = indicators or list(Indicator.objects.filter(is_active=True))
    values: dict[int, list[IndicatorValue]] = {}
    for v in IndicatorValue.objects.filter(
        organisation=org, indicator__in=indicators, period_start__lte=day
    ).order_by("period_start"):
        values.setdefault(v.indicator_id, []).append(v)
    targets = {
        t.indicator_id: t
        for t in IndicatorTarget.objects.filter(
            organisation=org, indicator__in=indicators, year_start=financial_year_start(day)
        )
    }
    return [
        Reading(
            indicator=i,
            latest=values[i.pk][-1] if values.get(i.pk) else None,
            target=targets.get(i.pk),
            values=values.get(i.pk, []),
        )
        for i in indicators
    ]
