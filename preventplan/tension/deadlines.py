"""Whether a week's return or assessment is in: not started, draft, on time, late or missing,
judged against its due time in UK time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from preventplan.organisations.models import Role
from preventplan.tension.models import BcuReturn, ForceAssessment, ReturnStatus, VersionedWeekly

STATES = {
    "missing": _("Missing"),
    "draft": _("Draft"),
    "not-started": _("Not started"),
    "late": _("Late"),
    "on-time": _("On time"),
}


@dataclass
class WeekStatus:
    week: date
    due: Any
    record: Any

    @property
    def state_key(self) -> str:
        """For code: "missing", "draft", "not-started", "late" or "on-time"."""
        if self.record is None or self.record.status != ReturnStatus.SUBMITTED:
            if timezone.now() > self.due:
                return "missing"
            return "draft" if self.record else "not-started"
        return "late" if self.record.is_late(self.due) else "on-time"

    @property
    def state(self) -> str:
        """In words, in the page's language."""
        return str(STATES[self.state_key])

    @property
    def tag(self) -> str:
        return {
            "missing": "govuk-tag--red",
            "late": "govuk-tag--orange",
            "on-time": "govuk-tag--green",
        }.get(self.state_key, "govuk-tag--grey")


@dataclass(frozen=True)
class WeeklyDuty:
    """Who writes what each week: BCU leads their BCU's return, force leads the force
    assessment (each due at its own time). Reminders, calendar feeds and the home page follow
    these."""

    role: str
    model: type[VersionedWeekly]
    url_name: str
    noun: str | Promise  # lazily translated: used in the page's or the recipient's language
    key: str  # reminder keys, so a reminder is never sent twice
    force: bool


WEEKLY_DUTIES = [
    WeeklyDuty(
        role=Role.BCU_LEAD,
        model=BcuReturn,
        url_name="tension:bcu-week",
        noun=_("tension return"),
        key="tension",
        force=False,
    ),
    WeeklyDuty(
        role=Role.FORCE_LEAD,
        model=ForceAssessment,
        url_name="tension:force-week",
        noun=_("force tension assessment"),
        key="tension-force",
        force=True,
    ),
]
