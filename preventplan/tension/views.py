"""Weekly tension returns (BCU), the force's weekly assessment with its NCTT export, critical
incidents, trends, and what partners see."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib import charts, pdf
from preventplan.lib.concurrency import save_or_conflict
from preventplan.lib.dates import format_date, today, week_commencing
from preventplan.lib.http import AuthedRequest
from preventplan.lib.spreadsheets import safe_cell
from preventplan.organisations.access import can_run, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind, Role
from preventplan.tension import actions
from preventplan.tension.access import (
    can_record_incident,
    get_unit,
    incident_forces,
    read_paths,
    shared_returns_for,
    week_or_404,
)
from preventplan.tension.deadlines import WeekStatus
from preventplan.tension.forms import (
    ContributionForm,
    EventForm,
    ForceForm,
    IncidentForm,
    ReturnForm,
    StartForm,
)
from preventplan.tension.models import (
    BcuReturn,
    CriticalIncident,
    ForceAssessment,
    ReturnStatus,
    Section,
    TensionLevel,
    TensionSettings,
)

BCU, FORCE = OrganisationKind.BCU, OrganisationKind.FORCE
WEEKS_SHOWN = 12


@dataclass(frozen=True)
class Weekly:
    """What differs between a BCU return and a force assessment."""

    model: Any
    kind: str
    form: Any
    noun: str
    prefix: str  # URL names: tension:{prefix}-week, -start, -edit, -submit, -correct

    def url(self, view: str, unit: Organisation, week: date) -> str:
        return reverse(f"tension:{self.prefix}-{view}", args=[unit.pk, week.isoformat()])


RETURNS = Weekly(BcuReturn, BCU, ReturnForm, "return", "bcu")
ASSESSMENTS = Weekly(ForceAssessment, FORCE, ForceForm, "force assessment", "force")


def latest_by_week(
    model: Any, units: list[Organisation], weeks: list[date]
) -> dict[tuple[int, date], Any]:
    """The latest version of each unit's record for each week (one query)."""
    found: dict[tuple[int, date], Any] = {}
    levels = ["overall_level"]
    if model is BcuReturn:
        levels += ["experienced_level", "evidential_level", "potential_level"]
    for row in (
        model.objects.filter(**{f"{model.UNIT_FIELD}__in": units, "week_commencing__in": weeks})
        .select_related(*levels)
        .order_by("number")
    ):
        found[(getattr(row, f"{model.UNIT_FIELD}_id"), row.week_commencing)] = row
    return found


