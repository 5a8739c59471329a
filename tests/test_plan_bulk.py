"""Bulk changes from the plan page: choose actions, then one change for all (issue 16, item 1)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.organisations.models import Organisation
from preventplan.plans.models import Action, Decision, Plan, PlanChange
from tests.factories import next_year_plan
from tests.world import World


def chosen(*actions: Action) -> list[str]:
    """The checkbox values for these actions, with the versions read."""
    return [f"{a.pk}:{a.version}" for a in actions]


def bulk(client: Any, plan: Plan, **data: Any) -> Any:
    """POST the plan page's bulk form."""
    return client.post(reverse("plans:plan-bulk", args=[plan.pk]), data, follow=True)


def test_adopt_every_chosen_action_in_one_post(world: World, client_for: Any) -> None:
    """Adopting all chosen actions is one POST; each is recorded in the history and audited."""
    plan = next_year_plan(world)
    every = list(plan.actions.all())
    response = bulk(client_for("bcu_lead"), plan, chosen=chosen(*every), operation="adopt")
    said = " ".join(str(m) for m in response.context["messages"])
    assert said == f"{len(every)} actions adopted."
    assert set(plan.actions.values_list("decision", flat=True)) == {Decision.ADOPT}
    assert PlanChange.objects.filter(plan=plan, action__isnull=False).count() == len(every)
    assert AuditEvent.objects.filter(
        event="plan.changed", record_id__in=[str(a.pk) for a in every]
    ).count() == len(every)


def test_set_aside_with_one_reason_owner_and_partners(world: World, client_for: Any) -> None:
    """Two set aside with one reason; then an owner and delivery partners set the same way."""
    plan = next_year_plan(world)
    a, b, c = plan.actions.order_by("sort_key")[:3]
    client = client_for("bcu_lead")
    bulk(client, plan, chosen=chosen(a, b), operation="not-applicable", reason="Low local risk")
    assert (
        list(
            plan.actions.filter(pk__in=[a.pk, b.pk]).values_list(
                "decision", "not_applicable_reason"
            )
        )
        == [(Decision.NOT_APPLICABLE, "Low local risk")] * 2
    )
    c.refresh_from_db()
    bulk(client, plan, chosen=chosen(c), operation="owner", owner=world.users["action_owner"].pk)
    c.refresh_from_db()
    assert c.owner == world.users["action_owner"]
    la = Organisation.objects.get(name="Local Authority L")
    c.refresh_from_db()
    bulk(client, plan, chosen=chosen(c), operation="partners", partners=[la.pk])
    assert [o.name for o in c.delivery_partners.all()] == ["Local Authority L"]


def test_refused_without_reason_and_when_stale(world: World, client_for: Any) -> None:
    """Setting aside without a reason is refused with a GOV.UK error; a stale version saves
    nothing at all."""
    plan = next_year_plan(world)
    a, b = plan.actions.order_by("sort_key")[:2]
    client = client_for("bcu_lead")
    page = bulk(client, plan, chosen=chosen(a, b), operation="not-applicable", reason="")
    assert "Give the proportionality reason for not applying them" in page.content.decode()
    assert page.context["selected"] == {a.pk, b.pk}
    stale = [f"{a.pk}:{a.version}", f"{b.pk}:{b.version - 1}"]
    response = bulk(client, plan, chosen=stale, operation="adopt")
    assert "Nothing was saved" in " ".join(str(m) for m in response.context["messages"])
    assert set(plan.actions.filter(pk__in=[a.pk, b.pk]).values_list("decision", flat=True)) == {
        Decision.NOT_REVIEWED
    }


def test_plan_page_offers_selection_and_the_excel_round_trip(world: World, client_for: Any) -> None:
    """The lead's plan page has a checkbox per action, "select all" ticks them all, and it points
    to the Excel checklist and the import; a reader sees no checkboxes."""
    plan = next_year_plan(world)
    url = reverse("plans:plan-detail", args=[plan.pk])
    page = client_for("bcu_lead").get(url + "?select=all").content.decode()
    assert page.count('name="chosen"') == plan.actions.count()
    assert page.count(" checked>") >= plan.actions.count()
    assert reverse("plans:plan-checklist", args=[plan.pk, "xlsx"]) in page
    assert reverse("plans:plan-import", args=[plan.pk]) in page
    reader = client_for("oversight_reader").get(url).content.decode()
    assert 'name="chosen"' not in reader
