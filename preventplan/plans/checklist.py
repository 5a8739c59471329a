"""The BCU Commander checklist: the template's columns plus owner, milestones and status.

Built once as rows, then written as HTML, PDF (A4 landscape, WeasyPrint), XLSX and CSV. It is
produced blank from the template for an organisation not yet using the system, or filled from a
plan. The CSV and XLSX forms read back in through the importer (round trip).
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from preventplan.catalogue.access import NATIONS
from preventplan.catalogue.models import Activity, BlankChecklistFile, TemplateVersion
from preventplan.lib.dates import format_date
from preventplan.lib.i18n import InLanguages
from preventplan.lib.pdf import html_to_pdf
from preventplan.lib.spreadsheets import safe_cell
from preventplan.plans.actions import LEVELS_FOR_KIND, milestone_title
from preventplan.plans.models import ChecklistFile, Decision, Marking, MilestoneStatus, Plan
from preventplan.plans.progress import annotate

# The column headers, in the language of the export (the importer reads them back in English
# and in Welsh).
COLUMNS = [
    gettext_lazy("No."),
    gettext_lazy("Activity"),
    gettext_lazy("Other objectives"),
    gettext_lazy("Suggested timescale"),
    gettext_lazy("Delivery partners"),
    gettext_lazy("Decision"),
    gettext_lazy("Local wording"),
    gettext_lazy("Not applicable reason"),
    gettext_lazy("Owner"),
    gettext_lazy("Milestones"),
    gettext_lazy("Status"),
    gettext_lazy("How success will be evaluated"),
    gettext_lazy("Next milestone due"),
]
# Dropdowns in the Excel checklist: what the importer reads back in each column.
DECISION_CHOICES = [
    gettext_lazy("Adopt"),
    gettext_lazy("Adapt"),
    gettext_lazy("Not applicable"),
    gettext_lazy("Not reviewed"),
    gettext_lazy("Local action"),
]
STATUS_CHOICES = [
    gettext_lazy("Red"),
    gettext_lazy("Amber"),
    gettext_lazy("Green"),
    gettext_lazy("Complete"),
    gettext_lazy("Not applicable"),
    gettext_lazy("Not reviewed"),
]
# The Excel sheet's name (the importer looks for it in either language).
SHEET_TITLE = pgettext_lazy("worksheet name", "Checklist")


@dataclass
class Row:
    number: str
    activity: str
    other_objectives: str
    timescale: str
    partners: str
    decision: str = ""
    local_wording: str = ""
    reason: str = ""
    owner: str = ""
    milestones: list[tuple[str, str, str]] = field(default_factory=list)  # title, date, status
    status: str = ""
    evaluation: str = ""
    next_due: date | None = None  # the first open milestone's due date, a real date in Excel

    @property
    def owner_name(self) -> str:
        """The owner without the e-mail address the exports carry for the round trip."""
        return self.owner.split(" <")[0]

    @property
    def milestones_text(self) -> str:
        return "\n".join(f"{t} — {d} — {s}" for t, d, s in self.milestones)

    def cells(self) -> list[str]:
        """The row as text, in ``COLUMNS`` order (dates as ISO text: the CSV form)."""
        return [
            self.number,
            self.activity,
            self.other_objectives,
            self.timescale,
            self.partners,
            self.decision,
            self.local_wording,
            self.reason,
            self.owner,
            self.milestones_text,
            self.status,
            self.evaluation,
            self.next_due.isoformat() if self.next_due else "",
        ]


@dataclass
class Section:
    heading: str
    rows: list[Row]


@dataclass
class Checklist:
    title: str
    subtitle: str
    marking: str
    sections: list[Section]
    generated_at: datetime
    blank: bool
    bilingual: bool = False  # the template's texts in English and Welsh together

    @property
    def produced_on(self) -> date:
        """The day it was made, the PDF's "produced" date: the date alone, so a plan's kept PDF
        (keyed by its HTML) serves the whole day, not only the minute it was made in."""
        return timezone.localdate(self.generated_at)

    @property
    def filename(self) -> str:
        safe = "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")
        while "--" in safe:
            safe = safe.replace("--", "-")
        return f"{safe[:80]}-checklist"


def _heading(number: int, title: str) -> str:
    if number == 0:
        return title
    if isinstance(title, InLanguages):  # "Objective 2:" in the page's language, then both titles
        return title.around(
            _("Objective %(number)s: %(title)s") % {"number": number, "title": "\x00"}
        )
    return _("Objective %(number)s: %(title)s") % {"number": number, "title": title}


def _other(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers))


def _text(record: Any, field: str, bilingual: bool) -> str:
    """A template text in the page's language, or English and Welsh together."""
    # Not str(): the bilingual text keeps the language of each part (``InLanguages``).
    text: str = record.bilingual(field) if bilingual else record.localised(field)
    return text


