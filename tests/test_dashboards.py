"""Roll-up dashboards: the figures match the data, drill-down links, and query counts that do not
grow with the number of plans, actions or milestones."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from preventplan.catalogue.models import TemplateVersion
from preventplan.dashboards import kept as kept_bodies
from preventplan.dashboards import rollup
from preventplan.dashboards.models import OrganisationFigures, PlanFigures
from preventplan.plans import actions as plan_actions
from preventplan.plans import checklist, importer
from preventplan.plans.models import (
    Decision,
    Milestone,
    MilestoneStatus,
    Plan,
    TemplateChangeDecision,
    ThreatLevel,
)
from tests.factories import approve_plan, make_risk
from tests.world import PERIOD, World

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def plans_in_force(world: World) -> None:
    """Both of the world's plans approved: a dashboard counts only plans in force."""
    approve_plan(world, "a1")
    approve_plan(world, "b1")


def draft_for_bcu_a2(world: World) -> Plan:
    """A draft plan for BCU A2 in the world's period: in its period, not in force."""
    return plan_actions.create_plan(
        world.users["force_lead"],
        world.orgs["bcu_a2"],
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        threat_level=ThreatLevel.objects.get(code="substantial"),
    )


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
    assert (overall.done, overall.due_soon) == (1, 1)  # 3.1's first done, 2.4's due soon
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
    assert data.not_approved == []
    body = response.content.decode()
    bcu_link = reverse("dashboards:dashboard", args=[world.orgs["bcu_a1"].pk])
    assert f'href="{bcu_link}"' in body
    assert body.count('role="img"') == 3  # objectives, units, trend: each beside a table
    # The trend ends today with every milestone due so far and the one completed.
    assert data.trend[-1] == (TODAY, ms.filter(due_date__lte=TODAY).count(), 1)
    assert data.trend[0][0] == date(2026, 4, 30)


@time_machine.travel(TODAY, tick=False)
def test_a_unit_with_no_plan_in_force_shows_no_share_of_milestones(
    world: World, client_for: Any
) -> None:
    """In the units table, a BCU with no plan in force reads "No plan in force" where the
    milestones complete would be, not "0 of 0 (0%)"; a BCU with a plan keeps its share."""
    deliver(world.plans["a1"], {"3.1": [(date(2026, 6, 30), True), (date(2026, 10, 1), False)]})
    body = (
        client_for("force_lead")
        .get(reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk]))
        .content.decode()
    )
    units = body.split("Each unit's plans, actions by RAG status, milestones and risks")[1]
    a2 = units.split(">BCU A2</a>")[1].split("</tr>")[0]
    assert a2.count("No plan in force") == 2  # the plans column, and milestones complete
    assert "0 of 0" not in units
    a1 = units.split(">BCU A1</a>")[1].split("</tr>")[0]
    assert re.search(r">\d+ of \d+ \(\d+%\)<", a1)


@time_machine.travel(TODAY, tick=False)
def test_a_draft_plan_is_not_in_force(world: World, client_for: Any) -> None:
    """A draft in its period is listed as "not yet approved" and counted nowhere else: not as a
    plan in force, not in the milestones, RAG, units' figures or the API's."""
    a1 = world.plans["a1"]
    deliver(a1, {"3.1": [(date(2026, 10, 1), False)]})
    draft = draft_for_bcu_a2(world)
    deliver(draft, {"3.1": [(date(2026, 9, 1), False), (date(2026, 12, 1), False)]})
    response = client_for("force_lead").get(
        reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk])
    )
    data = response.context["data"]
    assert [p.pk for p in data.plans] == [a1.pk]
    assert [p.pk for p in data.not_approved] == [draft.pk]
    in_force = Milestone.objects.filter(action__plan=a1).exclude(action__decision="not-applicable")
    assert data.overall.milestones == in_force.count()
    late = in_force.exclude(status=MilestoneStatus.COMPLETE).filter(due_date__lt=TODAY)
    assert data.overall.overdue == late.count()  # a1's, none of the draft's
    units = {u.organisation.name: u for u in data.units}
    assert (units["BCU A2"].plans, units["BCU A2"].not_approved) == (0, 1)
    assert units["BCU A2"].tally.milestones == 0
    body = response.content.decode()
    assert '1</span><span class="app-figure__label">plan in force, 1 not yet approved' in body
    assert draft.title in body.split("Plans not yet approved")[1]
    figures = rollup.build(world.orgs["force_a"], TODAY).as_dict()
    assert (figures["plans"], figures["plans_not_approved"]) == (1, [draft.pk])


