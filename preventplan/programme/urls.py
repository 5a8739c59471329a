from django.urls import path

from preventplan.programme import board_views, views
from preventplan.programme.registers import ASSESSMENTS, BENEFITS, RISKS
from preventplan.records.views import url_patterns

app_name = "programme"
urlpatterns = [
    *url_patterns(RISKS, path("risks/<id:pk>/review", views.risk_review, name="risk-review")),
    *url_patterns(
        BENEFITS, path("benefits/<id:pk>/measure", views.benefit_measure, name="benefit-measure")
    ),
    *url_patterns(ASSESSMENTS),
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
