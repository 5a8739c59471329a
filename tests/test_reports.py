"""Reports from live data as HTML, PDF and Excel: the figures match the data; files are made
with progress rather than a hanging page; sensitive reports ask why; schedules run once."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from preventplan.audit.models import AuditEvent
from preventplan.dashboards import rollup
from preventplan.lib.report_kinds import ReportKind
from preventplan.performance import actions as performance_actions
from preventplan.performance.models import Indicator
from preventplan.plans.models import Milestone, MilestoneStatus, Plan
from preventplan.plans.progress import RAG_ORDER
from preventplan.programme.models import Risk
from preventplan.reports import builders, document, runs
from preventplan.reports.models import ReportRun, ReportSchedule, RunStatus
from tests.factories import (
    approve_plan,
    make_communication,
    make_engagement,
    make_meeting_action,
    make_network,
    make_project,
    make_risk,
    needs_pdf,
    start_ni35,
    text_of,
)
from tests.world import World

TODAY = date(2026, 11, 29)


def populate(w: World) -> None:
    """A part-delivered A1 plan in force, two risks, an indicator value and target, a meeting
    action."""
    a1 = approve_plan(w, "a1")
    action = a1.actions.get(number="3.1")
    Milestone.objects.create(
        action=action,
        title="Panel in place",
        due_date=date(2026, 9, 1),
        status=MilestoneStatus.COMPLETE,
        completed_on=date(2026, 8, 30),
    )
    make_risk(w, title="Forum members withdraw", likelihood=4, impact=4, inherent_impact=5)
    make_risk(w, title="Training slips", likelihood=2, impact=2)
    pv02 = Indicator.objects.get(code="PV-02")
    performance_actions.set_target(
        w.users["bcu_lead"], pv02, w.orgs["bcu_a1"], date(2026, 4, 1), Decimal(80), 10
    )
    performance_actions.record_value(
        w.users["bcu_lead"], pv02, w.orgs["bcu_a1"], date(2026, 7, 1), Decimal(74)
    )
    make_meeting_action(w)


@time_machine.travel(TODAY, tick=False)
def test_board_pack_figures_match_the_data(world: World) -> None:
    """The board pack's summary, objective table and top risks are the roll-up's figures."""
    populate(world)
    report = builders.board_pack(world.orgs["force_a"], TODAY)
    data = rollup.build(world.orgs["force_a"], TODAY)
    figures = report.sections[0].blocks[0]
    assert isinstance(figures, document.Figures)
    assert (
        f"{data.overall.percent}%",
        f"of milestones complete ({data.overall.done} of {data.overall.milestones})",
    ) in figures.items
    overdue = data.overall.overdue
    assert (overdue, "milestone overdue" if overdue == 1 else "milestones overdue") in (
        figures.items
    )
    tables = dict((t.caption, t) for _, t in report.tables())
    objective = tables["Actions by RAG status and milestones, by objective"]
    last = list(objective.rows[-1])
    assert last[0] == "All objectives"
    assert last[1 : 1 + len(RAG_ORDER)] == data.overall.rag_values()
    top = tables["The 2 highest open risks by residual score"]
    assert [row[2] for row in top.rows] == ["Forum members withdraw", "Training slips"]
    assert top.rows[0][4] == "16 Very high"
    heat = tables["Open risks by residual likelihood (rows) and impact (columns)"]
    assert list(heat.rows[1]) == ["4 Likely", 0, 0, 0, 1, 0]
    indicators = tables["Latest values against this year's targets for Force A"]
    assert [row[0] for row in indicators.rows] == [
        "PV-01",
        "PV-02",
        "PV-03",
        "PV-04",
        "PV-05",
        "PV-06",
        "PV-07",
    ]
    log = tables["Open actions from meetings"]
    assert [row[0] for row in log.rows] == ["Confirm attendance figures"]


@needs_pdf
@time_machine.travel(TODAY, tick=False)
def test_board_pack_pdf_and_excel_contain_the_figures(world: World) -> None:
    """The PDF has the marking, the date, page numbers and the figures; the workbook has a sheet
    per section with the same numbers."""
    populate(world)
    report = builders.board_pack(world.orgs["force_a"], TODAY)
    text = text_of(document.to_pdf(report))
    assert "OFFICIAL" in text and "Force A Prevent board pack" in text
    assert "produced 29 November 2026" in text and "Page 1 of" in text
    assert "Forum members withdraw" in text and "16 Very high" in text
    workbook = load_workbook(io.BytesIO(document.to_xlsx(report)))
    assert workbook.sheetnames[:3] == ["Summary", "Delivery by objective", "BCUs compared"]
    sheet = workbook["Top risks and heat map"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert values[0] == "OFFICIAL" and "Forum members withdraw" in values
    assert sheet.oddFooter.right.text == "Page &P of &N"


@needs_pdf
@time_machine.travel(TODAY, tick=False)
def test_authority_report_and_ni35_pack(world: World) -> None:
    """The police authority report carries benefits, assessments and NI35; the evidence pack
    carries each strand's evidence."""
    populate(world)
    assessment = start_ni35(world)
    score = assessment.scores.get(strand__number=1)
    score.score, score.evidence = 3, "Monthly reference group"
    score.save()
    authority = text_of(document.to_pdf(builders.authority_report(world.orgs["force_a"], TODAY)))
    assert "report to the police authority" in authority
    assert "A1 Prevent Forum" in authority  # the NI35 summary
    pack = builders.ni35_pack(assessment, TODAY)
    assert "Monthly reference group" in text_of(document.to_pdf(pack))
    assert load_workbook(io.BytesIO(document.to_xlsx(pack))).sheetnames[0] == "The self-assessment"


