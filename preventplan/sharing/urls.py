from django.urls import path

from preventplan.sharing import views

app_name = "sharing"
urlpatterns = [
    path("protocols/", views.protocol_list, name="protocol-list"),
    path("protocols/new", views.protocol_create, name="protocol-create"),
    path("protocols/<id:pk>/", views.protocol_detail, name="protocol-detail"),
    path("protocols/<id:pk>/edit", views.protocol_edit, name="protocol-edit"),
]
