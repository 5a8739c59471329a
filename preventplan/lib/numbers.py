"""Numbers as the reports and pages show them (English and Welsh write them alike)."""

from __future__ import annotations

from decimal import Decimal


def format_number(value: int | float | Decimal) -> str:
    """Thousands grouped with commas, and decimals only where there are any: 12,345; 12,345.5
    (not 12,345.50); 12 (not 12.0). A spreadsheet keeps the number itself, not this text."""
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        if value == 0:
            return "0"  # not "-0" or "0.00"
        text = f"{value:,f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:,}"