@time_machine.travel(TODAY, tick=False)
def test_only_drafts_still_listed(world: World, client_for: Any) -> None:
    """With no plan in force, the dashboard says so and still lists the drafts waiting."""
    draft = draft_for_bcu_a2(world)
    body = (
        client_for("force_lead")
        .get(reverse("dashboards:dashboard", args=[world.orgs["bcu_a2"].pk]))
        .content.decode()
    )
    assert "There are no plans in force today for BCU A2" in body
    assert draft.title in body.split("Plans not yet approved")[1]


@time_machine.travel(TODAY, tick=False)
def test_dashboard_figures_and_lists_follow_the_language(world: World, client_for: Any) -> None:
    """The cells, the plans not yet approved and the listed milestones (drawn by template
    filters, not templates) come in the reader's language, with working links."""
    deliver(world.plans["a1"], {"3.1": [(date(2026, 10, 1), False)]})
    draft = draft_for_bcu_a2(world)
    lead = world.users["force_lead"]
    lead.language = "cy"
    lead.save(update_fields=["language"])
    client = client_for("force_lead")
    body = client.get(reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk])).content
    html = body.decode()
    assert re.search(r">\d+ o \d+ \(\d+%\)</td>", html)  # "%(done)s o %(total)s (…%)"
    draft_link = reverse("plans:plan-detail", args=[draft.pk])
    assert f'<a class="govuk-link" href="{draft_link}">{draft.title}</a> — Drafft</li>' in html
    milestone = Milestone.objects.get(action__plan=world.plans["a1"], title__startswith="3.1")
    action_link = reverse("plans:action-detail", args=[milestone.action_id])
    assert f'href="{action_link}">3.1</a>' in html
    assert "1 Hydref 2026" in html  # the milestone's due date, in Welsh
    assert client.get(action_link).status_code == 200


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
    # 3.1 (150 days late) and eight actions whose milestones from the template's timescales are
    # over 30 days late.
    assert data.overall.rag["red"] == 9


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


def _queries(client: Any, url: str, *, kept: bool = True) -> int:
    """Queries of one request: with the body and each plan's figures kept from a request
    before, or with none kept (every plan counted afresh, the body drawn again)."""
    client.get(url)
    if not kept:
        kept_bodies.forget()
        PlanFigures.objects.all().delete()
        OrganisationFigures.objects.all().delete()
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
        small_counted = _queries(client, url, kept=False)
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
        large_counted = _queries(client, url, kept=False)
    assert large == small
    assert large_counted == small_counted
    assert small < small_counted  # kept figures spare the counting


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
        # Up to two updates, on different days, not always in order: the action keeps the
        # later day's RAG (plans.actions.keep_latest_rag, as every write does).
        for days_ago in rng.sample(range(151), rng.choice([0, 1, 1, 2])):
            update = ProgressUpdate.objects.create(
                action=action,
                reported_on=TODAY - timedelta(days=days_ago),
                rag=rng.choice(["red", "amber", "green"]),
                narrative="x",
            )
            plan_actions.keep_latest_rag(action, update)
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
    assert set(expected) == {"red", "amber", "green", "complete"}  # the mix exercises them all


# -- kept figures ---------------------------------------------------------------------------------
def counted_afresh(org: Any, day: date = TODAY) -> dict[str, Any]:
    PlanFigures.objects.all().delete()
    OrganisationFigures.objects.all().delete()
    return rollup.build(org, day).as_dict()


def _new_overdue_milestone(world: World) -> None:
    plan_actions.save_milestone(
        world.users["bcu_lead"],
        Milestone(action=world.action("a1", "3.1"), title="Late", due_date=TODAY - timedelta(9)),
    )


def _complete_a_milestone(world: World) -> None:
    milestone = Milestone.objects.filter(action__plan=world.plans["a1"]).order_by("pk").first()
    assert milestone is not None
    milestone.status = MilestoneStatus.COMPLETE
    plan_actions.save_milestone(
        world.users["bcu_lead"], milestone, expected_version=milestone.version
    )


