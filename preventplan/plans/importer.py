"""Read a plan back from a workbook or CSV: the exported checklist, or a sheet laid out the way
people already keep these plans. Nothing is written until the preview is applied, and applying is
all-or-nothing.

Columns are found by header name, case- and spacing-insensitive, with common synonyms; the header
row need not be the first; objective-heading rows are skipped; unknown columns are listed and
listed as not imported. The columns that change the plan are Decision, Local wording, Not
applicable reason, Owner, Partners, Milestones (with a Due date column, or dates written in the
cell), a Target date on its own (the milestone "Target date"), RAG/Status and Evaluation. Activity
text, timescale and other objectives are the template's: the preview says they are not imported,
and why. Every problem of every row is reported; a date outside the plan's period is a warning.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from preventplan.accounts.models import User
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.catalogue.models import Activity
from preventplan.lib.concurrency import save_if_unchanged
from preventplan.lib.dates import format_date
from preventplan.lib.privacy import check_file_name, check_text
from preventplan.organisations.models import Organisation
from preventplan.plans import actions as plan_actions
from preventplan.plans import checklist
from preventplan.plans.forms import partners_for, people_for
from preventplan.plans.models import (
    Action,
    Decision,
    Milestone,
    MilestoneStatus,
    Plan,
    ProgressUpdate,
    Rag,
)
from preventplan.plans.progress import action_rag

MAX_ROWS = 10_000
MAX_COLUMNS = 60
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_RATIO = 200

SYNONYMS: dict[str, set[str]] = {
    "number": {
        "no",
        "ref",
        "reference",
        "number",
        "activity no",
        "activity number",
        "action no",
        "action number",
        "ref no",
        "item",
    },
    "activity": {"activity", "action", "activity description", "description"},
    "other_objectives": {"other objectives", "objectives", "other objective"},
    "timescale": {"suggested timescale", "timescale", "timescales"},
    "partners": {"delivery partners", "partners", "delivery partner"},
    "decision": {"decision", "adopt adapt or not applicable"},
    "local_wording": {"local wording", "adapted wording", "local activity", "local text"},
    "reason": {
        "not applicable reason",
        "reason",
        "reason not applicable",
        "proportionality reason",
    },
    "owner": {
        "owner",
        "action owner",
        "lead",
        "lead officer",
        "responsible officer",
        "responsible",
        "owner s",
    },
    "milestones": {"milestone", "milestones", "milestone s", "key milestones", "key milestone"},
    "due_date": {"due date", "milestone date", "target date", "due", "date due"},
    "status": {"rag", "status", "rag status", "status rag", "rag rating", "rating"},
    "evaluation": {
        "how success will be evaluated",
        "evaluation",
        "success measure",
        "success measures",
        "evaluation measure",
    },
}
FIELD_LABELS = {
    "number": "No.",
    "decision": "Decision",
    "local_wording": "Local wording",
    "reason": "Not applicable reason",
    "owner": "Owner",
    "milestones": "Milestones",
    "due_date": "Due date",
    "status": "RAG",
    "evaluation": "Evaluation",
    "activity": "Activity",
    "partners": "Partners",
    "timescale": "Timescale",
    "other_objectives": "Other objectives",
}
# The same, in the reader's language, where an error names a column the file may not have.
SHOWN_LABELS = {
    "number": gettext_lazy("No."),
    "decision": gettext_lazy("Decision"),
    "local_wording": gettext_lazy("Local wording"),
    "reason": gettext_lazy("Not applicable reason"),
    "owner": gettext_lazy("Owner"),
    "milestones": gettext_lazy("Milestones"),
    "due_date": gettext_lazy("Due date"),
    "status": gettext_lazy("RAG"),
    "evaluation": gettext_lazy("Evaluation"),
    "activity": gettext_lazy("Activity"),
    "partners": gettext_lazy("Partners"),
    "timescale": gettext_lazy("Timescale"),
    "other_objectives": gettext_lazy("Other objectives"),
}
# What the preview says each recognised column does (a column not listed here is not imported).
COLUMN_USE = {
    "number": gettext_lazy("Imported: finds the plan's action for each row"),
    "activity": gettext_lazy(
        "Not imported: the national template's wording is kept (imported only as a local "
        "action's wording)"
    ),
    "other_objectives": gettext_lazy(
        "Not imported: the other objectives come from the national template"
    ),
    "timescale": gettext_lazy("Not imported: the template's timescale; milestones carry the dates"),
    "partners": gettext_lazy("Imported as each action's delivery partners"),
    "decision": gettext_lazy("Imported as the decision"),
    "local_wording": gettext_lazy("Imported as the local wording"),
    "reason": gettext_lazy("Imported as the not applicable reason"),
    "owner": gettext_lazy("Imported as the owner"),
    "milestones": gettext_lazy("Imported as milestones"),
    "due_date": gettext_lazy("Imported as each milestone's due date"),
    "status": gettext_lazy(
        "Imported as a progress update where it differs from the RAG worked out"
    ),
    "evaluation": gettext_lazy("Imported as how success will be evaluated"),
}
# The exported checklist's columns (checklist.COLUMNS, in order) and the field each fills: a
# checklist exported in Welsh has its headers, decisions and statuses in Welsh, and reads back.
EXPORTED_COLUMNS = [
    "number",
    "activity",
    "other_objectives",
    "timescale",
    "partners",
    "decision",
    "local_wording",
    "reason",
    "owner",
    "milestones",
    "status",
    "evaluation",
    "",  # next milestone due: shown, not imported
]
# The other languages an exported checklist may be in (English is the code's own).
EXPORT_LANGUAGES = ["cy"]
# Text in the status column that is not a RAG: the action's state, left as it is.
NOT_RAG = {"complete", "not applicable", "not reviewed", ""}
TARGET_MILESTONE = "Target date"
# Cells whose text the plan keeps, checked for personal data (the activity text is kept only as
# a local action's wording). Owner is matched to a person and never kept as text.
KEPT_TEXT = ("local_wording", "reason", "evaluation", "milestones")
DECISIONS = {
    "adopt": Decision.ADOPT,
    "adopted": Decision.ADOPT,
    "adapt": Decision.ADAPT,
    "adapted": Decision.ADAPT,
    "not applicable": Decision.NOT_APPLICABLE,
    "n a": Decision.NOT_APPLICABLE,
    "na": Decision.NOT_APPLICABLE,
    "local action": Decision.LOCAL,
    "local": Decision.LOCAL,
    "not reviewed": Decision.NOT_REVIEWED,  # as exported: the file leaves the decision alone
}
RAGS = {
    "red": Rag.RED,
    "r": Rag.RED,
    "amber": Rag.AMBER,
    "a": Rag.AMBER,
    "green": Rag.GREEN,
    "g": Rag.GREEN,
}
STATUSES = {
    "complete": MilestoneStatus.COMPLETE,
    "completed": MilestoneStatus.COMPLETE,
    "done": MilestoneStatus.COMPLETE,
    "in progress": MilestoneStatus.IN_PROGRESS,
    "started": MilestoneStatus.IN_PROGRESS,
    "underway": MilestoneStatus.IN_PROGRESS,
    "not started": MilestoneStatus.NOT_STARTED,
}
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
# Welsh month names (dates in a checklist exported in Welsh: "31 Mawrth 2027"), by their first
# three letters, which no English month shares.
MONTHS.update(
    {
        m: i
        for i, m in enumerate(
            ["ion", "chw", "maw", "ebr", "mai", "meh", "gor", "aws", "med", "hyd", "tac", "rha"],
            start=1,
        )
    }
)


def _translations(english: str) -> list[str]:
    """The normalised text and its normalised translation in each export language."""
    found = [normalise(english)]
    for language in EXPORT_LANGUAGES:
        with translation.override(language):
            found.append(normalise(_(english)))
    return found


@functools.cache
def known_words() -> tuple[
    dict[str, set[str]], dict[str, str], dict[str, str], dict[str, str], set[str]
]:
    """Header synonyms, decisions, RAGs, milestone statuses and the status column's non-RAG
    values, each with what the export writes in every export language."""
    synonyms = {f: set(names) for f, names in SYNONYMS.items()}
    for header, name in zip(checklist.COLUMNS, EXPORTED_COLUMNS, strict=True):
        if name:
            synonyms[name].update(_translations(_english_label(header)))
    decisions: dict[str, str] = dict(DECISIONS)
    for choice in Decision:
        for word in _translations(_english_label(choice.label)):
            decisions.setdefault(word, choice.value)
    rags: dict[str, str] = dict(RAGS)
    for rag in Rag:
        for word in _translations(_english_label(rag.label)):
            rags.setdefault(word, rag.value)
    statuses: dict[str, str] = dict(STATUSES)
    for status in MilestoneStatus:
        for word in _translations(_english_label(status.label)):
            statuses.setdefault(word, status.value)
    not_rag = set(NOT_RAG)
    for english in ("Complete", "Not applicable", "Not reviewed"):
        not_rag.update(_translations(english))
    return synonyms, decisions, rags, statuses, not_rag


def _english_label(label: Any) -> str:
    with translation.override(None):
        return str(label)


class ImportFileError(Exception):
    """The file cannot be read at all; the message says why, for the person."""


def normalise(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


def parse_uk_date(value: Any) -> date | None:
    """A real Excel date, or day-month-year text in the usual UK forms. None if not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})", text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if y < 100 else y
    elif m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,10})\.?\s+(\d{4})", text):
        d, y = int(m[1]), int(m[3])
        mo = MONTHS.get(m[2][:3].lower(), 0)
    else:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


