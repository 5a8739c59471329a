"""Deterministic synthetic history for the synthetic organisations: a plan per force and BCU for
each year (actions from the template, milestones, progress updates), risks, indicator values,
weekly tension returns and force assessments, board meetings, and audit events. Bulk inserts
throughout, so the national scale (43 forces, 230 BCUs, five years) builds in minutes. Every name
says "Synthetic"; nothing here is real."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from preventplan.audit.log import chain_hash
from preventplan.audit.models import AuditAction, AuditChainHead, AuditEvent
from preventplan.catalogue.models import Activity, TemplateVersion
from preventplan.lib.dates import financial_year_start, period_start, week_commencing
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.performance.models import Indicator, IndicatorTarget, IndicatorValue
from preventplan.plans.actions import LEVELS_FOR_KIND, fill_latest_rag
from preventplan.plans.models import (
    Action,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanStatus,
    ProgressUpdate,
    ThreatLevel,
    ensure_threat_levels,
)
from preventplan.programme.models import (
    Board,
    BoardDecision,
    BoardKind,
    Meeting,
    MeetingAction,
    MeetingStatus,
    Risk,
    RiskCategory,
)
from preventplan.tension.defaults import ensure_defaults as ensure_tension_defaults
from preventplan.tension.models import (
    BcuReturn,
    ForceAssessment,
    IndicatorType,
    ReturnCount,
    ReturnStatus,
    TensionLevel,
    TensionSettings,
)

BATCH = 2000


@dataclass
class Counts:
    """Rows made, by kind: what generate_dataset prints."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + n


def generate_history(prefix: str, years: int, rng: random.Random, today: date) -> Counts:
    counts = Counts()
    ensure_threat_levels()
    ensure_tension_defaults()
    forces = list(Organisation.objects.filter(name__startswith=f"{prefix} force", kind="force"))
    bcus = list(Organisation.objects.filter(name__startswith=f"{prefix} BCU", kind="bcu"))
    units = forces + bcus
    version = TemplateVersion.objects.current()
    assert version is not None  # noqa: S101 - load_template runs first
    activities = list(Activity.objects.filter(version=version).select_related("objective"))
    level = ThreatLevel.objects.get(code="substantial")
    this_year = financial_year_start(today)
    starts = [this_year.replace(year=this_year.year - n) for n in range(years - 1, -1, -1)]

    plans = Plan.objects.bulk_create(
        [
            Plan(
                organisation=unit,
                title=f"{unit.name} Prevent action plan {start.year}/{str(start.year + 1)[-2:]}",
                period_start=start,
                period_end=start.replace(year=start.year + 1) - timedelta(days=1),
                template_version=version,
                status=PlanStatus.CLOSED
                if start < this_year
                else rng.choice([PlanStatus.APPROVED] * 4 + [PlanStatus.DRAFT]),
                threat_level=level,
            )
            for start in starts
            for unit in units
        ],
        batch_size=BATCH,
    )
    counts.add("plans", len(plans))
    actions = []
    for plan in plans:
        fits = LEVELS_FOR_KIND[plan.organisation.kind]
        for activity in activities:
            if activity.level in fits:
                actions.append(
                    Action(
                        plan=plan,
                        activity=activity,
                        number=activity.number,
                        sort_key=activity.sort_key,
                        objective=activity.objective,
                    )
                )
    actions = Action.objects.bulk_create(actions, batch_size=BATCH)
    counts.add("actions", len(actions))
    milestones, updates = [], []
    for action in actions:
        plan = action.plan
        span = (plan.period_end - plan.period_start).days
        for n in range(rng.randint(2, 4)):
            due = plan.period_start + timedelta(days=rng.randint(30, span))
            done = due < today and rng.random() < (0.9 if plan.period_end < today else 0.65)
            milestones.append(
                Milestone(
                    action=action,
                    title=f"Milestone {n + 1}",
                    due_date=due,
                    status=MilestoneStatus.COMPLETE if done else MilestoneStatus.NOT_STARTED,
                    completed_on=due - timedelta(days=rng.randint(0, 20)) if done else None,
                )
            )
        if plan.period_start <= today:
            updates.append(
                ProgressUpdate(
                    action=action,
                    reported_on=min(today, plan.period_end) - timedelta(days=rng.randint(0, 80)),
                    rag=rng.choice(["green", "green", "amber", "red"]),
                    narrative="Synthetic progress update.",
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
    fill_latest_rag(Action.objects.filter(pk__in=ProgressUpdate.objects.values("action_id")))
    counts.add("milestones", len(milestones))
    counts.add("progress updates", len(updates))

    categories = RiskCategory.values
    risks = [
        Risk(
            organisation=unit,
            reference=f"R-{n + 1:03d}",
            title=f"Synthetic risk {n + 1}",
            category=categories[(unit.pk + n) % len(categories)],
            cause="Synthetic cause.",
            effect="Synthetic effect.",
            inherent_likelihood=(il := rng.randint(2, 5)),
            inherent_impact=(ii := rng.randint(2, 5)),
            likelihood=rng.randint(1, il),
            impact=rng.randint(1, ii),
            target_likelihood=1,
            target_impact=rng.randint(1, ii),
            review_on=today + timedelta(days=rng.randint(-40, 120)),
        )
        for unit in units
        for n in range(3 if unit.kind == OrganisationKind.FORCE else 2)
    ]
    Risk.objects.bulk_create(risks, batch_size=BATCH)
    counts.add("risks", len(risks))

    indicators = list(Indicator.objects.filter(is_active=True))
    values, targets = [], []
    first = starts[0]
    for unit in units:
        for indicator in indicators:
            for start in starts:
                targets.append(
                    IndicatorTarget(
                        indicator=indicator,
                        organisation=unit,
                        year_start=start,
                        target=Decimal(rng.randint(50, 90) if indicator.unit == "percent" else 10),
                    )
                )
            step = {"monthly": 32, "quarterly": 93}.get(indicator.frequency, 366)
            day = period_start(first, indicator.frequency)
            while day <= today:
                base = 70 if indicator.unit == "percent" else 8
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        organisation=unit,
                        period_start=day,
                        value=Decimal(max(0, base + rng.randint(-15, 15))),
                    )
                )
                day = period_start(day + timedelta(days=step), indicator.frequency)
    IndicatorTarget.objects.bulk_create(targets, batch_size=BATCH)
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH, ignore_conflicts=True)
    counts.add("indicator targets", len(targets))
    counts.add("indicator values", len(values))

    counts.rows.update(_tension(forces, bcus, starts[0], today, rng).rows)
    counts.rows.update(_boards(forces, starts[0], today, rng).rows)
    counts.add("audit events", _audit(plans, today))
    return counts


