"""Roll-up dashboards: the figures match the data, drill-down links, and query counts that do not
grow with the number of plans, actions or milestones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from preventplan.dashboards import rollup
from preventplan.plans import actions as plan_actions
from preventplan.plans.models import Milestone, MilestoneStatus, Plan, ThreatLevel
from tests.test_programme import make_risk
from tests.world import PERIOD, World

TODAY = date(2026, 11, 29)


def deliver(plan: Plan, numbers: dict[str, list[tuple[date, bool]]]) -> None:
    """Give actions milestones: (due date, complete) each."""
    for number, rows in numbers.items():
        action = plan.actions.get(number=number)
        for due, complete in rows:
            Milestone.objects.create(
                action=action,
                title=f"{number} by {due}",
                due_date=due,
                status=MilestoneStatus.COMPLETE if complete else MilestoneStatus.NOT_STARTED,
                completed_on=due if complete else None,
            )


@time_machine.travel(TODAY, tick=False)
def test_force_dashboard_figures_match_the_data(world: World, client_for: Any) -> None:
    """The force dashboard counts the milestones, the overdue ones and those due soon, splits
    them by objective and by BCU, and counts open risks and overdue reviews."""
    a1 = world.plans["a1"]
    deliver(
        a1,
        {
            "3.1": [(date(2026, 6, 30), True), (date(2026, 10, 1), False)],  # one done, one late
            "2.4": [(date(2026, 12, 5), False)],  # due within 14 days
            "5.6": [(date(2027, 2, 1), False)],
        },
    )
    make_risk(world, review_on=date(2026, 12, 1))
    with time_machine.travel(date(2026, 10, 1), tick=False):
        make_risk(world, review_on=date(2026, 11, 1), likelihood=4, impact=4, inherent_impact=5)
    response = client_for("force_lead").get(
        reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk])
    )
    assert response.status_code == 200
    data = response.context["data"]
    assert [p.pk for p in data.plans] == [a1.pk]  # B1 is another force's
    # The figures, counted independently in the database.
    ms = Milestone.objects.filter(action__plan=a1).exclude(action__decision="not-applicable")
    open_ms = ms.exclude(status=MilestoneStatus.COMPLETE)
    expected = (
        ms.count(),
        ms.filter(status=MilestoneStatus.COMPLETE).count(),
        open_ms.filter(due_date__lt=TODAY).count(),
        open_ms.filter(due_date__gte=TODAY, due_date__lte=date(2026, 12, 13)).count(),
    )
    overall = data.overall
    assert (overall.milestones, overall.done, overall.overdue, overall.due_soon) == expected
    assert overall.done == 1 and overall.due_soon >= 1
    assert overall.percent == round(100 * expected[1] / expected[0])
    by_number = {o.number: t for o, t in data.by_objective}
    objective_3 = ms.filter(action__objective__number=3)
    assert by_number[3].milestones == objective_3.count()
    assert (
        by_number[3].overdue
        == objective_3.filter(due_date__lt=TODAY, status=MilestoneStatus.NOT_STARTED).count()
    )
    units = {u.organisation.name: u for u in data.units}
    assert units["BCU A1"].plans == 1 and units["BCU A1"].tally.milestones == expected[0]
    assert units["BCU A2"].plans == 0
    assert (data.open_risks, data.overdue_reviews, data.very_high_risks) == (2, 1, 1)
    assert (units["BCU A1"].open_risks, units["BCU A1"].overdue_reviews) == (2, 1)
    assert [p.pk for p in data.not_approved] == [a1.pk]
    body = response.content.decode()
    bcu_link = reverse("dashboards:dashboard", args=[world.orgs["bcu_a1"].pk])
    assert f'href="{bcu_link}"' in body
    assert body.count('role="img"') == 3  # objectives, units, trend: each beside a table
    # The trend ends today with every milestone due so far and the one completed.
    assert data.trend[-1] == (TODAY, ms.filter(due_date__lte=TODAY).count(), 1)
    assert data.trend[0][0] == date(2026, 4, 30)


@time_machine.travel(TODAY, tick=False)
def test_rag_distribution_matches_action_pages(world: World, client_for: Any) -> None:
    """The dashboard's RAG counts are those the plan page shows, action by action."""
    a1 = world.plans["a1"]
    deliver(a1, {"3.1": [(date(2026, 6, 30), False)], "2.4": [(date(2026, 6, 30), True)]})
    data = rollup.build(world.orgs["bcu_a1"], TODAY)
    plan_page = client_for("bcu_lead").get(reverse("plans:plan-detail", args=[a1.pk]))
    assert dict(data.overall.rag) == {
        key: n for key, _, n in plan_page.context["overall"].rag_rows if n
    }
    assert sum(data.overall.rag.values()) == a1.actions.count()
    assert data.overall.rag["red"] >= 1  # 3.1 is 150 days late


