"""Consultations (DPA 2018 s.62): staff reads of records that can hold personal data, and reads
of shared records from outside their organisation, each recorded once per page or API answer
through ``audit.consultations`` (docs/audit.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import time_machine
from django.urls import reverse

from preventplan.audit.models import AuditAction, AuditEvent
from preventplan.tension.models import BcuReturn, CriticalIncident, ForceAssessment
from tests.factories import (
    WEEK,
    make_consequence_plan,
    make_grievance,
    make_learning,
    make_protocol,
    make_risk,
    tension_url,
)
from tests.world import World


def consultations(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=before, action=AuditAction.CONSULT))


def last_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def names(event: AuditEvent, obj: Any) -> bool:
    """Whether the event names the record: as its subject, or among a page's references."""
    return event.record_id == str(obj.pk) or obj.reference in event.details.get("references", [])


def test_staff_reads_of_a_grievance_are_recorded_everywhere(
    world: World, client_for: Any, api: Any
) -> None:
    """The grievance's list, page, change form and API answers each leave one consultation
    naming it; a list page is one event, not one per row."""
    grievance = make_grievance(world)
    other = make_grievance(world, title="Concern about the market")
    client, caller = client_for("bcu_lead"), api("bcu_lead")
    reads = {
        "list": lambda: client.get(reverse("registers:grievance-list")),
        "detail": lambda: client.get(reverse("registers:grievance-detail", args=[grievance.pk])),
        "edit": lambda: client.get(reverse("registers:grievance-edit", args=[grievance.pk])),
        "api": lambda: caller.get(f"/api/v1/grievances/{grievance.pk}"),
        "api-list": lambda: caller.get("/api/v1/grievances"),
    }
    for page, read in reads.items():
        before = last_id()
        assert read().status_code == 200, page
        events = consultations(before)
        assert len(events) == 1, (page, [e.event for e in events])
        assert events[0].event == "grievance.consulted" and names(events[0], grievance), page
        assert events[0].actor == world.users["bcu_lead"] and events[0].details["page"] == page
        if page in {"list", "api-list"}:
            assert names(events[0], other), page


def test_registers_without_personal_data_record_no_staff_reads(
    world: World, client_for: Any
) -> None:
    """A risk holds no personal data: its lead reading it leaves no consultation."""
    risk = make_risk(world)
    before = last_id()
    client_for("force_lead").get(reverse("programme:risk-detail", args=[risk.pk]))
    client_for("force_lead").get(reverse("programme:risk-list"))
    assert consultations(before) == []


def test_consequence_plan_and_its_log_are_recorded(world: World, client_for: Any) -> None:
    """The consequence plan's page (with its log) and the log page are consultations."""
    plan = make_consequence_plan(world)
    client = client_for("bcu_lead")
    for name in ["consequence-plan-detail", "consequence-plan-log"]:
        before = last_id()
        assert client.get(reverse(f"registers:{name}", args=[plan.pk])).status_code == 200
        events = consultations(before)
        assert [e.event for e in events] == ["consequenceplan.consulted"], name
        assert names(events[0], plan)


@time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False)
def test_tension_reads_are_recorded(world: World, client_for: Any, api: Any) -> None:
    """A BCU return's week page and history, a force assessment's week page, a critical
    incident's page and the API's list of returns each leave one consultation naming what was
    read; a week with no return shows nothing and records nothing."""
    bcu, force = world.orgs["bcu_a1"], world.orgs["force_a"]
    client_for("bcu_lead").post(tension_url("bcu-start", bcu), {})
    client_for("force_lead").post(tension_url("force-start", force), {})
    incident = CriticalIncident.objects.create(
        force=force,
        occurred_at=datetime(2026, 11, 23, 20, 0, tzinfo=UTC),
        area="Centre",
        summary="Disorder",
    )
    ret, assessment = BcuReturn.objects.get(), ForceAssessment.objects.get()
    reads = [
        ("bcu_lead", tension_url("bcu-week", bcu), "bcureturn.consulted", ret),
        ("bcu_lead", reverse("tension:bcu-history", args=[bcu.pk]), "bcureturn.consulted", ret),
        ("force_lead", tension_url("force-week", force), "forceassessment.consulted", assessment),
        (
            "force_lead",
            reverse("tension:incident-detail", args=[incident.pk]),
            "criticalincident.consulted",
            incident,
        ),
    ]
    for persona, url, event, obj in reads:
        before = last_id()
        assert client_for(persona).get(url).status_code == 200, url
        found = [e for e in consultations(before) if e.event == event]
        assert len(found) == 1 and (
            found[0].record_id == str(obj.pk) or obj.pk in found[0].details.get("ids", [])
        ), url
    before = last_id()
    response = api("bcu_lead").get("/api/v1/tension-assessments?kind=bcu")
    assert response.status_code == 200
    [listed] = consultations(before)
    assert listed.event == "bcureturn.consulted" and listed.details["ids"] == [ret.pk]
    before = last_id()
    client_for("bcu_lead").get(tension_url("bcu-week", bcu, WEEK.replace(day=16)))
    assert consultations(before) == []


def test_shared_grievances_and_lessons_read_by_a_partner_are_recorded(
    world: World, client_for: Any, api: Any
) -> None:
    """A partner reading a grievance or lesson shared with their partnership, on any page or
    through the API, leaves a consultation through sharing naming it; the BCU's own staff
    reading a lesson (no personal data) leave none."""
    make_protocol(world, "community")
    grievance, lesson = make_grievance(world), make_learning(world)
    grievance.shared_with.set([world.partnership])
    lesson.shared_with.set([world.partnership])
    client, caller = client_for("partner_user"), api("partner_user")
    shared: list[tuple[Any, str, str]] = [
        (grievance, "grievance", "grievances"),
        (lesson, "learning", "learning"),
    ]
    for record, kind, path in shared:
        prefix = record._meta.model_name
        for url in [
            reverse(f"registers:{kind}-list"),
            reverse(f"registers:{kind}-detail", args=[record.pk]),
            f"/api/v1/{path}",
            f"/api/v1/{path}/{record.pk}",
        ]:
            before = last_id()
            reader = caller if url.startswith("/api/") else client
            assert reader.get(url).status_code == 200, url
            events = consultations(before)
            assert [e.event for e in events] == [f"{prefix}.consulted-shared"], url
            assert names(events[0], record) and "partnership" in events[0].justification
    before = last_id()
    client_for("bcu_lead").get(reverse("registers:learning-detail", args=[lesson.pk]))
    assert consultations(before) == []
