"""Information-sharing protocols and sharing plans with partnerships under them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

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


# Every plans route, with what a partner reading plan A1 only because it is shared should leave
# in the audit log: "consult" (one consultation), "disclose" (one disclosure: a download),
# or None (refused, or not a shared record: nothing). A new route must be added here.
PARTNER_ROUTES: dict[str, str | None] = {
    "plan-list": "consult",
    "plan-detail": "consult",
    "plan-changes": "consult",
    "plan-template": "consult",
    "action-detail": "consult",
    "plan-checklist": "disclose",
    "evidence-download": "disclose",
    "template-checklist": None,  # the national template, not a record of anyone's
    "plan-create": None,
    "plan-edit": None,
    "plan-submit": None,
    "plan-approve": None,
    "plan-return": None,
    "plan-close": None,
    "plan-roll-forward": None,
    "plan-share": None,
    "plan-bulk": None,  # a bulk change: the plan's lead only
    "action-create": None,
    "plan-import": None,
    "plan-import-preview": None,
    "action-edit": None,
    "rag-override": None,
    "milestone-create": None,
    "progress-create": None,
    "milestone-edit": None,
    "milestone-delete": None,
}
PARTNER_API_READS = {
    "/plans": "",
    "/plans/{plan_id}": "",
    "/plans/{plan_id}/actions": "",
    "/milestones": "?plan_id={plan_id}",
}


def test_every_route_and_api_read_of_a_shared_plan_is_recorded(
    world: World, client_for: Any, api: Any
) -> None:
    """A partner walks every plans route and every API read of a plan shared with their
    partnership: each read leaves exactly one consultation (downloads one disclosure), refused
    routes none; the plan's own lead walking the same leaves no consultation."""
    from preventplan.api.plans import router
    from preventplan.audit.models import AuditAction
    from preventplan.plans.models import Evidence, Milestone, PlanImport

    plans_urls = get_resolver().namespace_dict["plans"][1].url_patterns
    assert {getattr(p, "name", None) for p in plans_urls} == set(PARTNER_ROUTES)
    api_reads = {
        path
        for path, view in router.path_operations.items()
        for op in view.operations
        if "GET" in op.methods
    }
    assert api_reads == set(PARTNER_API_READS)
    protocol(world)
    share(client_for("bcu_lead"), world)
    plan, action = world.plans["a1"], world.action("a1", "2.4")
    action.delivery_partners.clear()
    Action.objects.filter(pk=action.pk).update(owner=None)
    milestone = Milestone.objects.create(
        action=action, title="Forum meets", due_date=date(2027, 1, 5)
    )
    client_for("bcu_lead").post(
        reverse("plans:progress-create", args=[action.pk]),
        {
            "reported_on": "1 11 2026",
            "rag": "green",
            "narrative": "On track",
            "evidence_file": SimpleUploadedFile("m.pdf", b"%PDF-1.4"),
            "evidence_title": "Minutes",
            "evidence_confirmed": "on",
        },
    )
    evidence = Evidence.objects.get(update__action=action)
    staged = PlanImport.objects.create(
        plan=plan,
        filename="p.csv",
        content=b"x",
        uploaded_by=world.users["bcu_lead"],
        plan_version=plan.version,
    )
    args: dict[str, list[Any]] = {
        "plan-list": [],
        "plan-create": [],
        "template-checklist": ["blank", "csv"],
        "plan-checklist": [plan.pk, "csv"],
        "plan-import-preview": [plan.pk, staged.pk],
        "evidence-download": [evidence.pk],
        "milestone-edit": [milestone.pk],
        "milestone-delete": [milestone.pk],
    }
    action_routes = {
        "action-detail",
        "action-edit",
        "rag-override",
        "milestone-create",
        "progress-create",
    }
    for name in action_routes:
        args[name] = [action.pk]

    def walk(persona: str) -> dict[str, tuple[int, list[str]]]:
        client = client_for(persona)
        seen = {}
        for name in PARTNER_ROUTES:
            before = AuditEvent.objects.count()
            response = client.get(reverse(f"plans:{name}", args=args.get(name, [plan.pk])))
            events = AuditEvent.objects.order_by("pk")[before:]
            seen[name] = (response.status_code, [e.action for e in events])
        caller = api(persona)
        for path, query in PARTNER_API_READS.items():
            before = AuditEvent.objects.count()
            url = "/api/v1" + path.format(plan_id=plan.pk) + query.format(plan_id=plan.pk)
            response = caller.get(url)
            events = AuditEvent.objects.order_by("pk")[before:]
            seen[path] = (response.status_code, [e.action for e in events])
        return seen

    partner = walk("partner_user")
    for name, expected in PARTNER_ROUTES.items():
        status, actions = partner[name]
        if expected is None:
            assert status in (403, 404), (name, status)  # refused
            assert actions == [], (name, actions)
        else:
            assert status in (200, 302), (name, status)
            wanted = AuditAction.CONSULT if expected == "consult" else AuditAction.DISCLOSE
            assert actions == [wanted], (name, actions)
    for path in PARTNER_API_READS:
        status, actions = partner[path]
        assert status == 200 and actions == [AuditAction.CONSULT], (path, status, actions)
    consulted = AuditEvent.objects.filter(
        actor=world.users["partner_user"], event="plan.consulted-shared"
    )
    assert {e.details.get("read") for e in consulted} >= {
        "plans",
        "changes",
        "template",
        "actions",
        "milestones",
        "plan",
    }
    milestones_read = consulted.get(details__read="milestones")
    assert milestone.pk in milestones_read.details["milestones"]
    lead = walk("bcu_lead")
    assert not any(AuditAction.CONSULT in actions for _, actions in lead.values())
