"""A report as data, and the three ways it is written: HTML, PDF (from the same HTML, by
WeasyPrint) and Excel. Builders (``builders.py``) fill a :class:`Report` from live data; nothing
here knows what a report is about.

Every output carries the protective marking as a banner, the date it was produced and page
numbers (PDF page footers; Excel print footers).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from preventplan.lib.dates import format_date
from preventplan.lib.numbers import format_number
from preventplan.lib.pdf import html_to_pdf
from preventplan.lib.spreadsheets import safe_cell
from preventplan.plans.models import Marking


@dataclass(frozen=True)
class Percent:
    """A percentage in a table: "60%" on the page and in the PDF, the number 0.6 shown as 60% in
    a spreadsheet."""

    value: int | float | Decimal

    def __str__(self) -> str:
        return f"{format_number(self.value)}%"


Cell = str | int | float | Decimal | date | Percent | None


@dataclass
class Table:
    """Cells hold numbers as numbers (a spreadsheet keeps them so); the page and the PDF show
    them as :func:`cell_text` writes them."""

    caption: str
    columns: list[str]
    rows: Sequence[Sequence[Any]]
    numeric: set[int] = field(default_factory=set)  # column indexes aligned right
    empty: str = gettext_lazy("Nothing to show.")  # type: ignore[assignment]

    @property
    def shown_rows(self) -> list[list[str]]:
        """The rows as the page and the PDF show them."""
        return [[cell_text(value) for value in row] for row in self.rows]


@dataclass
class Chart:
    svg: SafeString
    table: Table


@dataclass
class Text:
    paragraphs: list[str]


@dataclass
class Figures:
    """Headline numbers: (number, label). A number may be text ("60%", "—")."""

    items: list[tuple[int | str, str]]

    @property
    def shown_items(self) -> list[tuple[str, str]]:
        """The items as the page and the PDF show them."""
        return [(cell_text(number), label) for number, label in self.items]


Block = Table | Chart | Text | Figures


@dataclass
class Section:
    heading: str
    blocks: list[Block]


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    marking: str
    generated_at: datetime
    sections: list[Section]

    @property
    def filename(self) -> str:
        """The title in plain ASCII letters and digits (a header carries it: "Gŵyr" is "gwyr")."""
        plain = unicodedata.normalize("NFKD", self.title.lower())
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        safe = "".join(c if c.isascii() and c.isalnum() else "-" for c in plain).strip("-")
        while "--" in safe:
            safe = safe.replace("--", "-")
        return f"{safe[:80]}-{self.generated_at:%Y-%m-%d}"

    @property
    def produced(self) -> str:
        return format_date(self.generated_at)

    def tables(self) -> list[tuple[str, Table]]:
        """Every table with the heading of its section, charts' tables included."""
        found = []
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    found.append((section.heading, block))
                elif isinstance(block, Chart):
                    found.append((section.heading, block.table))
        return found


def marking_of(*markings: str) -> str:
    """The highest marking among those of the records a report draws on."""
    return (
        Marking.OFFICIAL_SENSITIVE if Marking.OFFICIAL_SENSITIVE in markings else Marking.OFFICIAL
    )


