"""Read target dates out of the template's "suggested timescale" words.

The template says things like "October 2008", "Oct 2008, with ongoing national review",
"In place by Dec 2008, and ongoing review", "Trained by March 2009." or just "Ongoing". A
month and year means the end of that month; a year on its own means the end of that year (the
latest date the words allow). "Ongoing" and "As required" are recurrence flags, not dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


class Recurrence:
    NONE = ""
    ONGOING = "ongoing"
    AS_REQUIRED = "as-required"


@dataclass(frozen=True)
class TargetDate:
    date: date
    label: str


@dataclass(frozen=True)
class Timescale:
    words: str
    dates: list[TargetDate] = field(default_factory=list)
    recurrence: str = Recurrence.NONE

    @property
    def first_date(self) -> date | None:
        return min((d.date for d in self.dates), default=None)


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _clauses(words: str) -> list[str]:
    parts = re.split(r"(?<=[.;])\s+|,\s+(?=(?:with|and)\b)", words)
    return [p.strip(" .;,") for p in parts if p.strip(" .;,")]


def parse_timescale(words: str) -> Timescale:
    """Return the dates and recurrence flag that can be read from ``words``."""
    dates: list[TargetDate] = []
    for clause in _clauses(words):
        taken: list[tuple[int, int]] = []
        for match in _MONTH_YEAR.finditer(clause):
            month = MONTHS.get(match.group(1).lower())
            if month:
                dates.append(TargetDate(_end_of_month(int(match.group(2)), month), clause))
                taken.append(match.span(2))
        for match in _YEAR.finditer(clause):
            if not any(start <= match.start() < end for start, end in taken):
                dates.append(TargetDate(date(int(match.group(1)), 12, 31), clause))
    lowered = words.lower()
    if "as required" in lowered:
        recurrence = Recurrence.AS_REQUIRED
    elif re.search(r"on-?going", lowered):
        recurrence = Recurrence.ONGOING
    else:
        recurrence = Recurrence.NONE
    return Timescale(words=words.strip(), dates=dates, recurrence=recurrence)