def recent_weeks(day: date, count: int = WEEKS_SHOWN) -> list[date]:
    this = week_commencing(day)
    return [this - timedelta(days=7 * n) for n in range(count)]


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
    if not units and not read_paths(scope):
        if shared_returns_for(request.user).exists() or scope.partnership_ids:
            return redirect("tension:shared")
        raise Http404
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
    bcu = get_unit(request, pk, BCU)
    settings_row = TensionSettings.current()
    weeks = recent_weeks(today())
    found = latest_by_week(BcuReturn, [bcu], weeks)
    rows = [WeekStatus(w, settings_row.due_at(w), found.get((bcu.pk, w))) for w in weeks]
    levels = list(
        reversed(
            [
                r.record.overall_level.position if r.record and r.record.overall_level else 0
                for r in rows
            ]
        )
    )
    chart = charts.line_chart(
        [f"{w:%d %b}" for w in reversed(weeks)],
        [("Overall level", "#1d70b8", levels)],
        f"{bcu.name}: overall tension level week by week",
        maximum=TensionLevel.objects.count() or 6,
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


def weekly_view(request: AuthedRequest, spec: Weekly, pk: int, week_text: str) -> HttpResponse:
    unit = get_unit(request, pk, spec.kind)
    week = week_or_404(week_text)
    versions_qs = spec.model.objects.filter(
        **{spec.model.UNIT_FIELD: unit, "week_commencing": week}
    )
    if spec.kind == BCU:
        versions_qs = versions_qs.prefetch_related("counts__indicator", "contributions__partner")
    versions = list(versions_qs.order_by("-number"))
    current = versions[0] if versions else None
    settings_row = TensionSettings.current()
    context: dict[str, Any] = {
        "spec": spec,
        "unit": unit,
        "week": week,
        "previous_week": week - timedelta(days=7),
        "next_week": week + timedelta(days=7),
        "current": current,
        "versions": versions,
        "status": WeekStatus(week, settings_row.due_at(week, force=spec.kind == FORCE), current),
        "can_write": can_run(scope_for(request.user), unit),
        "problems": actions.problems(current) if current and current.is_draft else [],
        "levels_provisional": TensionLevel.objects.filter(provisional=True).exists(),
    }
    if spec.kind == BCU:
        context["sections"] = section_rows(current) if current else []
        return render(request, "tension/bcu_return.html", context)
    context.update(force_week_context(unit, week))
    return render(request, "tension/force_week.html", context)


def section_rows(ret: BcuReturn, only: list[str] | None = None) -> list[dict[str, Any]]:
    counts = list(ret.counts.all())  # prefetch counts__indicator and contributions__partner
    contributions = list(ret.contributions.all())
    return [
        {
            "key": section,
            "label": label,
            "text": ret.text_for(section),
            "level": ret.level_for(section),
            "counts": [c for c in counts if c.indicator.section == section],
            "contributions": [c for c in contributions if c.section == section],
        }
        for section, label in Section.choices
        if only is None or section in only
    ]


def force_week_context(force: Organisation, week: date) -> dict[str, Any]:
    bcus = list(
        Organisation.objects.filter(parent=force, kind=BCU, is_active=True).order_by("name")
    )
    found = latest_by_week(BcuReturn, bcus, [week])
    due = TensionSettings.current().due_at(week)
    returns = [
        (b, found.get((b.pk, week)), WeekStatus(week, due, found.get((b.pk, week)))) for b in bcus
    ]
    incidents = CriticalIncident.objects.filter(
        force=force,
        occurred_at__date__gte=week - timedelta(days=7),
        occurred_at__date__lt=week + timedelta(days=7),
    ).select_related("bcu")
    return {
        "returns": returns,
        "missing": [b.name for b, r, s in returns if s.state == "Missing"],
        "incidents": incidents,
    }


@require_GET
def bcu_week(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_view(request, RETURNS, pk, week)


@require_GET
def force_week(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_view(request, ASSESSMENTS, pk, week)


def weekly_start(request: AuthedRequest, spec: Weekly, pk: int, week_text: str) -> HttpResponse:
    unit = get_unit(request, pk, spec.kind, write=True)
    week = week_or_404(week_text)
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.start(
                request.user,
                spec.model,
                unit,
                week,
                prefill=form.cleaned_data["prefill"],
                request=request,
            )
        except actions.TensionRuleError as error:
            messages.error(request, str(error))
            return redirect(spec.url("week", unit, week))
        return redirect(spec.url("edit", unit, week))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Start the {spec.noun}",
            "caption": f"{unit.name}, week commencing {format_date(week)}",
            "form": form,
            "button": "Start",
            "cancel_url": spec.url("week", unit, week),
        },
    )


def current_draft(spec: Weekly, unit: Organisation, week: date) -> Any:
    current = actions.latest(spec.model, unit, week)
    if current is None:
        raise Http404
    return current


def weekly_edit(request: AuthedRequest, spec: Weekly, pk: int, week_text: str) -> HttpResponse:
    unit = get_unit(request, pk, spec.kind, write=True)
    week = week_or_404(week_text)
    current = current_draft(spec, unit, week)
    back = spec.url("week", unit, week)
    if not current.is_draft:
        messages.error(request, "A submitted one cannot be changed; start a correction instead.")
        return redirect(back)
    form = spec.form(request.POST or None, instance=current)
    conflict = None
    if request.method == "POST" and form.is_valid():
        extra: dict[str, Any] = {}
        if spec.kind == BCU:
            extra = {"counts": form.counts(), "shared_with": list(form.cleaned_data["shared_with"])}
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_draft(
                request.user,
                form.save(commit=False),
                form.cleaned_data["version"],
                request=request,
                **extra,
            ),
            lambda fresh: spec.form(instance=fresh),
        )
        if conflict is None:
            messages.success(request, "Saved. Submit it when it is complete.")
            return redirect(back)
    return render(
        request,
        "tension/edit.html",
        {
            "heading": f"{unit.name}: {spec.noun}",
            "caption": f"Week commencing {format_date(week)}"
            + (f", version {current.number}" if current.number > 1 else ""),
            "form": form,
            "conflict": conflict,
            "cancel_url": back,
        },
    )


