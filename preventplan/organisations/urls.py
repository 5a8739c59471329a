from django.urls import path

from preventplan.organisations import views

app_name = "organisations"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new", views.organisation_create, name="organisation-create"),
    path("organisations/<id:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<id:pk>/edit", views.organisation_edit, name="organisation-edit"),
    path("organisations/<id:pk>/invite", views.invite, name="invite"),
    path("memberships/<id:pk>/end", views.membership_end, name="membership-end"),
    path("invitations/<id:pk>/withdraw", views.invitation_withdraw, name="invitation-withdraw"),
    path("invitations/accept/<str:token>", views.invitation_accept, name="invitation-accept"),
    path("partnerships/", views.partnership_list, name="partnership-list"),
    path("partnerships/new", views.partnership_create, name="partnership-create"),
    path("partnerships/<id:pk>/", views.partnership_detail, name="partnership-detail"),
    path("partnerships/<id:pk>/edit", views.partnership_edit, name="partnership-edit"),
]
