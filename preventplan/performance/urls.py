from django.urls import path

from preventplan.performance import views

app_name = "performance"
urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/new", views.indicator_create, name="indicator-create"),
    path("indicators/<id:pk>/edit", views.indicator_edit, name="indicator-edit"),
    path("performance/", views.performance_index, name="index"),
    path("performance/<id:pk>/", views.organisation_performance, name="organisation"),
    path("performance/<id:pk>/<slug:code>/", views.indicator_series, name="series"),
    path("performance/<id:pk>/<slug:code>/values/new", views.value_entry, name="value-entry"),
    path("performance/<id:pk>/<slug:code>/target", views.target_set, name="target"),
    path("ni35/", views.assessment_list, name="ni35-list"),
    path("ni35/new", views.assessment_start, name="ni35-start"),
    path("ni35/<id:pk>/", views.assessment_detail, name="ni35-detail"),
    path("ni35/<id:pk>/strands/<id:number>", views.strand_edit, name="ni35-strand"),
    path("ni35/<id:pk>/submit", views.assessment_submit, name="ni35-submit"),
]