@needs_pdf
@time_machine.travel(date(2026, 12, 1), tick=False)
def test_a_month_that_began_today_is_not_reported_as_nought_against_its_target(
    world: World,
) -> None:
    """On 1 December the board pack gives PV-03 (counted from the engagement register) for
    November, the last complete month, against the target, rather than December's nought so far
    as red."""
    day = date(2026, 12, 1)
    make_engagement(world, held_on=date(2026, 11, 3))
    make_engagement(world, held_on=date(2026, 11, 20))
    pv03 = Indicator.objects.get(code="PV-03")
    performance_actions.set_target(
        world.users["force_lead"], pv03, world.orgs["force_a"], date(2026, 4, 1), Decimal(2), 10
    )
    report = builders.board_pack(world.orgs["force_a"], day)
    tables = dict((t.caption, t) for _, t in report.tables())
    rows = {
        row[0]: row for row in tables["Latest values against this year's targets for Force A"].rows
    }
    assert list(rows["PV-03"][2:]) == ["November 2026", "2", "2", "Green"]
    assert "Community engagement events held November 2026 2 2 Green" in text_of(
        document.to_pdf(report)
    )


@needs_pdf
@time_machine.travel(TODAY, tick=False)
def test_an_indicators_status_says_what_is_missing(world: World) -> None:
    """Beside a value with no target the status is "No target", beside a target with no value
    "No value", and "No target or value" only when both are missing (in Welsh too)."""
    lead, force = world.users["force_lead"], world.orgs["force_a"]
    pv04, pv05 = Indicator.objects.get(code="PV-04"), Indicator.objects.get(code="PV-05")
    performance_actions.record_value(lead, pv05, force, date(2026, 7, 1), Decimal(4))
    performance_actions.set_target(lead, pv04, force, date(2026, 4, 1), Decimal(90), 10)
    report = builders.board_pack(force, TODAY)
    tables = dict((t.caption, t) for _, t in report.tables())
    status = {
        row[0]: row[-1]
        for row in tables["Latest values against this year's targets for Force A"].rows
    }
    assert (status["PV-04"], status["PV-05"], status["PV-07"]) == (
        "No value",
        "No target",
        "No target or value",
    )
    text = text_of(document.to_pdf(report))
    assert (
        "Complaints about Prevent-related policing Q2 2026/27 (July to September 2026) 4 No target"
        in text
    )
    assert "Plan milestones delivered on time 90% No value" in text
    with translation.override("cy"):
        welsh = builders.board_pack(force, TODAY)
    rows = {
        row[0]: row[-1]
        for _, t in welsh.tables()
        for row in t.rows
        if str(row[0]).startswith("PV-")
    }
    assert (rows["PV-04"], rows["PV-05"], rows["PV-07"]) == (
        "Dim gwerth",
        "Dim targed",
        "Dim targed na gwerth",
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12345, "12,345"),
        (-1234567, "-1,234,567"),
        (999, "999"),
        (Decimal("25700.00"), "25,700"),
        (Decimal("1234.50"), "1,234.5"),
        (12.0, "12"),
        (Decimal("0.00"), "0"),
        (None, ""),
        ("12345 text", "12345 text"),
    ],
)
def test_a_cell_shows_numbers_grouped_in_thousands(value: Any, shown: str) -> None:
    """Report cells (and indicators' values) show numbers with thousands grouped and no
    trailing zeros; text is left as it is."""
    assert document.cell_text(value) == shown
    if isinstance(value, Decimal):
        assert Indicator(unit="percent").format(value) == f"{shown}%"


