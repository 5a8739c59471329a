"""A new draft's actions are "not reviewed" until someone decides them (issue 16, item 3)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from preventplan.plans import actions as plan_actions
from preventplan.plans.models import Action, Decision, PlanStatus
from preventplan.plans.progress import action_rag
from tests.factories import next_year_plan
from tests.world import World


def test_new_draft_actions_are_not_reviewed_and_not_green(world: World) -> None:
    """Every template action of a new draft is "not reviewed" and shows no Green RAG."""
    plan = next_year_plan(world)
    decisions = set(plan.actions.values_list("decision", flat=True))
    assert decisions == {Decision.NOT_REVIEWED}
    rags = {action_rag(a).label for a in plan.actions.prefetch_related("milestones", "updates")}
    assert rags == {"Not reviewed"}


def test_plan_page_says_how_many_remain(world: World, client_for: Any) -> None:
    """The plan page counts the actions still to decide, and the count falls as they are decided."""
    plan = next_year_plan(world)
    total = plan.actions.count()
    page = client_for("bcu_lead").get(reverse("plans:plan-detail", args=[plan.pk]))
    assert f"{total} actions not reviewed" in page.content.decode()
    plan.actions.exclude(number="1.1").update(decision=Decision.ADOPT)
    page = client_for("bcu_lead").get(reverse("plans:plan-detail", args=[plan.pk]))
    assert "1 action not reviewed" in page.content.decode()


def test_submission_blocked_while_any_remain(world: World, client_for: Any) -> None:
    """A plan with undecided actions cannot be submitted; the message says why; once every
    action is decided (and owned) it can."""
    plan = next_year_plan(world)
    plan.actions.update(owner=world.users["bcu_lead"])
    plan.actions.exclude(number="1.1").update(decision=Decision.ADOPT)
    response = client_for("bcu_lead").post(
        reverse("plans:plan-submit", args=[plan.pk]), follow=True
    )
    said = " ".join(str(m) for m in response.context["messages"])
    assert "1 action is not reviewed yet" in said
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    Action.objects.filter(plan=plan, number="1.1").update(decision=Decision.ADOPT)
    plan_actions.submit_plan(world.users["bcu_lead"], plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_action_form_offers_no_silent_default(world: World, client_for: Any) -> None:
    """The action form of an undecided action has no decision chosen and cannot save "not
    reviewed"."""
    plan = next_year_plan(world)
    action = plan.actions.get(number="1.1")
    page = client_for("bcu_lead").get(reverse("plans:action-edit", args=[action.pk]))
    form = page.context["form"]
    assert "not-reviewed" not in [v for v, _ in form.fields["decision"].choices]
    assert 'value="adopt" checked' not in page.content.decode()
