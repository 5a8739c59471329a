from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from preventplan.assurance import retention
from preventplan.cases.models import Case
from preventplan.catalogue.models import Activity, TemplateVersion
from preventplan.core.middleware import renew_session
from preventplan.core.work import your_work
from preventplan.dashboards import rollup
from preventplan.dashboards.access import dashboards_for
from preventplan.lib.dates import DUE_SOON_DAYS, today, week_commencing
from preventplan.lib.http import AuthedRequest
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Membership
from preventplan.plans.access import awaiting_approval
from preventplan.tension.actions import latest
from preventplan.tension.deadlines import WEEKLY_DUTIES, WeekStatus
from preventplan.tension.models import TensionSettings

AT_A_GLANCE = 3  # at most this many organisations' positions on the home page


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    memberships = (
        Membership.objects.current()
        .filter(user=request.user)
        .select_related("organisation", "organisation__parent")
    )
    version = TemplateVersion.objects.current()
    scope = scope_for(request.user)
    return render(
        request,
        "core/home.html",
        {
            # The organisations' position first (what the person answers for), then their own work.
            "positions": [
                rollup.build(org, today(), listed=0)  # figures only: no milestone named
                for org in dashboards_for(scope)[:AT_A_GLANCE]
            ],
            "audits": bool(scope.held("auditor")),
            "memberships": memberships,
            "version": version,
            "activity_count": Activity.objects.filter(version=version).count() if version else 0,
            "can_create_partnership": scope_for(request.user).can_create_partnership(),
            "can_review": retention.reviews_anything(request.user),
            "holds_cases": Case.policy.has_register(request.user),
            "work": your_work(request.user),
            "awaiting_approval": awaiting_approval(request.user),
            "due_soon_days": DUE_SOON_DAYS,
            "tension": tension_this_week(request.user),
        },
    )


def tension_this_week(user: Any) -> list[dict[str, Any]]:
    """This week's return for each BCU the person leads and the assessment for each force they
    lead: not started, draft, on time, late or missing."""
    week = week_commencing(today())
    settings_row = TensionSettings.current()
    rows = []
    for duty in WEEKLY_DUTIES:
        due = settings_row.due_at(week, force=duty.force)
        for m in (
            Membership.objects.current()
            .filter(user=user, role=duty.role)
            .select_related("organisation")
        ):
            rows.append(
                {
                    "unit": m.organisation,
                    "noun": duty.noun,
                    "status": WeekStatus(week, due, latest(duty.model, m.organisation, week)),
                    "url": reverse(duty.url_name, args=[m.organisation_id, week.isoformat()]),
                }
            )
    return rows


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with JSON when the application and its database answer; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
def session_extend(request: HttpRequest) -> JsonResponse:
    """Called by the timeout warning's "Stay signed in" button: renews the idle limit now and
    says how long the session has."""
    renew_session(request, time.time(), force=True)
    return JsonResponse({"idle_seconds": settings.SESSION_COOKIE_AGE})


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The language switch in the header: English or Cymraeg. Kept on the person's account when
    signed in, and in a cookie either way (for the sign-in page); then back to the page they were
    on, or home when that address is not this site's."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Unknown language")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("core:home")
    if request.user.is_authenticated and request.user.language != code:
        request.user.language = code
        request.user.save(update_fields=["language"])
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",  # as LANGUAGE_COOKIE_SAMESITE
    )
    return response
