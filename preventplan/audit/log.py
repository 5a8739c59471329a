"""The one way to write an audit event. Every write and sensitive read calls :func:`record`.

It is called inside the same transaction as the change it describes, so if the event cannot be
written the change rolls back too (no audit, no change).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest

from preventplan.audit.models import AuditAction, AuditChainHead, AuditEvent
from preventplan.lib.http import client_ip

if TYPE_CHECKING:
    from preventplan.accounts.models import User
    from preventplan.organisations.models import Organisation


def record(
    actor: User | None,
    action: AuditAction,
    event: str,
    obj: models.Model | None = None,
    *,
    organisation: Organisation | None = None,
    justification: str = "",
    recipients: Iterable[str] = (),
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Write one audit event about ``obj`` (or about no record, for sign-in events)."""
    if organisation is None and obj is not None:
        organisation = getattr(obj, "audit_organisation", None)
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(pk=1, defaults={"key_id": key_id()})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        event_row = AuditEvent(
            actor=actor if actor is not None and actor.pk else None,
            actor_label=actor_label or (actor.email if actor is not None else ""),
            organisation=organisation,
            action=action,
            event=event,
            record_type=obj._meta.label_lower if obj is not None else "",
            record_id=str(obj.pk) if obj is not None else "",
            record_label=str(obj)[:300] if obj is not None else "",
            justification=justification,
            recipients=list(recipients),
            details=details or {},
            ip_address=client_ip(request),
            previous_hash=head.last_hash,
        )
        event_row.hash = chain_hash(event_row)
        event_row.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_hash=event_row.hash, count=F("count") + 1)
    return event_row


def _body(event: AuditEvent) -> bytes:
    """Every field that describes the event, and the hash of the one before."""
    body = {
        "previous": event.previous_hash,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "organisation": event.organisation_id,
        "action": event.action,
        "event": event.event,
        "record": [event.record_type, event.record_id, event.record_label],
        "justification": event.justification,
        "recipients": event.recipients,
        "details": event.details,
        "ip": event.ip_address,
    }
    return json.dumps(body, sort_keys=True, default=str).encode()


def chain_hash(event: AuditEvent, key: str | None = None) -> str:
    """HMAC-SHA256, keyed with ``AUDIT_KEY`` (which is not in the database), over the previous
    hash and every field that describes the event: without the key nobody can compute it, so an
    edited event cannot be given a matching hash."""
    secret = (key if key is not None else settings.AUDIT_KEY).encode()
    return hmac.new(secret, _body(event), hashlib.sha256).hexdigest()


def unkeyed_chain_hash(event: AuditEvent) -> str:
    """The plain SHA-256 the chain used before it was keyed; only for re-keying an old log."""
    return hashlib.sha256(_body(event)).hexdigest()


def key_id(key: str | None = None) -> str:
    """A fingerprint that names the key without revealing it, kept with the chain's head."""
    secret = (key if key is not None else settings.AUDIT_KEY).encode()
    return hmac.new(secret, b"preventplan audit key id", hashlib.sha256).hexdigest()[:16]


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def read_head() -> tuple[int, str, str | None]:
    """The head's count, last hash and key id (count 0 and no key id when there is no head)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return 0, "", None
    return head.count, head.last_hash, head.key_id or None


def verify_chain(expected: dict[int, tuple[str, str]] | None = None) -> ChainReport:
    """Walk the log in order and find the first event whose keyed hash or link does not match;
    then check the walk against the head (read first, so events added meanwhile are fine): the
    log holds at least the head's count of events and the event at that position has the head's
    hash. ``expected`` adds more such positions: ``{count: (last_hash, where_from)}`` (a
    checkpoint). A log emptied, cut short, edited or re-hashed without the key fails."""
    count, last_hash, head_key = read_head()
    if head_key is not None and head_key != key_id():
        return ChainReport(
            0,
            None,
            "the log was chained with another key than AUDIT_KEY (key id "
            f"{head_key}, this key is {key_id()}): check AUDIT_KEY, or run rekey_audit",
        )
    wanted = {count: (last_hash, "the chain's head"), **(expected or {})}
    previous = ""
    checked = 0
    if 0 in wanted and wanted[0][0] != "":
        return ChainReport(0, None, f"{wanted[0][1]} is inconsistent (no events, yet a hash)")
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous or chain_hash(event) != event.hash:
            return ChainReport(checked, event.pk, f"the chain breaks at event {event.pk}")
        previous = event.hash
        checked += 1
        if checked in wanted and wanted[checked][0] != event.hash:
            _, where = wanted[checked]
            return ChainReport(
                checked,
                event.pk,
                f"event {checked:,} (id {event.pk}) is not the one {where} recorded",
            )
    short = [(n, where) for n, (_, where) in wanted.items() if n > checked]
    if short:
        n, where = max(short)
        return ChainReport(
            checked,
            None,
            f"the log holds {checked:,} events but {where} recorded {n:,}: events were removed",
        )
    return ChainReport(checked, None)


class RekeyError(Exception):
    pass


def rekey(old_hash: Callable[[AuditEvent], str]) -> int:
    """Re-chain the whole log with ``AUDIT_KEY``, after checking every event against the hash it
    was made with (``old_hash``: the unkeyed hash, or the old key's), so a log that was already
    tampered with is never blessed. Writers wait on the head while it runs; the append-only
    triggers are lifted only inside this transaction (it needs the table owner's rights).
    Returns how many events were re-chained."""
    from preventplan.audit.guard import create_triggers, drop_triggers

    with transaction.atomic():
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        previous, count = "", 0
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            if event.previous_hash != previous or old_hash(event) != event.hash:
                raise RekeyError(
                    f"the chain breaks at event {event.pk} under the old hash: not re-keyed"
                )
            previous, count = event.hash, count + 1
        if count != head.count or previous != head.last_hash:
            raise RekeyError("the log does not match its head: not re-keyed")
        drop_triggers()
        previous, after = "", 0
        while batch := list(AuditEvent.objects.filter(id__gt=after).order_by("id")[:2000]):
            for event in batch:
                event.previous_hash = previous
                event.hash = previous = chain_hash(event)
            AuditEvent.objects.bulk_update(batch, ["previous_hash", "hash"])
            after = batch[-1].pk
        create_triggers()
        AuditChainHead.objects.filter(pk=1).update(last_hash=previous, key_id=key_id())
    return count