def from_plan(plan: Plan, *, bilingual: bool = False) -> Checklist:
    """The plan's checklist. The template's texts come in the page's language; with
    ``bilingual`` in English and Welsh together (the Welsh under the English in each cell). The
    plan's own wording is as its authors wrote it."""
    acts = annotate(plan.actions.with_delivery().select_related("activity").order_by("sort_key"))
    sections: dict[int, Section] = {}
    for a in acts:
        section = sections.setdefault(
            a.objective.number,
            Section(_heading(a.objective.number, _text(a.objective, "title", bilingual)), []),
        )
        partners = ", ".join(o.name for o in a.delivery_partners.all()) or (
            _text(a.activity, "delivery_partners_text", bilingual) if a.activity else ""
        )
        section.rows.append(
            Row(
                number=a.number,
                activity=_text(a.activity, "text", bilingual) if a.activity else a.local_text,
                other_objectives=_other([o.number for o in a.other_objectives.all()]),
                timescale=_text(a.activity, "suggested_timescale", bilingual) if a.activity else "",
                partners=partners,
                decision=a.get_decision_display(),
                local_wording=a.local_text if a.decision == Decision.ADAPT else "",
                reason=a.not_applicable_reason,
                owner=f"{a.owner.full_name} <{a.owner.email}>" if a.owner else "",
                milestones=[
                    (m.title, format_date(m.due_date), m.get_status_display())
                    for m in a.milestones.all()
                ],
                status=a.rag.label,  # type: ignore[attr-defined]
                evaluation=a.evaluation,
                next_due=a.next_milestone.due_date if a.next_milestone else None,  # type: ignore[attr-defined]
            )
        )
    return Checklist(
        title=plan.title,
        subtitle=_(
            "%(organisation)s · %(start)s to %(end)s · %(status)s · national threat level "
            "%(threat_level)s"
        )
        % {
            "organisation": plan.organisation,
            "start": format_date(plan.period_start),
            "end": format_date(plan.period_end),
            "status": plan.get_status_display(),
            "threat_level": plan.threat_level.label,
        },
        marking=plan.marking,
        sections=[sections[k] for k in sorted(sections)],
        generated_at=timezone.now(),
        blank=False,
        bilingual=bilingual,
    )


# The blank checklists there are (``blank``'s ``kind``).
BLANK_KINDS = ("bcu", "force")


def blank(version: TemplateVersion, kind: str) -> Checklist:
    """The checklist straight from the template, for a force or BCU not yet using the system: its
    texts in the page's language, as a plan's checklist has them (milestone titles made from the
    target dates in that language, as a plan made in it has them)."""
    levels = LEVELS_FOR_KIND[kind]
    activities = (
        Activity.objects.filter(version=version, level__in=levels)
        .select_related("objective")
        .prefetch_related("other_objectives")
    )
    sections: dict[int, Section] = {}
    for a in activities:
        section = sections.setdefault(
            a.objective.number,
            Section(_heading(a.objective.number, _text(a.objective, "title", False)), []),
        )
        section.rows.append(
            Row(
                number=a.number,
                activity=_text(a, "text", False),
                other_objectives=_other([o.number for o in a.other_objectives.all()]),
                timescale=_text(a, "suggested_timescale", False),
                partners=_text(a, "delivery_partners_text", False),
                milestones=[
                    (
                        milestone_title(str(t["label"])),
                        format_date(date.fromisoformat(t["date"])),
                        str(MilestoneStatus.NOT_STARTED.label),
                    )
                    for t in a.localised_target_dates()
                ],
            )
        )
    title = _("Prevent BCU checklist") if kind == "bcu" else _("Prevent force checklist")
    return Checklist(
        title=title,
        subtitle=_("%(name)s, version %(number)s · activities at %(levels)s level · blank")
        % {
            "name": version.name,
            "number": version.number,
            "levels": _(" and ").join(sorted(levels)),
        },
        marking=Marking.OFFICIAL,
        sections=[sections[k] for k in sorted(sections)],
        generated_at=timezone.now(),
        blank=True,
    )


