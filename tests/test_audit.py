"""The s.62 audit log: append-only, chained, fails closed, read only by auditors (logged too)."""

from __future__ import annotations

import csv
import importlib
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from preventplan.audit import checkpoint
from preventplan.audit.guard import create_triggers, drop_triggers
from preventplan.audit.log import chain_hash, record, unkeyed_chain_hash, verify_chain
from preventplan.audit.models import AuditAction, AuditChainHead, AuditEvent
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


# -- the keyed chain, its head and checkpoints (docs/audit.md) ------------------------------------
def tamper(sql: str, params: list[Any] | None = None) -> None:
    """Run SQL on the log as someone who can lift the append-only triggers."""
    drop_triggers()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
    finally:
        create_triggers()


def rechain(hash_of: Any, start: int = 0) -> None:
    """Recompute every link and hash from the ``start``-th event on with ``hash_of`` and make the
    head agree, as a forger with full database rights would."""
    events = list(AuditEvent.objects.order_by("id"))
    previous = events[start - 1].hash if start else ""
    drop_triggers()
    try:
        for event in events[start:]:
            event.previous_hash = previous
            event.hash = previous = hash_of(event)
            AuditEvent.objects.filter(pk=event.pk).update(
                previous_hash=event.previous_hash, hash=event.hash
            )
    finally:
        create_triggers()
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous, count=len(events))


def verify(*args: str) -> str:
    """``verify_audit``'s message, or its error."""
    out = io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        return f"FAILED: {error}"
    return out.getvalue()


def test_edited_event_with_recomputed_hashes_is_found(world: World) -> None:
    """An event edited and the whole chain recomputed — unkeyed, or with a guessed key, head
    and all — still fails: the hash needs AUDIT_KEY, which is not in the database."""
    victim = AuditEvent.objects.order_by("id")[3]
    tamper("UPDATE audit_auditevent SET actor_label = %s WHERE id = %s", ["x", victim.pk])
    rechain(unkeyed_chain_hash, start=3)
    assert verify().startswith(
        f"FAILED: The audit log has been tampered with: the chain breaks at event {victim.pk}"
    )
    rechain(lambda e: chain_hash(e, "a guessed key"), start=3)
    assert verify_chain().first_broken_id == victim.pk


def test_deleted_tail_is_found(world: World) -> None:
    """The last ten events deleted with the triggers lifted: the chain that remains is sound,
    but the head says there were more."""
    total = AuditEvent.objects.count()
    tenth_last = AuditEvent.objects.order_by("-id")[9].pk
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [tenth_last])
    assert verify() == (
        f"FAILED: The audit log has been tampered with: the log holds {total - 10:,} events but "
        f"the chain's head recorded {total:,}: events were removed ({total - 10:,} good events "
        "before it)"
    )


def test_emptied_log_is_found(world: World) -> None:
    """A log emptied (as TRUNCATE would) is not "intact: 0 events" while the head says
    otherwise."""
    tamper("DELETE FROM audit_auditevent")
    assert "the log holds 0 events but the chain's head recorded" in verify()


def test_checkpoint_catches_what_the_database_hides(world: World, tmp_path: Path) -> None:
    """The daily checkpoint, written outside the database, catches a tail deleted *and* the head
    rewritten to match, which the database alone cannot show."""
    out = io.StringIO()
    call_command("audit_checkpoint", "--directory", str(tmp_path), stdout=out)
    (path,) = tmp_path.glob("audit-checkpoint-*.json")
    total = AuditEvent.objects.count()
    assert json.loads(path.read_text())["count"] == total and str(path) in out.getvalue()
    assert "it agrees with the checkpoint" in verify("--checkpoint", str(path))
    record(world.users["bcu_lead"], AuditAction.CONSULT, "plan.viewed", world.plans["a1"])
    assert "intact" in verify("--checkpoint", str(path))  # later events are fine
    tamper(
        "DELETE FROM audit_auditevent WHERE id >= %s", [AuditEvent.objects.order_by("-id")[2].pk]
    )
    survivor = AuditEvent.objects.order_by("-id").first()
    assert survivor is not None
    AuditChainHead.objects.filter(pk=1).update(count=total - 2, last_hash=survivor.hash)
    assert verify().startswith("The audit log is intact")  # the database alone is fooled
    assert verify("--checkpoint", str(path)) == (
        f"FAILED: The audit log has been tampered with: the log holds {total - 2:,} events but "
        f"the checkpoint of {timezone.localtime(json_time(path)):%-d %B %Y %H:%M} recorded "
        f"{total:,}: events were removed ({total - 2:,} good events before it)"
    )


def json_time(path: Path) -> datetime:
    return datetime.fromisoformat(json.loads(path.read_text())["at"])