def cell_text(value: Cell) -> str:
    """A cell as the page and the PDF show it: numbers by :func:`format_number` (12,345)."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value)
    return str(value)


def page_counter_css() -> SafeString:
    """ "Page 2 of 5" as the value of a CSS ``content`` property, with the page counters in place
    of the numbers, in the current language (the translation's own quotes, backslashes, angle
    brackets and line breaks are dropped so it cannot end the CSS string)."""
    text = "".join(c for c in _("Page %(page)s of %(pages)s") if c not in '"\\<>\n\r')
    css = '"' + text % {"page": '" counter(page) "', "pages": '" counter(pages) "'} + '"'
    css = css.removeprefix('"" ').removesuffix(' ""')
    return mark_safe(css)  # noqa: S308 - quotes, backslashes, angle brackets, line breaks removed


def to_html(report: Report) -> str:
    return render_to_string(
        "reports/document.html", {"report": report, "page_counter": page_counter_css()}
    )


def to_pdf(report: Report) -> bytes:
    return html_to_pdf(to_html(report))


def to_xlsx(report: Report) -> bytes:
    """One worksheet per section; each starts with the marking, the title and the date."""
    wb = Workbook()
    first = wb.active
    assert first is not None  # noqa: S101 - a new workbook always has a sheet
    wb.remove(first)
    used: set[str] = set()
    for section in report.sections:
        name = _sheet_name(section.heading, used)
        ws = wb.create_sheet(name)
        ws.cell(row=1, column=1, value=report.marking).font = Font(bold=True, color="FFFFFF")
        ws.cell(row=1, column=1).fill = PatternFill("solid", fgColor="0B0C0C")
        ws.cell(row=2, column=1, value=safe_cell(report.title)).font = Font(bold=True, size=14)
        ws.cell(
            row=3,
            column=1,
            value=safe_cell(
                _("%(subtitle)s · produced %(date)s")
                % {"subtitle": report.subtitle, "date": report.produced}
            ),
        )
        ws.cell(row=5, column=1, value=safe_cell(section.heading)).font = Font(bold=True, size=12)
        r = 6
        widths: dict[int, int] = {}
        for block in section.blocks:
            table = block.table if isinstance(block, Chart) else block
            if isinstance(table, Figures):
                for number, label in table.items:
                    ws.cell(row=r, column=1, value=safe_cell(str(label)))
                    ws.cell(row=r, column=2, value=_number(number)).font = Font(bold=True)
                    r += 1
                r += 1
            elif isinstance(table, Text):
                for paragraph in table.paragraphs:
                    ws.cell(row=r, column=1, value=safe_cell(str(paragraph))).alignment = Alignment(
                        wrap_text=True
                    )
                    r += 1
                r += 1
            elif isinstance(table, Table):
                ws.cell(row=r, column=1, value=safe_cell(str(table.caption))).font = Font(
                    italic=True
                )
                r += 1
                for c, column in enumerate(table.columns, start=1):
                    name = str(column)
                    cell = ws.cell(row=r, column=c, value=name)
                    cell.font = Font(bold=True)
                    cell.fill = PatternFill("solid", fgColor="D9D9D9")
                    widths[c] = max(widths.get(c, 10), min(len(name) + 2, 60))
                r += 1
                if not table.rows:
                    ws.cell(row=r, column=1, value=str(table.empty))
                    r += 1
                for row in table.rows:
                    for c, value in enumerate(row, start=1):
                        cell = ws.cell(row=r, column=c, value=_value(value))
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                        if isinstance(value, Percent):
                            cell.number_format = "0%" if value.value == int(value.value) else "0.0%"
                        elif isinstance(value, date):
                            cell.number_format = "d mmmm yyyy"
                        widths[c] = max(widths.get(c, 10), min(len(cell_text(value)) + 2, 60))
                    r += 1
                r += 1
        for c, w in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddHeader.center.text = report.marking
        ws.oddFooter.center.text = report.marking
        # Excel's own codes: &P is the page number, &N the number of pages.
        ws.oddFooter.right.text = _("Page &P of &N")
        ws.oddFooter.left.text = _("Produced %(date)s") % {"date": report.produced}
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_name(heading: str, used: set[str]) -> str:
    """The section's heading as a sheet name: Excel allows 31 characters, so a longer heading is
    cut at a word and marked with "…" ("Community confidence and…")."""
    text = "".join(c for c in str(heading) if c not in "[]:*?/\\")
    if len(text) > 28:
        text = text[:27].rsplit(" ", 1)[0].rstrip(" ,;") + "…"
    base = text or _("Sheet")
    name, n = base, 2
    while name in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name)
    return name


def _value(value: Cell) -> Any:
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, Percent):
        return float(value.value) / 100
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return safe_cell(value)
    return value


def _number(number: int | str) -> Any:
    """A headline number for a spreadsheet: the number itself, or the text ("60%")."""
    if isinstance(number, int):
        return number
    try:
        return int(number)
    except ValueError:
        return safe_cell(str(number))
