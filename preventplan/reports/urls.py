from django.urls import path

from preventplan.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.report_index, name="index"),
    path("reports/runs/<id:pk>/", views.run_detail, name="run"),
    path("reports/runs/<id:pk>/build", views.run_build, name="run-build"),
    path("reports/runs/<id:pk>/download", views.run_download, name="run-download"),
    path("reports/schedules/<id:pk>/stop", views.schedule_stop, name="schedule-stop"),
    path("reports/<slug:kind>/<id:pk>/", views.report_view, name="view"),
    path("reports/<slug:kind>/<id:pk>/schedule", views.schedule_create, name="schedule"),
    path("reports/<slug:kind>/<id:pk>/<slug:fmt>", views.report_request, name="request"),
]