@needs_pdf
@time_machine.travel(TODAY, tick=False)
def test_amounts_and_counts_have_thousands_separators_but_stay_numbers_in_excel(
    world: World, client_for: Any
) -> None:
    """The board pack writes £12,345 and 1,234 people on the page and in the PDF alike, while
    its workbook keeps the numbers themselves (a sum still adds them up)."""
    make_project(world, amount=Decimal("12345"))
    make_engagement(world, attendance=1234)
    pv03 = Indicator.objects.get(code="PV-03")
    performance_actions.set_target(
        world.users["force_lead"], pv03, world.orgs["force_a"], date(2026, 4, 1), Decimal(2500), 10
    )
    report = builders.board_pack(world.orgs["force_a"], TODAY)
    tables = dict((t.caption, t) for _, t in report.tables())
    funding = tables["Projects by funding source (activities 0.12 and 6.8)"]
    assert funding.rows[0][2] == Decimal("12345")  # the cell holds the number
    pdf = text_of(document.to_pdf(report))
    page = client_for("force_lead").get(
        reverse("reports:view", args=["board-pack", world.orgs["force_a"].pk])
    )
    assert page.status_code == 200
    screen = " ".join(page.content.decode().split())
    for shown in (pdf, screen):
        assert "12,345" in shown and "12345" not in shown
        assert "1,234" in shown  # people attending, a headline figure and in the table
        assert "2,500" in shown  # PV-03's target
    workbook = load_workbook(io.BytesIO(document.to_xlsx(report)))
    projects = [c.value for row in workbook["Local projects"].iter_rows() for c in row]
    assert 12345 in projects and "12,345" not in projects
    engagement = [c.value for row in workbook["Community engagement"].iter_rows() for c in row]
    assert engagement.count(1234) == 2  # the headline figure and the table's cell


@needs_pdf
@time_machine.travel(TODAY, tick=False)
def test_a_unit_with_no_plan_says_so_rather_than_nought_per_cent(world: World) -> None:
    """A unit with no plan in force reads "No plan in force" where a share of milestones
    complete would be, and a force with no plan in force has no "0% of milestones complete (0
    of 0)" in its summary: on the page, in the PDF and in the workbook."""
    populate(world)  # BCU A1's plan in force; BCU A2 has none
    report = builders.board_pack(world.orgs["force_a"], TODAY)
    tables = dict((t.caption, t) for _, t in report.tables())
    rows = {row[0]: list(row) for row in tables["Each unit's milestones and risks"].rows}
    assert rows["BCU A2"] == ["BCU A2", 0, 0, "No plan in force", 0, 0, 0]
    share = rows["BCU A1"][3]
    assert isinstance(share, document.Percent) and document.cell_text(share).endswith("%")
    assert "BCU A2 0 0 No plan in force 0 0 0" in text_of(document.to_pdf(report))
    sheet = load_workbook(io.BytesIO(document.to_xlsx(report)))["BCUs compared"]
    assert ["BCU A2", 0, 0, "No plan in force", 0, 0, 0] in [
        [c.value for c in row][:7] for row in sheet.iter_rows()
    ]
    # A share is a number in the workbook, shown as a percentage.
    shares = [row[3] for row in sheet.iter_rows() if row[0].value == "BCU A1"]
    assert any(
        c.value == float(share.value) / 100 and c.number_format.endswith("%") for c in shares
    )
    empty = builders.board_pack(world.orgs["force_b"], TODAY)  # no plan in force
    summary = empty.sections[0].blocks[0]
    assert isinstance(summary, document.Figures)
    assert ("—", "of milestones complete: no plan is in force") in summary.items
    text = text_of(document.to_pdf(empty))
    assert "—of milestones complete: no plan is in force" in text  # number, then its label
    assert "(0 of 0)" not in text and "0%" not in text