def to_csv(checklist: Checklist) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(str(c)) for c in COLUMNS])
    for section in checklist.sections:
        for row in section.rows:
            writer.writerow([safe_cell(c) for c in row.cells()])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(checklist: Checklist) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    ws.title = str(SHEET_TITLE)
    width = len(COLUMNS)
    ws.cell(row=1, column=1, value=checklist.marking).font = Font(bold=True, color="FFFFFF")
    ws.cell(row=1, column=1).fill = PatternFill("solid", fgColor="0B0C0C")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=2, column=1, value=safe_cell(checklist.title)).font = Font(bold=True, size=14)
    ws.cell(row=3, column=1, value=safe_cell(checklist.subtitle))
    header_row = 5
    for col, name in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=header_row, column=col, value=str(name))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    r = header_row + 1
    for section in checklist.sections:
        ws.cell(row=r, column=1, value=safe_cell(section.heading)).font = Font(bold=True)
        ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor="EEEEEE")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
        for row in section.rows:
            for col, value in enumerate(row.cells(), start=1):
                cell = ws.cell(row=r, column=col, value=safe_cell(value))
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            due = ws.cell(row=r, column=width, value=row.next_due)
            due.number_format = "d mmmm yyyy"
            r += 1
    decision = Dropdown(_("Decision"), _("Not a decision"), _("Choose the decision from the list"))
    status = Dropdown(_("Status"), _("Not a status"), _("Choose the status from the list"))
    _dropdown(ws, "F", DECISION_CHOICES, decision, header_row + 1, r - 1)
    _dropdown(ws, "K", STATUS_CHOICES, status, header_row + 1, r - 1)
    widths = [8, 60, 11, 22, 35, 14, 35, 30, 28, 45, 12, 35, 16]
    for col, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = f"C{header_row + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddHeader.center.text = checklist.marking
    ws.oddFooter.center.text = checklist.marking
    ws.oddFooter.right.text = _("Page %(page)s of %(pages)s") % {"page": "&P", "pages": "&N"}
    ws.oddFooter.left.text = _("Produced %(date)s") % {"date": format_date(checklist.generated_at)}
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class Dropdown:
    """The words of a column's dropdown: its title, and what Excel says about a wrong value."""

    title: str
    error_title: str
    prompt: str


def _dropdown(
    ws: Any, column: str, choices: list[Any], words: Dropdown, first: int, last: int
) -> None:
    """A list to pick from in the column's cells; other text is refused by Excel."""
    if last < first:
        return
    shown = [str(c) for c in choices]
    rule = DataValidation(
        type="list", formula1='"' + ",".join(shown) + '"', allow_blank=True, showDropDown=False
    )
    rule.error = _("Choose one of: %(choices)s") % {"choices": ", ".join(shown)}
    rule.errorTitle = words.error_title
    rule.prompt = words.prompt
    rule.promptTitle = words.title
    ws.add_data_validation(rule)
    rule.add(f"{column}{first}:{column}{last}")