def _remove_a_milestone(world: World) -> None:
    milestone = Milestone.objects.filter(action__plan=world.plans["a1"]).order_by("pk").first()
    assert milestone is not None
    plan_actions.delete_milestone(world.users["bcu_lead"], milestone)


def _red_update(world: World) -> None:
    from preventplan.plans.progress import action_rag

    action = next(
        a for a in world.plans["a1"].actions.all() if action_rag(a, TODAY).status != "red"
    )
    plan_actions.add_progress_update(
        world.users["bcu_lead"],
        action,
        reported_on=TODAY,
        rag="red",
        narrative="Partner withdrew",
    )


def _override(world: World) -> None:
    action = world.action("a1", "2.4")
    plan_actions.set_rag_override(
        world.users["force_lead"], action, "green", "Agreed at board", action.version
    )


def _not_applicable(world: World) -> None:
    action = world.action("a1", "2.4")
    before = {"decision": action.decision}
    action.decision, action.not_applicable_reason = Decision.NOT_APPLICABLE, "Low risk"
    plan_actions.update_action(world.users["bcu_lead"], action, before, action.version)


def _local_action(world: World) -> None:
    plan = world.plans["a1"]
    objective = world.action("a1", "2.4").objective
    plan_actions.add_local_action(world.users["bcu_lead"], plan, objective, text="Local forum")


def _import(world: World) -> None:
    plan = world.plans["a1"]
    sheet = checklist.from_plan(plan)
    row = next(r for section in sheet.sections for r in section.rows if r.number == "2.4")
    row.milestones = [*row.milestones, ("Schools briefed", "1 December 2026", "Not started")]
    result = importer.build_preview(plan, "plan.csv", checklist.to_csv(sheet))
    assert result.ok, result.errors
    importer.apply_preview(world.users["bcu_lead"], plan, result, plan.version)


WRITES = [
    _new_overdue_milestone,
    _complete_a_milestone,
    _remove_a_milestone,
    _red_update,
    _override,
    _not_applicable,
    _local_action,
    _import,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__.strip("_"))
@time_machine.travel(TODAY, tick=False)
def test_every_write_under_a_plan_replaces_its_kept_figures(world: World, write: Any) -> None:
    """Figures kept from an earlier request are never shown once the plan has changed: after each
    kind of write the force roll-up equals one counted from scratch, and differs from before."""
    force = world.orgs["force_a"]
    deliver(world.plans["a1"], {"2.4": [(TODAY + timedelta(3), False)]})
    before = rollup.build(force, TODAY).as_dict()
    assert PlanFigures.objects.filter(plan=world.plans["a1"], as_of=TODAY).count() == 1
    write(world)
    after = rollup.build(force, TODAY).as_dict()
    assert after != before
    assert after == counted_afresh(force)


@time_machine.travel(TODAY, tick=False)
def test_template_change_accepted_replaces_kept_figures(
    world: World,
    version_2: TemplateVersion,
) -> None:
    """Accepting a newer template's new activity adds an action the roll-up counts at once."""
    from preventplan.plans import drift

    force, plan = world.orgs["force_a"], world.plans["a1"]
    before = rollup.build(force, TODAY).as_dict()
    drift.answer_change(
        world.users["bcu_lead"],
        plan,
        version_2,
        "2.8",
        TemplateChangeDecision.Answer.ACCEPT,
        owner=world.users["action_owner"],  # an approved plan's new action needs an owner
    )
    after = rollup.build(force, TODAY).as_dict()
    assert after["overall"]["rag"] != before["overall"]["rag"]
    assert after == counted_afresh(force)


def test_kept_figures_are_for_one_day(world: World) -> None:
    """A milestone due today is not overdue today and is tomorrow: figures kept today are not
    used tomorrow, and figures asked for another day are worked out but not kept."""
    force = world.orgs["force_a"]
    deliver(world.plans["a1"], {"2.4": [(TODAY, False)]})
    with time_machine.travel(TODAY, tick=False):
        today = rollup.build(force, TODAY).as_dict()
        rollup.build(force, TODAY - timedelta(30))
        assert set(PlanFigures.objects.values_list("as_of", flat=True)) == {TODAY}
    tomorrow = TODAY + timedelta(1)
    with time_machine.travel(tomorrow, tick=False):
        next_day = rollup.build(force, tomorrow).as_dict()
        assert next_day["overall"]["milestones_overdue"] == (
            today["overall"]["milestones_overdue"] + 1
        )
        assert next_day == counted_afresh(force, tomorrow)
        assert set(PlanFigures.objects.values_list("as_of", flat=True)) == {tomorrow}


