"""What is waiting for a person: the counts on the home page and the work lists they link to.
They put plan actions and actions from board meetings side by side, so they sit here, above
both plans and programme (docs/architecture.md, "Layers")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from preventplan.lib.dates import today
from preventplan.plans.models import Milestone, PlanStatus
from preventplan.programme.models import MeetingAction, RecordStatus, Risk

DUE_SOON_DAYS = 30


def your_work(user: Any) -> dict[str, int]:
    """What is waiting for this person: the counts on the home page, each linking to its list."""
    now = today()
    mine = (
        Milestone.objects.open()
        .filter(action__owner=user)
        .exclude(action__plan__status=PlanStatus.CLOSED)
    )
    return {
        "milestones_overdue": mine.filter(due_date__lt=now).count(),
        "milestones_due": mine.filter(due_date__gte=now, due_date__lte=now + timedelta(14)).count(),
        "meeting_actions": MeetingAction.objects.filter(owner=user).open().count(),
        "risk_reviews": Risk.objects.filter(
            owner=user, status=RecordStatus.OPEN, review_on__lte=now + timedelta(14)
        ).count(),
    }


def meeting_actions_for(user: Any, view: str, now: date) -> QuerySet[MeetingAction] | None:
    """The user's own open actions from board meetings, for the work views that are theirs."""
    if view not in {"mine", "due", "overdue"}:
        return None
    qs = MeetingAction.objects.filter(owner=user).open().select_related("meeting__board", "owner")
    if view == "due":
        qs = qs.filter(due_on__gte=now, due_on__lte=now + timedelta(days=DUE_SOON_DAYS))
    elif view == "overdue":
        qs = qs.filter(due_on__lt=now)
    return qs
