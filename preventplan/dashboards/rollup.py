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

from django.db.models import Count, F, Prefetch, Q

from preventplan.catalogue.models import Objective
from preventplan.lib import scoring
from preventplan.lib.rag import DUE_SOON_DAYS, LABELS, Status
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.plans.models import (
    Action,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanStatus,
    ProgressUpdate,
)
from preventplan.plans.progress import RAG_ORDER, action_rag
from preventplan.programme.models import RecordStatus, Risk

VERY_HIGH = next(upper for upper, band in scoring.BANDS if band.key == "high") + 1

# Which kinds of unit a dashboard compares, by the kind of organisation it is for.
UNITS_BELOW = {
    OrganisationKind.NATION: OrganisationKind.REGION,
    OrganisationKind.REGION: OrganisationKind.FORCE,
    OrganisationKind.FORCE: OrganisationKind.BCU,
}
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


def current_plans(org: Organisation, today: date) -> list[Plan]:
    return list(
        Plan.objects.filter(
            organisation__path__startswith=org.path,
            period_start__lte=today,
            period_end__gte=today,
        )
        .exclude(status=PlanStatus.CLOSED)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.only(
                    "id",
                    "plan_id",
                    "objective_id",
                    "decision",
                    "rag_override",
                    "rag_override_reason",
                    "number",
                ),
            ),
            Prefetch(
                "actions__milestones",
                queryset=Milestone.objects.only(
                    "id", "action_id", "title", "due_date", "status", "completed_on"
                ),
            ),
            Prefetch(
                "actions__updates",
                queryset=ProgressUpdate.objects.only(
                    "id", "action_id", "reported_on", "rag", "created_at"
                ),
            ),
        )
        .order_by("organisation__name")
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
    plans = current_plans(org, today)
    objectives = {o.pk: o for o in Objective.objects.filter(version__plans__in=plans).distinct()}
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

    overall, per_objective = Tally(), {pk: Tally() for pk in objectives}
    overdue: list[Milestone] = []
    due_soon: list[Milestone] = []
    all_milestones: list[Milestone] = []
    for plan in plans:
        unit = unit_for(plan.organisation.path)
        if unit:
            unit.plans += 1
            unit.approved += plan.status == PlanStatus.APPROVED
        for action in plan.actions.all():
            action.plan = plan
            rag = action_rag(action, today).status
            tallies = [overall, per_objective.setdefault(action.objective_id, Tally())]
            if unit:
                tallies.append(unit.tally)
            for t in tallies:
                t.rag[rag] += 1
            if rag == Status.NOT_APPLICABLE:
                continue
            for m in action.milestones.all():
                m.action = action
                all_milestones.append(m)
                complete = m.status == MilestoneStatus.COMPLETE
                late = not complete and m.due_date < today
                soon = not complete and today <= m.due_date <= today + timedelta(DUE_SOON_DAYS)
                for t in tallies:
                    t.milestones += 1
                    t.done += complete
                    t.overdue += late
                    t.due_soon += soon
                if late:
                    overdue.append(m)
                elif soon:
                    due_soon.append(m)

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

    trend: list[tuple[date, int, int]] = []
    if plans:
        start = min(p.period_start for p in plans)
        for month_end in _month_ends(start, today):
            due = sum(1 for m in all_milestones if m.due_date <= month_end)
            done = sum(
                1
                for m in all_milestones
                if m.status == MilestoneStatus.COMPLETE
                and (m.completed_on or m.due_date) <= month_end
            )
            trend.append((month_end, due, done))

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
        overdue=sorted(overdue, key=lambda m: m.due_date),
        due_soon=sorted(due_soon, key=lambda m: m.due_date),
        trend=trend,
        open_risks=open_risks,
        overdue_reviews=overdue_reviews,
        very_high_risks=very_high,
    )