def weekly_step(
    request: AuthedRequest, spec: Weekly, pk: int, week_text: str, step: str
) -> HttpResponse:
    """Submit, or start a correction of, the week's latest version (confirm, then act)."""
    unit = get_unit(request, pk, spec.kind, write=True)
    week = week_or_404(week_text)
    current = current_draft(spec, unit, week)
    back = spec.url("week", unit, week)
    if request.method == "POST":
        try:
            if step == "submit":
                actions.submit(request.user, current, request)
                messages.success(request, f"The {spec.noun} has been submitted.")
                return redirect(back)
            actions.correct(request.user, current, request)
        except actions.TensionRuleError as error:
            messages.error(request, str(error))
            return redirect(back)
        return redirect(spec.url("edit", unit, week))
    due = TensionSettings.current().due_at(week, force=spec.kind == FORCE)
    late = step == "submit" and timezone.now() > due
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": f"Submit the {spec.noun}?"
            if step == "submit"
            else f"Correct the submitted {spec.noun}?",
            "body": "Once submitted it cannot be changed; corrections become new versions."
            if step == "submit"
            else "A new version is started as a draft, copying this one. The submitted version is kept.",
            "warning": f"It was due {format_date(timezone.localtime(due))} and will be recorded as late."
            if late
            else "",
            "button": "Submit" if step == "submit" else "Start a correction",
            "cancel_url": back,
        },
    )


