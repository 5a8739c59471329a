"""The engagement registers of issue 15: engagement events and KIN/IAG networks (activities 1.2,
1.3, 2.1, 4.2, 4.4, ¶16), communications (5.5, 7.1, 7.3–7.5), local projects (0.12, 6.8), posts
(0.1–0.3, 0.9, 0.10, 2.4), training coverage (2.5, 4.3) and education coverage (2.5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.engagement.models import Engagement, Network
from tests.factories import make_engagement, make_network
from tests.world import World

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def engagement_post(w: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": w.orgs["bcu_a1"].pk,
        "kind": "womens-forum",
        "title": "Women’s forum: November",
        "held_on": "12 11 2026",
        "area": "Riverside ward",
        "partners": [w.orgs["la"].pk],
        "attendance": "23",
        "feedback_score": "5",
        "priorities": "Online safety for teenagers",
        "feedback": "",
        "owner": w.users["action_owner"].pk,
        "review_on": "12 12 2026",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return data | overrides


# -- engagement ----------------------------------------------------------------------------------
def test_lead_records_an_engagement_with_partners_and_counts(world: World, client_for: Any) -> None:
    """The BCU lead records a women's forum: it gets the next EN reference, its partner, its
    counts, and an audit event."""
    response = client_for("bcu_lead").post(
        reverse("engagement:engagement-create"), engagement_post(world)
    )
    assert response.status_code == 302, response.context["form"].errors
    event = Engagement.objects.get()
    assert event.reference == "EN-001"
    assert (event.attendance, event.feedback_score) == (23, 5)
    assert list(event.partners.all()) == [world.orgs["la"]]
    assert AuditEvent.objects.filter(event="engagement.added", record_id=str(event.pk)).exists()


def test_engagement_refuses_personal_data_and_partners_from_elsewhere(
    world: World, client_for: Any
) -> None:
    """A name in the priorities and a partner from another force are refused; nothing is saved."""
    response = client_for("bcu_lead").post(
        reverse("engagement:engagement-create"),
        engagement_post(
            world, priorities="Mrs Khan asked about patrols", partners=[world.orgs["partner_b"].pk]
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "priorities" in errors
    assert "partners" in errors
    assert not Engagement.objects.exists()


def test_engagement_in_the_future_or_linked_to_a_network_when_not_a_meeting_is_refused(
    world: World, client_for: Any
) -> None:
    """An engagement cannot be held tomorrow, and only a KIN or IAG meeting names a network."""
    network = make_network(world)
    response = client_for("bcu_lead").post(
        reverse("engagement:engagement-create"),
        engagement_post(world, held_on="30 11 2026", network=network.pk),
    )
    errors = response.context["form"].errors
    assert errors["held_on"] == ["The date held must be today or in the past"]
    assert errors["network"] == ["Only a KIN or IAG meeting is linked to a network"]


def test_engagement_list_summarises_by_kind_and_flags_feedback_overdue(
    world: World, client_for: Any
) -> None:
    """The list counts events and people by kind, averages the feedback score, and warns of
    open engagements whose feedback is overdue."""
    make_engagement(world)
    make_engagement(world, title="Second forum", attendance=12, feedback_score=2)
    make_engagement(world, title="Late feedback", kind="consultation", review_on=date(2026, 11, 1))
    response = client_for("force_lead").get(reverse("engagement:engagement-list"))
    summary = {row["kind"]: row for row in response.context["summary"]}
    assert summary["Youth forum"]["events"] == 2
    assert summary["Youth forum"]["people"] == 30
    assert summary["Youth forum"]["score"] == 3.0
    assert response.context["overdue_count"] == 1
    assert "1 open engagement has feedback overdue" in response.content.decode()


# -- networks ------------------------------------------------------------------------------------
def test_network_register_holds_aggregates_and_flags_refresh_overdue(
    world: World, client_for: Any
) -> None:
    """Networks are counts and a self-assessment; the list totals members, representative
    networks and those overdue for a refresh."""
    make_network(world)
    make_network(
        world,
        title="City IAG",
        kind="iag",
        members=11,
        representativeness="representative",
        mapped=True,
        review_on=date(2026, 10, 1),
    )
    response = client_for("bcu_lead").get(reverse("engagement:network-list"))
    totals = response.context["network_totals"]
    assert totals == {
        "networks": 2,
        "members": 35,
        "representative": 1,
        "mapped": 1,
        "refresh_overdue": 1,
    }
    assert "1 open network is overdue for a refresh" in response.content.decode()


def test_a_kin_meeting_names_its_network(world: World, client_for: Any) -> None:
    """A KIN meeting is linked to the network that met and shows it on its page."""
    network = make_network(world)
    response = client_for("bcu_lead").post(
        reverse("engagement:engagement-create"),
        engagement_post(world, kind="kin-iag", network=network.pk),
    )
    event = Engagement.objects.get()
    assert response.status_code == 302
    assert event.network == network
    page = client_for("bcu_lead").get(reverse("engagement:engagement-detail", args=[event.pk]))
    assert network.title in page.content.decode()
    assert list(Network.objects.get().engagements.all()) == [event]
