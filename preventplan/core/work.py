"""What is waiting for a person: the counts on the home page and the work lists they link to.
They put plan actions and actions from board meetings side by side, so they sit here, above
both plans and programme (docs/architecture.md, "Layers")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from preventplan.cases.models import Case
from preventplan.lib.dates import due_soon_until, today
from preventplan.plans.models import Milestone
from preventplan.programme.models import MeetingAction, Risk
from preventplan.records.models import RecordStatus


def due_soon_q(field: str, now: date) -> Q:
    """Due today or in the next DUE_SOON_DAYS days (lib.dates): the home page's count and the
    "due soon" list it links to use this one window, so the two always agree."""
    return Q(**{f"{field}__gte": now, f"{field}__lte": due_soon_until(now)})


def your_work(user: Any) -> dict[str, int | None]:
    """What is waiting for this person: the counts on the home page, each linking to its list.
    Case reviews (overdue, and all those due within the window) only for people who hold cases
    (``None`` otherwise): counts, never a case."""
    now = today()
    mine = Milestone.objects.due_for_delivery().filter(action__owner=user)
    reviews: dict[str, int | None] = {"case_reviews": None, "case_reviews_overdue": None}
    if Case.policy.has_register(user):
        due = Case.objects.review_due(due_soon_until(now)).visible_to(user)
        reviews = {
            "case_reviews": due.count(),
            "case_reviews_overdue": due.filter(review_on__lt=now).count(),
        }
    return {
        **reviews,
        "milestones_overdue": mine.filter(due_date__lt=now).count(),
        "milestones_due": mine.filter(due_soon_q("due_date", now)).count(),
        "meeting_actions": MeetingAction.objects.filter(owner=user).open().count(),
        "risk_reviews": Risk.objects.filter(
            owner=user, status=RecordStatus.OPEN, review_on__lte=due_soon_until(now)
        ).count(),
    }


def meeting_actions_for(user: Any, view: str, now: date) -> QuerySet[MeetingAction] | None:
    """The user's own open actions from board meetings, for the work views that are theirs."""
    if view not in {"mine", "due", "overdue"}:
        return None
    qs = MeetingAction.objects.filter(owner=user).open().select_related("meeting__board", "owner")
    if view == "due":
        qs = qs.filter(due_soon_q("due_on", now))
    elif view == "overdue":
        qs = qs.filter(due_on__lt=now)
    return qs
