"""The template's own Welsh on pages: ``{{ activity|localised:"text" }}`` shows the Welsh text
when the page is in Welsh and the template has it, the English otherwise (docs/welsh.md).
``{{ text|in_languages }}`` shows text with line breaks kept, and each part of an English and
Welsh text (``lib.i18n.InLanguages``) not in the page's language marked with its ``lang``."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from preventplan.lib.i18n import same_language

register = template.Library()


@register.filter
def localised(record: Any, field: str) -> str:
    if record is None or record == "":
        return ""
    method = getattr(record, "localised", None)
    if method is None:
        return str(getattr(record, field, ""))
    return str(method(field))


@register.filter(needs_autoescape=True)
def in_languages(value: Any, autoescape: bool = True) -> SafeString:
    parts = getattr(value, "parts", None)
    if parts is None:
        return linebreaksbr(value, autoescape)
    page = translation.get_language() or "en-GB"
    shown = []
    for text, language in parts:
        html = linebreaksbr(text, autoescape)
        if language and not same_language(language, page):
            html = format_html('<span lang="{}">{}</span>', language, html)
        shown.append(html)
    return mark_safe("".join(shown))  # noqa: S308 - each part escaped above