def test_checkpoint_catches_a_rewritten_history(world: World, tmp_path: Path) -> None:
    """Events replaced by a forger who knew the key after the checkpoint was written (so the
    chain itself is sound) no longer match the checkpoint's hash at its position."""
    path, _ = checkpoint.write(tmp_path)
    victim = AuditEvent.objects.order_by("id")[2]
    tamper("UPDATE audit_auditevent SET justification = %s WHERE id = %s", ["x", victim.pk])
    rechain(chain_hash, start=2)
    assert verify().startswith("The audit log is intact")
    assert "is not the one the checkpoint of" in verify("--checkpoint", str(path))


def test_altered_checkpoint_is_refused(world: World, tmp_path: Path) -> None:
    """A checkpoint file edited to match a shortened log fails its signature."""
    path, _ = checkpoint.write(tmp_path)
    data = json.loads(path.read_text())
    data["count"] -= 5
    path.write_text(json.dumps(data))
    assert "the signature does not match" in verify("--checkpoint", str(path))


def test_no_checkpoint_of_a_broken_log(world: World, tmp_path: Path) -> None:
    """The daily job refuses to checkpoint a log that is already broken, and writes nothing."""
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [AuditEvent.objects.order_by("-id")[0].pk])
    with pytest.raises(CommandError, match="tampered with"):
        call_command("audit_checkpoint", "--directory", str(tmp_path), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_wrong_key_is_named(world: World, settings: Any) -> None:
    """Verifying with another AUDIT_KEY than the chain's says so, rather than blaming an event."""
    settings.AUDIT_KEY = "another key entirely, at least thirty-two characters"
    assert "chained with another key than AUDIT_KEY" in verify()


def test_rekey_from_unkeyed_and_from_an_old_key(
    world: World, tmp_path: Path, settings: Any
) -> None:
    """An old unkeyed log is re-chained with the key and verifies; so is one made with a previous
    key; a log tampered with before re-keying is refused, not blessed."""
    rechain(unkeyed_chain_hash)
    assert not verify_chain().intact
    call_command("rekey_audit", "--from-unkeyed", stdout=io.StringIO())
    assert verify_chain().intact
    old_key_file = tmp_path / "old-key"
    old_key_file.write_text(settings.AUDIT_KEY)
    settings.AUDIT_KEY = "the new key, rotated, at least thirty-two characters"
    call_command("rekey_audit", "--old-key-file", str(old_key_file), stdout=io.StringIO())
    assert verify_chain().intact
    old_key_file.write_text(settings.AUDIT_KEY)
    victim = AuditEvent.objects.order_by("id")[1]
    tamper("UPDATE audit_auditevent SET actor_label = %s WHERE id = %s", ["x", victim.pk])
    with pytest.raises(CommandError, match=f"breaks at event {victim.pk} "):
        call_command("rekey_audit", "--old-key-file", str(old_key_file), stdout=io.StringIO())
    assert verify_chain().first_broken_id == victim.pk  # left as it was


def test_migration_keys_an_existing_unkeyed_log(world: World) -> None:
    """Upgrading a database whose log was chained without a key re-chains it with the key (the
    0006 migration), so verify_audit keeps working on existing data."""
    rechain(unkeyed_chain_hash)
    migration = importlib.import_module("preventplan.audit.migrations.0006_keyed_chain")
    migration.key_the_chain(django_apps, None)
    assert verify_chain().intact and verify_chain().checked == AuditEvent.objects.count()


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


def test_records_read_together_are_found_by_reference_and_exported(
    world: World, client_for: Any
) -> None:
    """A page of records read together (a register list) is one event naming their references:
    the auditor finds it by searching a reference, sees the references in its Record column, and
    the export carries them with the event's details."""
    from preventplan.audit.consultations import record_listing

    class Shown:
        def __init__(self, pk: int, reference: str) -> None:
            self.pk, self.reference = pk, reference

    record_listing(
        world.users["force_lead"],
        [Shown(1, "G-001"), Shown(2, "G-002")],
        "grievance.consulted",
        organisation=world.orgs["force_a"],
    )
    client = client_for("auditor")
    page = client.get(reverse("audit:event-list"), {"q": "G-002"})
    assert [e.event for e in page.context["page"].object_list] == ["grievance.consulted"]
    assert "G-001, G-002" in page.content.decode()
    response = client.post(
        reverse("audit:event-export") + "?q=G-002", {"reason": "subject-access", "detail": "x"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Records listed"] for r in rows] == ["G-001, G-002"]
    assert json.loads(rows[0]["Details"])["ids"] == [1, 2]


def test_an_export_can_be_for_everyday_business() -> None:
    """Taking sensitive material out for a board report or for sharing under an agreement is a
    reason offered as it is, with no need to type it under "Another reason"; in Welsh the page's
    words are Welsh and the logged reason stays English."""
    from django.utils import translation

    from preventplan.audit.forms import ReasonForm

    form = ReasonForm({"reason": "report"})
    assert form.is_valid() and form.justification == "A board, partnership or management report"
    with translation.override("cy"):
        form = ReasonForm({"reason": "sharing", "detail": "ISA 12"})
        assert form.is_valid()
        assert form.justification == (
            "Sharing with a partner under an information sharing agreement: ISA 12"
        )
