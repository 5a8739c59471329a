"""Tables on a narrow screen: every table in the interface scrolls sideways in its own named,
keyboard-reachable region (the table_region tag), so the page never does (WCAG 1.4.10, reflow).
The browser check at phone width is in test_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# PDF layouts are drawn on a fixed page, never on a screen.
PDF_TEMPLATES = {"plans/checklist_pdf.html", "tension/nctt_pdf.html"}


def test_every_screen_table_is_in_a_region() -> None:
    """Each <table> in a screen template is the first thing inside a {% table_region %}."""
    unwrapped = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PDF_TEMPLATES:
            continue
        text = path.read_text(encoding="utf-8")
        tables = len(re.findall(r"<table\b", text))
        wrapped = len(re.findall(r"\{% table_region[^%]*%\}\s*<table\b", text))
        ends = len(re.findall(r"</table>\s*\{% endtable_region %\}", text))
        if not tables == wrapped == ends:
            unwrapped.append(name)
    assert not unwrapped, unwrapped


def test_region_is_named_after_the_caption() -> None:
    """The region is focusable, scrolls and is named by the caption's words, tags stripped and
    escaped once; a label given to the tag names it instead."""
    html = Template(
        "{% table_region %}<table><caption>Actions <span>under</span>\n  {{ t }}</caption>"
        "</table>{% endtable_region %}"
    ).render(Context({"t": 'Objective "1" & <2>'}))
    assert html.startswith(
        '<div class="app-table-region" role="region" '
        'aria-label="Actions under Objective &quot;1&quot; &amp; &lt;2&gt;" tabindex="0"><table>'
    ), html
    assert html.endswith("</table></div>")
    labelled = Template(
        '{% table_region "Milestones" %}<table></table>{% endtable_region %}'
    ).render(Context())
    assert 'aria-label="Milestones"' in labelled


def test_a_table_without_caption_or_label_is_refused() -> None:
    """A region needs a name: a table with neither caption nor label is a template error."""
    with pytest.raises(TemplateSyntaxError):
        Template("{% table_region %}<table></table>{% endtable_region %}").render(Context())