def page_counter_css() -> str:
    """ "Page 2 of 5" in the page's language, as a CSS ``content`` value with the counters."""
    marks = {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    words = _("Page %(page)s of %(pages)s") % marks
    parts = []
    for piece in words.split("\x00"):
        if piece in marks:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


def to_html(checklist: Checklist) -> str:
    return render_to_string(
        "plans/checklist_pdf.html",
        {"checklist": checklist, "page_counter": mark_safe(page_counter_css())},  # noqa: S308 - built from the catalogue's words, quoted for CSS
    )


def to_pdf(checklist: Checklist) -> bytes:
    return html_to_pdf(to_html(checklist))


def write(fmt: str, checklist: Checklist) -> bytes:
    """The checklist as a file: ``pdf``, ``xlsx`` or ``csv``."""
    writers = {"pdf": to_pdf, "xlsx": to_xlsx, "csv": to_csv}
    return writers[fmt](checklist)


def plan_pdf(plan: Plan, checklist: Checklist) -> bytes:
    """The plan's checklist as PDF: the kept one in the page's language (or both languages) when it
    was made from the same HTML (:class:`~preventplan.plans.models.ChecklistFile`), otherwise
    made now and kept."""
    return _plan_pdf(plan, checklist)[0]


def _plan_pdf(plan: Plan, checklist: Checklist) -> tuple[bytes, bool]:
    """The PDF, and whether it was made now (False: it was the kept one)."""
    html = to_html(checklist)
    digest = hashlib.sha256(html.encode()).hexdigest()
    language = (
        "bilingual" if checklist.bilingual else translation.get_language() or settings.LANGUAGE_CODE
    )
    kept = (
        ChecklistFile.objects.filter(plan=plan, language=language, digest=digest)
        .values_list("content", flat=True)
        .first()
    )
    if kept is not None:
        return bytes(kept), False
    content = html_to_pdf(html)
    try:
        with transaction.atomic():
            ChecklistFile.objects.update_or_create(
                plan=plan,
                language=language,
                defaults={"digest": digest, "content": content, "made_at": timezone.now()},
            )
    except IntegrityError:  # another request kept one at the same moment: theirs is as good
        pass
    return content, True


# Bump when the blank checklist's content or look changes in code; a change to the PDF's HTML
# template is noticed by itself (its text is part of the key).
LAYOUT_VERSION = "2"


def _layout() -> str:
    source = (settings.BASE_DIR / "templates" / "plans" / "checklist_pdf.html").read_bytes()
    # The file is in the language of the request that made it: one kept file per language.
    language = (translation.get_language() or settings.LANGUAGE_CODE).encode()
    return hashlib.sha256(LAYOUT_VERSION.encode() + language + b"|" + source).hexdigest()[:32]


def blank_file(version: TemplateVersion, kind: str, fmt: str, sheet: Checklist) -> bytes:
    """The blank checklist file of a template version: made once per version, kind, format and
    layout, kept in ``catalogue.BlankChecklistFile`` and served from there (2-7 seconds of PDF
    work each time before). Forgotten when the template version changes."""
    return _blank_file(version, kind, fmt, sheet)[0]


def _blank_file(
    version: TemplateVersion, kind: str, fmt: str, sheet: Checklist
) -> tuple[bytes, bool]:
    """The file, and whether it was made now (False: it was the kept one)."""
    layout = _layout()
    kept = (
        BlankChecklistFile.objects.filter(version=version, kind=kind, format=fmt, layout=layout)
        .values_list("content", flat=True)
        .first()
    )
    if kept is not None:
        return bytes(kept), False
    content = write(fmt, sheet)
    try:
        with transaction.atomic():
            BlankChecklistFile.objects.create(
                version=version, kind=kind, format=fmt, layout=layout, content=content
            )
    except IntegrityError:  # another request made it at the same moment: theirs is as good
        pass
    return content, True


@dataclass
class Prepared:
    """What :func:`prepare` did: PDFs made, PDFs already kept, and those it could not make."""

    made: int = 0
    up_to_date: int = 0
    failed: list[str] = field(default_factory=list)


def prepare(day: date, *, plans: bool = True, blank_ones: bool = True) -> Prepared:
    """Make the day's checklist PDFs before anyone asks, each as its download view makes it, so
    the next download is the kept one (about 50 ms instead of 1-2 s): the blank checklist of
    each nation's current template version, of each kind and in each language of the interface,
    and the checklist of every plan whose period covers ``day``, whatever its status, in the
    service's language (a reader's default download: neither Welsh nor bilingual, which are made
    when first asked for and then kept beside it). Each is made only if the
    kept one is missing or differs.

    Several servers may run it at once: each takes the PDFs in its own random order and skips
    those already kept, so they share the work (at worst two make the same PDF, and one is
    kept). A PDF this server cannot make (no Pango, the engine stopped) is reported in
    ``failed`` and the rest are still made."""
    work: list[tuple[str, Callable[[], bool]]] = []
    if blank_ones:
        versions = {v for v in map(TemplateVersion.objects.current, NATIONS) if v is not None}
        for version in sorted(versions, key=lambda v: v.pk):
            for kind in BLANK_KINDS:
                for language, _name in settings.LANGUAGES:
                    work.append(
                        (
                            f"the blank {kind} checklist of {version} ({language})",
                            _blank_pdf_maker(version, kind, language),
                        )
                    )
    if plans:
        in_period = Plan.objects.filter(period_start__lte=day, period_end__gte=day)
        for plan in in_period.select_related("organisation", "template_version", "threat_level"):
            work.append((f"the checklist of plan {plan.pk}", _plan_pdf_maker(plan)))
    random.shuffle(work)
    done = Prepared()
    for what, make in work:
        try:
            made = make()
        except (OSError, RuntimeError) as error:  # see lib.pdf.Engine.make
            done.failed.append(f"{what}: {error}")
            continue
        if made:
            done.made += 1
        else:
            done.up_to_date += 1
    return done


def _blank_pdf_maker(version: TemplateVersion, kind: str, language: str) -> Callable[[], bool]:
    def make() -> bool:
        with translation.override(language):  # as the page's language does for a reader
            return _blank_file(version, kind, "pdf", blank(version, kind))[1]

    return make


def _plan_pdf_maker(plan: Plan) -> Callable[[], bool]:
    def make() -> bool:
        with translation.override(settings.LANGUAGE_CODE):
            return _plan_pdf(plan, from_plan(plan))[1]

    return make
