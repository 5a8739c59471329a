"""The template's own Welsh on pages: ``{{ activity|localised:"text" }}`` shows the Welsh text
when the page is in Welsh and the template has it, the English otherwise (docs/welsh.md)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def localised(record: Any, field: str) -> str:
    if record is None or record == "":
        return ""
    method = getattr(record, "localised", None)
    if method is None:
        return str(getattr(record, field, ""))
    return str(method(field))
