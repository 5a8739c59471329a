"""The plans API: same access, validation and conflict detection as the pages."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from preventplan.plans.models import Action, Milestone, Plan
from tests.world import World


def patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type="application/json")


def test_list_and_get_plans_scoped(world: World, api: Any) -> None:
    """The plans API lists and returns only the plans the caller may read; others get 404."""
    a1 = world.plans["a1"].pk
    assert [p["id"] for p in api("bcu_lead").get("/api/v1/plans").json()["items"]] == [a1]
    assert api("action_owner").get("/api/v1/plans").json()["count"] == 0
    assert api("other_force_lead").get(f"/api/v1/plans/{a1}").status_code == 404
    body = api("force_lead").get(f"/api/v1/plans/{a1}").json()
    assert (
        body["organisation"] == "BCU A1"
        and body["status"] == "draft"
        and body["threat_level"] == "substantial"
    )


def test_actions_list_shows_only_visible(world: World, api: Any) -> None:
    """The action owner lists only the action they own, the lead every action; the other force gets
    404."""
    a1 = world.plans["a1"].pk
    owner = api("action_owner").get(f"/api/v1/plans/{a1}/actions").json()
    assert [a["number"] for a in owner["items"]] == ["3.1"]
    full = api("bcu_lead").get(f"/api/v1/plans/{a1}/actions", {"page_size": 500}).json()
    assert full["count"] == world.plans["a1"].actions.count()
    assert api("other_force_lead").get(f"/api/v1/plans/{a1}/actions").status_code == 404


def test_create_plan(world: World, api: Any) -> None:
    """Only the organisation's lead creates a plan, with the template's actions: the force lead gets
    403, the other force 404, the same period again 409, a backwards period 422."""
    body = {
        "organisation_id": world.orgs["bcu_a1"].pk,
        "period_start": "2027-04-01",
        "period_end": "2028-03-31",
    }
    assert (
        api("force_lead").post("/api/v1/plans", body, content_type="application/json").status_code
        == 403
    )
    assert (
        api("other_force_lead")
        .post("/api/v1/plans", body, content_type="application/json")
        .status_code
        == 404
    )
    response = api("bcu_lead").post("/api/v1/plans", body, content_type="application/json")
    assert response.status_code == 201
    assert (
        Plan.objects.get(pk=response.json()["id"]).actions.count()
        == world.plans["a1"].actions.count()
    )
    again = api("bcu_lead").post("/api/v1/plans", body, content_type="application/json")
    assert again.status_code == 409
    backwards = api("bcu_lead").post(
        "/api/v1/plans",
        {**body, "period_start": "2030-04-01", "period_end": "2029-01-01"},
        content_type="application/json",
    )
    assert backwards.status_code == 422


def test_patch_action_validation_and_conflict(world: World, api: Any) -> None:
    """Patching an action keeps the pages' rules: no reason is 422, a stale version 409, the action
    owner 403, a partner from another force 422; fields the API does not offer are ignored."""
    action = world.action("a1", "2.6")
    url = f"/api/v1/plans/{world.plans['a1'].pk}/actions/{action.pk}"
    client = api("bcu_lead")
    missing = patch(client, url, {"version": action.version, "decision": "not-applicable"})
    assert missing.status_code == 422 and "proportionality reason" in missing.json()["detail"]
    ok = patch(
        client,
        url,
        {
            "version": action.version,
            "decision": "not-applicable",
            "not_applicable_reason": "Low risk",
            "owner_id": world.users["action_owner"].pk,
        },
    )
    assert (
        ok.status_code == 200
        and ok.json()["rag"] == "not-applicable"
        and ok.json()["version"] == action.version + 1
    )
    stale = patch(client, url, {"version": action.version, "evaluation": "x"})
    assert stale.status_code == 409
    action.refresh_from_db()
    assert action.evaluation == ""
    assert (
        patch(api("action_owner"), url, {"version": action.version, "evaluation": "y"}).status_code
        == 403
    )
    other = patch(
        client,
        url,
        {"version": action.version, "delivery_partner_ids": [world.orgs["partner_b"].pk]},
    )
    assert other.status_code == 422
    mass = patch(
        client, url, {"version": action.version, "plan_id": world.plans["b1"].pk, "number": "9.9"}
    )
    assert mass.status_code == 200
    action.refresh_from_db()
    assert (action.plan_id, action.number) == (world.plans["a1"].pk, "2.6")


def test_local_action_via_api(world: World, api: Any) -> None:
    """The lead adds a local action through the API; it is numbered under its objective (4.L1)."""
    response = api("bcu_lead").post(
        f"/api/v1/plans/{world.plans['a1'].pk}/actions",
        {"objective": 4, "text": "Tabletop exercise"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["number"] == "4.L1"


def test_milestones_api(world: World, api: Any) -> None:
    """The action's owner adds and completes a milestone; a partner may not add one (403), an
    impossible date is 422, a stale edit 409; the list is scoped to readers."""
    action = world.action("a1", "3.1")
    existing = list(action.milestones.values_list("pk", flat=True))
    owner = api("action_owner")
    created = owner.post(
        "/api/v1/milestones",
        {"action_id": action.pk, "title": "Panel", "due_date": "2027-01-31"},
        content_type="application/json",
    )
    assert created.status_code == 201
    mid = created.json()["id"]
    assert (
        api("partner_user")
        .post(
            "/api/v1/milestones",
            {"action_id": action.pk, "title": "x", "due_date": "2027-01-31"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert (
        owner.post(
            "/api/v1/milestones",
            {"action_id": action.pk, "title": "x", "due_date": "1800-01-01"},
            content_type="application/json",
        ).status_code
        == 422
    )
    done = patch(owner, f"/api/v1/milestones/{mid}", {"version": 1, "status": "complete"})
    assert done.status_code == 200
    assert done.json()["completed_on"] == timezone.localdate().isoformat()
    assert (
        patch(owner, f"/api/v1/milestones/{mid}", {"version": 1, "title": "stale"}).status_code
        == 409
    )
    listed = api("partner_user").get("/api/v1/milestones", {"action_id": action.pk}).json()
    assert [m["id"] for m in listed["items"]] == [*existing, mid]
    assert (
        api("other_force_lead").get("/api/v1/milestones", {"action_id": action.pk}).json()["count"]
        == 0
    )
    assert Milestone.objects.get(pk=mid).title == "Panel"


def test_milestone_of_invisible_action_is_404(world: World, api: Any) -> None:
    """Adding a milestone to an action the caller cannot see answers 404, not 403."""
    hidden = Action.objects.get(plan=world.plans["b1"], number="3.1")
    response = api("bcu_lead").post(
        "/api/v1/milestones",
        {"action_id": hidden.pk, "title": "x", "due_date": "2027-01-31"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_not_found_says_so_plainly_even_with_debug_on(
    world: World, api: Any, settings: Any
) -> None:
    """An API 404 says "Not found" and nothing more, with DEBUG on as in the demo (which added a
    stray ": " and whatever the exception carried)."""
    settings.DEBUG = True
    a1 = world.plans["a1"].pk
    response = api("other_force_lead").get(f"/api/v1/plans/{a1}")
    assert response.status_code == 404 and response.json() == {"detail": "Not found"}