def by_month_sql(sql: str) -> bool:
    """A query that groups milestones by month (rollup.YearMonth), on SQLite or PostgreSQL."""
    return "strftime" in sql or "'YYYY-MM'" in sql


def test_past_months_are_carried_over_from_an_earlier_day(world: World) -> None:
    """The first reader of a day counts only the months from the kept figures' month on and
    carries the earlier ones over, into a new month too; the trend is the one counted from
    scratch, and a write under the plan since makes it count every month again."""
    force = world.orgs["force_a"]
    deliver(
        world.plans["a1"],
        {
            "3.1": [(date(2026, 6, 30), True), (date(2026, 10, 1), False)],
            "2.4": [(date(2026, 11, 30), True), (date(2026, 12, 2), False)],
        },
    )
    with time_machine.travel(TODAY, tick=False):
        rollup.build(force, TODAY)
    # Each day counts from the first of the month its kept figures were for.
    for day, since in [
        (date(2026, 11, 30), "2026-11-01"),
        (date(2026, 12, 2), "2026-11-01"),  # kept on 30 November: carries up to October
        (date(2026, 12, 3), "2026-12-01"),
    ]:
        with time_machine.travel(day, tick=False), CaptureQueriesContext(connection) as ctx:
            carried = rollup.build(force, day).as_dict()
        by_month = [q["sql"] for q in ctx.captured_queries if by_month_sql(q["sql"])]
        assert len(by_month) == 2 and all(f">= '{since}'" in sql for sql in by_month)
        with time_machine.travel(day, tick=False):
            assert carried == counted_afresh(force, day)
            rollup.build(force, day)  # kept again for the next day
    later = date(2026, 12, 4)
    _complete_a_milestone(world)
    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as ctx:
        recounted = rollup.build(force, later).as_dict()
    assert not any(">= '2026-12-01'" in q["sql"] for q in ctx.captured_queries)
    with time_machine.travel(later, tick=False):
        assert recounted == counted_afresh(force, later)


@time_machine.travel(TODAY, tick=False)
def test_kept_figures_give_the_same_roll_up_as_counting(world: World) -> None:
    """On the seeded mix of milestones, updates and overrides, the roll-up from kept figures is
    the one counted from scratch, for the BCU, the force and the region."""
    deliver(
        world.plans["a1"],
        {"3.1": [(date(2026, 6, 30), True), (date(2026, 10, 1), False)], "2.4": [(TODAY, False)]},
    )
    for key in ["bcu_a1", "force_a", "region"]:
        counted = counted_afresh(world.orgs[key])
        assert rollup.build(world.orgs[key], TODAY).as_dict() == counted


