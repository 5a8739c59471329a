from django.urls import path

from preventplan.assurance import views

# The names stay audit:… (templates and the navigation use them).
app_name = "audit"
urlpatterns = [
    path("audit/", views.event_list, name="event-list"),
    path("audit/export", views.event_export, name="event-export"),
    path("retention/", views.retention_queue, name="retention-queue"),
    path(
        "retention/<str:record_type>/<str:record_id>",
        views.retention_decide,
        name="retention-decide",
    ),
]