def test_bcu_dashboard_has_no_units_and_region_compares_forces(world: World) -> None:
    """A BCU's dashboard compares nothing below it; a region's compares its forces."""
    with time_machine.travel(TODAY, tick=False):
        bcu = rollup.build(world.orgs["bcu_a1"], TODAY)
        region = rollup.build(world.orgs["region"], TODAY)
    assert bcu.units == [] and len(bcu.plans) == 1
    assert [u.organisation.name for u in region.units] == ["Force A", "Force B"]
    assert [u.plans for u in region.units] == [1, 1]


def test_dashboard_index_sends_each_reader_to_their_level(world: World, client_for: Any) -> None:
    """The force lead lands on the force, the police authority on its force, the BCU lead on the
    BCU; the action owner has no dashboard and is told what to use instead."""
    index = reverse("dashboards:index")
    for persona, org in [
        ("force_lead", "force_a"),
        ("oversight_reader", "force_a"),
        ("bcu_lead", "bcu_a1"),
        ("regional_oversight", "region"),
    ]:
        response = client_for(persona).get(index)
        assert response.status_code == 302, persona
        assert response["Location"] == reverse("dashboards:dashboard", args=[world.orgs[org].pk])
    owner = client_for("action_owner").get(index)
    assert owner.status_code == 200 and "the actions you own" in owner.content.decode()


def _queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_dashboard_query_count_does_not_grow(world: World, client_for: Any) -> None:
    """The region dashboard makes the same number of queries with one plan per force as with
    more plans, actions, milestones and updates in both forces."""
    client = client_for("regional_oversight")
    url = reverse("dashboards:dashboard", args=[world.orgs["region"].pk])
    with time_machine.travel(TODAY, tick=False):
        small = _queries(client, url)
        substantial = ThreatLevel.objects.get(code="substantial")
        for key, lead in [("bcu_a2", "force_lead"), ("force_a", "force_lead")]:
            plan = plan_actions.create_plan(
                world.users[lead],
                world.orgs[key],
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                threat_level=substantial,
            )
            for action in plan.actions.all()[:10]:
                for n in range(3):
                    Milestone.objects.create(action=action, title=f"M{n}", due_date=TODAY)
                plan_actions.add_progress_update(
                    world.users[lead], action, reported_on=TODAY, rag="amber", narrative="x"
                )
        make_risk(world)
        large = _queries(client, url)
    assert large == small


@time_machine.travel(TODAY, tick=False)
def test_database_rag_agrees_with_the_rules_on_varied_data(world: World) -> None:
    """The roll-up works RAG out in the database; on a seeded mix of milestones (late, very late,
    due soon, started or not, complete), progress updates (red, amber, stale) and overrides, it
    gives every action the status the rules in docs/rag.md give it."""
    import random
    from collections import Counter

    from preventplan.plans.models import Action, ProgressUpdate
    from preventplan.plans.progress import action_rag

    rng = random.Random(35)
    a1 = world.plans["a1"]
    Milestone.objects.filter(action__plan=a1).delete()
    for action in a1.actions.all():
        for _ in range(rng.randint(0, 3)):
            status = rng.choice(list(MilestoneStatus.values))
            Milestone.objects.create(
                action=action,
                title="m",
                due_date=TODAY + timedelta(days=rng.randint(-60, 30)),
                status=status,
            )
        if rng.random() < 0.6:
            ProgressUpdate.objects.create(
                action=action,
                reported_on=TODAY - timedelta(days=rng.randint(0, 150)),
                rag=rng.choice(["red", "amber", "green"]),
                narrative="x",
            )
        if rng.random() < 0.1:
            Action.objects.filter(pk=action.pk).update(
                rag_override="green", rag_override_reason="r"
            )
    expected = Counter(
        action_rag(a, TODAY).status
        for a in Action.objects.filter(plan=a1).prefetch_related("milestones", "updates")
    )
    data = rollup.build(world.orgs["bcu_a1"], TODAY)
    assert dict(data.overall.rag) == dict(expected)
    assert len(expected) >= 4  # the mix really exercises several statuses
