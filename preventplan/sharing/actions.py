"""Writes to protocols. Each is atomic and audited. (Sharing a plan under a protocol is a write
to the plan: plans.actions.share_plan.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.concurrency import save_if_unchanged
from preventplan.organisations.models import Partnership
from preventplan.sharing.models import Protocol

if TYPE_CHECKING:
    from preventplan.accounts.models import User

FIELDS = [
    "reference",
    "title",
    "owner",
    "scope",
    "legal_basis",
    "categories",
    "signed_on",
    "review_on",
    "status",
]


@transaction.atomic
def save_protocol(
    actor: User,
    protocol: Protocol,
    partnerships: list[Partnership],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Protocol:
    created = protocol.pk is None
    if created:
        protocol.created_by = actor
        protocol.save()
    else:
        save_if_unchanged(protocol, expected_version or 0, FIELDS)
    protocol.partnerships.set(partnerships)
    record(
        actor,
        AuditAction.COLLECT if created else AuditAction.ALTER,
        "protocol.saved",
        protocol,
        details={"status": protocol.status, "partnerships": sorted(p.name for p in partnerships)},
        request=request,
    )
    return protocol
