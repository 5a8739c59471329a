"""The BCU Commander checklist (PDF, XLSX, CSV, blank and filled) and the workbook import."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from preventplan.audit.models import AuditAction, AuditEvent
from preventplan.catalogue.models import Activity
from preventplan.organisations import actions as org_actions
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.plans import importer
from preventplan.plans.models import (
    Action,
    Decision,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanChange,
    PlanImport,
    ProgressUpdate,
)
from tests.factories import csv_file, needs_pdf
from tests.world import World


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(date(2026, 11, 29), tick=False):
        yield


def download(client: Any, plan: Plan, fmt: str) -> bytes:
    response = client.get(reverse("plans:plan-checklist", args=[plan.pk, fmt]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return bytes(response.content)


@needs_pdf
def test_pdf_checklist(world: World, client_for: Any) -> None:
    """A4 landscape, marking banner, columns, objective headings, page numbers."""
    plan = world.plans["a1"]
    Action.objects.filter(plan=plan, number="2.4").update(owner=world.users["bcu_lead"])
    reader = PdfReader(io.BytesIO(download(client_for("bcu_lead"), plan, "pdf")))
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert width > height and round(width / 72 * 25.4) == 297  # A4 landscape
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for heading in [
        "No.",
        "Activity",
        "Other objectives",
        "Suggested timescale",
        "Delivery partners",
        "Owner",
        "Milestones",
        "Status",
        "How success will be evaluated",
    ]:
        assert heading in text
    assert "OFFICIAL" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Objective 3: Support individuals vulnerable to recruitment" in text
    assert "Bcu Lead" in text
    assert AuditEvent.objects.filter(event="checklist.exported", details__format="pdf").count() == 1


def at_level(*levels: str) -> list[str]:
    """The numbers of the template's activities at these levels, in the document's order."""
    return list(
        Activity.objects.filter(version__code="england-2008", level__in=levels).values_list(
            "number", flat=True
        )
    )


def test_blank_checklist_from_template(client_for: Any) -> None:
    """For a BCU not yet using the system: the template's BCU activities, nothing filled in."""
    content = (
        client_for("partner_user")
        .get(reverse("plans:template-checklist", args=["bcu", "xlsx"]))
        .content
    )
    ws = load_workbook(io.BytesIO(content))["Checklist"]
    rows = [r for r in ws.iter_rows(min_row=6, values_only=True) if r[0] and str(r[0])[0].isdigit()]
    assert [r[0] for r in rows] == at_level("BCU", "FORCE/BCU")
    assert len(rows) == 35 and rows[0][0] == "0.9"  # 23 BCU and 12 FORCE/BCU activities
    assert all(r[8] in (None, "") for r in rows)  # no owners
    force = (
        client_for("partner_user")
        .get(reverse("plans:template-checklist", args=["force", "csv"]))
        .content.decode("utf-8-sig")
    )
    numbers = [r[0] for r in csv.reader(io.StringIO(force)) if r and r[0][:1].isdigit()]
    assert numbers == at_level("FORCE", "FORCE/BCU")


def test_xlsx_layout(world: World, client_for: Any) -> None:
    """The Excel checklist has the marking, the column headings, merged objective headings,
    landscape pages and frozen panes."""
    ws = load_workbook(io.BytesIO(download(client_for("bcu_lead"), world.plans["a1"], "xlsx")))[
        "Checklist"
    ]
    assert ws["A1"].value == "OFFICIAL"
    assert [c.value for c in ws[5]][:5] == [
        "No.",
        "Activity",
        "Other objectives",
        "Suggested timescale",
        "Delivery partners",
    ]
    assert ws["A6"].value == "Leadership, governance and programme management"
    assert any(str(r) == "A6:M6" for r in ws.merged_cells.ranges)
    assert ws.page_setup.orientation == "landscape"
    assert ws.freeze_panes == "C6"