DATE_IN_TEXT = re.compile(
    r"\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,10}\.?\s+\d{4})\b"
)


@dataclass
class RowError:
    row: int
    column: str
    message: str
    personal_data: bool = False  # the cell looks like it holds personal data

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class Said:
    """A change the preview describes in the reader's language; the plan's history keeps it in
    English (``english``), like every other change."""

    def __init__(self, make: Callable[[], str]) -> None:
        self.make = make

    def __str__(self) -> str:
        return self.make()

    @property
    def english(self) -> str:
        with translation.override(None):
            return self.make()


@dataclass
class MilestoneIn:
    title: str
    due_date: date
    status: str


@dataclass
class ActionChange:
    action: Action
    row: int
    fields: dict[str, Any] = field(default_factory=dict)
    add_milestones: list[MilestoneIn] = field(default_factory=list)
    change_milestones: list[tuple[Milestone, MilestoneIn]] = field(default_factory=list)
    partners: list[Organisation] | None = None
    rag: str = ""
    descriptions: list[Said] = field(default_factory=list)


@dataclass
class Preview:
    filename: str
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    column_use: list[tuple[str, str]] = field(default_factory=list)  # (header, what it does)
    unknown_columns: list[str] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    headings_skipped: int = 0
    changes: list[ActionChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def holds_personal_data(self) -> bool:
        return any(e.personal_data for e in self.errors)


# -- reading the file -----------------------------------------------------------------------------
def read_rows(filename: str, content: bytes) -> list[list[Any]]:
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file must be smaller than %(size)s MB")
            % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if not content:
        raise ImportFileError(_("The file is empty"))
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise ImportFileError(_("The file must be an Excel workbook (.xlsx) or a CSV file"))


def _read_xlsx(content: bytes) -> list[list[Any]]:
    if not content.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _("The file is not an Excel workbook. Save it as .xlsx and try again")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                    raise ImportFileError(
                        _("The workbook is compressed suspiciously tightly and has not been opened")
                    )
            if total > MAX_UNZIPPED:
                raise ImportFileError(_("The workbook is too large once unpacked"))
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(
                    _("The file is not an Excel workbook. Save it as .xlsx and try again")
                )
    except zipfile.BadZipFile as exc:
        raise ImportFileError(
            _("The file is not an Excel workbook. Save it as .xlsx and try again")
        ) from exc
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(
            _("The workbook could not be read. Open it in Excel, save it again as .xlsx and retry")
        ) from exc
    names = {"Checklist"}
    for language in EXPORT_LANGUAGES:
        with translation.override(language):
            names.add(str(checklist.SHEET_TITLE))
    sheet = next((n for n in wb.sheetnames if n in names), None)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows: list[list[Any]] = []
    for values in ws.iter_rows(values_only=True, max_col=MAX_COLUMNS):
        rows.append(list(values))
        if len(rows) > MAX_ROWS + 50:
            raise ImportFileError(
                _("The sheet has more than %(rows)s rows") % {"rows": f"{MAX_ROWS:,}"}
            )
    wb.close()
    return rows


def _read_csv(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            _("The CSV file’s text could not be read. Save it as CSV UTF-8 and try again")
        )
    if "\x00" in text:
        raise ImportFileError(_("The file is not a CSV file"))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row[:MAX_COLUMNS] for row in csv.reader(io.StringIO(text), dialect)]
    if len(rows) > MAX_ROWS + 50:
        raise ImportFileError(_("The file has more than %(rows)s rows") % {"rows": f"{MAX_ROWS:,}"})
    return rows


