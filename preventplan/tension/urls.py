from django.urls import path

from preventplan.tension import views, weekly_views

app_name = "tension"
W = "<id:pk>/<str:week>"
urlpatterns = [
    path("tension/", views.index, name="index"),
    path("tension/shared/", views.shared, name="shared"),
    path("tension/incidents/new", views.incident_create, name="incident-create"),
    path("tension/incidents/<id:pk>/", views.incident_detail, name="incident-detail"),
    path("tension/bcu/<id:pk>/", views.bcu_history, name="bcu-history"),
    path(f"tension/bcu/{W}/", weekly_views.bcu_week, name="bcu-week"),
    path(f"tension/bcu/{W}/start", weekly_views.bcu_start, name="bcu-start"),
    path(f"tension/bcu/{W}/edit", weekly_views.bcu_edit, name="bcu-edit"),
    path(f"tension/bcu/{W}/submit", weekly_views.bcu_submit, name="bcu-submit"),
    path(f"tension/bcu/{W}/correct", weekly_views.bcu_correct, name="bcu-correct"),
    path(f"tension/bcu/{W}/events/new", weekly_views.event_add, name="event-add"),
    path(
        f"tension/bcu/{W}/contributions/new", weekly_views.contribution_add, name="contribution-add"
    ),
    path("tension/force/<id:pk>/trends", views.trends, name="trends"),
    path(f"tension/force/{W}/", weekly_views.force_week, name="force-week"),
    path(f"tension/force/{W}/start", weekly_views.force_start, name="force-start"),
    path(f"tension/force/{W}/edit", weekly_views.force_edit, name="force-edit"),
    path(f"tension/force/{W}/submit", weekly_views.force_submit, name="force-submit"),
    path(f"tension/force/{W}/correct", weekly_views.force_correct, name="force-correct"),
    path(f"tension/force/{W}/nctt.<str:fmt>", views.force_export, name="force-export"),
]