@require_http_methods(["GET", "POST"])
def bcu_start(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_start(request, RETURNS, pk, week)


@require_http_methods(["GET", "POST"])
def bcu_edit(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_edit(request, RETURNS, pk, week)


@require_http_methods(["GET", "POST"])
def bcu_submit(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_step(request, RETURNS, pk, week, "submit")


@require_http_methods(["GET", "POST"])
def bcu_correct(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_step(request, RETURNS, pk, week, "correct")


@require_http_methods(["GET", "POST"])
def force_start(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_start(request, ASSESSMENTS, pk, week)


@require_http_methods(["GET", "POST"])
def force_edit(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_edit(request, ASSESSMENTS, pk, week)


@require_http_methods(["GET", "POST"])
def force_submit(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_step(request, ASSESSMENTS, pk, week, "submit")


@require_http_methods(["GET", "POST"])
def force_correct(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_step(request, ASSESSMENTS, pk, week, "correct")


def return_item(
    request: AuthedRequest, pk: int, week_text: str, form_class: Any, noun: str, event: str
) -> HttpResponse:
    bcu = get_unit(request, pk, BCU, write=True)
    week = week_or_404(week_text)
    current = current_draft(RETURNS, bcu, week)
    back = RETURNS.url("week", bcu, week)
    kwargs = {"bcu": bcu} if form_class is ContributionForm else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_to_return(request.user, current, form.save(commit=False), event, request)
        except actions.TensionRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"The {noun} has been added.")
        return redirect(back)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Add {'an' if noun[0] in 'aeiou' else 'a'} {noun}",
            "caption": f"{bcu.name}, week commencing {format_date(week)}",
            "form": form,
            "button": f"Add {noun}",
            "cancel_url": back,
        },
    )


@require_http_methods(["GET", "POST"])
def event_add(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return return_item(request, pk, week, EventForm, "upcoming event", "bcureturn.event-added")


@require_http_methods(["GET", "POST"])
def contribution_add(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return return_item(
        request, pk, week, ContributionForm, "partner contribution", "bcureturn.contribution-added"
    )


# -- NCTT export ---------------------------------------------------------------------------------
def nctt_rows(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "bcu": b.name,
            "status": s.state,
            "version": r.number if r else None,
            "overall_level": r.overall_level.position if r and r.overall_level else None,
            "overall_label": r.overall_level.label if r and r.overall_level else "",
            "experienced_level": r.experienced_level.position
            if r and r.experienced_level
            else None,
            "evidential_level": r.evidential_level.position if r and r.evidential_level else None,
            "potential_level": r.potential_level.position if r and r.potential_level else None,
            "trend": r.trend if r else "",
            "submitted_at": timezone.localtime(r.submitted_at).isoformat()
            if r and r.submitted_at
            else None,
        }
        for b, r, s in ctx["returns"]
    ]


@require_http_methods(["GET"])
def force_export(request: AuthedRequest, pk: int, week: str, fmt: str) -> HttpResponse:
    force = get_unit(request, pk, FORCE)
    day = week_or_404(week)
    if fmt not in {"csv", "json", "pdf"}:
        raise Http404
    assessment = actions.latest(ForceAssessment, force, day)
    week_context = force_week_context(force, day)
    rows = nctt_rows(week_context)
    filename = f"tension-{force.short_name or force.name}-{day.isoformat()}".lower().replace(
        " ", "-"
    )
    if fmt == "json":
        incidents = week_context["incidents"]
        body = json.dumps(
            {
                "force": force.name,
                "week_commencing": day.isoformat(),
                "marking": "OFFICIAL-SENSITIVE",
                "force_assessment": None
                if assessment is None
                else {
                    "version": assessment.number,
                    "status": assessment.status,
                    "overall_level": assessment.overall_level.position
                    if assessment.overall_level
                    else None,
                    "narrative": assessment.narrative,
                    "global_events": assessment.global_events,
                    "national_events": assessment.national_events,
                    "local_events": assessment.local_events,
                },
                "bcu_returns": rows,
                "critical_incidents": [
                    {
                        "occurred_at": timezone.localtime(i.occurred_at).isoformat(),
                        "area": i.area,
                        "summary": i.summary,
                    }
                    for i in incidents
                ],
            },
            indent=2,
        ).encode()
        content_type = "application/json"
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["bcu"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell(str(v)) if v is not None else "" for k, v in row.items()})
        body = out.getvalue().encode("utf-8-sig")
        content_type = "text/csv; charset=utf-8"
    else:
        html = render(
            request,
            "tension/nctt_pdf.html",
            {
                "force": force,
                "week": day,
                "assessment": assessment,
                "rows": rows,
                **week_context,
            },
        ).content.decode()
        try:
            body = pdf.html_to_pdf(html)
        except OSError:  # WeasyPrint without the Pango library on this server
            return pdf.unavailable(request, "Download the CSV or JSON file instead,")
        content_type = "application/pdf"
    record(
        request.user,
        AuditAction.DISCLOSE,
        "tension.nctt-export",
        assessment or force,
        organisation=force,
        recipients=[request.user.email],
        details={"week": day.isoformat(), "format": fmt},
        request=request,
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# -- critical incidents --------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def incident_create(request: AuthedRequest) -> HttpResponse:
    forces = incident_forces(scope_for(request.user))
    if not forces:
        raise PermissionDenied
    form = IncidentForm(request.POST or None, forces=forces)
    if request.method == "POST" and form.is_valid():
        incident = actions.record_incident(request.user, form.save(commit=False), request)
        messages.success(
            request,
            f"The incident has been recorded and {len(incident.notified)} people told at once.",
        )
        return redirect("tension:incident-detail", pk=incident.pk)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": "Record a critical incident",
            "caption": "Community tension",
            "body": "The NCTT and the force leads are e-mailed as soon as you record it. Give the "
            "area, never an address, and do not name anyone.",
            "form": form,
            "button": "Record and notify",
            "cancel_url": reverse("tension:index"),
        },
    )


@require_GET
def incident_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    incident = (
        CriticalIncident.objects.filter(pk=pk).select_related("force", "bcu", "recorded_by").first()
    )
    scope = scope_for(request.user)
    if incident is None or not (
        any(incident.force.path.startswith(p) for p in read_paths(scope))
        or can_record_incident(scope, incident.force)
    ):
        raise Http404
    return render(request, "tension/incident.html", {"incident": incident})


# -- trends --------------------------------------------------------------------------------------
@require_GET
def trends(request: AuthedRequest, pk: int) -> HttpResponse:
    force = get_unit(request, pk, FORCE)
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
    series = [("Force", "#0b0c0c", [v or 0 for v in force_levels])] + [
        (
            row["bcu"].short_name or row["bcu"].name,
            palette[i % len(palette)],
            [v or 0 for v in row["cells"]],
        )
        for i, row in enumerate(heat)
    ]
    chart = charts.line_chart(
        [f"{w:%d %b}" for w in weeks],
        series,
        f"{force.name}: overall tension level by week (0 where no return was submitted)",
        maximum=TensionLevel.objects.count() or 6,
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
        record(
            request.user,
            AuditAction.CONSULT,
            "bcureturn.consulted-shared",
            r,
            justification="Shared with the reader's partnership under a protocol in force (6.3)",
            details={"sections": r.shared_sections},
            request=request,
        )
    return render(request, "tension/shared.html", {"items": items})
