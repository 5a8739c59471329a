from django.contrib import admin
from django.urls import include, path, register_converter

from preventplan.api.urls import api
from preventplan.lib.http import IdConverter

register_converter(IdConverter, "id")

admin.site.site_header = "Prevent Delivery Planner — housekeeping"

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
    path("", include("preventplan.reminders.urls")),
    path("template/", include("preventplan.catalogue.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