@time_machine.travel(TODAY, tick=False)
def test_asking_for_a_file_shows_progress_then_the_download(world: World, client_for: Any) -> None:
    """The force lead asks for the board pack in Excel: a progress page (refreshing itself)
    comes first; the build request makes the file once; the download is recorded."""
    populate(world)
    client = client_for("force_lead")
    url = reverse("reports:request", args=["board-pack", world.orgs["force_a"].pk, "xlsx"])
    assert client.get(url).status_code == 200
    response = client.post(url)
    run = ReportRun.objects.get()
    assert response["Location"] == reverse("reports:run", args=[run.pk])
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "Preparing your report" in page and 'http-equiv="refresh"' in page
    build = reverse("reports:run-build", args=[run.pk])
    assert client.post(build, HTTP_ACCEPT="application/json").json() == {"status": "done"}
    assert client.post(build, HTTP_ACCEPT="application/json").json() == {"status": "done"}
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.marking == "OFFICIAL"
    download = client.get(reverse("reports:run-download", args=[run.pk]))
    assert download["Content-Disposition"].endswith('.xlsx"')
    assert load_workbook(io.BytesIO(download.content)).sheetnames[0] == "Summary"
    assert AuditEvent.objects.filter(event="report.downloaded", record_id=str(run.pk)).count() == 1
    # Someone else cannot fetch this person's file.
    assert (
        client_for("oversight_reader").get(reverse("reports:run", args=[run.pk])).status_code == 404
    )


@time_machine.travel(TODAY, tick=False)
def test_sensitive_report_asks_for_a_reason(world: World, client_for: Any) -> None:
    """A report drawing on an OFFICIAL-SENSITIVE risk is marked so, and asks why before any
    file is made; the reason is kept with the run."""
    risk = make_risk(world, title="Sensitive one", likelihood=5, impact=4, inherent_likelihood=5)
    Risk.objects.filter(pk=risk.pk).update(marking="OFFICIAL-SENSITIVE")
    client = client_for("force_lead")
    url = reverse("reports:request", args=["board-pack", world.orgs["force_a"].pk, "pdf"])
    refused = client.post(url, {})
    assert refused.status_code == 200 and not ReportRun.objects.exists()
    assert "OFFICIAL-SENSITIVE" in refused.content.decode()
    client.post(url, {"reason": "other", "detail": "Board meeting on 3 December"})
    run = ReportRun.objects.get()
    assert run.justification == "Another reason: Board meeting on 3 December"


@time_machine.travel(TODAY, tick=False)
def test_scheduled_report_is_produced_once_and_recipients_get_a_link(
    world: World, client_for: Any
) -> None:
    """A monthly schedule due today is produced by the job once, however often it runs; the
    recipients are sent a link, not the file; the schedule moves to next month."""
    client = client_for("force_lead")
    client.post(
        reverse("reports:schedule", args=["board-pack", world.orgs["force_a"].pk]),
        {
            "fmt": "xlsx",
            "frequency": "monthly",
            "next_run_on": "29 11 2026",
            "notify": "board@force-a.example",
        },
    )
    schedule = ReportSchedule.objects.get()
    call_command("run_reports", stdout=io.StringIO())
    call_command("run_reports", stdout=io.StringIO())
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE and run.schedule == schedule
    schedule.refresh_from_db()
    assert schedule.next_run_on == date(2026, 12, 29)
    assert len(mail.outbox) == 1
    assert reverse("reports:run", args=[run.pk]) in mail.outbox[0].body
    assert not mail.outbox[0].attachments
    # Anyone who may read the force's reports may open a scheduled run; others may not.
    assert (
        client_for("oversight_reader").get(reverse("reports:run", args=[run.pk])).status_code == 200
    )
    assert client_for("bcu_lead").get(reverse("reports:run", args=[run.pk])).status_code == 404


def test_bad_schedule_is_refused(world: World, client_for: Any) -> None:
    """A past first date and a malformed address are field errors; nothing is scheduled."""
    with time_machine.travel(TODAY, tick=False):
        response = client_for("force_lead").post(
            reverse("reports:schedule", args=["board-pack", world.orgs["force_a"].pk]),
            {
                "fmt": "pdf",
                "frequency": "monthly",
                "next_run_on": "1 1 2020",
                "notify": "not an address",
            },
        )
    body = response.content.decode()
    assert "The first date must be today or in the future" in body
    assert "Enter one e-mail address per line" in body
    assert not ReportSchedule.objects.exists()


