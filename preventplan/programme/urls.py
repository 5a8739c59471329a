from django.urls import path

from preventplan.programme import board_views, views

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
    path("boards/", board_views.board_list, name="board-list"),
    path("boards/new", board_views.board_create, name="board-create"),
    path("boards/<id:pk>/", board_views.board_detail, name="board-detail"),
    path("boards/<id:pk>/edit", board_views.board_edit, name="board-edit"),
    path("boards/<id:pk>/members/new", board_views.member_create, name="member-create"),
    path("board-members/<id:pk>/remove", board_views.member_remove, name="member-remove"),
    path("boards/<id:pk>/meetings/new", board_views.meeting_create, name="meeting-create"),
    path("meetings/<id:pk>/", board_views.meeting_detail, name="meeting-detail"),
    path("meetings/<id:pk>/edit", board_views.meeting_edit, name="meeting-edit"),
    path("meetings/<id:pk>/items/new", board_views.item_create, name="item-create"),
    path("meetings/<id:pk>/decisions/new", board_views.decision_create, name="decision-create"),
    path(
        "meetings/<id:pk>/actions/new",
        board_views.meeting_action_create,
        name="meeting-action-create",
    ),
    path(
        "meeting-actions/<id:pk>", board_views.meeting_action_update, name="meeting-action-update"
    ),
]