@time_machine.travel(TODAY, tick=False)
def test_prepare_dashboards_counts_every_plan_in_force_once(world: World) -> None:
    """The nightly job works out each plan's figures, so the first dashboard of the day counts
    nothing; run again (on another server, say) it counts nothing either."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("prepare_dashboards", stdout=out)
    assert "2 plan(s) in force on 29 November 2026; figures worked out for 2" in out.getvalue()
    assert OrganisationFigures.objects.filter(organisation=world.orgs["region"]).exists()
    with CaptureQueriesContext(connection) as ctx:
        first = rollup.build(world.orgs["region"], TODAY).as_dict()
    assert not any("plans_progressupdate" in q["sql"] for q in ctx.captured_queries)
    assert first == counted_afresh(world.orgs["region"])
    call_command("prepare_dashboards", stdout=out)
    assert "figures worked out for 0" in out.getvalue()
    # A week later B1 has been closed: its figures, unused for a week, are dropped.
    Plan.objects.filter(pk=world.plans["b1"].pk).update(status="closed")
    with time_machine.travel(TODAY + timedelta(8), tick=False):
        call_command("prepare_dashboards", stdout=out)
    assert set(PlanFigures.objects.values_list("plan_id", flat=True)) == {world.plans["a1"].pk}


@time_machine.travel(TODAY, tick=False)
def test_figures_kept_in_another_layout_are_not_read(world: World) -> None:
    """Figures kept by an earlier release, in a shape this one does not read, are counted
    again and replaced rather than misread."""
    plan = world.plans["a1"]
    PlanFigures.objects.create(
        plan=plan,
        as_of=TODAY,
        plan_version=plan.version,
        figures={"by_objective": {}},
        layout=rollup.LAYOUT - 1,
    )
    bcu = world.orgs["bcu_a1"]
    assert rollup.build(bcu, TODAY).overall.actions == plan.actions.count()
    assert PlanFigures.objects.get(plan=plan).layout == rollup.LAYOUT
    assert rollup.build(bcu, TODAY).as_dict() == counted_afresh(bcu)


@time_machine.travel(TODAY, tick=False)
def test_organisation_figures_are_kept_until_a_plan_beneath_changes(world: World) -> None:
    """A roll-up read again the same day adds nothing up (no plan's figures are read); after a
    write under one of its plans it is added up again, equal to one counted from scratch."""
    region = world.orgs["region"]
    deliver(world.plans["a1"], {"2.4": [(TODAY - timedelta(3), False)]})
    first = rollup.build(region, TODAY).as_dict()
    kept = OrganisationFigures.objects.get(organisation=region)
    assert kept.as_of == TODAY
    with CaptureQueriesContext(connection) as ctx:
        again = rollup.build(region, TODAY).as_dict()
    assert again == first
    assert not any("dashboards_planfigures" in q["sql"] for q in ctx.captured_queries)
    _red_update(world)
    with CaptureQueriesContext(connection) as ctx:
        after = rollup.build(region, TODAY).as_dict()
    assert any("dashboards_planfigures" in q["sql"] for q in ctx.captured_queries)
    assert after != first
    assert OrganisationFigures.objects.get(organisation=region).fingerprint != kept.fingerprint
    assert after == counted_afresh(region)


@time_machine.travel(TODAY, tick=False)
def test_the_latest_progress_rag_is_kept_on_the_action(world: World) -> None:
    """Each update recorded keeps the latest day's RAG on the action, an update back-dated behind
    it does not replace it, and filling it again from the updates gives the same."""
    from preventplan.plans.models import Action

    action = world.action("a1", "2.4")
    lead = world.users["bcu_lead"]
    plan_actions.add_progress_update(
        lead, action, reported_on=TODAY - timedelta(2), rag="amber", narrative="Slipping"
    )
    plan_actions.add_progress_update(
        lead, action, reported_on=TODAY - timedelta(9), rag="red", narrative="Late note"
    )
    stored = Action.objects.get(pk=action.pk)
    assert (stored.latest_rag, stored.latest_rag_on) == ("amber", TODAY - timedelta(2))
    Action.objects.filter(pk=action.pk).update(latest_rag="", latest_rag_on=None)
    plan_actions.fill_latest_rag(Action.objects.filter(pk=action.pk))
    stored = Action.objects.get(pk=action.pk)
    assert (stored.latest_rag, stored.latest_rag_on) == ("amber", TODAY - timedelta(2))


def test_reading_a_dashboard_again_writes_no_session(world: World, client_for: Any) -> None:
    """Reading pages renews the idle limit at most once a minute (core.middleware): a dashboard
    read again straight away makes no write to the session table, only a read."""
    client = client_for("regional_oversight")
    url = reverse("dashboards:dashboard", args=[world.orgs["region"].pk])
    with time_machine.travel(TODAY, tick=False):
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
    session = [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]]
    assert session and all(sql.startswith("SELECT") for sql in session)


# -- kept bodies ----------------------------------------------------------------------------------
def _body(response: Any) -> str:
    """The page from the heading on: what is kept (the breadcrumbs above it are the reader's)."""
    html = response.content.decode()
    return html[html.index('<span class="govuk-caption-l">') : html.index("</main>")]


def _drawn_afresh(client: Any, url: str) -> str:
    kept_bodies.forget()
    return _body(client.get(url))


@time_machine.travel(TODAY, tick=False)
def test_a_dashboard_body_is_kept_until_anything_under_it_changes(
    world: World, client_for: Any
) -> None:
    """Read again with nothing changed, a dashboard is not worked out or drawn again (no
    milestone, risk or register is read); after a write of any kind it shows — plan progress, a
    risk, a grievance, a case, a renamed unit — the page equals one drawn from scratch."""
    from preventplan.organisations import actions as org_actions
    from preventplan.organisations.models import Organisation
    from tests.factories import make_case, make_grievance

    client = client_for("force_lead")
    url = reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk])
    first = _body(client.get(url))
    with CaptureQueriesContext(connection) as ctx:
        again = _body(client.get(url))
    assert again == first
    sql = [q["sql"] for q in ctx.captured_queries]
    stamps = [q for q in sql if "SELECT COUNT(*)" in q and " UNION ALL " in q]
    assert len(stamps) == 1  # what the body was kept under, read once
    read = " ".join(q for q in sql if q not in stamps)
    for table in ("dashboards_organisationfigures", "plans_milestone", "programme_risk"):
        assert table not in read, table
    assert "registers_" not in read

    def changed(write: Any, shows: str) -> None:
        before = _body(client.get(url))
        write()
        after = _body(client.get(url))
        assert after != before, shows
        assert shows in after, re.findall(r"app-figure__label\">([^<]*)", after)
        assert after == _drawn_afresh(client, url)

    changed(lambda: _red_update(world), "Red")
    changed(lambda: make_risk(world), "open risk, 0 overdue for review")
    changed(lambda: make_grievance(world), "open grievance: 1 police activity")
    changed(lambda: make_case(world, review_on=TODAY - timedelta(1)), "1 review overdue")

    def rename() -> None:
        bcu = Organisation.objects.get(pk=world.orgs["bcu_a2"].pk)
        before: dict[str, object] = {"name": bcu.name}
        bcu.name = "BCU A2 (renamed)"
        org_actions.update_organisation(world.users["national_admin"], bcu, before, bcu.version)

    changed(rename, "BCU A2 (renamed)")


