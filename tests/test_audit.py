"""The s.62 audit log: append-only, chained, fails closed, read only by auditors (logged too)."""

from __future__ import annotations

import csv
import io
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from preventplan.audit.guard import create_triggers, drop_triggers
from preventplan.audit.log import record, verify_chain
from preventplan.audit.models import AuditAction, AuditEvent
from preventplan.organisations.models import Organisation
from tests.world import World


def test_every_write_is_chained(world: World) -> None:
    """Every audit event written while the world was built is in one intact hash chain."""
    report = verify_chain()
    assert report.intact and report.checked == AuditEvent.objects.count() > 10


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_log_is_append_only_in_the_database(world: World, operation: str) -> None:
    """The database itself refuses to update or delete an audit event, which stays as it was."""
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        if operation == "update":
            AuditEvent.objects.filter(pk=event.pk).update(justification="tampered")
        else:
            AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, justification=event.justification).exists()


def test_tampering_is_detected(world: World) -> None:
    """Even someone able to lift the triggers cannot change a record unnoticed."""
    victim = AuditEvent.objects.order_by("id")[3]
    drop_triggers()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET actor_label = %s WHERE id = %s",
                ["someone else", victim.pk],
            )
    finally:
        create_triggers()
    report = verify_chain()
    assert not report.intact and report.first_broken_id == victim.pk


def test_fails_closed(world: World, client_for: Any) -> None:
    """If the audit event cannot be written, the change it describes is not made either."""
    url = reverse("organisations:organisation-create") + f"?parent={world.orgs['force_a'].pk}"
    with (
        mock.patch("preventplan.audit.log.AuditEvent.save", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        client_for("force_lead").post(url, {"name": "BCU A9", "kind": "bcu"})
    assert not Organisation.objects.filter(name="BCU A9").exists()


def test_auditor_reads_and_reading_is_logged(world: World, client_for: Any) -> None:
    """The auditor searches the log and sees only their force's events; the reading is logged with
    its filters; a force lead gets 404."""
    record(
        world.users["force_lead"],
        AuditAction.DISCLOSE,
        "checklist.exported",
        world.orgs["force_a"],
        justification="Board pack",
    )
    record(
        world.users["other_force_lead"],
        AuditAction.ALTER,
        "organisation.updated",
        world.orgs["force_b"],
    )
    response = client_for("auditor").get(reverse("audit:event-list"), {"q": "checklist"})
    events = list(response.context["page"].object_list)
    assert [e.event for e in events] == ["checklist.exported"]
    everything = (
        client_for("auditor")
        .get(reverse("audit:event-list"), {"page": 1})
        .context["page"]
        .paginator.object_list
    )
    assert not any(
        e.organisation_id == world.orgs["force_b"].pk for e in everything
    )  # other force's events
    consulted = (
        AuditEvent.objects.filter(event="audit.consulted", actor=world.users["auditor"])
        .order_by("id")
        .first()
    )
    assert consulted is not None and consulted.details["filters"] == {"q": "checklist"}
    assert client_for("force_lead").get(reverse("audit:event-list")).status_code == 404


def test_export_needs_a_reason_and_is_logged(world: World, client_for: Any) -> None:
    """Exporting the log needs a reason; the CSV holds only the filtered events; the export is
    logged as a disclosure to the auditor."""
    client = client_for("auditor")
    url = reverse("audit:event-export") + "?action=sign-in"
    missing = client.post(url, {"reason": "other", "detail": ""})
    assert "Say why you need this" in missing.content.decode()
    response = client.post(url, {"reason": "subject-access", "detail": "ICO ref 123"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "When (UTC)" and all(r[3] == "Sign-in" for r in rows[1:])
    exported = AuditEvent.objects.get(event="audit.exported")
    assert (
        exported.justification.endswith("ICO ref 123") and exported.action == AuditAction.DISCLOSE
    )
    assert exported.recipients == [world.users["auditor"].email]
