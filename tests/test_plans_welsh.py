"""Plans in Welsh: the checklist exported in Welsh reads back in with nothing lost, the approval
e-mail goes out in each approver's language, and the plan's history is kept in English but read
in the reader's language (docs/welsh.md)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from preventplan.lib.dates import format_date
from preventplan.plans import actions, checklist, importer
from preventplan.plans.models import (
    Action,
    Decision,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanChange,
    PlanStatus,
)
from tests.world import World


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(date(2026, 11, 29), tick=False):
        yield


def welsh(text: str) -> str:
    with translation.override("cy"):
        return gettext(text)


def welsh_client(world: World, client_for: Any, persona: str) -> Any:
    user = world.users[persona]
    user.language = "cy"
    user.save(update_fields=["language"])
    return client_for(persona)


def varied_plan(world: World) -> Plan:
    """A plan whose checklist carries every kind of value: decisions, a reason, local wording, an
    owner, and milestones in each status (one due in July: "Gorffennaf", the longest month)."""
    plan = world.plans["a1"]
    Action.objects.filter(plan=plan, number="2.6").update(
        decision=Decision.NOT_APPLICABLE, not_applicable_reason="Low risk"
    )
    Action.objects.filter(plan=plan, number="1.3").update(
        decision=Decision.ADAPT, local_text="Local forums", owner=world.users["partner_user"]
    )
    Action.objects.filter(plan=plan, number="2.4").update(
        decision=Decision.ADOPT, owner=world.users["bcu_lead"]
    )
    action = Action.objects.get(plan=plan, number="2.4")
    Milestone.objects.create(
        action=action, title="Briefed", due_date=date(2026, 7, 31), status=MilestoneStatus.COMPLETE
    )
    Milestone.objects.create(
        action=action,
        title="Forum running",
        due_date=date(2027, 1, 31),
        status=MilestoneStatus.IN_PROGRESS,
    )
    return plan


def download(client: Any, plan: Plan, fmt: str) -> bytes:
    response = client.get(reverse("plans:plan-checklist", args=[plan.pk, fmt]))
    assert response.status_code == 200, response.status_code
    return bytes(response.content)


def test_a_checklist_exported_in_welsh_reads_back_with_nothing_lost(
    world: World, client_for: Any
) -> None:
    """Headers, decisions, statuses and dates come out in Welsh; importing the file (in either
    language) finds every row and nothing to change."""
    plan = varied_plan(world)
    client = welsh_client(world, client_for, "bcu_lead")
    with translation.override("cy"):
        headers = [str(c) for c in checklist.COLUMNS]
    for fmt in ("xlsx", "csv"):
        content = download(client, plan, fmt)
        if fmt == "xlsx":
            wb = load_workbook(io.BytesIO(content))
            assert wb.sheetnames == [welsh_sheet()]
            rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
            assert rows[4] == headers
        else:
            rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
            assert rows[0] == headers
        row_26 = next(r for r in rows if r[0] == "2.6")
        assert row_26[5] == welsh("Not applicable")
        row_24 = next(r for r in rows if r[0] == "2.4")
        with translation.override("cy"):
            july = format_date(date(2026, 7, 31))  # "31 Gorffenaf 2026" in Django's Welsh
            assert f"Briefed — {july} — {MilestoneStatus.COMPLETE.label}" in row_24[9]
        for language in ("en-gb", "cy"):
            with translation.override(language):
                result = importer.build_preview(plan, f"plan.{fmt}", content)
            assert result.errors == [] and result.changes == [], (
                [str(e) for e in result.errors],
                [[str(d) for d in c.descriptions] for c in result.changes],
            )
            assert result.rows_read == plan.actions.count()


def welsh_sheet() -> str:
    with translation.override("cy"):
        return str(checklist.SHEET_TITLE)


def test_a_welsh_workbook_edited_offline_is_imported(world: World, client_for: Any) -> None:
    """Welsh decisions, statuses and dates typed into the Welsh export are understood; the preview
    is in Welsh and the plan's history stays in English."""
    plan = varied_plan(world)
    client = welsh_client(world, client_for, "bcu_lead")
    wb = load_workbook(io.BytesIO(download(client, plan, "xlsx")))
    ws = wb.worksheets[0]
    rows = {str(r[0].value): r for r in ws.iter_rows(min_row=6) if r[0].value}
    rows["2.5"][5].value = welsh("Not applicable")
    rows["2.5"][7].value = "No venues in the area"
    rows["2.5"][9].value = "Trained — 31 Gorffennaf 2026 — " + welsh(
        "Complete"
    )  # as people spell it
    out = io.BytesIO()
    wb.save(out)
    response = client.post(
        reverse("plans:plan-import", args=[plan.pk]),
        {"file": SimpleUploadedFile("gogledd.xlsx", out.getvalue())},
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert client.post(response["Location"]).status_code == 302
    action = Action.objects.get(plan=plan, number="2.5")
    assert (action.decision, action.not_applicable_reason) == (
        Decision.NOT_APPLICABLE,
        "No venues in the area",
    )
    trained = action.milestones.get(title="Trained")
    assert (trained.due_date, trained.status) == (date(2026, 7, 31), MilestoneStatus.COMPLETE)
    change = PlanChange.objects.filter(plan=plan, action=action).latest("at")
    assert change.what.startswith(
        "Imported from gogledd.xlsx: 2.5 — decision: “Adopt” → “Not applicable”; "
        "not applicable reason: “—” → “No venues in the area”; milestone “Trained”: "
    )


def test_the_approval_email_is_in_each_approvers_language(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A force lead who chose Welsh gets the e-mail in Welsh."""
    plan = world.plans["a1"]
    plan.actions.update(decision=Decision.ADOPT, owner=world.users["bcu_lead"])
    lead = world.users["force_lead"]
    lead.language = "cy"
    lead.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for("bcu_lead").post(reverse("plans:plan-submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    (sent,) = mail.outbox
    assert sent.to == [lead.email]
    with translation.override("cy"):
        assert sent.subject == gettext("Plan awaiting your approval: %(title)s") % {
            "title": plan.title
        }
    assert reverse("plans:plan-detail", args=[plan.pk]) in sent.body


def test_the_history_is_kept_in_english_and_read_in_the_readers_language(
    world: World,
) -> None:
    """The stored change names its fields in English; the page shows them in Welsh."""
    plan = world.plans["a1"]
    action = Action.objects.get(plan=plan, number="2.4")
    before = {name: getattr(action, name) for name in actions.ACTION_FIELDS}
    action.evaluation, action.owner = "Forum minutes", world.users["force_lead"]
    with translation.override("cy"):
        actions.update_action(world.users["bcu_lead"], action, before, action.version)
    change = PlanChange.objects.filter(plan=plan, action=action).latest("at")
    assert change.what == "Action 2.4 changed: how success will be evaluated, owner"
    assert change.description == "Action 2.4 changed: how success will be evaluated, owner"
    with translation.override("cy"):
        assert change.description == gettext("Action %(number)s changed: %(fields)s") % {
            "number": "2.4",
            "fields": f"{gettext('how success will be evaluated')}, {gettext('owner')}",
        }


def test_the_services_own_history_sentences_are_read_in_welsh(world: World) -> None:
    """Sentences the service writes into the history are shown in the reader's language; text
    people typed inside them (a reason) is left as it is."""
    plan = world.plans["a1"]
    returned = PlanChange.objects.create(plan=plan, what="Returned for changes: fix 2.4")
    rag = PlanChange.objects.create(plan=plan, what="RAG for 5.8 set to amber by hand")
    assert returned.description == "Returned for changes: fix 2.4"
    assert rag.description == "RAG for 5.8 set to amber by hand"
    with translation.override("cy"):
        assert returned.description == gettext("Returned for changes: %(reason)s") % {
            "reason": "fix 2.4"
        }
        assert rag.description == gettext("RAG for %(number)s set to %(rag)s by hand") % {
            "number": "5.8",
            "rag": gettext("Amber").lower(),
        }