def test_run_claim_is_exclusive(world: World) -> None:
    """Two workers reaching the same queued run: only the first produces it."""
    with time_machine.travel(TODAY, tick=False):
        run = runs.request_run(
            world.users["force_lead"], "board-pack", world.orgs["force_a"], "xlsx", TODAY
        )
    assert runs.claim(run.pk) is True
    assert runs.claim(run.pk) is False
    _, produced = runs.produce(run.pk)
    assert produced is False


def test_old_report_files_are_removed_and_recorded(world: World, client_for: Any) -> None:
    """run_reports removes a file 30 days after it was made: the download is gone, the page
    says how to get it again, and the removal is an erasure in the audit log."""
    with time_machine.travel(TODAY, tick=False):
        run = runs.request_run(
            world.users["force_lead"], "board-pack", world.orgs["force_a"], "xlsx", TODAY
        )
        runs.produce(run.pk)
    with time_machine.travel(date(2026, 12, 20), tick=False):
        call_command("run_reports", stdout=io.StringIO())
    run.refresh_from_db()
    assert run.status == RunStatus.DONE  # 21 days: still kept
    with time_machine.travel(date(2026, 12, 30), tick=False):
        out = io.StringIO()
        call_command("run_reports", stdout=out)
        assert "removed 1 old file" in out.getvalue()
        client = client_for("force_lead")
        assert client.get(reverse("reports:run-download", args=[run.pk])).status_code == 404
        page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.EXPIRED and run.content is None
    assert "This file has been removed" in page
    assert AuditEvent.objects.filter(event="report.file-removed", action="erase").count() == 1


def test_stopping_a_schedule(world: World, client_for: Any) -> None:
    """The person who made a schedule stops it after confirming; the job then queues nothing."""
    with time_machine.travel(TODAY, tick=False):
        schedule = ReportSchedule.objects.create(
            kind="board-pack",
            organisation=world.orgs["force_a"],
            fmt="xlsx",
            frequency="monthly",
            next_run_on=TODAY,
            created_by=world.users["force_lead"],
        )
        url = reverse("reports:schedule-stop", args=[schedule.pk])
        assert client_for("bcu_lead").post(url).status_code == 404
        assert client_for("force_lead").post(url).status_code == 302
        call_command("run_reports", stdout=io.StringIO())
    assert not ReportRun.objects.exists()


def test_stopping_a_schedule_is_recorded_once(world: World, client_for: Any) -> None:
    """Stopping a schedule goes through runs.stop_schedule: one audit event names who stopped
    which schedule of which organisation; the page cannot stop it twice."""
    schedule = ReportSchedule.objects.create(
        kind="board-pack",
        organisation=world.orgs["force_a"],
        fmt="pdf",
        frequency="monthly",
        next_run_on=TODAY,
        notify="clerk@test.example",
        created_by=world.users["force_lead"],
    )
    url = reverse("reports:schedule-stop", args=[schedule.pk])
    client = client_for("force_lead")
    assert client.get(url).status_code == 200
    assert not AuditEvent.objects.filter(event="report.schedule-stopped").exists()
    assert client.post(url).status_code == 302
    schedule.refresh_from_db()
    assert not schedule.is_active
    event = AuditEvent.objects.get(event="report.schedule-stopped")
    assert (event.actor, event.organisation, event.action) == (
        world.users["force_lead"],
        world.orgs["force_a"],
        "alter",
    )
    assert (event.record_type, event.record_id) == ("reports.reportschedule", str(schedule.pk))
    assert client.post(url).status_code == 404
    assert not runs.stop_schedule(world.users["force_lead"], schedule)
    assert AuditEvent.objects.filter(event="report.schedule-stopped").count() == 1