def test_formula_injection_neutralised(world: World, client_for: Any) -> None:
    """Text that starts like a formula is exported as text, in CSV and Excel alike."""
    Action.objects.filter(plan=world.plans["a1"], number="2.4").update(
        evaluation='=HYPERLINK("http://evil")'
    )
    text = download(client_for("bcu_lead"), world.plans["a1"], "csv").decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == "2.4")
    assert row[11] == '\'=HYPERLINK("http://evil")'
    ws = load_workbook(io.BytesIO(download(client_for("bcu_lead"), world.plans["a1"], "xlsx")))[
        "Checklist"
    ]
    cell = next(r for r in ws.iter_rows(values_only=True) if r[0] == "2.4")[11]
    assert cell == '\'=HYPERLINK("http://evil")'


# -- import ---------------------------------------------------------------------------------------
def preview(world: World, name: str, content: bytes) -> importer.Preview:
    return importer.build_preview(world.plans["a1"], name, content)


def test_exported_checklist_round_trips_unchanged(world: World, client_for: Any) -> None:
    """Export then import the same file: nothing to change, in both formats."""
    plan = world.plans["a1"]
    Action.objects.filter(plan=plan, number="2.6").update(
        decision=Decision.NOT_APPLICABLE, not_applicable_reason="Low risk"
    )
    Action.objects.filter(plan=plan, number="1.3").update(
        decision=Decision.ADAPT, local_text="Local forums", owner=world.users["partner_user"]
    )
    client = client_for("bcu_lead")
    for fmt in ("xlsx", "csv"):
        result = preview(world, f"plan.{fmt}", download(client, plan, fmt))
        assert result.errors == [] and result.changes == [], [
            c.descriptions for c in result.changes
        ]
        assert result.rows_read == plan.actions.count()


CHILDREN = "Anyshire County Council, Children's Services"


def comma_partners(world: World) -> dict[str, Organisation]:
    """Two partners of Force A's: a council, and its children's services, whose name holds a
    comma and begins with the council's."""
    made = {}
    for key, name in (("council", "Anyshire County Council"), ("children", CHILDREN)):
        made[key] = org_actions.create_organisation(
            world.users["national_admin"],
            Organisation(name=name, kind=OrganisationKind.PARTNER, parent=world.orgs["force_a"]),
        )
    return made


def test_partner_with_a_comma_in_its_name_round_trips(world: World, client_for: Any) -> None:
    """An action delivered by a partner whose name holds a comma exports and imports back
    without an error and without a change, in both formats."""
    plan = world.plans["a1"]
    made = comma_partners(world)
    world.action("a1", "2.4").delivery_partners.set([made["children"], world.orgs["la"]])
    world.action("a1", "2.5").delivery_partners.set([made["council"], made["children"]])
    client = client_for("bcu_lead")
    for fmt in ("xlsx", "csv"):
        result = preview(world, f"plan.{fmt}", download(client, plan, fmt))
        assert [str(e) for e in result.errors] == [] and result.changes == [], [
            c.descriptions for c in result.changes
        ]


@pytest.mark.parametrize(
    "cell",
    [
        f"Local Authority L; {CHILDREN}\nAnyshire County Council",
        f"{CHILDREN}, Anyshire County Council, Local Authority L",
        f"Anyshire County Council,{CHILDREN.replace(', ', ' ,  ')};;Local Authority L",
    ],
)
def test_typed_partners_mixing_a_name_with_a_comma(world: World, cell: str) -> None:
    """A cell typed by hand may mix a name holding a comma with others, between ";", "," or new
    lines: the longest known name is taken whole."""
    made = comma_partners(world)
    result = preview(world, "typed.csv", csv_file(["No.", "Delivery partners"], ["2.4", cell]))
    assert result.errors == []
    (change,) = result.changes
    assert {o.pk for o in change.partners or []} == {
        made["council"].pk,
        made["children"].pk,
        world.orgs["la"].pk,
    }


