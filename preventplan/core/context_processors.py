from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from preventplan.cases.models import Case
from preventplan.core.middleware import idle_seconds_left
from preventplan.lib.service import service_name
from preventplan.organisations.access import scope_for
from preventplan.tension.access import has_tension_pages

PROGRAMME_PAGES = [
    "programme:risk-list",
    "programme:benefit-list",
    "programme:assessment-list",
    "programme:board-list",
]
COMMUNITY_PAGES = [
    "registers:grievance-list",
    "registers:learning-list",
    "registers:dip-sample-list",
    "registers:consequence-plan-list",
    "registers:powers-return-list",
]
PERFORMANCE_PAGES = ["performance:indicator-list", "performance:index", "performance:ni35-list"]


def service(request: HttpRequest) -> dict[str, Any]:
    nav: list[dict[str, Any]] = []
    if request.user.is_authenticated:
        path = request.path
        for label, name in [
            (_("Home"), "core:home"),
            (_("Dashboard"), "dashboards:index"),
            (_("Plans"), "plans:plan-list"),
            (_("Actions"), "core:action-list"),
            (_("Template"), "catalogue:activity-list"),
            (_("Organisations"), "organisations:organisation-list"),
            (_("Partnerships"), "organisations:partnership-list"),
            (_("Programme"), "programme:risk-list"),
            (_("Engagement"), "engagement:engagement-list"),
            (_("Performance"), "performance:indicator-list"),
            (_("Reports"), "reports:index"),
            (_("Tension"), "tension:index"),
            (_("Community confidence"), "registers:grievance-list"),
        ]:
            url = reverse(name)
            scope = scope_for(request.user)
            if name == "dashboards:index" and not (
                scope.is_national_admin or scope.plan_read_paths
            ):
                continue
            if name == "tension:index" and not has_tension_pages(scope):
                continue
            active = path == url if name == "core:home" else path.startswith(url)
            if name == "programme:risk-list":
                active = any(path.startswith(reverse(n)) for n in PROGRAMME_PAGES)
            if name == "organisations:partnership-list":
                active = active or path.startswith(reverse("sharing:protocol-list"))
            if name == "registers:grievance-list":
                active = any(path.startswith(reverse(n)) for n in COMMUNITY_PAGES)
            if name == "engagement:engagement-list":
                match = request.resolver_match
                active = bool(match and match.namespace == "engagement")
            if name == "performance:indicator-list":
                active = any(path.startswith(reverse(n)) for n in PERFORMANCE_PAGES)
            nav.append({"label": label, "url": url, "active": active})
            if name == "programme:risk-list" and Case.policy.has_register(request.user):
                cases = reverse("cases:case-list")
                nav.append({"label": _("Cases"), "url": cases, "active": path.startswith(cases)})
        if scope_for(request.user).held("auditor"):
            url = reverse("audit:event-list")
            nav.append({"label": _("Audit log"), "url": url, "active": path.startswith(url)})
    return {
        "service_name": service_name(),
        # Each language in its own name (English, Cymraeg), whatever the page's language.
        "languages": settings.LANGUAGES,
        "nav_items": nav,
        "scope": scope_for(request.user) if request.user.is_authenticated else None,
        "idle_seconds": idle_seconds_left(request, time.time()),
    }