@pytest.mark.parametrize(
    ("first", "frequency", "expected"),
    [
        # The 31st falls back to the month's last day and returns to the 31st after it.
        (date(2027, 1, 31), "monthly", [date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]),
        (date(2027, 11, 30), "quarterly", [date(2028, 2, 29), date(2028, 5, 30)]),
        (date(2026, 11, 29), "monthly", [date(2026, 12, 29), date(2027, 1, 29)]),
    ],
)
def test_schedule_keeps_its_day_of_the_month(
    world: World, first: date, frequency: str, expected: list[date]
) -> None:
    """A schedule is produced on the day of the month it started on, or on the last day of a
    shorter month, and never drifts."""
    schedule = ReportSchedule.objects.create(
        kind="board-pack",
        organisation=world.orgs["force_a"],
        fmt="pdf",
        frequency=frequency,
        next_run_on=first,
    )
    produced_on = []
    day = first
    for _ in expected:
        day = schedule.following(day)
        produced_on.append(day)
    assert produced_on == expected


def text_positions(pdf: bytes) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    """Each page's width, height and its text runs with the x and y at which each is drawn (y
    from the foot of the page up)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[float, float, str]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, runs: Any = runs) -> None:
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                runs.append((x, y, text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append((float(page.mediabox.width), float(page.mediabox.height), runs))
    return pages


MM = 72 / 25.4  # PDF points in a millimetre


@needs_pdf
@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("builder", ["board_pack", "regional_return"])
def test_units_compared_fit_portrait_pages_that_are_not_left_blank(
    world: World, builder: str
) -> None:
    """ "BCUs compared" ("Forces compared") is printed on portrait pages like the rest, every
    column on the paper: no section is given a landscape page of its own, which left most of the
    page before it and most of its own blank. Every page but the last is filled at least half
    way down."""
    from weasyprint import HTML

    populate(world)
    subject = world.orgs["force_a" if builder == "board_pack" else "region"]
    report = getattr(builders, builder)(subject, TODAY)
    pages = text_positions(document.to_pdf(report))
    assert all(width < height for width, height, _ in pages)  # all portrait
    text = " ".join(t for page in pages for _, _, t in body(page))
    assert "Each unit's milestones and risks" in text and "Reviews overdue" in text
    for page in pages[:-1]:
        assert min(y for _, y, _ in body(page)) < page[1] / 2
    # Every table, the units' included, ends inside the page's right margin (12 mm).
    laid_out = HTML(string=document.to_html(report)).render()
    captions = set()
    for page in laid_out.pages:
        right = page.width - 12 / 25.4 * 96  # CSS pixels
        for box in page._page_box.descendants():
            if box.element_tag == "table":
                assert box.position_x + box.margin_width() <= right + 0.5
            if box.element_tag == "caption":
                captions.add(" ".join(t.text for t in box.descendants() if hasattr(t, "text")))
    assert any("Each unit's plans" in c for c in captions)


def body(
    page: tuple[float, float, list[tuple[float, float, str]]],
) -> list[tuple[float, float, str]]:
    """A page's text runs less its running header and footer (in the 18 mm and 16 mm margins)."""
    return [(x, y, t) for x, y, t in page[2] if 16 * MM < y < page[1] - 18 * MM]


@needs_pdf
def test_a_heading_and_a_caption_are_never_left_at_the_foot_of_a_page() -> None:
    """A section's heading and its table's caption go over to the next page with the table's
    first row, rather than being left alone at the foot of a page (sections of every height,
    so that headings fall at every point of a page)."""
    sections = [
        document.Section(
            f"Heading {i}",
            [
                document.Table(f"Caption {i}", ["Name", "Count"], [[f"First row {i}", i]]),
                document.Text([f"Paragraph {i}.{n}" for n in range(i % 11)]),
            ],
        )
        for i in range(80)
    ]
    report = document.Report("board-pack", "T", "S", "OFFICIAL", timezone.now(), sections)
    for page in PdfReader(io.BytesIO(document.to_pdf(report))).pages:
        text = page.extract_text()
        for i in range(80):
            if f"Heading {i}\n" in text or f"Caption {i}\n" in text:
                assert f"First row {i}" in text


@time_machine.travel(TODAY, tick=False)
def test_a_file_is_produced_in_the_language_of_whoever_asked_for_it(
    world: World, client_for: Any
) -> None:
    """A Welsh-speaking force lead's file is made in Welsh (here, its dates) even though it is
    produced in a request of its own; a run nobody asked for is in the service's language."""
    populate(world)
    lead = world.users["force_lead"]
    lead.language = "cy"
    lead.save(update_fields=["language"])
    client = client_for("force_lead")
    url = reverse("reports:request", args=["board-pack", world.orgs["force_a"].pk, "xlsx"])
    client.post(url)
    run = ReportRun.objects.get()
    runs.produce(run.pk)  # as the reports job would, with no language of its own
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.content is not None
    sheet = load_workbook(io.BytesIO(bytes(run.content))).worksheets[0]
    assert "29 Tachwedd 2026" in str(sheet.cell(row=3, column=1).value)

    english = runs.request_run(None, "board-pack", world.orgs["force_a"], "xlsx", TODAY)
    runs.produce(english.pk)
    english.refresh_from_db()
    assert english.content is not None
    sheet = load_workbook(io.BytesIO(bytes(english.content))).worksheets[0]
    assert "29 November 2026" in str(sheet.cell(row=3, column=1).value)


