"""Roll-up figures for one organisation and everything under it: the plans in force today (approved
and in their period; drafts and plans awaiting approval are listed apart and counted nowhere), their
progress by objective, RAG distribution, milestones due and overdue, plans not yet approved, the
trend over the planning year, open risks, and a comparison of the units directly below.

Everything is read in a fixed number of queries whatever the number of plans, actions or
milestones (``tests/test_dashboards.py`` asserts this at two sizes). Each plan's counts are worked
out once a day and again whenever the plan changes, and kept (:mod:`preventplan.dashboards.models`);
a dashboard adds up the kept counts and works out only those that are missing or stale. RAG is
worked out by the same rules as everywhere else (:mod:`preventplan.lib.rag`).
"""

from __future__ import annotations

import hashlib
import heapq
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    Min,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext

from preventplan.catalogue.models import Objective
from preventplan.dashboards.models import OrganisationFigures, PlanFigures
from preventplan.lib import dates, scoring
from preventplan.lib.rag import (
    LABELS,
    RED_AFTER_DAYS,
    Status,
    status_from_counts,
)
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.plans.models import (
    Action,
    Decision,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanStatus,
)
from preventplan.plans.progress import RAG_ORDER
from preventplan.programme.models import Risk
from preventplan.records.models import RecordStatus

logger = logging.getLogger(__name__)

VERY_HIGH = next(upper for upper, band in scoring.BANDS if band.key == "high") + 1

# Which kinds of unit a dashboard compares, by the kind of organisation it is for.
UNITS_BELOW = {
    OrganisationKind.NATION: OrganisationKind.REGION,
    OrganisationKind.REGION: OrganisationKind.FORCE,
    OrganisationKind.FORCE: OrganisationKind.BCU,
}
LISTED = 40  # overdue and due-soon milestones listed by name; the counts cover them all
# What pages and reports show of a listed milestone (only these are read: about 80 of them).
LISTED_FIELDS = [
    "id",
    "title",
    "due_date",
    "action_id",
    "action__number",
    "action__plan__organisation__name",
]
RAG_COLOURS = {
    Status.RED: "#d4351c",
    Status.AMBER: "#f47738",
    Status.GREEN: "#00703c",
    Status.COMPLETE: "#1d70b8",
    Status.NOT_APPLICABLE: "#b1b4b6",
    Status.NOT_REVIEWED: "#ffdd00",
}


class YearMonth(Func):
    """A date's year and month as "YYYY-MM", worked out by the database itself (Django's
    ``TruncMonth`` calls back into Python for every row on SQLite)."""

    function = "to_char"  # PostgreSQL
    output_field = CharField()

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, Value("YYYY-MM"))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        day = self.get_source_expressions()[0]
        return Func(Value("%Y-%m"), day, function="strftime").as_sql(compiler, connection)


class Counted(Count):
    """``Count``, its value taken as the driver returns it (an ``int`` on SQLite and PostgreSQL):
    Django otherwise passes each through ``int()``, six times for every one of thousands of
    actions in :func:`action_facts`."""

    convert_value = staticmethod(BaseExpression._convert_value_noop)  # type: ignore[attr-defined]


class IsoDate(Func):
    """A date as "YYYY-MM-DD" text, as the database holds it: read thousands of them and turn
    only the ones used into dates (``date.fromisoformat``), instead of every one through the
    driver's and the ORM's converters (on SQLite, a good part of counting every action afresh)."""

    function = "to_char"  # PostgreSQL
    output_field = CharField()

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, Value("YYYY-MM-DD"))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps dates as this text already; "|| ''" only hides the column's declared
        # type, which would have the driver turn it into a date.
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"({sql} || '')", params


def from_iso(day: str | None) -> date | None:
    return None if day is None else date.fromisoformat(day)


