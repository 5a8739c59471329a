"""How an organisation stands against each indicator: the latest value, this year's target and
the RAG between them. Used by the performance pages and the reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from preventplan.lib.dates import add_months, financial_year_start, period_label, period_start
from preventplan.lib.rag import LABELS, TAG_CLASSES, indicator_rag
from preventplan.organisations.models import Organisation
from preventplan.performance.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Ni35Assessment,
    Ni35StrandScore,
    Polarity,
)
from preventplan.records import evidence

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
        """The RAG's name, or what is missing for one: the target, the value or both."""
        if self.rag:
            return str(LABELS[self.rag])
        if self.target is None and self.latest is None:
            return _("No target or value")
        return _("No target") if self.target is None else _("No value")

    @property
    def rag_tag(self) -> str:
        return TAG_CLASSES[self.rag] if self.rag else "govuk-tag--grey"

    @property
    def latest_label(self) -> str:
        return (
            period_label(self.latest.period_start, self.indicator.frequency) if self.latest else ""
        )


@dataclass(frozen=True)
class Computed:
    """An indicator an app higher up computes from its own records, for the organisations that
    keep them: ``value(org, first day, last day)`` of a period, ``None`` when there is none.
    Only complete periods are asked for (:func:`computed_values`)."""

    keeps: Callable[[Organisation], bool]
    value: Callable[[Organisation, date, date], Decimal | int | float | None]
    source: StrOrPromise  # shown as each value's note (translated when shown)


# Filled when Django starts by the app that knows (cases: PV-01 and PV-06, CasesConfig.ready);
# performance sits below it and cannot ask it (docs/architecture.md, "Layers").
COMPUTED: dict[str, Computed] = {}
COMPUTED_PERIODS = 8
MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


def computed_for(indicator: Indicator, org: Organisation) -> Computed | None:
    """How ``indicator`` is computed for ``org``, if it is (typed values are then not used)."""
    computed = COMPUTED.get(indicator.code)
    return computed if computed is not None and computed.keeps(org) else None


def computed_values(
    indicator: Indicator, org: Organisation, day: date, computed: Computed
) -> list[IndicatorValue]:
    """The last :data:`COMPUTED_PERIODS` complete periods' values up to ``day``, oldest first,
    as unsaved values with the source as their note.

    A period is complete once ``day`` reaches its last day. The period still in progress is left
    out: a month that began today holds no events yet, and its 0 (or a quarter's count so far)
    set against a whole period's target would read as red when nothing has gone wrong. The latest
    value of a computed indicator is therefore its last complete period's, as a board expects."""
    months = MONTHS.get(indicator.frequency, 12)
    start = period_start(day, indicator.frequency)
    if _last_day(start, months) > day:  # still in progress
        start = period_start(start - timedelta(days=1), indicator.frequency)
    starts = []
    for _period in range(COMPUTED_PERIODS):
        starts.append(start)
        start = period_start(start - timedelta(days=1), indicator.frequency)
    found = []
    for first in reversed(starts):
        value = computed.value(org, first, _last_day(first, months))
        if value is not None:
            found.append(
                IndicatorValue(
                    indicator=indicator,
                    organisation=org,
                    period_start=first,
                    value=Decimal(str(round(value, 2))),
                    note=str(computed.source),
                )
            )
    return found


def _last_day(first: date, months: int) -> date:
    return add_months(first, months) - timedelta(days=1)


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
    for i in indicators:
        if (computed := computed_for(i, org)) is not None:
            values[i.pk] = computed_values(i, org, day, computed)
    return [
        Reading(
            indicator=i,
            latest=values[i.pk][-1] if values.get(i.pk) else None,
            target=targets.get(i.pk),
            values=values.get(i.pk, []),
        )
        for i in indicators
    ]


def ni35_evidence(score: Ni35StrandScore, day: date) -> list[evidence.RegisterFigure]:
    """What the registers give as evidence for an NI35 strand (``records.evidence``): the
    records of the partnership's members over the assessment's year, up to ``day``."""
    return _ni35_figures(score.assessment, day, score.strand.number)


def ni35_evidence_by_strand(
    assessment: Ni35Assessment, day: date
) -> dict[int, list[evidence.RegisterFigure]]:
    """The same figures for every strand at once (the assessment's page): strand number →
    its figures, each source asked once."""
    by_strand: dict[int, list[evidence.RegisterFigure]] = {}
    for f in _ni35_figures(assessment, day, None):
        if f.ni35_strand is not None:
            by_strand.setdefault(f.ni35_strand, []).append(f)
    return by_strand


def _ni35_figures(
    assessment: Ni35Assessment, day: date, strand: int | None
) -> list[evidence.RegisterFigure]:
    start = financial_year_start(assessment.year_ending)
    end = min(assessment.year_ending, day)
    if end < start:
        return []
    members = list(assessment.partnership.members.all())
    return evidence.figures(Q(organisation__in=members), start, end, ni35_strand=strand)
