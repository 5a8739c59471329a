"""Template helpers for the roll-up dashboards."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from preventplan.dashboards.rollup import ListedMilestone, Tally
from preventplan.lib.dates import format_date
from preventplan.lib.numbers import format_number
from preventplan.plans.models import Plan, PlanStatus

register = template.Library()

CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


@register.filter
def tally_cells(tally: Tally, plans_in_force: int | None = None) -> SafeString:
    """A tally's table cells: actions by RAG status, milestones complete and overdue (for a
    unit, ``tally|tally_cells:plans_in_force``: "No plan in force" rather than "0 of 0 (0%)").
    In Python rather than an included template: a national dashboard shows about twenty
    tallies, and an include costs more than the cells themselves."""
    complete = tally.nothing_to_complete(plans_in_force)
    if complete is None:
        complete = _("%(done)s of %(total)s (%(percent)s%%)") % {
            "done": format_number(tally.done),
            "total": format_number(tally.milestones),
            "percent": tally.percent,
        }
    return format_html(
        "{}\n" + CELL + "\n" + CELL + "\n",
        format_html_join("", CELL, ((n,) for n in tally.rag_values())),
        complete,
        tally.overdue,
    )


@register.filter
def url_with_pk(pk: int, name: str) -> str:
    """``{% url name pk %}`` for the many links a dashboard lists (plans not yet approved,
    milestones' actions): Django's ``reverse`` once per name, script prefix and language, then
    only the id put in."""
    before, after = _around_pk(name, get_script_prefix(), get_language())
    return f"{before}{int(pk)}{after}"


@lru_cache(maxsize=64)
def _around_pk(name: str, prefix: str, language: str | None) -> tuple[str, str]:
    marker = "987654321"
    before, after = reverse(name, args=[int(marker)]).split(marker, 1)
    return before, after


@register.filter
def plan_items(plans: Iterable[Plan]) -> SafeString:
    """The list items for plans not yet approved (a national dashboard lists about sixty): a link
    to each plan and its status."""
    statuses = {value: str(label) for value, label in PlanStatus.choices}
    return format_html_join(
        "",
        '<li><a class="govuk-link" href="{}">{}</a> — {}</li>',
        (
            (url_with_pk(p.pk, "plans:plan-detail"), p.title, statuses.get(p.status, p.status))
            for p in plans
        ),
    )


@register.filter
def milestone_rows(milestones: Iterable[ListedMilestone]) -> SafeString:
    """The table rows for listed milestones: due date, title, a link to the action, and the
    organisation whose plan it is."""
    return format_html_join(
        "",
        '<tr class="govuk-table__row">\n'
        '    <td class="govuk-table__cell">{}</td>\n'
        '    <td class="govuk-table__cell">{}</td>\n'
        '    <td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>\n'
        '    <td class="govuk-table__cell">{}</td>\n'
        "  </tr>",
        (
            (
                format_date(m.due_date),
                m.title,
                url_with_pk(m.action_id, "plans:action-detail"),
                m.action_number,
                m.organisation,
            )
            for m in milestones
        ),
    )