@time_machine.travel(TODAY, tick=False)
def test_schedule_e_mails_go_out_in_each_recipients_language(world: World, client_for: Any) -> None:
    """Recipients with an account get the e-mail in their own language, the others in the
    service's: one message for each language."""
    lead = world.users["force_lead"]
    lead.language = "cy"
    lead.save(update_fields=["language"])
    client_for("force_lead").post(
        reverse("reports:schedule", args=["board-pack", world.orgs["force_a"].pk]),
        {
            "fmt": "xlsx",
            "frequency": "monthly",
            "next_run_on": "29 11 2026",
            "notify": f"{lead.email.upper()}\nboard@force-a.example",
        },
    )
    call_command("run_reports", stdout=io.StringIO())
    assert sorted(m.to[0].lower() for m in mail.outbox) == sorted(
        [lead.email, "board@force-a.example"]
    )
    assert all(len(m.to) == 1 for m in mail.outbox)


def test_pdf_page_footer_and_language_follow_the_language() -> None:
    """The PDF's page numbers are CSS counters inside the translated sentence, and the document
    says which language it is in."""
    report = document.Report(
        kind="board-pack",
        title="T",
        subtitle="S",
        marking="OFFICIAL",
        generated_at=timezone.now(),
        sections=[],
    )
    assert str(document.page_counter_css()) == '"Page " counter(page) " of " counter(pages)'
    assert '<html lang="en-GB">' in document.to_html(report)
    with translation.override("cy"):
        assert '<html lang="cy">' in document.to_html(report)


def test_a_welsh_title_makes_a_plain_file_name() -> None:
    """Accented letters in a title (Welsh has ŵ and ŷ) become plain ones in the file name, which
    travels in an HTTP header."""
    report = document.Report(
        kind="bcu-return",
        title="BCU Gŵyr: ffurflen i'r heddlu",
        subtitle="",
        marking="OFFICIAL",
        generated_at=timezone.now(),
        sections=[],
    )
    assert report.filename.startswith("bcu-gwyr-ffurflen-i-r-heddlu-")
    assert report.filename.isascii()


# -- the marking, worked out without building the report -----------------------------------------
SENSITIVE = "OFFICIAL-SENSITIVE"


def sensitive_plan(w: World) -> None:
    plan = approve_plan(w, "a1")
    Plan.objects.filter(pk=plan.pk).update(marking=SENSITIVE)


def sensitive_risk_below(w: World, higher: int) -> None:
    """``higher`` official risks scored above a sensitive one."""
    for n in range(higher):
        make_risk(w, title=f"Risk {n}", likelihood=5, impact=5, inherent_likelihood=5)
    make_risk(w, title="Sensitive", likelihood=1, impact=1, marking=SENSITIVE)


# Each case: what is marked OFFICIAL-SENSITIVE, and the reports that are marked so for it.
MARKED = {
    "a plan in force": (sensitive_plan, {"bcu", "board", "authority", "region"}),
    "a draft plan": (
        lambda w: Plan.objects.filter(pk=w.plans["a1"].pk).update(marking=SENSITIVE),
        set(),
    ),
    "the highest risk": (lambda w: sensitive_risk_below(w, 0), {"bcu", "board", "authority"}),
    "the sixth risk": (lambda w: sensitive_risk_below(w, 5), {"bcu", "board"}),
    "the eleventh risk": (lambda w: sensitive_risk_below(w, 10), set()),
    "a closed risk": (lambda w: make_risk(w, marking=SENSITIVE, status="closed"), set()),
    "this year's engagement": (
        lambda w: make_engagement(w, marking=SENSITIVE),
        {"board", "authority"},
    ),
    "last year's engagement": (
        lambda w: make_engagement(w, marking=SENSITIVE, held_on=date(2026, 3, 31)),
        set(),
    ),
    "an open network": (lambda w: make_network(w, marking=SENSITIVE), {"board", "authority"}),
    "a communication": (lambda w: make_communication(w, marking=SENSITIVE), {"board"}),
    "a briefing": (
        lambda w: make_communication(w, marking=SENSITIVE, kind="briefing", topic="vulnerability"),
        {"board", "authority"},
    ),
    "a communication over a year old": (
        lambda w: make_communication(w, marking=SENSITIVE, on=date(2025, 11, 28)),
        set(),
    ),
    "a project": (lambda w: make_project(w, marking=SENSITIVE), {"board", "authority"}),
}


