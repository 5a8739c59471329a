"""The one way to write an audit event. Every write and sensitive read calls :func:`record`.

It is called inside the same transaction as the change it describes, so if the event cannot be
written the change rolls back too (no audit, no change).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

from preventplan.audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from preventplan.accounts.models import User
    from preventplan.organisations.models import Organisation


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
    return AuditEvent.objects.create(
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
    )
