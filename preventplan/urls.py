from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path, register_converter

from preventplan.api.urls import api
from preventplan.lib.http import IdConverter

register_converter(IdConverter, "id")

admin.site.site_header = "Prevent Delivery Planner — housekeeping"


def checks_its_own_access(urls: tuple[list[Any], str, str]) -> tuple[list[Any], str, str]:
    """Exempt an included URL configuration from LoginRequiredMiddleware, for apps that check
    every request themselves: the API its bearer tokens (answering 401 in JSON, never a redirect
    to a sign-in page), the admin its staff sign-in. Neither can carry the decorator itself."""

    def mark(patterns: list[Any]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                mark(p.url_patterns)
            elif isinstance(p, URLPattern) and getattr(p.callback, "login_required", True):
                login_not_required(p.callback)

    mark(urls[0])
    return urls


urlpatterns = [
    path("", include("preventplan.core.urls")),
    path("", include("preventplan.accounts.urls")),
    path("", include("preventplan.organisations.urls")),
    path("", include("preventplan.plans.urls")),
    path("", include("preventplan.assurance.urls")),
    path("", include("preventplan.sharing.urls")),
    path("", include("preventplan.programme.urls")),
    path("", include("preventplan.dashboards.urls")),
    path("", include("preventplan.performance.urls")),
    path("", include("preventplan.reports.urls")),
    path("", include("preventplan.tension.urls")),
    path("", include("preventplan.cases.urls")),
    path("", include("preventplan.reminders.urls")),
    path("template/", include("preventplan.catalogue.urls")),
    path("api/v1/", checks_its_own_access(api.urls)),
    path("admin/", checks_its_own_access(admin.site.urls)),
]
