from __future__ import annotations

import functools
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preventplan.cases.models import Case
from preventplan.core.middleware import idle_seconds_left
from preventplan.lib.service import service_name
from preventplan.organisations.access import scope_for
from preventplan.tension.access import has_tension_pages

NAV_PAGES = {  # the navigation's links, in order (some shown only to some people)
    "core:home": gettext_lazy("Home"),
    "dashboards:index": gettext_lazy("Dashboard"),
    "plans:plan-list": gettext_lazy("Plans"),
    "core:action-list": gettext_lazy("Actions"),
    "catalogue:activity-list": gettext_lazy("Template"),
    "organisations:organisation-list": gettext_lazy("Organisations"),
    "organisations:partnership-list": gettext_lazy("Partnerships"),
    "programme:risk-list": gettext_lazy("Programme"),
    "engagement:engagement-list": gettext_lazy("Engagement"),
    "performance:indicator-list": gettext_lazy("Performance"),
    "reports:index": gettext_lazy("Reports"),
    "tension:index": gettext_lazy("Tension"),
    "registers:grievance-list": gettext_lazy("Community confidence"),
}
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


@functools.cache
def _nav_urls(prefix: str, urlconf: str) -> dict[str, str]:
    """Every address the navigation links to or matches, reversed once per script prefix and
    URL configuration (the addresses do not change with the language or the user)."""
    del prefix  # part of the key: reverse() reads the prefix itself
    names = [
        *NAV_PAGES,
        *PROGRAMME_PAGES,
        *COMMUNITY_PAGES,
        *PERFORMANCE_PAGES,
        "sharing:protocol-list",
        "cases:case-list",
        "audit:event-list",
    ]
    return {name: reverse(name, urlconf=urlconf) for name in names}


def service(request: HttpRequest) -> dict[str, Any]:
    nav: list[dict[str, Any]] = []
    if request.user.is_authenticated:
        path = request.path
        urls = _nav_urls(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        scope = scope_for(request.user)
        for name, label in NAV_PAGES.items():
            url = urls[name]
            if name == "dashboards:index" and not (
                scope.is_national_admin or scope.plan_read_paths
            ):
                continue
            if name == "tension:index" and not has_tension_pages(scope):
                continue
            active = path == url if name == "core:home" else path.startswith(url)
            if name == "programme:risk-list":
                active = any(path.startswith(urls[n]) for n in PROGRAMME_PAGES)
            if name == "organisations:partnership-list":
                active = active or path.startswith(urls["sharing:protocol-list"])
            if name == "registers:grievance-list":
                active = any(path.startswith(urls[n]) for n in COMMUNITY_PAGES)
            if name == "engagement:engagement-list":
                match = request.resolver_match
                active = bool(match and match.namespace == "engagement")
            if name == "performance:indicator-list":
                active = any(path.startswith(urls[n]) for n in PERFORMANCE_PAGES)
            nav.append({"label": label, "url": url, "active": active})
            if name == "programme:risk-list" and Case.policy.has_register(request.user):
                cases = urls["cases:case-list"]
                nav.append({"label": _("Cases"), "url": cases, "active": path.startswith(cases)})
        if scope.held("auditor"):
            url = urls["audit:event-list"]
            nav.append({"label": _("Audit log"), "url": url, "active": path.startswith(url)})
    return {
        "service_name": service_name(),
        # Each language in its own name (English, Cymraeg), whatever the page's language.
        "languages": settings.LANGUAGES,
        "nav_items": nav,
        "scope": scope_for(request.user) if request.user.is_authenticated else None,
        "idle_seconds": idle_seconds_left(request, time.time()),
    }