def test_a_semicolon_parts_what_a_comma_would_join(world: World) -> None:
    """A semicolon or a new line always parts two names: "Council; Children's Services" is the
    council and an unknown organisation, not the children's services."""
    comma_partners(world)
    cell = "Anyshire County Council; Children's Services"
    result = preview(world, "typed.csv", csv_file(["No.", "Delivery partners"], ["2.4", cell]))
    assert [e.message for e in result.errors] == [
        "“Children's Services” is not an organisation in this plan’s force area or partnership"
    ]


def test_edit_offline_and_reimport(world: World, client_for: Any) -> None:
    """The done-when journey: export to Excel, change it, import with a preview, apply."""
    plan = world.plans["a1"]
    client = client_for("bcu_lead")
    wb = load_workbook(io.BytesIO(download(client, plan, "xlsx")))
    ws = wb["Checklist"]
    rows = {str(r[0].value): r for r in ws.iter_rows(min_row=6) if r[0].value}
    rows["2.4"][8].value = "action_owner@test.example"  # Owner
    rows["2.5"][9].value = "Trained — 31 October 2026 — Complete\nRefresher briefing — 15/02/2027"
    rows["2.6"][5].value = "Not applicable"
    rows["2.6"][7].value = "No such venues in the BCU area"
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("northmoor.xlsx", out.getvalue())
    response = client.post(reverse("plans:plan-import", args=[plan.pk]), {"file": upload})
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 actions will change" in html
    assert "new milestone “Refresher briefing”, due 15 February 2027" in html
    assert Action.objects.get(plan=plan, number="2.4").owner is None  # nothing written yet
    applied = client.post(response["Location"])
    assert applied.status_code == 302
    assert Action.objects.get(plan=plan, number="2.4").owner == world.users["action_owner"]
    a26 = Action.objects.get(plan=plan, number="2.6")
    assert (a26.decision, a26.not_applicable_reason) == (
        Decision.NOT_APPLICABLE,
        "No such venues in the BCU area",
    )
    ms = {m.title: m for m in Milestone.objects.filter(action__plan=plan, action__number="2.5")}
    assert ms["Trained"].status == MilestoneStatus.COMPLETE and ms[
        "Refresher briefing"
    ].due_date == date(2027, 2, 15)
    assert AuditEvent.objects.filter(event="plan.imported").count() == 1
    assert client.post(response["Location"]).status_code == 404  # applied once only


EXCEL_DATE = datetime(2026, 12, 18)  # noqa: DTZ001 - Excel dates carry no time zone