@dataclass
class Tally:
    """Counts for any group of actions: by RAG, and milestones done, due soon and overdue."""

    rag: Counter[str] = field(default_factory=Counter)
    milestones: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.milestones) if self.milestones else 0

    def nothing_to_complete(self, plans_in_force: int | None = None) -> str | None:
        """Why there is no share of milestones complete to show ("0 of 0 (0%)" would say
        nothing): a unit with no plan in force, or actions with no milestones; ``None`` when
        there is a share to show. ``plans_in_force`` is a unit's; leave it out for an
        objective."""
        if plans_in_force == 0:
            return gettext("No plan in force")
        return None if self.milestones else gettext("No milestones")

    @property
    def actions(self) -> int:
        return sum(v for k, v in self.rag.items() if k != Status.NOT_APPLICABLE)

    def rag_values(self) -> list[int]:
        return [self.rag.get(s, 0) for s in RAG_ORDER]

    @classmethod
    def from_counts(cls, counts: list[int]) -> Tally:
        """From counts in ``COUNTS`` order."""
        rag = Counter({s: n for s, n in zip(RAG_ORDER, counts, strict=False) if n})
        return cls(rag, *counts[FIRST_MILESTONE_COUNT:])


# A group of actions' counts as a plain list (kept as JSON, added up quickly): actions by RAG
# status in RAG_ORDER, then milestones, done, overdue and due soon.
COUNTS = len(RAG_ORDER) + 4
FIRST_MILESTONE_COUNT = len(RAG_ORDER)  # where the milestone counts start
LAYOUT = 2  # of PlanTotals.to_json(): change it whenever that changes


def add_counts(into: list[int], counts: list[int]) -> None:
    for i, n in enumerate(counts):
        into[i] += n