@time_machine.travel(TODAY, tick=False)
def test_a_kept_body_follows_the_language_and_not_the_reader(world: World, client_for: Any) -> None:
    """The body kept for one reader serves another only in the same language, and the
    breadcrumbs stay each reader's own: a BCU lead reading after the force lead is not shown the
    force's dashboard above the BCU."""
    from django.utils import translation

    url = reverse("dashboards:dashboard", args=[world.orgs["bcu_a1"].pk])
    force_url = reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk])
    lead = client_for("force_lead").get(url).content.decode()
    assert f'href="{force_url}"' in lead
    bcu = client_for("bcu_lead")
    own = bcu.get(url)
    assert f'href="{force_url}"' not in own.content.decode()
    assert _body(own) in lead
    bcu.cookies["preventplan_language"] = "cy"
    with translation.override("cy"):
        welsh_heading = translation.gettext("Progress by objective")
    assert welsh_heading != "Progress by objective"
    welsh = bcu.get(url)
    assert welsh_heading in _body(welsh)
    assert "Progress by objective" not in _body(welsh)


def test_a_write_in_another_force_leaves_a_kept_body_alone(world: World) -> None:
    """The stamp a body is kept under covers the organisation's subtree only: a risk raised in
    Force B changes the region's stamp, not Force A's."""
    force_a, region = world.orgs["force_a"], world.orgs["region"]
    before = kept_bodies.data_stamp(force_a.path), kept_bodies.data_stamp(region.path)
    make_risk(world, organisation=world.orgs["force_b"])
    assert kept_bodies.data_stamp(force_a.path) == before[0]
    assert kept_bodies.data_stamp(region.path) != before[1]


def test_a_chart_legend_stays_inside_the_chart() -> None:
    """Every legend entry of a bar chart starts and ends within the chart's width, on a second
    line when the labels are long (as in Welsh), and the chart is tall enough for it."""
    from preventplan.lib import charts

    segments = [
        charts.Segment(label, "#000000")
        for label in ["Red", "Amber", "Green", "Complete", "Not applicable", "Not reviewed"]
    ]
    for labels in (segments, [charts.Segment(s.label + " (hir)", s.colour) for s in segments]):
        svg = str(charts.stacked_bars([("All", [1, 1, 1, 1, 1, 1])], labels, "A chart"))
        width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', svg).groups())  # type: ignore[union-attr]
        entries = re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)"[^>]*text-anchor="start"[^>]*>([^<]*)<', svg
        )
        assert [label for _, _, label in entries] == [s.label for s in labels]
        for x, y, label in entries:
            assert float(x) + 7 * len(label) <= width, label
            assert float(y) <= height, label
