"""The formula guard on every CSV and Excel export (docs/audit.md, "Spreadsheet exports")."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.spreadsheets import safe_cell
from preventplan.plans.models import Action
from preventplan.reports import document
from tests.factories import WEEK, make_risk
from tests.factories import tension_url as url
from tests.world import World

DANGEROUS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    " =1+1",
    "\u00a0=1+1",
    " \u00a0 +cmd",
    "\n\n@x",
    "\t\t-2",
    "|=cmd",
    "|cmd'!A0",
    "\uff1dHYPERLINK(1)",  # full-width =
    "\uff0b1",  # full-width +
    "\uff0d1",  # full-width -
    "\uff20SUM(1)",  # full-width @
    " \uff1d1",
    "\u3000=1",  # ideographic space
]
HARMLESS = ["Forum", " Forum", "a=b", "5 - 3", "", "Email x@y.example", "｜pipe-like text"]

# A payload that only the new rules catch: a no-break space, then a full-width equals sign.
PAYLOAD = '\u00a0\uff1dHYPERLINK("http://evil.example")'


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_starts_are_neutralised(value: str) -> None:
    """Every way a spreadsheet program may still read a formula gets a leading apostrophe."""
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_ordinary_text_passes_unchanged(value: str) -> None:
    """Text that cannot start a formula is left exactly as written."""
    assert safe_cell(value) == value


def csv_cells(content: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]


def xlsx_cells(content: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(content))
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]


def assert_neutralised(cells: list[Any]) -> None:
    hits = [c for c in cells if isinstance(c, str) and PAYLOAD in c]
    assert hits, "the payload should be in the export"
    assert all(c.startswith("'") for c in hits), hits


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_checklist_export(world: World, client_for: Any, fmt: str) -> None:
    """The plan checklist, in CSV and Excel."""
    Action.objects.filter(plan=world.plans["a1"], number="2.4").update(evaluation=PAYLOAD)
    response = client_for("bcu_lead").get(
        reverse("plans:plan-checklist", args=[world.plans["a1"].pk, fmt])
    )
    cells = csv_cells(response.content) if fmt == "csv" else xlsx_cells(response.content)
    assert_neutralised(cells)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_register_export(world: World, client_for: Any, fmt: str) -> None:
    """A register export (risks), in CSV and Excel."""
    make_risk(world, title=PAYLOAD)
    response = client_for("bcu_lead").get(reverse("programme:risk-export", args=[fmt]))
    cells = csv_cells(response.content) if fmt == "csv" else xlsx_cells(response.content)
    assert_neutralised(cells)


def test_audit_log_export(world: World, client_for: Any) -> None:
    """The audit log export (CSV) neutralises text that users wrote, such as a justification."""
    record(world.users["bcu_lead"], AuditAction.DISCLOSE, "risk.exported", justification=PAYLOAD)
    response = client_for("auditor").post(
        reverse("audit:event-export"), {"reason": "self-monitoring"}
    )
    assert_neutralised(csv_cells(response.content))


def test_report_workbook() -> None:
    """Report workbooks (board packs and the rest): titles, paragraphs and table cells."""
    report = document.Report(
        kind="board-pack",
        title=PAYLOAD,
        subtitle="Force A",
        marking="OFFICIAL",
        generated_at=timezone.now(),
        sections=[
            document.Section(
                heading="Summary",
                blocks=[
                    document.Text([PAYLOAD]),
                    document.Table("Risks", ["Risk"], [[PAYLOAD]]),
                ],
            )
        ],
    )
    cells = [c for c in xlsx_cells(document.to_xlsx(report)) if isinstance(c, str)]
    assert sum(PAYLOAD in c for c in cells) >= 3
    assert_neutralised(cells)


def test_tension_export(world: World, client_for: Any) -> None:
    """The NCTT tension export (CSV)."""
    with time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False):
        world.orgs["bcu_a2"].name = PAYLOAD
        world.orgs["bcu_a2"].save()
        response = client_for("force_lead").get(
            url("force-export", world.orgs["force_a"], WEEK, "csv")
        )
    assert_neutralised(csv_cells(response.content))
