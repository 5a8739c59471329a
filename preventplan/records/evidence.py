"""Figures the registers give as evidence where something is assessed: a benefit's value
(programme) and an NI35 strand (performance). Aggregates only: counts, averages and
percentages over records, never a record's text and never a person.

The registers that give figures sit above the apps that assess (engagement is above programme
and performance: docs/architecture.md, "Layers"), so they hand over their sources when Django
starts (``EngagementConfig.ready``), as cases hand over PV-01 and PV-06."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preventplan.lib.dates import format_date

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class RegisterFigure:
    """One figure: "Engagement events held: 14 (engagement register, 1 April 2026 to 29
    November 2026)"."""

    key: str  # stable, for a link that offers it: "engagement-events"
    label: StrOrPromise
    value: Decimal
    register: StrOrPromise  # where it comes from: "Engagement register"
    start: date | None  # the period counted; None for a figure as at ``end``
    end: date
    unit: str = ""  # "%" or "out of 5"
    detail: str = ""  # a few words more: "245 attending"
    ni35_strand: int | None = None  # the NI35 strand it is evidence for

    @property
    def shown(self) -> str:
        number = f"{self.value.normalize():f}"
        if self.unit == "%":
            return f"{number}%"
        return f"{number} {self.unit}" if self.unit else number

    @property
    def source(self) -> str:
        if self.start is None:
            return _("%(register)s, as at %(date)s") % {
                "register": self.register,
                "date": format_date(self.end),
            }
        return _("%(register)s, %(start)s to %(end)s") % {
            "register": self.register,
            "start": format_date(self.start),
            "end": format_date(self.end),
        }

    @property
    def text(self) -> str:
        """The figure as one line of evidence."""
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.label}: {self.shown}{detail} ({self.source})"


# What the pages that offer figures say about them.
ADD_LABEL = gettext_lazy("Add the figures from the registers to the evidence")
ADD_HINT = gettext_lazy("Each figure is added as a line, with the register and the period.")
NI35_INTRO = gettext_lazy(
    "Worked out from the registers of the partnership's members for the year of the "
    "assessment, up to today. They are not saved with the strand unless you add them to the "
    "evidence."
)
NI35_DETAIL_INTRO = gettext_lazy(
    "Figures from the registers of the partnership's members for the year of the assessment, "
    "up to today, under each strand they are evidence for. They are part of a strand's evidence "
    "only if they were added on the strand's page."
)
BENEFIT_INTRO = gettext_lazy(
    "Worked out from the registers of %(organisation)s and the units under it over the last "
    "twelve months. Use one as the value if it is what the benefit measures: its source goes in "
    "the comment."
)

# ``source(where, start, end)``: the figures of the records that ``where`` selects (a filter on
# their ``organisation__…``) for the period from ``start`` to ``end``.
FigureSource = Callable[[Q, date, date], list[RegisterFigure]]
SOURCES: list[FigureSource] = []


def figures(
    where: Q, start: date, end: date, *, ni35_strand: int | None = None
) -> list[RegisterFigure]:
    """Every source's figures; only those for one NI35 strand when ``ni35_strand`` is given."""
    found = [f for source in SOURCES for f in source(where, start, end)]
    if ni35_strand is not None:
        found = [f for f in found if f.ni35_strand == ni35_strand]
    return found
