"""All date arithmetic and date wording in one place. Dates read like "5 March 2009"."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

# "Due soon": due today or in the next DUE_SOON_DAYS days. One window for the home page, the
# work lists it links to, the dashboards, the reports and the RAG rule (docs/rag.md).
DUE_SOON_DAYS = 14


def add_months(day: date, months: int, *, on_day: int | None = None) -> date:
    """The same day ``months`` later (or ``on_day`` of that month), or the month's last day when
    it is shorter: 31 January + 1 month = 28 February; 28 February + 1 month on day 31 = 31 March."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(on_day or day.day, calendar.monthrange(year, month)[1]))


def today() -> date:
    return timezone.localdate()


def due_soon_until(day: date) -> date:
    """The last date that counts as due soon, seen from ``day``."""
    return day + timedelta(days=DUE_SOON_DAYS)


def week_commencing(day: date) -> date:
    """The Monday of the week that contains ``day``."""
    return day - timedelta(days=day.weekday())


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(value, "j F Y, H:i")
    return date_format(value, "j F Y")


def financial_year_start(day: date) -> date:
    """1 April of the financial year that contains ``day``."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def period_start(day: date, frequency: str) -> date:
    """The first day of the month, financial quarter or financial year that contains ``day``."""
    if frequency == "monthly":
        return day.replace(day=1)
    if frequency == "quarterly":
        month = ((day.month - 4) % 12) // 3 * 3 + 4
        month = month - 12 if month > 12 else month
        return date(day.year if month <= day.month else day.year - 1, month, 1)
    return financial_year_start(day)


def period_label(start: date, frequency: str) -> str:
    """April 2026; Q1 2026/27 (April to June 2026); 2026/27 (month names in the page's language)."""
    year = financial_year_start(start)
    fy = f"{year.year}/{str(year.year + 1)[-2:]}"
    if frequency == "monthly":
        return date_format(start, "F Y")
    if frequency == "quarterly":
        quarter = ((start.month - 4) % 12) // 3 + 1
        end = date(start.year + (start.month + 2 > 12), (start.month + 1) % 12 + 1, 1)
        return _("Q%(quarter)s %(year)s (%(start)s to %(end)s)") % {
            "quarter": quarter,
            "year": fy,
            "start": date_format(start, "F"),
            "end": date_format(end, "F Y"),
        }
    return fy


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after ``start`` up to and including ``end``: a referral on
    a Friday and a panel the next Monday are 1 working day apart. Bank holidays are not known
    here and count as working days."""
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    days = weeks * 5
    for n in range(1, extra + 1):
        if (start + timedelta(days=n)).weekday() < 5:
            days += 1
    return days
