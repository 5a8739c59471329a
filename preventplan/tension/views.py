"""Community tension: the landing page, a BCU's weeks, the NCTT export (built in exports.py),
critical incidents, trends, and what partners see. The week's return and assessment themselves
are weekly_views.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.audit.consultations import record_consultation, record_listing
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib import charts, pdf
from preventplan.lib.dates import today, week_commencing
from preventplan.lib.http import AuthedRequest
from preventplan.organisations.access import can_run, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind, Role
from preventplan.tension import actions, exports
from preventplan.tension.access import (
    force_wide_forces,
    get_incident_for_user,
    get_tension_unit_for_user,
    has_tension_pages,
    incident_bcus,
    incident_forces,
    read_paths,
    shared_returns_for,
    week_or_404,
)
from preventplan.tension.deadlines import WeekStatus
from preventplan.tension.forms import IncidentForm
from preventplan.tension.models import (
    BcuReturn,
    CriticalIncident,
    ForceAssessment,
    ReturnStatus,
    TensionLevel,
    TensionSettings,
)
from preventplan.tension.weeks import WEEKS_SHOWN, latest_by_week, recent_weeks, section_rows

BCU, FORCE = OrganisationKind.BCU, OrganisationKind.FORCE
# Recorded in the audit log as the reason for a reading: English, like all audit text.
SHARED_TENSION = "Shared with the reader's partnership under a protocol in force (6.3)"


def scale() -> list[int]:
    """The positions of the tension scale (1 to 6), the axis of every tension chart."""
    return list(TensionLevel.objects.values_list("position", flat=True)) or list(range(1, 7))


# -- landing -------------------------------------------------------------------------------------
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    week = week_commencing(today())
    units = Organisation.objects.filter(
        pk__in=[
            r.organisation_id for r in scope.roles if r.role in {Role.FORCE_LEAD, Role.BCU_LEAD}
        ]
    ).order_by("kind", "name")
    if not has_tension_pages(scope):
        raise Http404
    if not units and not read_paths(scope):
        return redirect("tension:shared")
    q = Q(pk__in=[])
    for path in read_paths(scope):
        q |= Q(path__startswith=path)
    forces = Organisation.objects.filter(q, kind=FORCE)
    return render(
        request,
        "tension/index.html",
        {
            "week": week,
            "units": units,
            "forces": forces.order_by("name"),
            "can_record": bool(incident_forces(scope)),
            "settings": TensionSettings.current(),
        },
    )


# -- BCU returns ---------------------------------------------------------------------------------
@require_GET
def bcu_history(request: AuthedRequest, pk: int) -> HttpResponse:
    bcu = get_tension_unit_for_user(request.user, pk, BCU)
    settings_row = TensionSettings.current()
    weeks = recent_weeks(today())
    found = latest_by_week(BcuReturn, [bcu], weeks)
    rows = [WeekStatus(w, settings_row.due_at(w), found.get((bcu.pk, w))) for w in weeks]
    levels = [
        r.record.overall_level.position if r.record and r.record.overall_level else None
        for r in reversed(rows)
    ]
    chart = charts.line_chart(
        [dateformat.format(w, "d M") for w in reversed(weeks)],
        [(_("Overall level"), "#1d70b8", levels)],
        _("%(bcu)s: overall tension level week by week (a gap where there is no return)")
        % {"bcu": bcu.name},
        levels=scale(),
    )
    record_listing(
        request.user,
        [r.record for r in rows if r.record],
        "bcureturn.consulted",
        request,
        page="history",
        organisation=bcu,
    )
    return render(
        request,
        "tension/bcu_history.html",
        {
            "bcu": bcu,
            "rows": rows,
            "chart": chart,
            "can_write": can_run(scope_for(request.user), bcu),
        },
    )


# -- NCTT export ---------------------------------------------------------------------------------
@require_http_methods(["GET"])
def force_export(request: AuthedRequest, pk: int, week: str, fmt: str) -> HttpResponse:
    force = get_tension_unit_for_user(request.user, pk, FORCE)
    day = week_or_404(week)
    if fmt not in exports.FORMATS:
        raise Http404
    try:
        export = exports.nctt_export(force, day, fmt)
    except OSError:  # WeasyPrint without the Pango library on this server
        return pdf.unavailable(request, _("Download the CSV or JSON file instead,"))
    record(
        request.user,
        AuditAction.DISCLOSE,
        "tension.nctt-export",
        export.assessment or force,
        organisation=force,
        recipients=[request.user.email],
        details={"week": day.isoformat(), "format": fmt},
        request=request,
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# -- critical incidents --------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def incident_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    forces = incident_forces(scope)
    if not forces:
        raise PermissionDenied
    form = IncidentForm(
        request.POST or None,
        forces=forces,
        bcus=incident_bcus(scope),
        force_wide=force_wide_forces(scope),
    )
    if request.method == "POST" and form.is_valid():
        incident = actions.record_incident(request.user, form.save(commit=False), request)
        messages.success(
            request,
            ngettext(
                "The incident has been recorded and %(count)s person told at once.",
                "The incident has been recorded and %(count)s people told at once.",
                len(incident.notified),
            )
            % {"count": len(incident.notified)},
        )
        return redirect("tension:incident-detail", pk=incident.pk)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Record a critical incident"),
            "caption": _("Community tension"),
            "body": _(
                "The NCTT and the force leads are e-mailed as soon as you record it. Give the "
                "area, never an address, and do not name anyone."
            ),
            "form": form,
            "button": _("Record and notify"),
            "cancel_url": reverse("tension:index"),
        },
    )


@require_GET
def incident_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    record_consultation(
        request.user, incident, "criticalincident.consulted", request, page="detail"
    )
    return render(request, "tension/incident.html", {"incident": incident})


# -- trends --------------------------------------------------------------------------------------
@require_GET
def trends(request: AuthedRequest, pk: int) -> HttpResponse:
    force = get_tension_unit_for_user(request.user, pk, FORCE)
    weeks = list(
        reversed(recent_weeks(today(), 26 if request.GET.get("months") == "6" else WEEKS_SHOWN))
    )
    bcus = list(
        Organisation.objects.filter(parent=force, kind=BCU, is_active=True).order_by("name")
    )
    found = latest_by_week(BcuReturn, bcus, weeks)
    force_found = latest_by_week(ForceAssessment, [force], weeks)

    def level(row: Any) -> int | None:
        return (
            row.overall_level.position
            if row and row.overall_level and row.status == ReturnStatus.SUBMITTED
            else None
        )

    heat: list[dict[str, Any]] = [
        {"bcu": b, "cells": [level(found.get((b.pk, w))) for w in weeks]} for b in bcus
    ]
    force_levels = [level(force_found.get((force.pk, w))) for w in weeks]
    palette = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#505a5f"]
    series: list[tuple[str, str, list[int | None]]] = [(_("Force"), "#0b0c0c", force_levels)] + [
        (row["bcu"].short_name or row["bcu"].name, palette[i % len(palette)], row["cells"])
        for i, row in enumerate(heat)
    ]
    chart = charts.line_chart(
        [dateformat.format(w, "d M") for w in weeks],
        series,
        _("%(force)s: overall tension level by week (a gap where no return was submitted)")
        % {"force": force.name},
        levels=scale(),
        overlay=0,  # the force's own level, dashed over its BCUs'
    )
    incidents = list(CriticalIncident.objects.filter(force=force, occurred_at__date__gte=weeks[0]))
    incident_counts = [
        sum(
            1 for i in incidents if w <= timezone.localtime(i.occurred_at).date() < w + timedelta(7)
        )
        for w in weeks
    ]
    return render(
        request,
        "tension/trends.html",
        {
            "force": force,
            "weeks": weeks,
            "heat": heat,
            "force_levels": force_levels,
            "chart": chart,
            "incidents": incidents,
            "incident_counts": incident_counts,
            "levels": TensionLevel.objects.all(),
            "months": request.GET.get("months") == "6",
        },
    )


# -- partners ------------------------------------------------------------------------------------
@require_GET
def shared(request: AuthedRequest) -> HttpResponse:
    """What partners see: only the sections shared with their partnership, while a protocol for
    tension indicators is in force. Each viewing is recorded."""
    returns = list(
        shared_returns_for(request.user)
        .select_related(
            "bcu", "overall_level", "experienced_level", "evidential_level", "potential_level"
        )
        .prefetch_related("counts__indicator", "contributions__partner")
        .order_by("-week_commencing", "bcu__name")[:20]
    )
    if not returns and not scope_for(request.user).partnership_ids:
        raise Http404
    items = []
    for r in returns:
        items.append(
            {
                "ret": r,
                "sections": section_rows(r, only=r.shared_sections),
                "overall": "overall" in r.shared_sections,
            }
        )
        record_consultation(
            request.user,
            r,
            "bcureturn.consulted-shared",
            request,
            page="shared",
            justification=SHARED_TENSION,
            details={"sections": r.shared_sections},
        )
    return render(request, "tension/shared.html", {"items": items})