@dataclass
class PlanTotals:
    """One plan's counts for one day, as kept in :class:`PlanFigures`: ``COUNTS`` per objective,
    milestones due and completed by month ("YYYY-MM") up to that day, and its first ``LISTED``
    overdue and due-soon milestones as [day ordinal of the due date, id], so that the first of
    many plans are among the first of each."""

    objectives: dict[int, list[int]] = field(default_factory=dict)
    due_by_month: dict[str, int] = field(default_factory=dict)
    done_by_month: dict[str, int] = field(default_factory=dict)
    overdue: list[list[int]] = field(default_factory=list)
    due_soon: list[list[int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "objectives": {str(k): v for k, v in self.objectives.items()},
            "due_by_month": self.due_by_month,
            "done_by_month": self.done_by_month,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanTotals:
        return cls(
            objectives={int(k): v for k, v in data["objectives"].items()},
            due_by_month=data["due_by_month"],
            done_by_month=data["done_by_month"],
            overdue=data["overdue"],
            due_soon=data["due_soon"],
        )


# What a roll-up needs of each plan in its period, read without making Plan objects.
PLAN_ROW = ("id", "version", "status", "period_start", "organisation__path", "title")


class PlansInForce(Sequence[Plan]):
    """The plans in force a roll-up covers, known by id; the plans themselves are read only when
    someone goes through them (a dashboard needs only how many there are)."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids
        self._plans: list[Plan] | None = None

    def _read(self) -> list[Plan]:
        if self._plans is None:
            self._plans = (
                list(
                    Plan.objects.filter(pk__in=self.ids)
                    .select_related("organisation")
                    .order_by("organisation__name")
                )
                if self.ids
                else []
            )
        return self._plans

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: Any) -> Any:
        return self._read()[index]

    def __iter__(self) -> Iterator[Plan]:
        return iter(self._read())


@dataclass
class Unit:
    organisation: Organisation
    plans: int = 0  # in force: approved and in their period
    not_approved: int = 0  # in their period but draft or awaiting approval
    tally: Tally = field(default_factory=Tally)
    open_risks: int = 0
    overdue_reviews: int = 0


@dataclass(frozen=True, slots=True)
class ListedMilestone:
    """A milestone a dashboard or report lists by name: read as one row (``LISTED_FIELDS``),
    not as a milestone with its action, plan and organisation (four objects each)."""

    pk: int
    title: str
    due_date: date
    action_id: int
    action_number: str
    organisation: str  # the name of the organisation whose plan it is


@dataclass
class Rollup:
    organisation: Organisation
    today: date
    plans: Sequence[Plan]  # in force
    overall: Tally
    by_objective: list[tuple[Objective, Tally]]
    units: list[Unit]
    unit_kind: str | None
    not_approved: list[Plan]
    overdue: list[ListedMilestone]
    due_soon: list[ListedMilestone]
    trend: list[tuple[date, int, int]]  # month end, milestones due by then, completed by then
    open_risks: int
    overdue_reviews: int
    very_high_risks: int

    @property
    def rag_rows(self) -> list[tuple[str, str, int]]:
        return [(s, LABELS[s], self.overall.rag.get(s, 0)) for s in RAG_ORDER]

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data, for the API."""

        def tally(t: Tally) -> dict[str, Any]:
            return {
                "rag": {s: t.rag.get(s, 0) for s in RAG_ORDER},
                "milestones": t.milestones,
                "milestones_complete": t.done,
                "milestones_overdue": t.overdue,
                "milestones_due_soon": t.due_soon,
                "percent_complete": t.percent,
            }

        return {
            "organisation": {"id": self.organisation.pk, "name": self.organisation.name},
            "as_of": self.today.isoformat(),
            "plans": len(self.plans),
            "plans_not_approved": [p.pk for p in self.not_approved],
            "overall": tally(self.overall),
            "by_objective": [
                {"objective": o.number, "title": o.title, **tally(t)} for o, t in self.by_objective
            ],
            "units": [
                {
                    "id": u.organisation.pk,
                    "name": u.organisation.name,
                    "plans": u.plans,
                    "plans_not_approved": u.not_approved,
                    "open_risks": u.open_risks,
                    "risk_reviews_overdue": u.overdue_reviews,
                    **tally(u.tally),
                }
                for u in self.units
            ],
            "trend": [
                {"month_end": d.isoformat(), "due": due, "complete": done}
                for d, due, done in self.trend
            ],
            "risks": {
                "open": self.open_risks,
                "reviews_overdue": self.overdue_reviews,
                "very_high": self.very_high_risks,
            },
        }


def plans_in_period(org: Organisation | None, today: date) -> QuerySet[Plan]:
    """Plans whose period includes ``today``, approved or not (closed ones aside), for ``org``
    and everything under it (or everywhere)."""
    plans = Plan.objects.filter(period_start__lte=today, period_end__gte=today)
    if org is not None:
        plans = plans.filter(organisation__path__startswith=org.path)
    return (
        plans.exclude(status=PlanStatus.CLOSED)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def current_plans(org: Organisation | None, today: date) -> QuerySet[Plan]:
    """Plans in force on ``today``: approved, and in their period. A draft or a plan awaiting
    approval is not in force, however far its delivery has gone."""
    return plans_in_period(org, today).filter(status=PlanStatus.APPROVED)


def prepare(today: date) -> tuple[int, int]:
    """Work out and keep today's figures for every plan in force that lacks them, and add up
    every organisation's roll-up from them, so the first dashboard of the day need neither count
    nor add up; drop figures nobody has used for a week (plans closed or out of their period).
    Returns (plans in force, plans counted now)."""
    PlanFigures.objects.filter(as_of__lt=today - timedelta(days=7)).delete()
    OrganisationFigures.objects.filter(as_of__lt=today - timedelta(days=7)).delete()
    plans = list(current_plans(None, today))
    kept = PlanFigures.objects.filter(plan__in=plans, as_of=today, layout=LAYOUT).values_list(
        "plan_id", "plan_version"
    )
    counted = len(plans) - len(set(kept) & {(p.pk, p.version) for p in plans})
    plan_figures(plans, today)
    for org in Organisation.objects.filter(
        is_active=True, kind__in=[*UNITS_BELOW, OrganisationKind.BCU]
    ):
        build(org, today)  # about 10 ms each from the plans' figures: a few seconds nationally
    return len(plans), counted


def action_facts(plans: QuerySet[Plan] | list[int], today: date) -> QuerySet[Any]:
    """One row per action with the counts its RAG and the milestone figures need, worked out
    by the database (one query, whatever the number of milestones and updates). The two dates,
    ``latest_on`` and ``first_open_due``, come as "YYYY-MM-DD" text (:class:`IsoDate`)."""
    open_ms = ~Q(milestones__status=MilestoneStatus.COMPLETE)
    soon = dates.due_soon_until(today)
    return (
        Action.objects.filter(plan__in=plans)
        .values(
            "id",
            "plan_id",
            "objective_id",
            "decision",
            "rag_override",
            "latest_rag",
            latest_on=IsoDate(F("latest_rag_on")),
        )
        .annotate(
            n_ms=Counted("milestones"),
            n_open=Counted("milestones", filter=open_ms),
            n_very_late=Counted(
                "milestones",
                filter=open_ms & Q(milestones__due_date__lt=today - timedelta(days=RED_AFTER_DAYS)),
            ),
            n_late=Counted("milestones", filter=open_ms & Q(milestones__due_date__lt=today)),
            n_soon_unstarted=Counted(
                "milestones",
                filter=Q(milestones__status=MilestoneStatus.NOT_STARTED)
                & Q(milestones__due_date__gte=today)
                & Q(milestones__due_date__lt=soon),
            ),
            n_due_soon=Counted(
                "milestones",
                filter=open_ms
                & Q(milestones__due_date__gte=today)
                & Q(milestones__due_date__lte=soon),
            ),
            first_open_due=IsoDate(Min("milestones__due_date", filter=open_ms)),
        )
        .order_by()
    )


def _month_ends(start: date, end: date) -> list[date]:
    ends = []
    year, month = start.year, start.month
    while True:
        following = date(year + (month == 12), month % 12 + 1, 1)
        last = following - timedelta(days=1)
        ends.append(min(last, end))
        if last >= end:
            return ends
        year, month = following.year, following.month


def build(org: Organisation, today: date, *, listed: int = LISTED) -> Rollup:
    """The roll-up for ``org`` on ``today``: kept for the organisation and the day
    (:class:`OrganisationFigures`) while no plan beneath it has changed, otherwise added up from
    each plan's kept figures (:func:`plan_figures`) and kept for the next reader. ``listed``: how
    many of the first overdue and due-soon milestones to read (at most ``LISTED``)."""
    rows = list(plans_in_period(org, today).values_list(*PLAN_ROW))
    approved = [row for row in rows if row[2] == PlanStatus.APPROVED]
    unit_kind = UNITS_BELOW.get(org.kind)  # type: ignore[call-overload]
    units = {
        u.path: Unit(u)
        for u in (
            Organisation.objects.filter(parent=org, kind=unit_kind, is_active=True).order_by("name")
            if unit_kind
            else []
        )
    }

    own = Unit(org)  # the organisation's own plans, beside the units below it

    def unit_for(path: str) -> Unit | None:
        """The unit a path beneath ``org`` falls in: a unit is a child, so its path is the
        organisation's and one more step."""
        if unit_kind and path == org.path:
            return own
        step = path[len(org.path) :].split("/", 1)[0]
        return units.get(f"{org.path}{step}/")

    for _, _, status, _, path, _ in rows:
        unit = unit_for(path)
        if unit and status == PlanStatus.APPROVED:
            unit.plans += 1
        elif unit:
            unit.not_approved += 1

    fingerprint = hashlib.sha256(
        "\n".join(
            [
                f"{pk} {version} {status} {start.toordinal()} {path}"
                for pk, version, status, start, path, _ in rows
            ]
            + list(units)
        ).encode()
    ).hexdigest()
    figures = (
        OrganisationFigures.objects.filter(
            organisation=org, as_of=today, layout=LAYOUT, fingerprint=fingerprint
        )
        .values_list("figures", flat=True)
        .first()
    )
    if figures is None:
        figures = add_up(approved, unit_for, today)
        if today == dates.today():
            keep_organisation(
                OrganisationFigures(
                    organisation=org,
                    as_of=today,
                    fingerprint=fingerprint,
                    figures=figures,
                    layout=LAYOUT,
                )
            )

    for unit in [own, *units.values()]:
        unit.tally = Tally.from_counts(
            figures["units"].get(str(unit.organisation.pk), [0] * COUNTS)
        )
    objectives = Objective.objects.in_bulk([int(pk) for pk in figures["objectives"]])
    named = {
        row[0]: ListedMilestone(*row)
        for row in Milestone.objects.filter(
            pk__in=figures["overdue"][:listed] + figures["due_soon"][:listed]
        )
        .values_list(*LISTED_FIELDS)
        .order_by()
    }
    overdue = [named[pk] for pk in figures["overdue"][:listed] if pk in named]
    due_soon = [named[pk] for pk in figures["due_soon"][:listed] if pk in named]

    risk_counts = (
        Risk.objects.filter(organisation__path__startswith=org.path, status=RecordStatus.OPEN)
        .annotate(score=F("likelihood") * F("impact"))
        .values("organisation__path")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(review_on__lt=today)),
            very_high=Count("pk", filter=Q(score__gte=VERY_HIGH)),
        )
        .order_by()
    )
    open_risks = overdue_reviews = very_high = 0
    for row in risk_counts:
        open_risks += row["n"]
        overdue_reviews += row["late"]
        very_high += row["very_high"]
        unit = unit_for(row["organisation__path"])
        if unit:
            unit.open_risks += row["n"]
            unit.overdue_reviews += row["late"]

    return Rollup(
        organisation=org,
        today=today,
        plans=PlansInForce([row[0] for row in approved]),
        overall=Tally.from_counts(figures["overall"]),
        by_objective=[
            (objectives[pk], Tally.from_counts(figures["objectives"][str(pk)]))
            for pk in sorted(objectives, key=lambda k: objectives[k].number)
        ],
        units=([own] if own.plans or own.not_approved else []) + list(units.values()),
        unit_kind=unit_kind,
        # Listed by title and status; any other field is read from the database if asked for.
        not_approved=[
            Plan.from_db(Plan.objects.db, ["id", "title", "status"], (pk, title, status))
            for pk, _, status, _, _, title in rows
            if status != PlanStatus.APPROVED
        ],
        overdue=overdue,
        due_soon=due_soon,
        trend=[(date.fromisoformat(day), due, done) for day, due, done in figures["trend"]],
        open_risks=open_risks,
        overdue_reviews=overdue_reviews,
        very_high_risks=very_high,
    )


def add_up(
    plans: list[tuple[Any, ...]], unit_for: Callable[[str], Unit | None], today: date
) -> dict[str, Any]:
    """Add up the plans' figures (rows of ``PLAN_ROW``) for the organisation, for each of its
    units (by the unit's organisation id) and for each objective, as kept in
    :class:`OrganisationFigures`: counts and ids only."""
    totals = _plan_figures({pk: version for pk, version, *_ in plans}, today)
    objective_ids = Objective.objects.filter(version__plans__in=[row[0] for row in plans])
    overall = [0] * COUNTS
    per_objective = {
        pk: [0] * COUNTS for pk in objective_ids.distinct().values_list("pk", flat=True)
    }
    per_unit: dict[str, list[int]] = {}
    due_by_month: Counter[str] = Counter()
    done_by_month: Counter[str] = Counter()
    for pk, _, _, _, path, _ in plans:
        kept = totals[pk]
        unit = unit_for(path)
        in_plan = [0] * COUNTS
        for objective_id, counts in kept.objectives.items():
            add_counts(in_plan, counts)
            add_counts(per_objective.setdefault(objective_id, [0] * COUNTS), counts)
        add_counts(overall, in_plan)
        if unit:
            add_counts(per_unit.setdefault(str(unit.organisation.pk), [0] * COUNTS), in_plan)
        due_by_month.update(kept.due_by_month)
        done_by_month.update(kept.done_by_month)
    first_overdue = heapq.nsmallest(LISTED, chain.from_iterable(t.overdue for t in totals.values()))
    first_due = heapq.nsmallest(LISTED, chain.from_iterable(t.due_soon for t in totals.values()))
    start = min((row[3] for row in plans), default=None)
    return {
        "overall": overall,
        "objectives": {str(pk): counts for pk, counts in per_objective.items()},
        "units": per_unit,
        "trend": [
            [day.isoformat(), due, done]
            for day, due, done in monthly_trend(start, due_by_month, done_by_month, today)
        ],
        "overdue": [pk for _, pk in first_overdue],
        "due_soon": [pk for _, pk in first_due],
    }


def keep_organisation(row: OrganisationFigures) -> None:
    """Store an organisation's added-up figures, replacing older ones; as :func:`keep`, a
    failure costs only the next reader the adding up."""
    try:
        with transaction.atomic():
            OrganisationFigures.objects.bulk_create(
                [row],
                update_conflicts=True,
                unique_fields=["organisation"],
                update_fields=["as_of", "fingerprint", "figures", "layout"],
            )
    except DatabaseError:
        logger.warning("Roll-up figures not kept", exc_info=True)


def plan_figures(plans: list[Plan], today: date) -> dict[int, PlanTotals]:
    """Each plan's counts for ``today``: the kept ones that are still true (same day, same plan
    version and layout), the rest worked out now (four queries, whatever their number) and kept
    for the next reader. Figures for any other day are worked out and not kept."""
    return _plan_figures({p.pk: p.version for p in plans}, today)


def _plan_figures(versions: dict[int, int], today: date) -> dict[int, PlanTotals]:
    if not versions:
        return {}
    totals: dict[int, PlanTotals] = {}
    earlier: dict[int, tuple[date, PlanTotals]] = {}  # the same plan version, an earlier day
    for plan_id, version, as_of, figures in PlanFigures.objects.filter(
        plan__in=list(versions), as_of__lte=today, layout=LAYOUT
    ).values_list("plan_id", "plan_version", "as_of", "figures"):
        if version != versions[plan_id]:
            continue
        if as_of == today:
            totals[plan_id] = PlanTotals.from_json(figures)
        else:
            earlier[plan_id] = (as_of, PlanTotals.from_json(figures))
    stale = sorted(pk for pk in versions if pk not in totals)
    if not stale:
        return totals
    fresh = work_out(stale, today, earlier=earlier)
    totals.update(fresh)
    if today == dates.today():
        keep(
            PlanFigures(
                plan_id=pk,
                as_of=today,
                plan_version=versions[pk],  # as read before counting, so a write since is seen
                figures=fresh[pk].to_json(),
                layout=LAYOUT,
            )
            for pk in stale
        )
    return totals


def keep(rows: Iterable[PlanFigures]) -> None:
    """Store worked-out figures, replacing older ones. In plan order, so two readers storing at
    once cannot deadlock; a failure (a plan deleted meanwhile, a busy database) costs only the
    next reader the work of counting again."""
    try:
        with transaction.atomic():
            PlanFigures.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["plan"],
                update_fields=["as_of", "plan_version", "figures", "layout"],
            )
    except DatabaseError:
        logger.warning("Roll-up figures not kept", exc_info=True)


