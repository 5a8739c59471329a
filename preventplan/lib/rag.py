"""How an action's RAG status is worked out. The rules are documented in docs/rag.md.

1. Not applicable: no RAG.
2. A person's override, with its reason, wins over everything below.
3. Every milestone complete: Complete.
4. Red: a milestone more than RED_AFTER_DAYS overdue, or the latest progress update says red.
5. Amber: no milestones set; a milestone overdue; a milestone due within DUE_SOON_DAYS and not
   started; the latest progress update says amber; or no progress update for STALE_AFTER_DAYS
   while milestones are open and the first is due.
6. Otherwise Green.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from preventplan.lib.dates import DUE_SOON_DAYS, format_date

RED_AFTER_DAYS = 30
STALE_AFTER_DAYS = 90


class Status:
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"
    NOT_APPLICABLE = "not-applicable"
    NOT_REVIEWED = "not-reviewed"  # a draft's action nobody has decided yet: no RAG until then


# Lazy: each label reads in the language of the page it is shown on. A lazy translation is not
# a str (openpyxl and pydantic refuse it): code that hands a label on takes ``str(LABELS[s])``
# or ``label(s)``.
LABELS = cast(
    dict[str, str],
    {
        Status.RED: gettext_lazy("Red"),
        Status.AMBER: gettext_lazy("Amber"),
        Status.GREEN: gettext_lazy("Green"),
        Status.COMPLETE: gettext_lazy("Complete"),
        Status.NOT_APPLICABLE: gettext_lazy("Not applicable"),
        Status.NOT_REVIEWED: gettext_lazy("Not reviewed"),
    },
)


def label(status: str) -> str:
    """The label of a RAG status in the active language, as plain text."""
    return str(LABELS[status])


TAG_CLASSES = {
    Status.RED: "govuk-tag--red",
    Status.AMBER: "govuk-tag--orange",
    Status.GREEN: "govuk-tag--green",
    Status.COMPLETE: "govuk-tag--blue",
    Status.NOT_APPLICABLE: "govuk-tag--grey",
    Status.NOT_REVIEWED: "govuk-tag--yellow",
}


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due_date: date
    complete: bool
    started: bool


@dataclass(frozen=True)
class UpdateFacts:
    reported_on: date
    rag: str


@dataclass
class RagResult:
    status: str
    reasons: list[str] = field(default_factory=list)
    overridden: bool = False

    @property
    def label(self) -> str:
        return label(self.status)

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[self.status]


def compute_rag(
    *,
    applicable: bool,
    milestones: Iterable[MilestoneFacts],
    latest_update: UpdateFacts | None,
    today: date,
    override: str = "",
    override_reason: str = "",
) -> RagResult:
    if not applicable:
        return RagResult(Status.NOT_APPLICABLE)
    if override:
        return RagResult(
            override,
            [_("Set by a person: %(reason)s") % {"reason": override_reason}],
            overridden=True,
        )
    ms = list(milestones)
    open_ms = [m for m in ms if not m.complete]
    if ms and not open_ms:
        return RagResult(Status.COMPLETE, [_("Every milestone is complete")])
    # The status comes from status_from_counts, the one statement of the rules (roll-ups use it
    # on counts the database works out); what follows here only explains it.
    first_due = min((m.due_date for m in open_ms), default=None)
    status = status_from_counts(
        applicable=True,
        override="",
        milestones=len(ms),
        open_milestones=len(open_ms),
        open_very_late=sum((today - m.due_date).days > RED_AFTER_DAYS for m in open_ms),
        open_late=sum(m.due_date < today for m in open_ms),
        due_soon_not_started=sum(
            today <= m.due_date < today + timedelta(days=DUE_SOON_DAYS) and not m.started
            for m in open_ms
        ),
        first_open_due=first_due,
        latest_rag=latest_update.rag if latest_update else None,
        latest_on=latest_update.reported_on if latest_update else None,
        today=today,
    )
    red: list[str] = []
    amber: list[str] = []
    for m in open_ms:
        late = (today - m.due_date).days
        if late > RED_AFTER_DAYS:
            red.append(
                ngettext(
                    "“%(title)s” was due %(date)s, %(days)s day ago",
                    "“%(title)s” was due %(date)s, %(days)s days ago",
                    late,
                )
                % {"title": m.title, "date": format_date(m.due_date), "days": late}
            )
        elif late > 0:
            amber.append(
                _("“%(title)s” was due %(date)s")
                % {"title": m.title, "date": format_date(m.due_date)}
            )
        elif late > -DUE_SOON_DAYS and not m.started:
            amber.append(
                _("“%(title)s” is due %(date)s and not started")
                % {"title": m.title, "date": format_date(m.due_date)}
            )
    if latest_update is not None and latest_update.rag == Status.RED:
        red.append(
            _("The progress update of %(date)s says red")
            % {"date": format_date(latest_update.reported_on)}
        )
    if status == Status.RED:
        return RagResult(status, red)
    if not ms:
        amber.append(_("No milestones have been set"))
    if latest_update is not None and latest_update.rag == Status.AMBER:
        amber.append(
            _("The progress update of %(date)s says amber")
            % {"date": format_date(latest_update.reported_on)}
        )
    if open_ms and first_due is not None and first_due <= today:
        last = latest_update.reported_on if latest_update else None
        if last is None or (today - last).days > STALE_AFTER_DAYS:
            amber.append(
                _("No progress update in the last %(days)s days") % {"days": STALE_AFTER_DAYS}
            )
    if status == Status.AMBER:
        return RagResult(status, amber)
    return RagResult(status, [_("Milestones on track")])


def indicator_rag(value: Decimal, target: Decimal, higher_is_better: bool, tolerance: int) -> str:
    """Green when the target is met; amber within ``tolerance`` per cent of it; red beyond."""
    margin = abs(target) * Decimal(tolerance) / 100
    if higher_is_better:
        if value >= target:
            return Status.GREEN
        return Status.AMBER if value >= target - margin else Status.RED
    if value <= target:
        return Status.GREEN
    return Status.AMBER if value <= target + margin else Status.RED


def status_from_counts(
    *,
    applicable: bool,
    override: str,
    milestones: int,
    open_milestones: int,
    open_very_late: int,
    open_late: int,
    due_soon_not_started: int,
    first_open_due: date | None,
    latest_rag: str | None,
    latest_on: date | None,
    today: date,
) -> str:
    """The rules above, stated once, on counts: :func:`compute_rag` calls this for one action
    (and adds the reasons), roll-ups call it on counts the database works out for many. ``open_very_late``: open milestones more than RED_AFTER_DAYS
    overdue; ``open_late``: open milestones overdue at all; ``due_soon_not_started``: not started
    and due within DUE_SOON_DAYS from today."""
    if not applicable:
        return Status.NOT_APPLICABLE
    if override:
        return override
    if milestones and not open_milestones:
        return Status.COMPLETE
    if open_very_late or latest_rag == Status.RED:
        return Status.RED
    stale = (
        open_milestones
        and first_open_due is not None
        and first_open_due <= today
        and (latest_on is None or (today - latest_on).days > STALE_AFTER_DAYS)
    )
    if not milestones or open_late or due_soon_not_started or latest_rag == Status.AMBER or stale:
        return Status.AMBER
    return Status.GREEN
