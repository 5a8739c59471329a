"""All date arithmetic and date wording in one place. Dates read like "5 March 2009"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def week_commencing(day: date) -> date:
    """The Monday of the week that contains ``day``."""
    return day - timedelta(days=day.weekday())


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day} {value:%B %Y}, {value:%H:%M}"
    return f"{value.day} {value:%B %Y}"
