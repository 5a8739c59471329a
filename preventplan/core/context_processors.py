from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from preventplan.cases.models import Case
from preventplan.core.middleware import idle_seconds_left
from preventplan.organisations.access import scope_for
from preventplan.tension.access import has_tension_pages

PROGRAMME_PAGES = [
    "programme:risk-list",
    "programme:benefit-list",
    "programme:assessment-list",
    "programme:board-list",
]
PERFORMANCE_PAGES = ["performance:indicator-list", "performance:index", "performance:ni35-list"]


def service(request: HttpRequest) -> dict[str, Any]:
    nav: list[dict[str, Any]] = []
    if request.user.is_authenticated:
        path = request.path
        for label, name in [
            ("Home", "core:home"),
            ("Dashboard", "dashboards:index"),
            ("Plans", "plans:plan-list"),
            ("Actions", "core:action-list"),
            ("Template", "catalogue:activity-list"),
            ("Organisations", "organisations:organisation-list"),
            ("Partnerships", "organisations:partnership-list"),
            ("Programme", "programme:risk-list"),
            ("Performance", "performance:indicator-list"),
            ("Reports", "reports:index"),
            ("Tension", "tension:index"),
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
            if name == "performance:indicator-list":
                active = any(path.startswith(reverse(n)) for n in PERFORMANCE_PAGES)
            nav.append({"label": label, "url": url, "active": active})
            if name == "programme:risk-list" and Case.policy.has_register(request.user):
                cases = reverse("cases:case-list")
                nav.append({"label": "Cases", "url": cases, "active": path.startswith(cases)})
        if scope_for(request.user).held("auditor"):
            url = reverse("audit:event-list")
            nav.append({"label": "Audit log", "url": url, "active": path.startswith(url)})
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": nav,
        "scope": scope_for(request.user) if request.user.is_authenticated else None,
        "idle_seconds": idle_seconds_left(request, time.time()),
    }