def own_layout_workbook() -> bytes:
    """A workbook kept the way people already keep these plans."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Northmoor City BCU – Prevent delivery plan (working copy)"])
    ws.append([])
    ws.append(["Ref", "Action", "Action Owner", "Key milestones", "Due date", "RAG", "Notes"])
    ws.append(["Objective 2: Disrupt those who promote violent extremism"])
    ws.merge_cells("A4:G4")
    ws.append(
        [
            "2.4",
            "Liaison officer",
            "Bcu Lead",
            "Schools briefed",
            EXCEL_DATE,
            "Amber",
            "chasing",
        ]
    )
    ws.append(
        ["2.5 ", "Training", "", "Officers trained — 31/01/2027 — in progress", None, "green", ""]
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_own_layout(world: World) -> None:
    """Header on row 3, synonyms, a merged heading row, a real Excel date, an unknown column."""
    result = preview(world, "working copy.xlsx", own_layout_workbook())
    assert result.errors == []
    assert result.header_row == 3
    assert result.unknown_columns == ["Notes"]
    assert result.headings_skipped == 1
    changes = {c.action.number: c for c in result.changes}
    assert changes["2.4"].fields["owner"] == world.users["bcu_lead"]
    assert [(m.title, m.due_date) for m in changes["2.4"].add_milestones] == [
        ("Schools briefed", date(2026, 12, 18))
    ]
    assert changes["2.4"].rag == "amber"  # computed red (overdue), the sheet says amber
    assert [(m.title, m.status) for m in changes["2.5"].add_milestones] == [
        ("Officers trained", MilestoneStatus.IN_PROGRESS)
    ]
    importer.apply_preview(
        world.users["bcu_lead"], world.plans["a1"], result, world.plans["a1"].version
    )
    assert Action.objects.get(plan=world.plans["a1"], number="2.5").milestones.count() == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["No.", "Milestones"], ["2.4", "Briefing — 31/02/2027"]],
            "Row 2, Milestones: “31/02/2027” is not a real date",
        ),
        (
            [["No.", "Owner"], ["9.9", "x"]],
            "Row 2, No.: 9.9 is not an activity in template version 1",
        ),
        (
            [["No.", "Owner"], ["6.1", "x"]],
            "Row 2, No.: 6.1 is a FORCE activity and is not part of this plan",
        ),
        (
            [["No.", "RAG"], ["2.4", "Green"], ["2.4", "Red"]],
            "Row 3, No.: 2.4 appears twice (also on row 2)",
        ),
        (
            [["Ref", "Owner"], ["2.4", "nobody@test.example"]],
            "No one who can own actions in this plan has the email address nobody@test.example",
        ),
        ([["Ref", "Decision"], ["2.4", "Maybe"]], "is not a decision"),
        ([["Ref", "Decision"], ["2.4", "Not applicable"]], "Give the proportionality reason"),
        ([["Ref", "RAG"], ["2.4", "Purple"]], "is not a RAG status"),
        ([["Ref", "Milestones"], ["2.4", "Brief the schools"]], "has no due date"),
    ],
)
def test_bad_rows_rejected_and_nothing_written(
    world: World, rows: list[list[str]], message: str
) -> None:
    """Each kind of bad row is reported with its row and column, and the import cannot be applied:
    nothing is written."""
    before = (PlanChange.objects.count(), Milestone.objects.count(), ProgressUpdate.objects.count())
    result = preview(world, "bad.csv", csv_file(*rows))
    assert not result.ok
    assert any(message in str(e) for e in result.errors), [str(e) for e in result.errors]
    with pytest.raises(ValueError):
        importer.apply_preview(None, world.plans["a1"], result, world.plans["a1"].version)
    assert (
        PlanChange.objects.count(),
        Milestone.objects.count(),
        ProgressUpdate.objects.count(),
    ) == before


def test_one_bad_row_among_many_rejects_all(world: World, client_for: Any) -> None:
    """One bad row among many good ones rejects the whole file: the preview says so (422) and
    nothing changes."""
    rows = [["No.", "Owner"]] + [
        [a.number, "bcu_lead@test.example"] for a in world.plans["a1"].actions.all()
    ]
    rows.append(["2.4", "x"])
    client = client_for("bcu_lead")
    response = client.post(
        reverse("plans:plan-import", args=[world.plans["a1"].pk]),
        {"file": SimpleUploadedFile("p.csv", csv_file(*rows))},
    )
    page = client.get(response["Location"])
    assert (
        page.status_code == 422
        and "the file cannot be imported and nothing will be changed" in page.content.decode()
    )
    assert client.post(response["Location"]).status_code == 422
    assert not Action.objects.filter(plan=world.plans["a1"], owner=world.users["bcu_lead"]).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.xlsx", b"this is not a workbook", "not an Excel workbook"),
        ("plan.csv", b"", "The file is empty"),
        ("plan.csv", b"\n\n,,\n", "The sheet is empty"),
        ("plan.csv", b"Owner,RAG\nx,Green\n", "No header row was found"),
        ("plan.docx", b"PK\x03\x04", "must be an Excel workbook (.xlsx) or a CSV file"),
    ],
)
def test_unreadable_files(world: World, name: str, content: bytes, message: str) -> None:
    """A file that is not a workbook or CSV, is empty or has no header row is refused with a message
    saying why."""
    with pytest.raises(
        importer.ImportFileError,
        match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\."),
    ):
        preview(world, name, content)


def test_empty_workbook_rejected(world: World) -> None:
    """A workbook whose sheet is empty is refused as empty."""
    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(importer.ImportFileError, match="The sheet is empty"):
        preview(world, "empty.xlsx", out.getvalue())


def test_zip_bomb_rejected(world: World) -> None:
    """A workbook that would expand to far more than its size is refused before it is read."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<x/>")
        z.writestr("xl/worksheets/sheet1.xml", "0" * 20_000_000)
    with pytest.raises(importer.ImportFileError, match="compressed suspiciously"):
        preview(world, "bomb.xlsx", out.getvalue())


