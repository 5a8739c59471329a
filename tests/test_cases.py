"""Case reviews (activities 3.1–3.3): the register's pages, who reads and changes cases, the reason
asked before a case is opened and the record of every reading (docs/case-reviews.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from preventplan.audit.models import AuditAction, AuditEvent
from preventplan.cases.models import REFERENCE_ALPHABET, Case, CaseStage, Stage, random_reference
from tests.factories import case_protocol, give_case_reason, make_case
from tests.world import World

pytestmark = pytest.mark.django_db


def test_reference_is_random_and_well_formed() -> None:
    """References look like CR-7KQ2M9, from an unambiguous alphabet, and differ each time."""
    refs = {random_reference() for _ in range(200)}
    assert len(refs) == 200
    for ref in refs:
        assert ref.startswith("CR-") and len(ref) == 9
        assert set(ref[3:]) <= set(REFERENCE_ALPHABET)


def test_bcu_lead_adds_a_case_through_the_form(world: World, client_for: Any) -> None:
    """The BCU lead adds a case: it gets a random reference, its first stage is in its history
    and the addition is audited."""
    client = client_for("bcu_lead")
    response = client.post(
        reverse("cases:case-create"),
        {
            "bcu": world.orgs["bcu_a1"].pk,
            "agency": world.orgs["la"].pk,
            "referral_source": "education",
            "referred_on": "5 1 2026",
            "stage": "referral",
            "stage_on": "5 1 2026",
            "review_on": "1 1 2099",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get()
    assert case.reference.startswith("CR-")
    assert case.agency == world.orgs["la"]
    assert list(case.stages.values_list("stage", flat=True)) == [Stage.REFERRAL]
    assert AuditEvent.objects.filter(event="case.added", record_id=str(case.pk)).exists()


def test_case_form_refuses_an_agency_outside_the_bcus_partnerships(
    world: World, client_for: Any
) -> None:
    """A partner organisation not in a partnership with the BCU cannot own its case."""
    response = client_for("bcu_lead").post(
        reverse("cases:case-create"),
        {
            "bcu": world.orgs["bcu_a1"].pk,
            "agency": world.orgs["school_a2"].pk,
            "referral_source": "education",
            "referred_on": "5 1 2026",
            "stage": "referral",
            "stage_on": "5 1 2026",
            "review_on": "1 1 2099",
        },
    )
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Case.objects.exists()


def test_detail_asks_why_then_records_the_reading(world: World, client_for: Any) -> None:
    """Opening a case first asks why; once answered, each reading is a consultation recorded
    with that reason, and the reason is not asked again for that case."""
    case = make_case(world)
    client = client_for("bcu_lead")
    url = reverse("cases:case-detail", args=[case.pk])
    first = client.get(url)
    assert b"Why are you opening this case?" in first.content
    assert not AuditEvent.objects.filter(event="case.consulted").exists()
    give_case_reason(client, case, "panel")
    shown = client.get(url)
    assert shown.status_code == 200 and case.reference.encode() in shown.content
    assert b"Why are you opening" not in shown.content
    event = AuditEvent.objects.get(event="case.consulted")
    assert event.action == AuditAction.CONSULT
    assert event.justification == "Preparing for or recording a panel"
    assert event.record_id == str(case.pk)
