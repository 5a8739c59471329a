"""Template drift: how a plan differs from its template, and answering a newer version's changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from preventplan.catalogue.models import TemplateVersion
from preventplan.plans import drift
from preventplan.plans.models import Action, Decision, PlanChange, TemplateChangeDecision
from tests.world import World


def test_differences_from_the_template(world: World, client_for: Any) -> None:
    """The plan's differences from its template list an action made not applicable and one whose
    other objectives changed; the page shows the reason."""
    plan = world.plans["a1"]
    Action.objects.filter(plan=plan, number="2.6").update(
        decision=Decision.NOT_APPLICABLE, not_applicable_reason="Low risk"
    )
    world.action("a1", "1.1").other_objectives.clear()
    kinds = {(d.number, d.kind) for d in drift.differences(plan)}
    assert kinds == {("2.6", "Not applicable"), ("1.1", "Other objectives changed")}
    page = (
        client_for("force_lead")
        .get(reverse("plans:plan-template", args=[plan.pk]))
        .content.decode()
    )
    assert "Low risk" in page


def test_newer_version_changes_listed(
    world: World, version_2: TemplateVersion, client_for: Any
) -> None:
    """A newer template version's changes to the plan's activities are listed, and the plan page
    says it has been published."""
    plan = world.plans["a1"]
    changes = {c.number: c.kind for c in drift.template_changes(plan, version_2)}
    assert changes == {"1.1": "changed", "2.4": "changed", "2.6": "removed", "2.8": "added"}
    detail = (
        client_for("bcu_lead").get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    )
    assert "has been published" in detail


def answer(client: Any, plan_pk: int, number: str, what: str) -> Any:
    return client.post(
        reverse("plans:plan-template", args=[plan_pk]), {"number": number, "answer": what}
    )


def test_accept_and_decline_each_change(
    world: World, version_2: TemplateVersion, client_for: Any
) -> None:
    """The BCU lead (not the force lead) accepts or declines each change; the plan moves to the new
    version once every change is answered; an answer is final."""
    plan = world.plans["a1"]
    client = client_for("bcu_lead")
    assert answer(client_for("force_lead"), plan.pk, "2.8", "accept").status_code == 403
    answer(client, plan.pk, "2.8", "accept")
    added = Action.objects.get(plan=plan, number="2.8")
    assert added.activity.version == version_2  # type: ignore[union-attr]
    assert [(m.title, m.due_date) for m in added.milestones.all()] == [
        ("In place", date(2026, 9, 30))  # from 2.7's timescale, which 2.8 copies
    ]
    answer(client, plan.pk, "2.6", "accept")
    removed = Action.objects.get(plan=plan, number="2.6")
    assert (
        removed.decision == Decision.NOT_APPLICABLE and "version 2" in removed.not_applicable_reason
    )
    answer(client, plan.pk, "2.4", "decline")
    assert Action.objects.get(plan=plan, number="2.4").activity.version.number == 1  # type: ignore[union-attr]
    plan.refresh_from_db()
    assert plan.template_version.number == 1  # 1.1 still unanswered
    again = answer(client, plan.pk, "2.4", "accept")
    assert (
        again.status_code == 302
        and TemplateChangeDecision.objects.get(plan=plan, activity_number="2.4").answer == "decline"
    )
    answer(client, plan.pk, "1.1", "accept")
    plan.refresh_from_db()
    assert plan.template_version == version_2
    a11 = Action.objects.get(plan=plan, number="1.1")
    assert sorted(a11.other_objectives.values_list("number", flat=True)) == [2, 4]
    assert all(a.objective.version == version_2 for a in plan.actions.select_related("objective"))
    assert PlanChange.objects.filter(plan=plan, what="Moved to template version 2").count() == 1
    overview = client.get(reverse("plans:plan-detail", args=[plan.pk]))
    shown = sum(len(s["actions"]) for s in overview.context["sections"])
    assert shown == plan.actions.count()


def test_a_bad_answer_is_a_message(
    world: World, version_2: TemplateVersion, client_for: Any
) -> None:
    """An answer that is neither accept nor decline changes nothing and says what to do, rather
    than answering "page not found"."""
    plan = world.plans["a1"]
    client = client_for("bcu_lead")
    response = answer(client, plan.pk, "2.8", "maybe")
    assert response.status_code == 302
    assert not TemplateChangeDecision.objects.filter(plan=plan).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Choose whether to take the change or keep the plan as it is." in page
