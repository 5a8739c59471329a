"""Cells written to CSV and Excel files: checklists, reports, the audit log export and the NCTT
export all pass their text through :func:`safe_cell`.

Spreadsheet programs treat a cell as a formula when it starts with ``=``, ``+``, ``-`` or ``@``,
and several also skip leading blanks, line breaks and the DDE pipe, or fold full-width forms
(``＝``, ``＋``, ``－``, ``＠``) into their ASCII twins before deciding. So a cell is neutralised
(kept as text by a leading apostrophe) when it starts with a formula character, a tab, a carriage
return or a line feed, or when it still starts with one after leading blanks, line breaks and
pipes are skipped and the text is folded with NFKC. See docs/audit.md, "Spreadsheet exports".
"""

from __future__ import annotations

import unicodedata

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|")
# Skipped before looking again: blanks (NFKC folds the no-break space to a space), line breaks
# and the DDE pipe.
SKIPPED = " \t\r\n\u00a0\u2007\u202f\u3000|"


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet program could read ``value`` as a formula."""
    if value.startswith(FORMULA_START):
        return True
    folded = unicodedata.normalize("NFKC", value).lstrip(SKIPPED)
    return folded.startswith(FORMULA_START)


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a cell that starts like one is kept as text. A label
    marked for translation becomes plain text in the active language."""
    text = str(value)
    return "'" + text if is_formula_like(text) else text
