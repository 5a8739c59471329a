"""A register's list as CSV or Excel: the protective marking first, then the title and date, then
one row per record with the register's columns. Dates and numbers stay dates and numbers in
Excel; text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from preventplan.lib.dates import format_date
from preventplan.lib.spreadsheets import safe_cell
from preventplan.records.spec import Column, RegisterSpec, resolve

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ROWS = 10_000


def cell_value(record: Any, column: Column) -> Any:
    """The column's value as a spreadsheet cell: text, number, date or nothing."""
    value = resolve(record, column.value)
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float | Decimal | date) or value is None:
        return value
    if isinstance(value, list | tuple):
        return safe_cell("; ".join(str(v) for v in value))
    return safe_cell(str(value))


def table(spec: RegisterSpec, records: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    columns = [c for c in spec.list_columns if c.export]
    return [str(c.label) for c in columns], [[cell_value(r, c) for c in columns] for r in records]


def render(spec: RegisterSpec, records: Sequence[Any], fmt: str, marking: str, on: date) -> bytes:
    header, rows = table(spec, records)
    title = _("%(register)s: %(records)s") % {
        "register": spec.title,
        "records": spec.count_text(len(rows)),
    }
    produced = _("Produced %(date)s") % {"date": format_date(on)}
    if fmt == "csv":
        return _csv(marking, title, produced, header, rows)
    return _xlsx(marking, title, produced, header, rows)


def _csv(
    marking: str, title: str, produced: str, header: list[str], rows: list[list[Any]]
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([marking])
    writer.writerow([title, produced])
    writer.writerow([])
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
        )
    return out.getvalue().encode("utf-8-sig")


def _xlsx(
    marking: str, title: str, produced: str, header: list[str], rows: list[list[Any]]
) -> bytes:
    from openpyxl import Workbook  # openpyxl is slow to import; only exports need it
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    ws.title = _("Register")[:31]  # Excel's limit for a sheet's name
    ws.cell(row=1, column=1, value=marking).font = Font(bold=True, color="FFFFFF")
    ws.cell(row=1, column=1).fill = PatternFill("solid", fgColor="0B0C0C")
    ws.cell(row=2, column=1, value=safe_cell(title)).font = Font(bold=True, size=14)
    ws.cell(row=3, column=1, value=produced)
    first = 5
    for c, name in enumerate(header, start=1):
        ws.cell(row=first, column=c, value=name).font = Font(bold=True)
    widths = {c: len(name) for c, name in enumerate(header, start=1)}
    for r, row in enumerate(rows, start=first + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, date):
                cell.number_format = "d mmmm yyyy"
            elif isinstance(value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[c] = max(widths[c], min(60, len(str(value or "")) if value is not None else 0))
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = max(12, width + 2)
    ws.freeze_panes = ws.cell(row=first + 1, column=1)
    if header:
        ws.auto_filter.ref = f"A{first}:{get_column_letter(len(header))}{first + len(rows)}"
    ws.oddFooter.left.text = marking
    # "&P" and "&N" are Excel's page number and page count.
    ws.oddFooter.right.text = _("Page &P of &N")
    ws.oddHeader.center.text = marking
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