def find_header(rows: list[list[Any]]) -> tuple[int, dict[int, str], list[str]]:
    """(index of the header row, {column index: field}, unknown column names)."""
    synonyms = known_words()[0]
    for index, row in enumerate(rows[:30]):
        found: dict[int, str] = {}
        unknown = []
        for col, cell in enumerate(row):
            key = normalise(cell)
            if not key and str(cell or "").strip() == "#":
                key = "no"
            matched = next((f for f, names in synonyms.items() if key in names), None)
            if matched and matched not in found.values():
                found[col] = matched
            elif str(cell or "").strip():
                unknown.append(str(cell).strip())
        if "number" in found.values() and len(found) >= 2:
            return index, found, unknown
    raise ImportFileError(
        _(
            "No header row was found. The sheet needs a “No.” (or “Ref”) column and at least "
            "one other column such as Owner, Milestones or RAG"
        )
    )


# -- building the preview -------------------------------------------------------------------------
def _owner(value: str, people: dict[str, User], names: dict[str, list[User]]) -> User | str | None:
    email = re.search(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+", value)
    if email:
        return people.get(email.group(0).lower()) or _(
            "No one who can own actions in this plan has the email address %(email)s"
        ) % {"email": email.group(0)}
    matches = names.get(normalise(value), [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        return _("More than one person is called %(name)s; use their email address") % {
            "name": value
        }
    return _("No one who can own actions in this plan is called %(name)s") % {"name": value}


def likely(due: date) -> bool:
    return date(2000, 1, 1) <= due <= date(2100, 12, 31)


def _milestones(
    cell: Any, due_cell: date | None, row: int, errors: list[RowError]
) -> list[MilestoneIn]:
    result = []
    statuses = known_words()[3]
    lines = [ln.strip() for ln in str(cell or "").splitlines() if ln.strip()]
    for line in lines:
        line = line.lstrip("•*- ").strip()
        status: str = MilestoneStatus.NOT_STARTED
        lowered = normalise(line)
        for word, code in sorted(statuses.items(), key=lambda kv: -len(kv[0])):
            if re.search(rf"\b{word}\s*$", lowered):
                status = code
                break
        match = DATE_IN_TEXT.search(line)
        due = parse_uk_date(match.group(1)) if match else None
        if match and due is None:
            errors.append(
                RowError(
                    row,
                    _("Milestones"),
                    _("“%(text)s” is not a real date") % {"text": match.group(1)},
                )
            )
            continue
        if due is None and len(lines) == 1:
            due = due_cell
        if due is None:
            errors.append(
                RowError(
                    row,
                    _("Milestones"),
                    _("“%(text)s” has no due date; write it like “Title — 31/03/2027”")
                    % {"text": line[:60]},
                )
            )
            continue
        title = re.split(r"\s+[—–|-]\s+|\s*\|\s*", line)[0].strip() if match else line
        if match and title.strip() == match.group(1):
            title = "Milestone"
        title = DATE_IN_TEXT.sub("", title).strip(" —–-|,:") or "Milestone"
        if not likely(due):
            errors.append(
                RowError(
                    row,
                    _("Milestones"),
                    _("%(date)s is not a likely due date") % {"date": format_date(due)},
                )
            )
            continue
        result.append(MilestoneIn(title[:300], due, status))
    return result


def build_preview(plan: Plan, filename: str, content: bytes) -> Preview:
    problem = check_file_name(filename, _("rename the file and upload it again"))
    if problem:  # the name is kept in the plan's history and the audit log
        raise ImportFileError(problem)
    preview = Preview(filename=filename)
    rows = read_rows(filename, content)
    if not any(any(str(c or "").strip() for c in r) for r in rows):
        raise ImportFileError(_("The sheet is empty"))
    header, columns, unknown = find_header(rows)
    preview.header_row = header + 1
    preview.columns = {
        FIELD_LABELS.get(f, f): str(rows[header][i]).strip() for i, f in columns.items()
    }
    preview.unknown_columns = unknown
    for i, f in sorted(columns.items()):
        use = str(COLUMN_USE[f])
        if f == "due_date" and "milestones" not in columns.values():
            use = _("Imported as the milestone “%(title)s”") % {"title": TARGET_MILESTONE}
        preview.column_use.append((str(rows[header][i]).strip(), use))
    preview.column_use += [
        (name, _("Not imported: not a column this service uses")) for name in unknown
    ]
    partners = {}
    for org in partners_for(plan):
        partners[normalise(org.name)] = org
        if org.short_name:
            partners.setdefault(normalise(org.short_name), org)
    by_number = {a.number.upper(): a for a in plan.actions.with_delivery()}
    template_numbers = dict(
        Activity.objects.filter(version=plan.template_version).values_list("number", "level")
    )
    people_qs = list(people_for(plan))
    people = {u.email.lower(): u for u in people_qs}
    names: dict[str, list[User]] = {}
    for u in people_qs:
        names.setdefault(normalise(u.full_name), []).append(u)
    seen: dict[str, int] = {}
    data_rows = rows[header + 1 :]
    if len(data_rows) > MAX_ROWS:
        raise ImportFileError(
            _("The sheet has more than %(rows)s rows") % {"rows": f"{MAX_ROWS:,}"}
        )
    for offset, raw in enumerate(data_rows):
        row_no = header + 2 + offset
        cells = {f: raw[i] if i < len(raw) else None for i, f in columns.items()}
        if not any(str(c or "").strip() for c in raw):
            continue
        number = str(cells.get("number") or "").strip().rstrip(".")
        if isinstance(cells.get("number"), float):
            number = repr(cells["number"])
        filled = [c for c in raw if str(c or "").strip()]
        if not number or not re.fullmatch(r"\d{1,2}\.(\d{1,3}|[Ll]\d{1,3})", number):
            if (not number and len(filled) <= 2) or normalise(
                filled[0] if filled else ""
            ).startswith(("objective", "leadership", "amcan", "arweinyddiaeth")):
                preview.headings_skipped += 1
                continue
            preview.errors.append(
                RowError(
                    row_no,
                    _("No."),
                    _("“%(text)s” is not an activity number like 2.4 or 2.L1")
                    % {"text": number or filled[0]},
                )
            )
            continue
        preview.rows_read += 1
        key = number.upper()
        if key in seen:
            preview.errors.append(
                RowError(
                    row_no,
                    _("No."),
                    _("%(number)s appears twice (also on row %(row)s)")
                    % {"number": number, "row": seen[key]},
                )
            )
            continue
        seen[key] = row_no
        action = by_number.get(key)
        if action is None:
            level = template_numbers.get(number)
            message = (
                _("%(number)s is a %(level)s activity and is not part of this plan")
                % {"number": number, "level": level}
                if level
                else _(
                    "%(number)s is not an activity in template version %(version)s or a local "
                    "action of this plan"
                )
                % {"number": number, "version": plan.template_version.number}
            )
            preview.errors.append(RowError(row_no, _("No."), message))
            continue
        _row_changes(preview, plan, action, cells, row_no, Lookups(people, names, partners))
    return preview


def _personal_data(action: Action, cells: dict[str, Any], row: int, errors: list[RowError]) -> bool:
    """Report each kept cell of the row that looks like it holds personal data."""
    found = False
    for name in (*KEPT_TEXT, "activity") if action.is_local else KEPT_TEXT:
        value = cells.get(name)
        problem = check_text(value, _("This cell")) if isinstance(value, str) else None
        if problem:
            errors.append(RowError(row, str(SHOWN_LABELS[name]), problem, personal_data=True))
            found = True
    return found


@dataclass
class Lookups:
    """Who may own actions (by e-mail and by name) and which organisations may deliver them."""

    people: dict[str, User]
    names: dict[str, list[User]]
    partners: dict[str, Organisation]


def _decision_fields(
    action: Action, text: Any, row: int, errors: list[RowError]
) -> dict[str, str] | None:
    """The decision, local wording and reason the row asks for, or None if it asks for a
    decision that breaks the rules (each problem reported)."""
    decision = action.decision
    if text("decision"):
        parsed = known_words()[1].get(normalise(text("decision")))
        if parsed is None:
            errors.append(
                RowError(
                    row,
                    _("Decision"),
                    _("“%(text)s” is not a decision: use Adopt, Adapt or Not applicable")
                    % {"text": text("decision")},
                )
            )
            return None
        decision = action.decision if parsed == Decision.NOT_REVIEWED else parsed
    local_text = text("local_wording") or action.local_text
    if action.is_local and not local_text:
        local_text = text("activity")
    reason = text("reason") or action.not_applicable_reason
    problems = plan_actions.validate_decision(decision, local_text, reason, action.is_local)
    if decision == Decision.NOT_REVIEWED:
        problems = {}  # the file does not decide; the action stays not reviewed
    for name, message in problems.items():
        column = {"not_applicable_reason": "reason", "local_text": "local_wording"}.get(name, name)
        errors.append(RowError(row, str(SHOWN_LABELS.get(column, name)), message))
    if problems:
        return None
    return {"decision": decision, "local_text": local_text, "not_applicable_reason": reason}


PARTNER_SEPARATORS = re.compile(r"([;,\n]+)")


def _partners(
    value: str, partners: dict[str, Organisation], where: tuple[int, str], errors: list[RowError]
) -> list[Organisation] | None:
    """The organisations named in the cell, or None if any is not one who may deliver.

    The export joins the names with ", " and people type ";", "," or new lines between them, but
    a name may hold a comma itself ("Anyshire County Council, Children's Services"). So the
    pieces between separators are matched against the known names (and short names) longest
    first: from each piece, the longest run of pieces that spells a known name is taken whole,
    joined only across separators that known names contain (a comma, in practice; a semicolon or
    a new line still parts two names), and a piece that starts no known name is reported."""
    row, column = where
    pieces: list[str] = []
    between: list[str] = []  # between[i] is the separator after pieces[i]
    pending = ""
    for i, token in enumerate(PARTNER_SEPARATORS.split(value)):
        if i % 2:
            pending += token
        elif token.strip():
            if pieces:
                between.append(pending)
            pieces.append(token.strip())
            pending = ""
    names = [n for org in partners.values() for n in (org.name, org.short_name or "")]
    in_names = {c for n in names for c in n if c in ";,\n"}
    longest = 1 + max((len(PARTNER_SEPARATORS.findall(n)) for n in names), default=0)
    found: list[Organisation] = []
    start = 0
    while start < len(pieces):
        stop = start + 1  # the pieces a name starting here may run to
        while stop < min(len(pieces), start + longest) and set(between[stop - 1]) <= in_names:
            stop += 1
        for end in range(stop, start, -1):
            org = partners.get(normalise(" ".join(pieces[start:end])))
            if org is not None:
                break
        else:
            errors.append(
                RowError(
                    row,
                    column,
                    _("“%(name)s” is not an organisation in this plan’s force area or partnership")
                    % {"name": pieces[start]},
                )
            )
            return None
        if org not in found:
            found.append(org)
        start = end
    return found


def _row_changes(
    preview: Preview,
    plan: Plan,
    action: Action,
    cells: dict[str, Any],
    row: int,
    lookups: Lookups,
) -> None:
    """Work out what the row changes; report every problem of the row, not only the first."""
    change = ActionChange(action=action, row=row)
    errors: list[RowError] = []
    header = {f: preview.columns.get(label, label) for f, label in FIELD_LABELS.items()}
    _personal_data(action, cells, row, errors)
    text = lambda f: str(cells.get(f) or "").strip()  # noqa: E731
    decided = _decision_fields(action, text, row, errors)
    for name, new in (decided or {}).items():
        if new != getattr(action, name):
            change.fields[name] = new
            change.descriptions.append(_field_change(action, name, new))
    if text("evaluation") and text("evaluation") != action.evaluation:
        change.fields["evaluation"] = text("evaluation")
        change.descriptions.append(Said(lambda: _("how success will be evaluated changed")))
    if text("owner"):
        owner = _owner(text("owner"), lookups.people, lookups.names)
        if isinstance(owner, str):
            errors.append(RowError(row, header["owner"], owner))
        elif owner is not None and owner.pk != action.owner_id:
            change.fields["owner"] = owner
            was = action.owner
            change.descriptions.append(
                Said(lambda: _("owner: %(old)s → %(new)s") % {"old": was or "—", "new": owner})
            )
    # The template's own partners text, as an export in English, Welsh or both languages writes
    # it for an action with no partners chosen: not a choice of partners.
    template_partners = (
        {
            normalise(action.activity.delivery_partners_text),
            normalise(action.activity.delivery_partners_text_cy),
            normalise(action.activity.bilingual("delivery_partners_text")),
        }
        if action.activity
        else {normalise("")}
    )
    if "partners" in cells and normalise(text("partners")) not in template_partners:
        chosen = _partners(text("partners"), lookups.partners, (row, header["partners"]), errors)
        had = list(action.delivery_partners.all())
        if chosen is not None and {o.pk for o in chosen} != {o.pk for o in had}:
            change.partners = chosen
            old_names = ", ".join(sorted(o.name for o in had)) or "—"
            new_names = ", ".join(sorted(o.name for o in chosen))
            change.descriptions.append(
                Said(
                    lambda: (
                        _("delivery partners: %(old)s → %(new)s")
                        % {"old": old_names, "new": new_names or _("none")}
                    )
                )
            )
    due_cell = None
    if text("due_date"):
        due_cell = parse_uk_date(cells.get("due_date"))
        if due_cell is None or not likely(due_cell):
            errors.append(
                RowError(
                    row,
                    header["due_date"],
                    _("“%(text)s” is not a real date; write it like 31/03/2027")
                    % {"text": text("due_date")},
                )
            )
            due_cell = None
    incoming: list[MilestoneIn] = []
    if "milestones" in cells:
        incoming = _milestones(cells.get("milestones"), due_cell, row, errors)
    elif due_cell is not None:
        incoming = [MilestoneIn(TARGET_MILESTONE, due_cell, MilestoneStatus.NOT_STARTED)]
    existing = {normalise(m.title): m for m in action.milestones.all()}
    for m in incoming:
        if not plan.period_start <= m.due_date <= plan.period_end:
            preview.warnings.append(
                RowError(
                    row,
                    header["milestones"] if "milestones" in cells else header["due_date"],
                    _("%(date)s is outside the plan’s period (%(start)s to %(end)s)")
                    % {
                        "date": format_date(m.due_date),
                        "start": format_date(plan.period_start),
                        "end": format_date(plan.period_end),
                    },
                )
            )
        current = existing.get(normalise(m.title))
        if current is None:
            change.add_milestones.append(m)
            change.descriptions.append(_new_milestone(m))
        elif (current.due_date, current.status) != (m.due_date, m.status):
            status = m.status if "milestones" in cells else current.status
            m = MilestoneIn(m.title, m.due_date, status)
            change.change_milestones.append((current, m))
            change.descriptions.append(_changed_milestone(current, m))
    if text("status"):
        words = known_words()
        rags, not_rag = words[2], words[4]
        rag = rags.get(normalise(text("status")))
        if rag is None and normalise(text("status")) not in not_rag:
            errors.append(
                RowError(
                    row,
                    header["status"],
                    _("“%(text)s” is not a RAG status: use Red, Amber or Green")
                    % {"text": text("status")},
                )
            )
        elif rag and rag != action_rag(action).status:
            change.rag = rag
            change.descriptions.append(
                Said(lambda: _("RAG reported as %(rag)s") % {"rag": Rag(rag).label})
            )
    # A set-aside action gains no milestone or progress, as on its page (plans.actions).
    set_aside = change.fields.get("decision", action.decision) == Decision.NOT_APPLICABLE
    if set_aside and (change.add_milestones or change.rag):
        errors.append(
            RowError(
                row,
                header["decision"],
                _(
                    "%(number)s is set aside as not applicable: milestones and progress cannot "
                    "be added to it. Adopt or adapt it to import them."
                )
                % {"number": action.number},
            )
        )
    if errors:
        preview.errors.extend(errors)
    elif change.descriptions:
        preview.changes.append(change)
    else:
        preview.unchanged += 1


def _field_change(action: Action, name: str, new: str) -> Said:
    """ "decision: “Not reviewed” → “Adopt”", in the reader's language."""
    old = action.decision if name == "decision" else getattr(action, name)

    def make() -> str:
        words = {
            "decision": _("decision: “%(old)s” → “%(new)s”"),
            "local_text": _("local text: “%(old)s” → “%(new)s”"),
            "not_applicable_reason": _("not applicable reason: “%(old)s” → “%(new)s”"),
        }
        if name == "decision":
            return words[name] % {"old": Decision(old).label, "new": Decision(new).label}
        return words.get(name, name + ": “%(old)s” → “%(new)s”") % {
            "old": old or "—",
            "new": new,
        }

    return Said(make)


def _new_milestone(m: MilestoneIn) -> Said:
    return Said(
        lambda: (
            _("new milestone “%(title)s”, due %(date)s")
            % {"title": m.title, "date": format_date(m.due_date)}
        )
    )


def _changed_milestone(current: Milestone, m: MilestoneIn) -> Said:
    old_date, old_status = current.due_date, current.status
    return Said(
        lambda: (
            _("milestone “%(title)s”: %(old_date)s, %(old_status)s → %(date)s, %(status)s")
            % {
                "title": m.title,
                "old_date": format_date(old_date),
                "old_status": str(MilestoneStatus(old_status).label).lower(),
                "date": format_date(m.due_date),
                "status": str(MilestoneStatus(m.status).label).lower(),
            }
        )
    )


# -- applying -------------------------------------------------------------------------------------
class StaleImport(Exception):
    pass


@transaction.atomic
def apply_preview(
    actor: User | None, plan: Plan, preview: Preview, expected_plan_version: int
) -> int:
    """Apply every change or none. Returns the number of actions changed."""
    if not preview.ok:
        raise ValueError("A preview with errors cannot be applied")
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.version != expected_plan_version:
        raise StaleImport(
            _(
                "The plan has changed since this file was checked. Upload it again to see what "
                "it would change now."
            )
        )
    for change in preview.changes:
        action = change.action
        if change.fields:
            for name, value in change.fields.items():
                setattr(action, name, value)
            save_if_unchanged(action, action.version, list(change.fields))
        if change.partners is not None:
            action.delivery_partners.set(change.partners)
        for m in change.add_milestones:
            Milestone.objects.create(
                action=action,
                title=m.title,
                due_date=m.due_date,
                status=m.status,
                completed_on=m.due_date if m.status == MilestoneStatus.COMPLETE else None,
            )
        for current, m in change.change_milestones:
            current.due_date, current.status = m.due_date, m.status
            current.completed_on = (
                (current.completed_on or m.due_date)
                if m.status == MilestoneStatus.COMPLETE
                else None
            )
            save_if_unchanged(current, current.version, ["due_date", "status", "completed_on"])
        if change.rag:
            update = ProgressUpdate.objects.create(
                action=action,
                rag=change.rag,
                narrative=f"RAG status imported from {preview.filename}",  # kept, in English
                author=actor,
            )
            plan_actions.keep_latest_rag(action, update)
        plan_actions.record_change(
            actor,
            plan,
            f"Imported from {preview.filename}: {action.number} — "
            + "; ".join(d.english for d in change.descriptions)[:200],
            action=action,
            details={"changes": [d.english for d in change.descriptions]},
            event="action.imported",
        )
    record(
        actor,
        AuditAction.COMBINE,
        "plan.imported",
        plan,
        details={"file": preview.filename, "actions": len(preview.changes)},
    )
    return len(preview.changes)