@pytest.mark.parametrize("case", MARKED)
@time_machine.travel(TODAY, tick=False)
def test_the_marking_is_the_built_reports(world: World, case: str) -> None:
    """Each report is marked OFFICIAL-SENSITIVE when a record it draws on is (the plans in
    force, the risks it lists, the register records of its sections), and not for records it
    leaves out; the marking worked out on its own is the built report's."""
    make, sensitive = MARKED[case]
    make(world)
    reports = {
        "bcu": (ReportKind.BCU_RETURN, world.orgs["bcu_a1"]),
        "board": (ReportKind.BOARD_PACK, world.orgs["force_a"]),
        "authority": (ReportKind.AUTHORITY_REPORT, world.orgs["force_a"]),
        "region": (ReportKind.REGIONAL_RETURN, world.orgs["region"]),
    }
    for name, (kind, subject) in reports.items():
        expected = SENSITIVE if name in sensitive else "OFFICIAL"
        assert runs.build(kind, subject, TODAY).marking == expected, name
        assert builders.report_marking(kind, subject, TODAY) == expected, name


@time_machine.travel(TODAY, tick=False)
def test_the_ni35_pack_is_marked_by_its_evidence(world: World) -> None:
    """The NI35 evidence pack takes the marking of the plans whose actions are its evidence."""
    assessment = start_ni35(world)
    score = assessment.scores.get(strand__number=1)
    score.actions.set([world.action("a1", "3.1")])
    assert builders.report_marking(ReportKind.NI35_PACK, assessment, TODAY) == "OFFICIAL"
    Plan.objects.filter(pk=world.plans["a1"].pk).update(marking=SENSITIVE)
    assert builders.ni35_pack(assessment, TODAY).marking == SENSITIVE
    assert builders.report_marking(ReportKind.NI35_PACK, assessment, TODAY) == SENSITIVE


@time_machine.travel(TODAY, tick=False)
def test_asking_for_a_file_does_not_build_the_report(
    world: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    """The page asking for a file needs only the marking: no report is built (a builder called
    fails the test), and the board pack's marking takes a query for each kind of record."""
    sensitive_risk_below(world, 0)
    with django_assert_max_num_queries(7):  # plans, risks, events, networks, projects, comms
        assert builders.report_marking(ReportKind.BOARD_PACK, world.orgs["force_a"], TODAY) == (
            SENSITIVE
        )
    client = client_for("force_lead")
    url = reverse("reports:request", args=["board-pack", world.orgs["force_a"].pk, "pdf"])
    built = mock.Mock(side_effect=AssertionError("the report was built"))
    with (
        mock.patch.object(runs, "build", built),
        mock.patch.dict(builders.BUILDERS, {k: built for k in builders.BUILDERS}),
    ):
        page = client.get(url)
    assert page.status_code == 200 and not built.called
    assert f"The report is marked {SENSITIVE}." in " ".join(page.content.decode().split())


@time_machine.travel(TODAY, tick=False)
def test_the_workbook_holds_dates_as_dates_and_names_sheets_whole_words(world: World) -> None:
    """In the board pack's workbook a milestone's due date is a date cell (shown as "31 May
    2026"), not text; a section heading too long for a sheet name is cut at a word and marked."""
    populate(world)
    report = builders.board_pack(world.orgs["force_a"], TODAY)
    book = load_workbook(io.BytesIO(document.to_xlsx(report)))
    assert "Community confidence and…" in book.sheetnames
    overdue = book["Overdue milestones"]
    dated = [row[0] for row in overdue.iter_rows() if isinstance(row[0].value, datetime)]
    assert dated and all(c.number_format == "d mmmm yyyy" for c in dated)