# The columns of action_facts() that work_out() reads, in this order.
FACT_COLUMNS = (
    "plan_id",
    "objective_id",
    "decision",
    "rag_override",
    "latest_rag",
    "latest_on",
    "n_ms",
    "n_open",
    "n_very_late",
    "n_late",
    "n_soon_unstarted",
    "n_due_soon",
    "first_open_due",
)
RAG_INDEX = {status: i for i, status in enumerate(RAG_ORDER)}


def work_out(
    plan_ids: list[int],
    today: date,
    *,
    earlier: dict[int, tuple[date, PlanTotals]] | None = None,
) -> dict[int, PlanTotals]:
    """Count the plans' actions, milestones and updates in the database: one query for the
    per-action facts RAG needs, two for the milestones due and completed by month, one for the
    first overdue and due-soon milestones.

    ``earlier``: figures kept for some of the plans on an earlier day, at the version they still
    have. The months before that day's month cannot have changed since (any write under a plan
    bumps its version), so they are carried over and only the months from there on are counted:
    on the first request of a day, only the current month."""
    totals = {pk: PlanTotals() for pk in plan_ids}
    ms_at = FIRST_MILESTONE_COUNT  # milestones, then done, overdue and due soon
    for (
        plan_id,
        objective_id,
        decision,
        override,
        latest_rag,
        latest_on,
        n_ms,
        n_open,
        n_very_late,
        n_late,
        n_soon_unstarted,
        n_due_soon,
        first_open_due,
    ) in action_facts(plan_ids, today).values_list(*FACT_COLUMNS):
        applicable = decision != Decision.NOT_APPLICABLE
        if decision == Decision.NOT_REVIEWED:  # no RAG until someone decides
            rag = Status.NOT_REVIEWED
        else:
            rag = status_from_counts(
                applicable=applicable,
                override=override,
                milestones=n_ms,
                open_milestones=n_open,
                open_very_late=n_very_late,
                open_late=n_late,
                due_soon_not_started=n_soon_unstarted,
                first_open_due=from_iso(first_open_due),
                latest_rag=latest_rag,
                latest_on=from_iso(latest_on),
                today=today,
            )
        objectives = totals[plan_id].objectives
        counts = objectives.get(objective_id)
        if counts is None:
            counts = objectives[objective_id] = [0] * COUNTS
        counts[RAG_INDEX[rag]] += 1
        if applicable:
            counts[ms_at] += n_ms
            counts[ms_at + 1] += n_ms - n_open
            counts[ms_at + 2] += n_late
            counts[ms_at + 3] += n_due_soon

    ms = Milestone.objects.filter(action__plan__in=plan_ids).exclude(
        action__decision=Decision.NOT_APPLICABLE
    )
    due = ms.filter(due_date__lte=today)
    done = (
        ms.filter(status=MilestoneStatus.COMPLETE)
        .annotate(on=Coalesce("completed_on", "due_date"))
        .filter(on__lte=today)
    )
    # Months carried over from earlier figures: every month before the earliest of the kept
    # days' months (one query for all plans, so counted from the first of that month for all).
    carried = {pk: kept for pk, kept in (earlier or {}).items() if pk in totals}
    if carried:
        since = min(date(day.year, day.month, 1) for day, _ in carried.values())
        first = f"{since:%Y-%m}"
        for pk, (_, kept) in carried.items():
            totals[pk].due_by_month = {m: n for m, n in kept.due_by_month.items() if m < first}
            totals[pk].done_by_month = {m: n for m, n in kept.done_by_month.items() if m < first}
        counted = [pk for pk in plan_ids if pk not in carried]  # every month
        due = due.filter(Q(action__plan__in=counted) | Q(due_date__gte=since))
        done = done.filter(Q(action__plan__in=counted) | Q(on__gte=since))
    by_month: list[tuple[str, QuerySet[Any]]] = [
        ("due_by_month", due.annotate(month=YearMonth("due_date"))),
        ("done_by_month", done.annotate(month=YearMonth("on"))),
    ]
    for name, rows in by_month:
        for plan_id, month, n in (
            rows.values_list("action__plan_id", "month").annotate(n=Count("id")).order_by()
        ):
            getattr(totals[plan_id], name)[month] = n

    soon = dates.due_soon_until(today)
    first_today = today.isoformat()
    # Only each plan's first LISTED overdue and first LISTED due soon leave the database.
    late = Case(When(due_date__lt=today, then=Value(1)), default=Value(0))
    for plan_id, due_on, pk in (
        ms.filter(due_date__lte=soon)
        .exclude(status=MilestoneStatus.COMPLETE)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("action__plan_id"), late],
                order_by=[F("due_date").asc(), F("id").asc()],
            )
        )
        .filter(place__lte=LISTED)
        .order_by("due_date", "id")
        .values_list("action__plan_id", IsoDate("due_date"), "id")
    ):
        listed = totals[plan_id].overdue if due_on < first_today else totals[plan_id].due_soon
        if len(listed) < LISTED:
            listed.append([date.fromisoformat(due_on).toordinal(), pk])
    return totals


def monthly_trend(
    start: date | None, due_by_month: Counter[str], done_by_month: Counter[str], today: date
) -> list[tuple[date, int, int]]:
    """Milestones due and completed by the end of each month from ``start`` (the earliest start
    of the plans' periods; none without plans), cumulative (the current month up to today)."""
    if start is None:
        return []
    first = f"{start:%Y-%m}"
    due_total = sum(n for month, n in due_by_month.items() if month < first)
    done_total = sum(n for month, n in done_by_month.items() if month < first)
    trend = []
    for month_end in _month_ends(start, today):
        key = f"{month_end:%Y-%m}"
        due_total += due_by_month.get(key, 0)
        done_total += done_by_month.get(key, 0)
        trend.append((month_end, due_total, done_total))
    return trend
