"""The one way to write an audit event. Every write and sensitive read calls :func:`record`.

It is called inside the same transaction as the change it describes, so if the event cannot be
written the change rolls back too (no audit, no change).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
        AuditChainHead.objects.get_or_create(pk=1)
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


def chain_hash(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and every field that describes the event."""
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
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def verify_chain() -> ChainReport:
    """Walk the log in order and find the first event whose hash or link does not match."""
    previous = ""
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous or chain_hash(event) != event.hash:
            return ChainReport(checked, event.pk)
        previous = event.hash
        checked += 1
    return ChainReport(checked, None)
