"""The community confidence and powers figures for an organisation and everything below it, for
the dashboard and the reports (the same queries, so the two agree). Counts only: the people who
see them read every record counted (they read the organisation's plans)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from preventplan.organisations.models import Organisation
from preventplan.records.models import RecordStatus
from preventplan.records.spec import RegisterSpec
from preventplan.registers.forms import POWER_SHORT_LABELS
from preventplan.registers.models import (
    Grievance,
    GrievanceCategory,
    LearningEntry,
    PowersReturn,
)
from preventplan.registers.registers import REGISTERS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class PowersRow:
    power: str
    organisation: str
    uses: int
    arrests: int
    highest_ratio: float | None
    complaints: int
    late: bool


@dataclass
class CommunityFigures:
    open_grievances: int = 0
    grievances_by_category: list[tuple[StrOrPromise, int]] = field(default_factory=list)
    overdue: list[tuple[RegisterSpec, int]] = field(
        default_factory=list
    )  # (register, records overdue)
    awaiting_dissemination: int = 0
    latest_month: date | None = None
    powers: list[PowersRow] = field(default_factory=list)

    @property
    def overdue_total(self) -> int:
        return sum(n for _, n in self.overdue)

    @property
    def overdue_text(self) -> str:
        """For example "2 grievances; 1 dip sample": the registers with records overdue."""
        return "; ".join(spec.count_text(n) for spec, n in self.overdue if n)


def community_figures(org: Organisation, day: date) -> CommunityFigures:
    below = {"organisation__path__startswith": org.path}
    figures = CommunityFigures()
    categories = Counter(
        Grievance.objects.filter(**below, status=RecordStatus.OPEN).values_list(
            "category", flat=True
        )
    )
    figures.open_grievances = sum(categories.values())
    figures.grievances_by_category = [
        (label, categories[value])
        for value, label in GrievanceCategory.choices
        if categories[value]
    ]
    figures.overdue = [
        (
            spec,
            spec.model.objects.filter(**below, status=RecordStatus.OPEN, review_on__lt=day).count(),
        )
        for spec in REGISTERS
    ]
    figures.awaiting_dissemination = LearningEntry.objects.filter(
        **below, disseminated_on__isnull=True
    ).count()
    returns = PowersReturn.objects.filter(**below)
    latest = returns.order_by("-month").values_list("month", flat=True).first()
    if latest is not None:
        figures.latest_month = latest
        figures.powers = [
            PowersRow(
                str(POWER_SHORT_LABELS[r.power]),
                r.organisation.name,
                r.uses,
                r.arrests,
                r.highest_ratio,
                r.complaints,
                r.is_late,
            )
            for r in returns.filter(month=latest)
            .select_related("organisation")
            .order_by("power", "organisation__name")
        ]
    return figures
