"""Writes to the registers beyond adding and changing a record (which ``records.actions`` does).
Each is atomic and records its own audit event."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.registers.models import ConsequencePlan, InformationGiven

if TYPE_CHECKING:
    from preventplan.accounts.models import User


@transaction.atomic
def log_information(
    actor: User,
    plan: ConsequencePlan,
    entry: InformationGiven,
    request: HttpRequest | None = None,
) -> InformationGiven:
    """Add an entry to a consequence management plan's log of information given (5.7)."""
    entry.plan, entry.recorded_by = plan, actor
    entry.save()
    record(
        actor,
        AuditAction.ALTER,
        "consequenceplan.information-logged",
        plan,
        details={
            "given_on": entry.given_on.isoformat(),
            "audience": entry.audience,
            "channel": entry.channel,
        },
        request=request,
    )
    return entry
