"""Roll-up dashboards at every level a user may see: BCU, force, region, nation."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from preventplan.cases import figures as case_figures
from preventplan.dashboards import kept, rollup
from preventplan.dashboards.access import dashboards_for, get_dashboard_organisation_for_user
from preventplan.engagement.posts import posts_in_force
from preventplan.lib import charts
from preventplan.lib.dates import DUE_SOON_DAYS, today
from preventplan.lib.http import AuthedRequest
from preventplan.lib.rag import LABELS
from preventplan.lib.report_kinds import reports_about
from preventplan.organisations.access import reads_plans_of, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.plans.progress import RAG_ORDER
from preventplan.registers.summary import community_figures

SEGMENTS = [charts.Segment(LABELS[s], rollup.RAG_COLOURS[s]) for s in RAG_ORDER]


@require_GET
def dashboard_index(request: AuthedRequest) -> HttpResponse:
    """Straight to the user's dashboard when there is one; a choice when there are several."""
    roots = dashboards_for(scope_for(request.user))
    if len(roots) == 1:
        return redirect("dashboards:dashboard", pk=roots[0].pk)
    return render(request, "dashboards/index.html", {"roots": roots})


@require_GET
def dashboard(request: AuthedRequest, pk: int) -> HttpResponse:
    org = get_dashboard_organisation_for_user(request.user, pk)
    scope = scope_for(request.user)
    ancestors = [
        o
        for o in Organisation.objects.filter(pk__in=org.ancestor_ids()).order_by("path")
        if reads_plans_of(scope, o)
    ]
    day = today()
    body = kept.body(org, day, lambda: draw_body(org, day))
    return render(
        request,
        "dashboards/dashboard.html",
        {"org": org, "ancestors": ancestors, "body": mark_safe(body)},  # noqa: S308 - drawn by our template
    )


def draw_body(org: Organisation, day: date) -> str:
    """The dashboard's figures, charts, tables and lists (everything below the breadcrumbs): the
    same for whoever may open it (``dashboards/kept.py``)."""
    data = rollup.build(org, day, listed=20)  # the milestones it lists by name
    objective_chart = charts.stacked_bars(
        [(_("All objectives"), data.overall.rag_values())]
        + [(f"{o.number} {o.localised('title')}", t.rag_values()) for o, t in data.by_objective],
        SEGMENTS,
        _("Actions by RAG status, for all objectives and for each objective"),
    )
    unit_chart = (
        charts.stacked_bars(
            [
                (u.organisation.short_name or u.organisation.name, u.tally.rag_values())
                for u in data.units
            ],
            SEGMENTS,
            _("Actions by RAG status in each unit below"),
        )
        if data.units
        else None
    )
    trend_chart = (
        charts.line_chart(
            [date_format(d, "M y") for d, _due, _done in data.trend],
            [
                (_("Milestones due"), "#505a5f", [due for _d, due, _done in data.trend]),
                (_("Milestones complete"), "#00703c", [done for _d, _due, done in data.trend]),
            ],
            _("Milestones due and completed, cumulative, month by month"),
        )
        if data.trend
        else None
    )
    return render_to_string(
        "dashboards/_body.html",
        {
            "org": org,
            "data": data,
            "objective_chart": objective_chart,
            "unit_chart": unit_chart,
            "trend_chart": trend_chart,
            "rag_order": [(s, LABELS[s]) for s in RAG_ORDER],
            "reports": reports_about(org.kind),
            "overdue": data.overdue[:20],
            "due_soon": data.due_soon[:20],
            "due_soon_label": _("due in the next %(days)s days") % {"days": DUE_SOON_DAYS},
            "due_soon_heading": _("Due in the next %(days)s days") % {"days": DUE_SOON_DAYS},
            "due_soon_empty": _("No milestones are due in the next %(days)s days.")
            % {"days": DUE_SOON_DAYS},
            "case_reviews": case_figures.keeps_cases(org),
            "cases_overdue": case_figures.overdue_count(org, data.today),
            "community": community_figures(org, day),
            "posts": posts_in_force(org) if org.kind == OrganisationKind.FORCE else None,
        },
    )
