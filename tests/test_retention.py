"""Retention review: due records, retain decisions with reasons, disposal that leaves an erasure event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from preventplan.audit.models import AuditEvent, RetentionDecision, RetentionRule
from preventplan.plans.actions import EvidenceInput, add_progress_update
from preventplan.plans.models import Evidence, Plan, PlanStatus
from preventplan.programme.models import Risk
from preventplan.records.models import RecordStatus
from tests.factories import make_risk
from tests.world import World


@pytest.fixture
def old_closed_plan(world: World, settings: Any, tmp_path: Any) -> Plan:
    settings.MEDIA_ROOT = tmp_path
    plan = world.plans["a1"]
    add_progress_update(
        world.users["bcu_lead"],
        world.action("a1", "3.1"),
        reported_on=plan.period_start,
        rag="green",
        narrative="x",
        evidence=[
            EvidenceInput(
                title="Minutes",
                upload=SimpleUploadedFile("m.pdf", b"%PDF-1.4"),
                content_type="application/pdf",
            )
        ],
    )
    long_ago = timezone.now() - timedelta(days=6 * 366)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.CLOSED, closed_at=long_ago)
    Evidence.objects.update(uploaded_at=long_ago)
    return plan


def queue(client: Any) -> list[tuple[str, str]]:
    return [
        (d.record_type, d.record_id)
        for d in client.get(reverse("audit:retention-queue")).context["page"].object_list
    ]


def test_due_records_for_the_force(world: World, old_closed_plan: Plan, client_for: Any) -> None:
    """A plan closed six years ago and its evidence are due for the force's review, not another
    force's, nor the BCU lead's (whose queue holds only their BCU's closed cases)."""
    evidence = Evidence.objects.get()
    assert queue(client_for("force_lead")) == [
        ("plans.plan", str(old_closed_plan.pk)),
        ("plans.evidence", str(evidence.pk)),
    ]
    assert queue(client_for("other_force_lead")) == []
    assert queue(client_for("bcu_lead")) == []
    assert client_for("action_owner").get(reverse("audit:retention-queue")).status_code == 404


def test_retain_needs_reason_and_future_date(
    world: World, old_closed_plan: Plan, client_for: Any
) -> None:
    """Keeping a record needs a reason and a future review date; kept, it leaves the queue, and the
    decision is recorded and audited."""
    client = client_for("force_lead")
    url = reverse("audit:retention-decide", args=["plans.plan", old_closed_plan.pk])
    bad = client.post(url, {"decision": "retain", "reason": "", "next_review_on": "1 1 2020"})
    html = bad.content.decode()
    assert "Give the reason for your decision" in html and "must be in the future" in html
    client.post(
        url,
        {
            "decision": "retain",
            "reason": "Subject of a complaint",
            "next_review_on": (timezone.localdate() + timedelta(days=365)).strftime("%d %m %Y"),
        },
    )
    assert ("plans.plan", str(old_closed_plan.pk)) not in queue(client)
    decision = RetentionDecision.objects.get(record_id=str(old_closed_plan.pk))
    assert (decision.decided_by, decision.reason) == (
        world.users["force_lead"],
        "Subject of a complaint",
    )
    assert (
        AuditEvent.objects.filter(
            event="retention.retained", justification="Subject of a complaint"
        ).count()
        == 1
    )


def test_dispose_deletes_record_and_files(
    world: World, old_closed_plan: Plan, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Disposal deletes the plan, its evidence and the files, leaves one erasure event, and can
    happen once only."""
    evidence = Evidence.objects.get()
    path = evidence.file.path
    client = client_for("force_lead")
    url = reverse("audit:retention-decide", args=["plans.plan", old_closed_plan.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "dispose", "reason": "No longer needed"})
    assert not Plan.objects.filter(pk=old_closed_plan.pk).exists()
    assert not Evidence.objects.exists()
    import os

    assert not os.path.exists(path)
    erased = AuditEvent.objects.get(event="retention.disposed")
    assert erased.action == "erase" and erased.details == {
        "record": ["plans.plan", str(old_closed_plan.pk)]
    }
    assert (
        client.post(url, {"decision": "dispose", "reason": "again"}).status_code == 404
    )  # once only


def test_register_records_come_up_from_their_spec(world: World, client_for: Any) -> None:
    """A risk closed more than six years ago comes up for review (the register's default period);
    an open one and one closed last year do not; a housekeeping rule of the same kind overrides the
    period; disposing of it deletes it and leaves an erasure event."""

    old, recent, still_open = make_risk(world), make_risk(world), make_risk(world)
    Risk.objects.filter(pk__in=[old.pk, recent.pk]).update(status=RecordStatus.CLOSED)
    Risk.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=6 * 366))
    Risk.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - timedelta(days=400))
    lead = client_for("force_lead")
    assert queue(lead) == [("programme.risk", str(old.pk))]
    assert "Closed risks: 72 months" in lead.get(reverse("audit:retention-queue")).content.decode()
    RetentionRule.objects.create(record_type="programme.risk", review_after_months=12)
    assert sorted(queue(lead)) == sorted(
        [("programme.risk", str(old.pk)), ("programme.risk", str(recent.pk))]
    )
    assert queue(client_for("other_force_lead")) == []
    response = lead.post(
        reverse("audit:retention-decide", args=["programme.risk", str(old.pk)]),
        {"decision": "dispose", "reason": "Past its retention period; nothing outstanding"},
    )
    assert response.status_code == 302
    assert sorted(Risk.objects.values_list("pk", flat=True)) == sorted([recent.pk, still_open.pk])
    erasure = AuditEvent.objects.get(event="retention.disposed")
    assert erasure.details["record"] == ["programme.risk", str(old.pk)]
