"""Whether a week's return or assessment is in: not started, draft, on time, late or missing,
judged against its due time in UK time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from preventplan.organisations.models import Role
from preventplan.tension.models import BcuReturn, ForceAssessment, ReturnStatus, VersionedWeekly


@dataclass
class WeekStatus:
    week: date
    due: Any
    record: Any

    @property
    def state(self) -> str:
        if self.record is None or self.record.status != ReturnStatus.SUBMITTED:
            if timezone.now() > self.due:
                return "Missing"
            return "Draft" if self.record else "Not started"
        return "Late" if self.record.is_late(self.due) else "On time"

    @property
    def tag(self) -> str:
        return {
            "Missing": "govuk-tag--red",
            "Late": "govuk-tag--orange",
            "On time": "govuk-tag--green",
        }.get(self.state, "govuk-tag--grey")


@dataclass(frozen=True)
class WeeklyDuty:
    """Who writes what each week: BCU leads their BCU's return, force leads the force
    assessment (each due at its own time). Reminders, calendar feeds and the home page follow
    these."""

    role: str
    model: type[VersionedWeekly]
    url_name: str
    noun: str
    key: str  # reminder keys, so a reminder is never sent twice
    force: bool


WEEKLY_DUTIES = [
    WeeklyDuty(
        role=Role.BCU_LEAD,
        model=BcuReturn,
        url_name="tension:bcu-week",
        noun="tension return",
        key="tension",
        force=False,
    ),
    WeeklyDuty(
        role=Role.FORCE_LEAD,
        model=ForceAssessment,
        url_name="tension:force-week",
        noun="force tension assessment",
        key="tension-force",
        force=True,
    ),
]
