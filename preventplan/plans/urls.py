from django.urls import path

from preventplan.plans import views

app_name = "plans"
urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/submit", views.plan_submit, name="plan-submit"),
    path("plans/<int:pk>/approve", views.plan_approve, name="plan-approve"),
    path("plans/<int:pk>/return", views.plan_return, name="plan-return"),
    path("plans/<int:pk>/close", views.plan_close, name="plan-close"),
    path("plans/<int:pk>/roll-forward", views.plan_roll_forward, name="plan-roll-forward"),
    path("plans/<int:pk>/changes", views.plan_changes, name="plan-changes"),
    path("plans/<int:pk>/template", views.plan_template, name="plan-template"),
    path("plans/<int:pk>/actions/new", views.action_create, name="action-create"),
    path("plans/<int:pk>/checklist.<str:fmt>", views.plan_checklist, name="plan-checklist"),
    path("plans/<int:pk>/import", views.plan_import, name="plan-import"),
    path(
        "plans/<int:pk>/import/<int:import_id>",
        views.plan_import_preview,
        name="plan-import-preview",
    ),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/rag", views.rag_override, name="rag-override"),
    path("actions/<int:pk>/milestones/new", views.milestone_create, name="milestone-create"),
    path("actions/<int:pk>/progress/new", views.progress_create, name="progress-create"),
    path("milestones/<int:pk>/edit", views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/delete", views.milestone_delete, name="milestone-delete"),
    path("evidence/<int:pk>", views.evidence_download, name="evidence-download"),
    path("checklists/<str:kind>.<str:fmt>", views.template_checklist, name="template-checklist"),
]
