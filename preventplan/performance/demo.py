"""Demo performance figures for Northmoor Police and Northmoor City BCU, and the Northmoor City
forum's NI35 self-assessments (last year's submitted, this year's part-done). Fictional."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from preventplan.accounts.models import User
from preventplan.lib.dates import financial_year_start, period_start
from preventplan.organisations.models import Organisation, Partnership
from preventplan.performance import actions
from preventplan.performance.forms import recent_periods
from preventplan.performance.models import Indicator, Ni35StrandScore
from preventplan.plans.models import Plan

# code: (targets for force and BCU, values oldest → newest for the force, for the BCU)
FIGURES = {
    "PV-02": ((Decimal(85), Decimal(80)), [48, 55, 63, 71, 76], [40, 52, 61, 68, 74]),
    "PV-03": ((Decimal(12), Decimal(4)), [9, 11, 12, 10, 13, 12, 8], [3, 4, 5, 2, 4, 3, 2]),
    "PV-04": ((Decimal(90), Decimal(90)), [72, 81, 86, 84, 88], [65, 70, 79, 77, 74]),
    "PV-05": ((Decimal(6), Decimal(2)), [9, 7, 8, 5, 4], [3, 2, 4, 3, 1]),
    "PV-07": ((Decimal(80), Decimal(80)), [60, 64, 70, 78, 82], [55, 58, 62, 70, 75]),
}
# Targets for indicators computed from the registers (their values are counted, not typed).
COMPUTED_TARGETS = {"PV-06": (Decimal(15), Decimal(15))}


def seed_performance(
    users: dict[str, User], force_plan: Plan, city_plan: Plan, today: date, evaluations: list[Any]
) -> None:
    """``evaluations``: the City BCU's benefits (programme, seeded first), for the NI35 scores."""
    force, city = force_plan.organisation, city_plan.organisation
    year = financial_year_start(today)
    for code, (targets, force_values, city_values) in FIGURES.items():
        indicator = Indicator.objects.get(code=code)
        for org, lead, target, values in [
            (force, users["force.lead"], targets[0], force_values),
            (city, users["bcu.lead"], targets[1], city_values),
        ]:
            actions.set_target(lead, indicator, org, year, target, 10)
            # The latest period is left for the user to enter: values stop one period back.
            periods = recent_periods(indicator.frequency, today)[1 : len(values) + 1]
            for period, value in zip(reversed(periods), values, strict=False):
                actions.record_value(
                    lead, indicator, org, period, Decimal(value), "Force performance system"
                )
    for code, targets in COMPUTED_TARGETS.items():
        indicator = Indicator.objects.get(code=code)
        for org, lead, target in [
            (force, users["force.lead"], targets[0]),
            (city, users["bcu.lead"], targets[1]),
        ]:
            actions.set_target(lead, indicator, org, year, target, 10)
    seed_ni35(users, city, today, evaluations)


def seed_ni35(
    users: dict[str, User], city: Organisation, today: date, evaluations: list[Any]
) -> None:
    forum = Partnership.objects.get(name="Northmoor City Prevent Partnership Forum")
    this_year_end = financial_year_start(today).replace(year=financial_year_start(today).year + 1)
    this_year_end -= timedelta(days=1)
    last_year_end = this_year_end.replace(year=this_year_end.year - 1)
    coordinator = users["partner"]
    last = actions.start_assessment(
        coordinator, forum, last_year_end, "annual", last_year_end - timedelta(days=20)
    )
    for score, (value, evidence) in zip(
        last.scores.select_related("strand").order_by("strand__number"),
        [
            (2, "Engagement plan agreed; reference group formed in the autumn."),
            (2, "Awareness training for council staff began in January."),
            (3, "Multi-agency action plan adopted by the forum; risk register started."),
            (2, "Forum meets quarterly; no evaluations yet."),
        ],
        strict=True,
    ):
        score.score, score.evidence = value, evidence
        actions.save_strand(coordinator, score, score.version, [], [])
    actions.submit_assessment(coordinator, last)
    # Submitted when it was assessed, in March, not when the demo was loaded.
    type(last).objects.filter(pk=last.pk).update(
        submitted_at=timezone.make_aware(datetime.combine(last.assessed_on, time(15)))
    )

    current = actions.start_assessment(
        coordinator, forum, this_year_end, "annual", period_start(today, "monthly")
    )
    strands = {s.strand.number: s for s in current.scores.select_related("strand")}
    city_plan = Plan.objects.filter(organisation=city).order_by("-period_start").first()
    _score(
        coordinator,
        strands[1],
        3,
        "Monthly community reference group; two tabletop exercises with students and youth "
        "groups; key individual network briefed quarterly.",
        city_plan,
        ["4.1", "4.2"],
        evaluations,
    )
    _score(
        coordinator,
        strands[3],
        4,
        "The forum's action plan follows the national template with a recorded reason for each "
        "activity set aside; risk register reviewed at each forum meeting.",
        city_plan,
        ["0.11", "3.1"],
        evaluations,
    )


def _score(
    actor: User,
    score: Ni35StrandScore,
    value: int,
    evidence: str,
    plan: Plan | None,
    numbers: list[str],
    evaluations: list[Any],
) -> None:
    score.score, score.evidence = value, evidence
    linked = list(plan.actions.filter(number__in=numbers)) if plan else []
    actions.save_strand(actor, score, score.version, linked, evaluations if plan else [])