def test_huge_file_refused_by_form(world: World, client_for: Any, settings: Any) -> None:
    """A file over the upload limit is refused by the form."""
    settings.IMPORT_MAX_BYTES = 1024
    response = client_for("bcu_lead").post(
        reverse("plans:plan-import", args=[world.plans["a1"].pk]),
        {"file": SimpleUploadedFile("big.csv", b"x" * 2048)},
    )
    assert "The file must be smaller than" in response.content.decode()


def test_stale_import_refused(world: World) -> None:
    """An import previewed against an older version of the plan is not applied and changes
    nothing."""
    plan = world.plans["a1"]
    result = preview(world, "p.csv", csv_file(["No.", "Owner"], ["2.4", "bcu_lead@test.example"]))
    version = plan.version
    from preventplan.plans.actions import add_local_action

    add_local_action(world.users["bcu_lead"], plan, world.action("a1", "2.4").objective, text="New")
    with pytest.raises(importer.StaleImport):
        importer.apply_preview(world.users["bcu_lead"], plan, result, version)
    assert Action.objects.get(plan=plan, number="2.4").owner is None


def test_workbooks_never_applied_expire_after_a_day(world: World, client_for: Any) -> None:
    """`expire_imports` removes uploaded workbooks left unapplied for more than a day, records
    each removal as an erasure, keeps newer and applied ones, and does nothing the second time."""
    plan, lead = world.plans["a1"], world.users["bcu_lead"]
    now = timezone.now()

    def staged(hours_ago: int, applied: bool = False) -> PlanImport:
        at = now - timedelta(hours=hours_ago)
        return PlanImport.objects.create(
            plan=plan,
            filename="plan.xlsx",
            content=b"PK\x03\x04 workbook",
            uploaded_by=lead,
            uploaded_at=at,
            plan_version=plan.version,
            applied_at=at if applied else None,
        )

    old, fresh, applied = staged(25), staged(23), staged(48, applied=True)
    out = StringIO()
    call_command("expire_imports", stdout=out)
    assert "Removed 1 uploaded workbook(s)" in out.getvalue()
    assert set(PlanImport.objects.values_list("pk", flat=True)) == {fresh.pk, applied.pk}
    erased = AuditEvent.objects.get(event="plan.import-expired")
    assert erased.action == AuditAction.ERASE and erased.record_id == str(old.pk)
    assert erased.record_type == "plans.planimport" and erased.organisation == plan.organisation
    preview = reverse("plans:plan-import-preview", args=[plan.pk, old.pk])
    assert client_for("bcu_lead").get(preview).status_code == 404
    call_command("expire_imports", stdout=StringIO())
    assert AuditEvent.objects.filter(event="plan.import-expired").count() == 1


