"""Read-side helpers: each action's RAG, and the counts a plan overview shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from preventplan.lib.dates import today as local_today
from preventplan.lib.rag import LABELS, MilestoneFacts, RagResult, Status, UpdateFacts, compute_rag
from preventplan.plans.models import Action, Decision, MilestoneStatus

RAG_ORDER = [
    Status.RED,
    Status.AMBER,
    Status.GREEN,
    Status.COMPLETE,
    Status.NOT_APPLICABLE,
    Status.NOT_REVIEWED,
]


def action_rag(action: Action, today: date | None = None) -> RagResult:
    """The action's RAG. Uses prefetched milestones and updates when they are there."""
    if action.decision == Decision.NOT_REVIEWED:
        return RagResult(
            Status.NOT_REVIEWED, [_("Not yet decided: adopt, adapt or not applicable")]
        )
    milestones = [
        MilestoneFacts(
            m.title,
            m.due_date,
            m.status == MilestoneStatus.COMPLETE,
            m.status != MilestoneStatus.NOT_STARTED,
        )
        for m in action.milestones.all()
    ]
    updates = list(action.updates.all())
    latest = max(updates, key=lambda u: (u.reported_on, u.created_at), default=None)
    return compute_rag(
        applicable=action.decision != Decision.NOT_APPLICABLE,
        milestones=milestones,
        latest_update=UpdateFacts(latest.reported_on, latest.rag) if latest else None,
        today=today or local_today(),
        override=action.rag_override,
        override_reason=action.rag_override_reason,
    )


@dataclass
class Progress:
    """Milestones done out of all, and actions by RAG status."""

    milestones_total: int = 0
    milestones_done: int = 0
    rag: Counter[str] = field(default_factory=Counter)

    @property
    def percent(self) -> int:
        return (
            round(100 * self.milestones_done / self.milestones_total)
            if self.milestones_total
            else 0
        )

    @property
    def rag_rows(self) -> list[tuple[str, str, int]]:
        return [(s, LABELS[s], self.rag.get(s, 0)) for s in RAG_ORDER]

    @property
    def present_rows(self) -> list[tuple[str, str, int]]:
        """Only the statuses some action has, for a one-line summary."""
        return [row for row in self.rag_rows if row[2]]

    def add(self, action: Action, rag: RagResult) -> None:
        self.rag[rag.status] += 1
        if action.decision != Decision.NOT_APPLICABLE:
            ms = action.milestones.all()
            self.milestones_total += len(ms)
            self.milestones_done += sum(1 for m in ms if m.status == MilestoneStatus.COMPLETE)


def annotate(actions: Iterable[Action], today: date | None = None) -> list[Action]:
    """Attach ``rag`` and ``next_milestone`` to each action (prefetched milestones and updates).
    A set-aside action has no next milestone: its milestones are kept but not due."""
    result = []
    for a in actions:
        a.rag = action_rag(a, today)  # type: ignore[attr-defined]
        open_ms = (
            []
            if a.is_set_aside
            else [m for m in a.milestones.all() if m.status != MilestoneStatus.COMPLETE]
        )
        a.next_milestone = min(open_ms, key=lambda m: m.due_date, default=None)  # type: ignore[attr-defined]
        result.append(a)
    return result
