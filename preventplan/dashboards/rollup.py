"""Roll-up figures for one organisation and everything under it: the plans in force today, their
progress by objective, RAG distribution, milestones due and overdue, plans not yet approved, the
trend over the planning year, open risks, and a comparison of the units directly below.

Everything is read in a fixed number of queries whatever the number of plans, actions or
milestones (``tests/test_dashboards.py`` asserts this at two sizes): the plans, their actions,
the actions' milestones and progress updates, the units below and the risk counts. RAG is worked
out by the same rules as everywhere else (:mod:`preventplan.lib.rag`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth

from preventplan.catalogue.models import Objective
from preventplan.lib import scoring
from preventplan.lib.rag import (
    DUE_SOON_DAYS,
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
    ProgressUpdate,
)
from preventplan.plans.progress import RAG_ORDER
from preventplan.programme.models import RecordStatus, Risk

VERY_HIGH = next(upper for upper, band in scoring.BANDS if band.key == "high") + 1

# Which kinds of unit a dashboard compares, by the kind of organisation it is for.
UNITS_BELOW = {
    OrganisationKind.NATION: OrganisationKind.REGION,
    OrganisationKind.REGION: OrganisationKind.FORCE,
    OrganisationKind.FORCE: OrganisationKind.BCU,
}
LISTED = 40  # overdue and due-soon milestones listed by name; the counts cover them all
RAG_COLOURS = {
    Status.RED: "#d4351c",
    Status.AMBER: "#f47738",
    Status.GREEN: "#00703c",
    Status.COMPLETE: "#1d70b8",
    Status.NOT_APPLICABLE: "#b1b4b6",
}


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

    @property
    def actions(self) -> int:
        return sum(v for k, v in self.rag.items() if k != Status.NOT_APPLICABLE)

    def rag_values(self) -> list[int]:
        return [self.rag.get(s, 0) for s in RAG_ORDER]


@dataclass
class Unit:
    organisation: Organisation
    plans: int = 0
    approved: int = 0
    tally: Tally = field(default_factory=Tally)
    open_risks: int = 0
    overdue_reviews: int = 0


@dataclass
class Rollup:
    organisation: Organisation
    today: date
    plans: list[Plan]
    overall: Tally
    by_objective: list[tuple[Objective, Tally]]
    units: list[Unit]
    unit_kind: str | None
    not_approved: list[Plan]
    overdue: list[Milestone]
    due_soon: list[Milestone]
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
                    "plans_approved": u.approved,
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


def current_plans(org: Organisation, today: date) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(
            organisation__path__startswith=org.path,
            period_start__lte=today,
            period_end__gte=today,
        )
        .exclude(status=PlanStatus.CLOSED)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def action_facts(plans: QuerySet[Plan], today: date) -> QuerySet[Any]:
    """One row per action with the counts its RAG and the milestone figures need, worked out
    by the database (one query, whatever the number of milestones and updates)."""
    open_ms = ~Q(milestones__status=MilestoneStatus.COMPLETE)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-reported_on", "-created_at"
    )
    return (
        Action.objects.filter(plan__in=plans)
        .values("id", "plan_id", "objective_id", "decision", "rag_override")
        .annotate(
            n_ms=Count("milestones"),
            n_open=Count("milestones", filter=open_ms),
            n_very_late=Count(
                "milestones",
                filter=open_ms & Q(milestones__due_date__lt=today - timedelta(days=RED_AFTER_DAYS)),
            ),
            n_late=Count("milestones", filter=open_ms & Q(milestones__due_date__lt=today)),
            n_soon_unstarted=Count(
                "milestones",
                filter=Q(milestones__status=MilestoneStatus.NOT_STARTED)
                & Q(milestones__due_date__gte=today)
                & Q(milestones__due_date__lt=soon),
            ),
            n_due_soon=Count(
                "milestones",
                filter=open_ms
                & Q(milestones__due_date__gte=today)
                & Q(milestones__due_date__lte=soon),
            ),
            first_open_due=Min("milestones__due_date", filter=open_ms),
            latest_rag=Subquery(latest.values("rag")[:1]),
            latest_on=Subquery(latest.values("reported_on")[:1]),
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


def build(org: Organisation, today: date) -> Rollup:
    plans_qs = current_plans(org, today)
    plans = list(plans_qs)
    by_id = {p.pk: p for p in plans}
    objectives = {o.pk: o for o in Objective.objects.filter(version__plans__in=plans_qs).distinct()}
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
        if unit_kind and path == org.path:
            return own
        return next((u for p, u in units.items() if path.startswith(p)), None)

    plan_units = {p.pk: unit_for(p.organisation.path) for p in plans}
    for plan in plans:
        unit = plan_units[plan.pk]
        if unit:
            unit.plans += 1
            unit.approved += plan.status == PlanStatus.APPROVED
    overall, per_objective = Tally(), {pk: Tally() for pk in objectives}
    for row in action_facts(plans_qs, today):
        applicable = row["decision"] != Decision.NOT_APPLICABLE
        rag = status_from_counts(
            applicable=applicable,
            override=row["rag_override"],
            milestones=row["n_ms"],
            open_milestones=row["n_open"],
            open_very_late=row["n_very_late"],
            open_late=row["n_late"],
            due_soon_not_started=row["n_soon_unstarted"],
            first_open_due=row["first_open_due"],
            latest_rag=row["latest_rag"],
            latest_on=row["latest_on"],
            today=today,
        )
        tallies = [overall, per_objective.setdefault(row["objective_id"], Tally())]
        unit = plan_units.get(row["plan_id"])
        if unit:
            tallies.append(unit.tally)
        for t in tallies:
            t.rag[rag] += 1
            if applicable:
                t.milestones += row["n_ms"]
                t.done += row["n_ms"] - row["n_open"]
                t.overdue += row["n_late"]
                t.due_soon += row["n_due_soon"]

    listed = (
        Milestone.objects.filter(action__plan__in=plans_qs)
        .exclude(status=MilestoneStatus.COMPLETE)
        .exclude(action__decision=Decision.NOT_APPLICABLE)
        .select_related("action")
        .order_by("due_date", "id")
    )
    overdue = list(listed.filter(due_date__lt=today)[:LISTED])
    due_soon = list(
        listed.filter(due_date__gte=today, due_date__lte=today + timedelta(DUE_SOON_DAYS))[:LISTED]
    )
    for m in overdue + due_soon:
        m.action.plan = by_id[m.action.plan_id]

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

    trend = monthly_trend(plans_qs, plans, today)

    return Rollup(
        organisation=org,
        today=today,
        plans=plans,
        overall=overall,
        by_objective=[
            (objectives[pk], per_objective[pk])
            for pk in sorted(objectives, key=lambda k: objectives[k].number)
        ],
        units=([own] if own.plans else []) + list(units.values()),
        unit_kind=unit_kind,
        not_approved=[p for p in plans if p.status != PlanStatus.APPROVED],
        overdue=overdue,
        due_soon=due_soon,
        trend=trend,
        open_risks=open_risks,
        overdue_reviews=overdue_reviews,
        very_high_risks=very_high,
    )


def monthly_trend(
    plans_qs: QuerySet[Plan], plans: list[Plan], today: date
) -> list[tuple[date, int, int]]:
    """Milestones due and completed by the end of each month of the planning year so far,
    cumulative (the current month up to today). Three aggregate queries."""
    if not plans:
        return []
    ms = Milestone.objects.filter(action__plan__in=plans_qs).exclude(
        action__decision=Decision.NOT_APPLICABLE
    )
    done = ms.filter(status=MilestoneStatus.COMPLETE).annotate(
        on=Coalesce("completed_on", "due_date")
    )
    due_by_month = {
        (r["month"].year, r["month"].month): r["n"]
        for r in ms.filter(due_date__lte=today)
        .annotate(month=TruncMonth("due_date"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    }
    done_by_month = {
        (r["month"].year, r["month"].month): r["n"]
        for r in done.filter(on__lte=today)
        .annotate(month=TruncMonth("on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    }
    start = min(p.period_start for p in plans)
    earlier_due = sum(n for (y, m), n in due_by_month.items() if (y, m) < (start.year, start.month))
    earlier_done = sum(
        n for (y, m), n in done_by_month.items() if (y, m) < (start.year, start.month)
    )
    trend = []
    due_total, done_total = earlier_due, earlier_done
    for month_end in _month_ends(start, today):
        key = (month_end.year, month_end.month)
        due_total += due_by_month.get(key, 0)
        done_total += done_by_month.get(key, 0)
        trend.append((month_end, due_total, done_total))
    return trend
