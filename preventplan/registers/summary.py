"""The community confidence and powers figures for an organisation and everything below it, for
the dashboard and the reports (the same queries, so the two agree). Counts only: the people who
see them read every record counted (they read the organisation's plans)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import ngettext_lazy

from preventplan.organisations.models import Organisation
from preventplan.records.models import RecordStatus
from preventplan.registers.forms import POWER_SHORT_LABELS
from preventplan.registers.models import (
    ConsequencePlan,
    DipSample,
    Grievance,
    GrievanceCategory,
    LearningEntry,
    PowersReturn,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Each register with its records counted in words ("1 dip sample", "2 dip samples").
REGISTER_MODELS: list[tuple[Any, Any]] = [
    (ngettext_lazy("%(count)s grievance", "%(count)s grievances", "count"), Grievance),
    (
        ngettext_lazy(
            "%(count)s learning or complaints entry",
            "%(count)s learning and complaints entries",
            "count",
        ),
        LearningEntry,
    ),
    (ngettext_lazy("%(count)s dip sample", "%(count)s dip samples", "count"), DipSample),
    (
        ngettext_lazy(
            "%(count)s consequence management plan",
            "%(count)s consequence management plans",
            "count",
        ),
        ConsequencePlan,
    ),
    (
        ngettext_lazy("%(count)s TACT powers return", "%(count)s TACT powers returns", "count"),
        PowersReturn,
    ),
]


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
    overdue: list[tuple[Any, int]] = field(default_factory=list)  # (register, records overdue)
    awaiting_dissemination: int = 0
    latest_month: date | None = None
    powers: list[PowersRow] = field(default_factory=list)

    @property
    def overdue_total(self) -> int:
        return sum(n for _, n in self.overdue)

    @property
    def overdue_text(self) -> str:
        """For example "2 grievances; 1 dip sample": the registers with records overdue."""
        return "; ".join(str(counted % {"count": n}) for counted, n in self.overdue if n)


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
        (name, model.objects.filter(**below, status=RecordStatus.OPEN, review_on__lt=day).count())
        for name, model in REGISTER_MODELS
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
