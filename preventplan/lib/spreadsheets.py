"""Cells written to CSV and Excel files: checklists, reports, the audit log export and the NCTT
export all pass their text through :func:`safe_cell`."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a cell that starts like one is kept as text."""
    return "'" + value if value.startswith(FORMULA_START) else value
