from django.urls import path

from preventplan.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("activities/<id:pk>/", views.activity_detail, name="activity-detail"),
    path("objectives/", views.objective_list, name="objective-list"),
    path("objectives/<id:number>/", views.objective_detail, name="objective-detail"),
    path("abbreviations/", views.abbreviation_list, name="abbreviation-list"),
    path("print/", views.print_view, name="print"),
]
