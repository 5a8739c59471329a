from django.urls import path

from preventplan.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("dashboard/", views.dashboard_index, name="index"),
    path("dashboard/<id:pk>/", views.dashboard, name="dashboard"),
]
