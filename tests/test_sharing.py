"""Information-sharing protocols and sharing plans with partnerships under them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.plans.models import Action
from preventplan.sharing.models import LegalBasis, Protocol, ProtocolStatus
from tests.world import World

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def protocol(world: World, **kw: Any) -> Protocol:
    fields = {
        "reference": "ISP-7",
        "title": "A1 forum",
        "owner": world.orgs["force_a"],
        "scope": "Prevent plans",
        "legal_basis": LegalBasis.CDA_S115,
        "categories": "plans",
        "signed_on": date(2026, 4, 1),
        "review_on": date(2027, 3, 31),
        "status": ProtocolStatus.SIGNED,
    }
    fields.update(kw)
    p = Protocol.objects.create(**fields)
    p.partnerships.set([world.partnership])
    return p


def share(client: Any, world: World) -> Any:
    return client.post(
        reverse("plans:plan-share", args=[world.plans["a1"].pk]),
        {"partnerships": [world.partnership.pk]},
        follow=True,
    )


def test_protocol_form_rules(world: World, client_for: Any) -> None:
    """A signed protocol needs the date signed and a review date after it; a good one is in force,
    keeps its categories and is audited."""
    client = client_for("force_lead")
    data = {
        "reference": "ISP-9",
        "title": "t",
        "owner": world.orgs["force_a"].pk,
        "partnerships": [world.partnership.pk],
        "scope": "s",
        "legal_basis": "cda-s115",
        "shared": ["plans"],
        "review_on": "31 3 2027",
        "status": "signed",
    }
    response = client.post(reverse("sharing:protocol-create"), data)
    assert "Enter the date the protocol was signed" in response.content.decode()
    response = client.post(reverse("sharing:protocol-create"), {**data, "signed_on": "1 4 2027"})
    assert "The review date must be after the date signed" in response.content.decode()
    client.post(reverse("sharing:protocol-create"), {**data, "signed_on": "1 4 2026"})
    created = Protocol.objects.get(reference="ISP-9")
    assert created.is_in_force() and created.category_list == ["plans"]
    assert AuditEvent.objects.filter(event="protocol.added", record_id=str(created.pk)).count() == 1


def test_no_sharing_without_a_protocol(world: World, client_for: Any) -> None:
    """With no protocol covering the partnership the plan cannot be shared, and the partner cannot
    read it."""
    page = (
        client_for("bcu_lead")
        .get(reverse("plans:plan-share", args=[world.plans["a1"].pk]))
        .content.decode()
    )
    assert "No partnership in this force area is covered" in page
    share(client_for("bcu_lead"), world)
    assert not world.plans["a1"].shared_with.exists()
    assert (
        client_for("partner_user")
        .get(reverse("plans:plan-detail", args=[world.plans["a1"].pk]))
        .status_code
        == 404
    )


def test_shared_plan_readable_while_protocol_in_force(world: World, client_for: Any) -> None:
    """Shared under a protocol in force, the plan is read by the partnership's partner (and
    recorded), never by the other force, and not once the protocol lapses or is withdrawn."""
    p = protocol(world)
    share(client_for("bcu_lead"), world)
    assert list(world.plans["a1"].shared_with.all()) == [world.partnership]
    assert (
        AuditEvent.objects.filter(event="plan.shared", recipients=["A1 Prevent Forum"]).count() == 1
    )
    partner = client_for("partner_user")
    url = reverse("plans:plan-detail", args=[world.plans["a1"].pk])
    assert partner.get(url).status_code == 200
    assert (
        AuditEvent.objects.filter(
            event="plan.consulted-shared", actor=world.users["partner_user"]
        ).count()
        == 1
    )
    assert partner.get(reverse("plans:plan-list")).context["page"].paginator.count == 1
    assert client_for("other_force_lead").get(url).status_code == 404
    # The protocol lapses: access stops on the next request.
    Protocol.objects.filter(pk=p.pk).update(review_on=TODAY - timedelta(days=1))
    assert partner.get(url).status_code == 404
    Protocol.objects.filter(pk=p.pk).update(
        review_on=date(2027, 3, 31), status=ProtocolStatus.WITHDRAWN
    )
    assert partner.get(url).status_code == 404


def test_reading_a_shared_plans_action_is_recorded(world: World, client_for: Any) -> None:
    """A partner who reads an action only because its plan is shared has consulted it (s.62);
    reading an action they own is their own business and is not recorded as such."""
    protocol(world)
    share(client_for("bcu_lead"), world)
    partner = client_for("partner_user")
    action = world.action("a1", "2.4")
    action.delivery_partners.clear()
    Action.objects.filter(pk=action.pk).update(owner=None)
    url = reverse("plans:action-detail", args=[action.pk])
    assert partner.get(url).status_code == 200
    consulted = AuditEvent.objects.filter(
        event="action.consulted-shared", actor=world.users["partner_user"]
    )
    assert list(consulted.values_list("record_id", flat=True)) == [str(action.pk)]
    Action.objects.filter(pk=action.pk).update(owner=world.users["partner_user"])
    assert partner.get(url).status_code == 200
    assert consulted.count() == 1
    # The plan's own readers are not consulting through sharing.
    client_for("bcu_lead").get(url)
    assert not AuditEvent.objects.filter(
        event="action.consulted-shared", actor=world.users["bcu_lead"]
    ).exists()


def test_protocol_must_allow_plans(world: World, client_for: Any) -> None:
    """A protocol that does not cover plans does not let the plan be shared."""
    protocol(world, categories="tension")
    response = share(client_for("bcu_lead"), world)
    assert not world.plans["a1"].shared_with.exists()
    assert (
        "No partnership in this force area is covered"
        in client_for("bcu_lead")
        .get(reverse("plans:plan-share", args=[world.plans["a1"].pk]))
        .content.decode()
    )
    assert response.status_code == 200


def test_lapse_by_date_alone(world: World, client_for: Any) -> None:
    """Access ends the day after the review date without anyone changing anything."""
    protocol(world, review_on=date(2026, 12, 31))
    share(client_for("bcu_lead"), world)
    url = reverse("plans:plan-detail", args=[world.plans["a1"].pk])
    assert client_for("partner_user").get(url).status_code == 200
    with time_machine.travel(date(2027, 1, 1), tick=False):
        assert client_for("partner_user").get(url).status_code == 404
