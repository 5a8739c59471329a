from django.urls import path

from preventplan.cases import views
from preventplan.cases.registers import CASES
from preventplan.records.views import url_patterns

app_name = "cases"
urlpatterns = [
    path("cases/reviews-due", views.review_queue, name="review-queue"),
    *url_patterns(
        CASES,
        path("cases/<id:pk>/reason", views.case_reason, name="case-reason"),
        path("cases/<id:pk>/stage", views.case_stage, name="case-stage"),
        path("cases/<id:pk>/review", views.case_review, name="case-review"),
    ),
    path("organisations/<id:pk>/case-figures", views.case_figures, name="figures"),
]
