"""Template helpers loaded everywhere (a builtin): dates, abbreviations, pagination, table regions."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any

from django import template
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from preventplan.lib.dates import format_date

register = template.Library()


@register.filter
def govuk_date(value: date | datetime | str | None) -> str:
    """5 March 2009 (and the time for date-times). Accepts ISO date strings from JSON fields."""
    if isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return format_date(value)


def _glossary_pattern(glossary: dict[str, str]) -> re.Pattern[str] | None:
    if not glossary:
        return None
    words = sorted(glossary, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")(s?)\b")


@register.filter
def abbreviate(text: str, glossary: dict[str, str] | None) -> SafeString:
    """Escape ``text`` and wrap every known abbreviation in ``<abbr title="meaning">``."""
    escaped = str(escape(text))
    pattern = _glossary_pattern(glossary or {})
    if pattern is None:
        return mark_safe(escaped)  # noqa: S308 - already escaped

    def wrap(match: re.Match[str]) -> str:
        meaning = glossary[match.group(1)] if glossary else ""
        return str(format_html('<abbr title="{}">{}</abbr>', meaning, match.group(0)))

    return mark_safe(pattern.sub(wrap, escaped))  # noqa: S308 - escaped parts


@register.simple_tag
def abbreviations_in(glossary: dict[str, str] | None, *texts: str) -> list[tuple[str, str]]:
    """The (abbreviation, meaning) pairs that appear in any of ``texts``, in glossary order."""
    pattern = _glossary_pattern(glossary or {})
    if pattern is None or glossary is None:
        return []
    found = {m.group(1) for t in texts for m in pattern.finditer(str(t))}
    return [(a, glossary[a]) for a in sorted(found)]


@register.inclusion_tag("govuk/pagination.html", takes_context=True)
def pagination(context: dict[str, Any], page: Any) -> dict[str, Any]:
    return {
        "page": page,
        "request": context["request"],
        "page_range": list(
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ),
        "ellipsis": page.paginator.ELLIPSIS,
    }


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def sort_url(context: dict[str, Any], key: str) -> str:
    """Link for a sortable column header: sort by ``key``, or reverse it if already sorted so."""
    params = context["request"].GET.copy()
    current = params.get("sort", "")
    params["sort"] = f"-{key}" if current == key else key
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def aria_sort(context: dict[str, Any], key: str) -> str:
    current = context["request"].GET.get("sort", "")
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


class TableRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList, label: template.base.FilterExpression | None):
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> str:
        table = self.nodelist.render(context)
        if self.label is not None:
            label = str(self.label.resolve(context))
        else:
            caption = _CAPTION.search(table)
            if caption is None:
                raise template.TemplateSyntaxError(
                    "table_region needs a table with a <caption>, or a label"
                )
            label = " ".join(html.unescape(strip_tags(caption.group(1))).split())
        return format_html(
            '<div class="app-table-region" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            mark_safe(table),  # noqa: S308 - the template's own rendered output
        )


@register.tag
def table_region(parser: template.base.Parser, token: template.base.Token) -> TableRegionNode:
    """Wrap a wide table so that it, not the page, scrolls sideways on a narrow screen.

    ``{% table_region %}<table>…</table>{% endtable_region %}`` gives the table a region that
    scrolls horizontally, that a keyboard can reach (``tabindex="0"``) to scroll it, and that is
    named after the table's caption (or ``{% table_region label %}``): WCAG 1.4.10, reflow.
    """
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("table_region takes at most one argument, the label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist, label)