def test_import_plan_command(world: World, tmp_path: Any) -> None:
    """`import_plan` previews with --dry-run and changes nothing, applies without it, and fails on a
    bad file."""
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_file(["No.", "Owner"], ["2.4", "bcu_lead@test.example"]))
    out = StringIO()
    call_command(
        "import_plan", str(path), "--plan", str(world.plans["a1"].pk), "--dry-run", stdout=out
    )
    assert (
        "would change" in out.getvalue()
        and Action.objects.get(plan=world.plans["a1"], number="2.4").owner is None
    )
    call_command("import_plan", str(path), "--plan", str(world.plans["a1"].pk), stdout=StringIO())
    assert Action.objects.get(plan=world.plans["a1"], number="2.4").owner == world.users["bcu_lead"]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(["No.", "Owner"], ["9.9", "x"]))
    with pytest.raises(CommandError, match="cannot be imported"):
        call_command(
            "import_plan",
            str(bad),
            "--plan",
            str(world.plans["a1"].pk),
            stdout=StringIO(),
            stderr=StringIO(),
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/2027", date(2027, 3, 31)),
        ("31-3-27", date(2027, 3, 31)),
        ("31 March 2027", date(2027, 3, 31)),
        ("1st Feb 2027", date(2027, 2, 1)),
        ("2027-03-31", date(2027, 3, 31)),
        ("31.03.2027", date(2027, 3, 31)),
        ("03/31/2027", None),
        ("soon", None),
    ],
)
def test_uk_dates(text: str, expected: date | None) -> None:
    """Dates are read the UK way in the usual spellings; US order and words are not dates."""
    assert importer.parse_uk_date(text) == expected


def test_sensitive_export_asks_for_a_reason(world: World, client_for: Any) -> None:
    """An OFFICIAL-SENSITIVE plan is exported only after a reason, which the log keeps."""
    plan = world.plans["a1"]
    Plan.objects.filter(pk=plan.pk).update(marking="OFFICIAL-SENSITIVE")
    client = client_for("force_lead")
    url = reverse("plans:plan-checklist", args=[plan.pk, "xlsx"])
    asked = client.get(url)
    assert asked.status_code == 200 and "Why do you need this export?" in asked.content.decode()
    assert not AuditEvent.objects.filter(event="checklist.exported").exists()
    response = client.post(url, {"reason": "complaint", "detail": "Case 42"})
    assert response["Content-Disposition"].startswith("attachment;")
    ws = load_workbook(io.BytesIO(response.content))["Checklist"]
    assert ws["A1"].value == "OFFICIAL-SENSITIVE"
    event = AuditEvent.objects.get(event="checklist.exported")
    assert event.justification == "Investigating a complaint or possible misconduct: Case 42"


def test_pdf_unavailable_is_explained(world: World, client_for: Any) -> None:
    """Without the Pango library the PDF link explains itself instead of failing."""
    from unittest import mock

    with mock.patch(
        "preventplan.plans.checklist.html_to_pdf",  # where every checklist PDF is made
        side_effect=OSError("cannot load library 'libpango-1.0-0'"),
    ):
        response = client_for("bcu_lead").get(
            reverse("plans:plan-checklist", args=[world.plans["a1"].pk, "pdf"])
        )
    assert (
        response.status_code == 503 and "PDF export is not available" in response.content.decode()
    )


@pytest.mark.parametrize(
    "rows",
    [
        [["Ref", "Milestones"], ["2.6", "Venues reviewed — 31/01/2027"]],
        [["Ref", "RAG"], ["2.6", "Green"]],
        [
            ["Ref", "Decision", "Not applicable reason", "Due date"],
            ["2.4", "Not applicable", "Low risk", "31/01/2027"],
        ],
    ],
)
def test_import_adds_nothing_to_a_set_aside_action(world: World, rows: list[list[str]]) -> None:
    """A row that adds a milestone or progress (a RAG) to an action set aside (before or by the
    row) is an error, as on the action's page: nothing is applied."""
    Action.objects.filter(plan=world.plans["a1"], number="2.6").update(
        decision=Decision.NOT_APPLICABLE, not_applicable_reason="Low risk"
    )
    result = preview(world, "aside.csv", csv_file(*rows))
    assert not result.ok
    assert any(
        "is set aside as not applicable: milestones and progress cannot" in str(e)
        for e in result.errors
    ), [str(e) for e in result.errors]
