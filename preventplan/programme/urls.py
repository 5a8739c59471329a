from django.urls import path

from preventplan.programme import views

app_name = "programme"
urlpatterns = [
    path("risks/", views.risk_list, name="risk-list"),
    path("risks/new", views.risk_create, name="risk-create"),
    path("risks/<id:pk>/", views.risk_detail, name="risk-detail"),
    path("risks/<id:pk>/edit", views.risk_edit, name="risk-edit"),
    path("risks/<id:pk>/review", views.risk_review, name="risk-review"),
    path("benefits/", views.benefit_list, name="benefit-list"),
    path("benefits/new", views.benefit_create, name="benefit-create"),
    path("benefits/<id:pk>/", views.benefit_detail, name="benefit-detail"),
    path("benefits/<id:pk>/edit", views.benefit_edit, name="benefit-edit"),
    path("benefits/<id:pk>/measure", views.benefit_measure, name="benefit-measure"),
    path("impact-assessments/", views.assessment_list, name="assessment-list"),
    path("impact-assessments/new", views.assessment_create, name="assessment-create"),
    path("impact-assessments/<id:pk>/", views.assessment_detail, name="assessment-detail"),
    path("impact-assessments/<id:pk>/edit", views.assessment_edit, name="assessment-edit"),
]
