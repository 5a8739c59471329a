from django.urls import path

from preventplan.core import views, work_views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("actions/", work_views.action_list, name="action-list"),
    path("language", views.language, name="language"),
    path("session/extend", views.session_extend, name="session-extend"),
]