def _tension(
    forces: list[Organisation],
    bcus: list[Organisation],
    first: date,
    today: date,
    rng: random.Random,
) -> Counts:
    counts = Counts()
    settings_row = TensionSettings.current()
    levels = list(TensionLevel.objects.order_by("position"))
    kinds = list(IndicatorType.objects.filter(is_active=True))
    weeks = []
    week = week_commencing(first)
    while settings_row.due_at(week) < timezone.now():
        weeks.append(week)
        week += timedelta(days=7)
    returns = []
    for week in weeks:
        submitted = timezone.make_aware(datetime.combine(week + timedelta(days=1), time(16, 0)))
        for bcu in bcus:
            if rng.random() < 0.03:
                continue  # a missing return now and then
            lv = levels[min(len(levels) - 1, max(0, 1 + rng.randint(-1, 2)))]
            returns.append(
                BcuReturn(
                    bcu=bcu,
                    week_commencing=week,
                    status=ReturnStatus.SUBMITTED,
                    submitted_at=submitted + timedelta(hours=rng.choice([0, 0, 0, 30])),
                    experienced="Synthetic narrative.",
                    evidential="Synthetic narrative.",
                    potential="Synthetic narrative.",
                    experienced_level=lv,
                    evidential_level=lv,
                    potential_level=lv,
                    overall_level=lv,
                    trend=rng.choice(["stable", "stable", "rising", "falling"]),
                )
            )
    returns = BcuReturn.objects.bulk_create(returns, batch_size=BATCH)
    count_rows = [
        ReturnCount(bcu_return=r, indicator=k, count=rng.randint(0, 5))
        for r in returns
        for k in kinds[:3]
    ]
    ReturnCount.objects.bulk_create(count_rows, batch_size=BATCH)
    assessments = ForceAssessment.objects.bulk_create(
        [
            ForceAssessment(
                force=force,
                week_commencing=week,
                status=ReturnStatus.SUBMITTED,
                submitted_at=timezone.make_aware(
                    datetime.combine(week + timedelta(days=2), time(15, 0))
                ),
                narrative="Synthetic force assessment.",
                overall_level=levels[2],
            )
            for week in weeks
            for force in forces
        ],
        batch_size=BATCH,
    )
    counts.add("tension returns", len(returns))
    counts.add("tension counts", len(count_rows))
    counts.add("force tension assessments", len(assessments))
    return counts


def _boards(forces: list[Organisation], first: date, today: date, rng: random.Random) -> Counts:
    counts = Counts()
    boards = Board.objects.bulk_create(
        [
            Board(organisation=f, name=f"{f.name} Prevent board", kind=BoardKind.FORCE_BOARD)
            for f in forces
        ]
    )
    meetings = []
    for board in boards:
        day = first + timedelta(days=45)
        while day <= today + timedelta(days=60):
            meetings.append(
                Meeting(
                    board=board,
                    held_on=day,
                    status=MeetingStatus.HELD if day <= today else MeetingStatus.PLANNED,
                )
            )
            day += timedelta(days=91)
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    decisions = BoardDecision.objects.bulk_create(
        [
            BoardDecision(meeting=m, text=f"Synthetic decision {n + 1}.")
            for m in held
            for n in range(2)
        ],
        batch_size=BATCH,
    )
    meeting_actions = MeetingAction.objects.bulk_create(
        [
            MeetingAction(
                meeting=m,
                text=f"Synthetic action {n + 1}.",
                due_on=m.held_on + timedelta(days=rng.randint(14, 60)),
                status="done" if m.held_on + timedelta(days=60) < today else "open",
            )
            for m in held
            for n in range(2)
        ],
        batch_size=BATCH,
    )
    counts.add("boards", len(boards))
    counts.add("meetings", len(meetings))
    counts.add("board decisions", len(decisions))
    counts.add("meeting actions", len(meeting_actions))
    return counts


def _audit(plans: list[Plan], today: date) -> int:
    """Audit events for the plans' creation and approval, linked into the hash chain."""
    head, _ = AuditChainHead.objects.get_or_create(pk=1)
    previous = head.last_hash
    rows = []
    for plan in plans:
        for event, action in (
            ("plan.created", AuditAction.COLLECT),
            ("plan.approved", AuditAction.ALTER),
        ):
            row = AuditEvent(
                at=timezone.make_aware(
                    datetime.combine(min(plan.period_start, today), time(9, 0))
                ).astimezone(UTC),
                actor_label="synthetic",
                organisation_id=plan.organisation_id,
                action=action,
                event=event,
                record_type="plans.plan",
                record_id=str(plan.pk),
                record_label=plan.title[:300],
                previous_hash=previous,
            )
            row.hash = chain_hash(row)
            previous = row.hash
            rows.append(row)
    AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous, count=head.count + len(rows))
    return len(rows)
