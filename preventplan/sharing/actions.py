"""Writes to protocols and plan sharing. Each is atomic and audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.concurrency import save_if_unchanged
from preventplan.organisations.models import Partnership
from preventplan.plans.actions import PlanRuleError, record_change
from preventplan.plans.models import Plan
from preventplan.sharing.models import Protocol, ShareCategory, partnerships_with_protocol

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


@transaction.atomic
def share_plan(
    actor: User, plan: Plan, partnerships: list[Partnership], request: HttpRequest | None = None
) -> None:
    """Share a plan with partnerships, each covered by a protocol in force for plans."""
    allowed = set(partnerships_with_protocol(ShareCategory.PLANS).values_list("pk", flat=True))
    refused = [p.name for p in partnerships if p.pk not in allowed]
    if refused:
        raise PlanRuleError(
            "No information-sharing protocol in force covers sharing plans with "
            + ", ".join(refused)
        )
    before = set(plan.shared_with.values_list("pk", flat=True))
    plan.shared_with.set(partnerships)
    after = {p.pk for p in partnerships}
    if before != after:
        names = sorted(p.name for p in partnerships)
        record(actor, AuditAction.DISCLOSE, "plan.shared", plan, recipients=names, request=request)
        record_change(
            actor,
            plan,
            "Shared with " + (", ".join(names) if names else "no partnerships"),
            event="plan.sharing-changed",
            request=request,
        )
