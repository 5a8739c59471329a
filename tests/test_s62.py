"""The s.62 matrix: each processing operation on a record type writes exactly one audit event
with the actor, the organisation, the action and (for disclosures) the recipients and reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from preventplan.audit.models import AuditAction, AuditEvent
from preventplan.plans.models import Evidence, Plan, PlanStatus
from tests.world import World


def upload(world: World, client_for: Any) -> Evidence:
    action = world.action("a1", "3.1")
    client_for("bcu_lead").post(
        reverse("plans:progress-create", args=[action.pk]),
        {
            "reported_on": "1 11 2026",
            "rag": "green",
            "narrative": "x",
            "evidence_file": SimpleUploadedFile("m.pdf", b"%PDF-1.4"),
            "evidence_title": "Minutes",
            "evidence_confirmed": "on",
        },
    )
    return Evidence.objects.get()


def collect_plan(world: World, client_for: Any) -> None:
    client_for("bcu_lead").post(
        reverse("plans:plan-create"),
        {
            "organisation": world.orgs["bcu_a1"].pk,
            "period_start": "1 4 2027",
            "period_end": "31 3 2028",
            "threat_level": 3,
        },
    )


def alter_plan(world: World, client_for: Any) -> None:
    plan = world.plans["a1"]
    client_for("bcu_lead").post(
        reverse("plans:plan-edit", args=[plan.pk]),
        {
            "period_end": "31 3 2027",
            "threat_level": 4,
            "vulnerability_summary": "changed",
            "marking": "OFFICIAL",
            "version": plan.version,
        },
    )


def disclose_plan(world: World, client_for: Any) -> None:
    client_for("force_lead").get(
        reverse("plans:plan-checklist", args=[world.plans["a1"].pk, "csv"])
    )


def disclose_evidence(world: World, client_for: Any) -> None:
    evidence = upload(world, client_for)
    client_for("partner_user").get(reverse("plans:evidence-download", args=[evidence.pk]))


def erase_plan(world: World, client_for: Any) -> None:
    plan = world.plans["a1"]
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.CLOSED, closed_at=timezone.now() - timedelta(days=2200)
    )
    client_for("force_lead").post(
        reverse("audit:retention-decide", args=["plans.plan", plan.pk]),
        {"decision": "dispose", "reason": "Past retention"},
    )


def consult_log(world: World, client_for: Any) -> None:
    client_for("auditor").get(reverse("audit:event-list"))


def disclose_log(world: World, client_for: Any) -> None:
    client_for("auditor").post(reverse("audit:event-export"), {"reason": "self-monitoring"})


def collect_role(world: World, client_for: Any) -> None:
    from preventplan.accounts.models import User

    User.objects.create_user("newbie@test.example", "a long enough password", full_name="New")
    client_for("bcu_lead").post(
        reverse("organisations:invite", args=[world.orgs["bcu_a1"].pk]),
        {"email": "newbie@test.example", "role": "action-owner"},
    )


CASES: list[tuple[str, Callable[[World, Any], None], str, str, str]] = [
    # (label, operation, event, s.62 action, actor persona)
    ("collect plan", collect_plan, "plan.created", AuditAction.COLLECT, "bcu_lead"),
    ("alter plan", alter_plan, "plan.updated", AuditAction.ALTER, "bcu_lead"),
    ("disclose plan", disclose_plan, "checklist.exported", AuditAction.DISCLOSE, "force_lead"),
    (
        "disclose evidence",
        disclose_evidence,
        "evidence.downloaded",
        AuditAction.DISCLOSE,
        "partner_user",
    ),
    ("erase plan", erase_plan, "retention.disposed", AuditAction.ERASE, "force_lead"),
    ("consult log", consult_log, "audit.consulted", AuditAction.CONSULT, "auditor"),
    ("disclose log", disclose_log, "audit.exported", AuditAction.DISCLOSE, "auditor"),
    ("collect role", collect_role, "membership.granted", AuditAction.COLLECT, "bcu_lead"),
]


# The recipients and reason each operation records, where it records any.
OUTCOMES: dict[str, tuple[list[str], str]] = {
    "disclose plan": (["force_lead@test.example"], ""),
    "disclose evidence": (["partner_user@test.example"], ""),
    "erase plan": ([], "Past retention"),
    "disclose log": (["auditor@test.example"], "Routine self-monitoring of lawfulness"),
}


@pytest.mark.parametrize(
    ("label", "operation", "event", "action", "persona"), CASES, ids=[c[0] for c in CASES]
)
def test_one_event_per_operation(
    world: World,
    client_for: Any,
    settings: Any,
    tmp_path: Any,
    label: str,
    operation: Callable[[World, Any], None],
    event: str,
    action: str,
    persona: str,
) -> None:
    """The operation writes exactly one audit event, with its s.62 action, its actor, the recipients
    of a disclosure and the reason where one is asked."""
    settings.MEDIA_ROOT = tmp_path
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    operation(world, client_for)
    events = list(AuditEvent.objects.filter(id__gt=start, event=event))
    assert len(events) == 1, (
        f"{label}: {[e.event for e in AuditEvent.objects.filter(id__gt=start)]}"
    )
    e = events[0]
    assert e.action == action and e.actor == world.users[persona] and e.at is not None
    # A disclosure names its recipients; where a reason is asked for, it is recorded.
    assert (e.recipients, e.justification) == OUTCOMES.get(label, ([], "")), label
