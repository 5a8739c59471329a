"""Aggregate case-review figures for an organisation's subtree: what force leads, police
authorities, oversight and national administrators see instead of cases (docs/case-reviews.md).
A fixed number of queries whatever the number of cases; no reference ever leaves this module.
Also the two indicators computed from cases (PV-01, PV-06) and the overdue count the dashboards
and the BCU return report show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q

from preventplan.cases.models import (
    Case,
    CaseStage,
    Intervention,
    Outcome,
    ReferralSource,
    Stage,
)
from preventplan.lib.dates import due_soon_until, working_days_between
from preventplan.organisations.models import Organisation
from preventplan.records.models import RecordStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class StageRow:
    stage: str
    label: StrOrPromise
    count: int
    median_days: float | None  # open cases: median days since they reached the stage


@dataclass
class CaseFigures:
    organisation: Organisation
    on: date
    total: int = 0
    open: int = 0
    closed: int = 0
    overdue: int = 0
    due_soon: int = 0
    stages: list[StageRow] = field(default_factory=list)
    sources: list[tuple[StrOrPromise, int]] = field(default_factory=list)
    interventions: list[tuple[str, int]] = field(default_factory=list)
    outcomes: list[tuple[StrOrPromise, int]] = field(default_factory=list)
    referrals_last_year: int = 0

    @property
    def is_empty(self) -> bool:
        return self.total == 0


def in_subtree(org: Organisation) -> Q:
    return Q(bcu__path__startswith=org.path)


def overdue_count(org: Organisation, on: date) -> int:
    """Open cases under ``org`` whose review date has passed."""
    return Case.objects.filter(in_subtree(org), status=RecordStatus.OPEN, review_on__lt=on).count()


def build(org: Organisation, on: date) -> CaseFigures:
    """The figures for ``org`` and everything under it, as on ``on``."""
    cases = Case.objects.filter(in_subtree(org))
    figures = CaseFigures(organisation=org, on=on)
    rows = list(cases.values_list("stage", "stage_on", "status", "review_on", "referred_on"))
    by_stage: dict[str, list[int]] = {}
    counts: Counter[str] = Counter()
    soon = due_soon_until(on)
    for stage, stage_on, status, review_on, referred_on in rows:
        counts[stage] += 1
        figures.total += 1
        if status == RecordStatus.OPEN:
            figures.open += 1
            by_stage.setdefault(stage, []).append((on - stage_on).days)
            if review_on is not None and review_on < on:
                figures.overdue += 1
            elif review_on is not None and review_on <= soon:
                figures.due_soon += 1
        else:
            figures.closed += 1
        if (on - referred_on).days < 365:
            figures.referrals_last_year += 1
    figures.stages = [
        StageRow(
            stage,
            label,
            counts[stage],
            median(by_stage[stage]) if by_stage.get(stage) else None,
        )
        for stage, label in Stage.choices
    ]
    sources = dict(cases.values_list("referral_source").annotate(n=Count("pk")))
    figures.sources = [
        (label, sources[value]) for value, label in ReferralSource.choices if sources.get(value)
    ]
    figures.interventions = [
        (i.name, i.n)
        for i in Intervention.objects.annotate(
            n=Count("cases", filter=Q(cases__bcu__path__startswith=org.path))
        ).filter(n__gt=0)
    ]
    outcomes = dict(cases.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")))
    figures.outcomes = [
        (label, outcomes[value]) for value, label in Outcome.choices if outcomes.get(value)
    ]
    return figures


# -- indicators computed from cases --------------------------------------------------------------
def keeps_cases(org: Organisation) -> bool:
    """Whether the organisation's figures come from its cases (it has at least one)."""
    return Case.objects.filter(in_subtree(org)).exists()


def referrals_received(org: Organisation, start: date, end: date) -> int:
    """PV-01: referrals received in the period (``start`` to ``end`` inclusive)."""
    return Case.objects.filter(in_subtree(org), referred_on__range=(start, end)).count()


def median_days_to_panel(org: Organisation, start: date, end: date) -> float | None:
    """PV-06: the median number of working days from referral to first panel, for the cases
    whose first panel fell in the period; ``None`` when none did."""
    firsts = (
        CaseStage.objects.filter(case__in=Case.objects.filter(in_subtree(org)), stage=Stage.PANEL)
        .values("case")
        .annotate(first=Min("on"))
        .filter(first__range=(start, end))
        .values_list("case__referred_on", "first")
    )
    days = [working_days_between(referred, first) for referred, first in firsts]
    return median(days) if days else None
