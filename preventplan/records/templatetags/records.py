"""``{% record_cell record column %}``: one register value as HTML, formatted the same way on
every register's list and detail page."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from preventplan.lib.dates import format_date
from preventplan.lib.numbers import format_number
from preventplan.records.spec import Column, resolve

register = template.Library()


def display(value: Any, *, text: bool = False) -> SafeString:
    if value is None or value == "" or value == []:
        return format_html("{}", "—")
    if isinstance(value, bool):
        return format_html("{}", _("Yes") if value else _("No"))
    if isinstance(value, date | datetime):
        return format_html("{}", format_date(value))
    if isinstance(value, Decimal | float):
        return format_html("{}", format_number(value))
    if isinstance(value, list | tuple):
        return format_html_join(SafeString("<br>"), "{}", ((v,) for v in value))
    if text:
        return linebreaksbr(str(value), autoescape=True)
    return format_html("{}", value)


@register.simple_tag
def record_cell(record: Any, column: Column) -> SafeString:
    shown = display(resolve(record, column.value), text=column.text)
    if column.tag is not None:
        shown = format_html('<strong class="govuk-tag {}">{}</strong>', column.tag(record), shown)
    if column.secondary is not None:
        extra = resolve(record, column.secondary)
        if extra not in (None, ""):
            shown = format_html('{}<br><span class="govuk-body-s">{}</span>', shown, display(extra))
    return shown
