from django.urls import path

from preventplan.plans import (
    drift_views,
    export_views,
    import_views,
    lifecycle_views,
    share_views,
    views,
)

# Each step in a plan's life keeps its own URL name; one view takes them all.
STEP = lifecycle_views.plan_transition

app_name = "plans"
urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new", views.plan_create, name="plan-create"),
    path("plans/<id:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<id:pk>/edit", views.plan_edit, name="plan-edit"),
    path("plans/<id:pk>/submit", STEP, {"step": "submit"}, name="plan-submit"),
    path("plans/<id:pk>/approve", STEP, {"step": "approve"}, name="plan-approve"),
    path("plans/<id:pk>/return", STEP, {"step": "return"}, name="plan-return"),
    path("plans/<id:pk>/close", STEP, {"step": "close"}, name="plan-close"),
    path("plans/<id:pk>/roll-forward", STEP, {"step": "roll-forward"}, name="plan-roll-forward"),
    path("plans/<id:pk>/changes", views.plan_changes, name="plan-changes"),
    path("plans/<id:pk>/template", drift_views.plan_template, name="plan-template"),
    path("plans/<id:pk>/share", share_views.plan_share, name="plan-share"),
    path("plans/<id:pk>/actions/new", views.action_create, name="action-create"),
    path("plans/<id:pk>/actions/bulk", views.plan_bulk, name="plan-bulk"),
    path("plans/<id:pk>/checklist.<str:fmt>", export_views.plan_checklist, name="plan-checklist"),
    path("plans/<id:pk>/import", import_views.plan_import, name="plan-import"),
    path(
        "plans/<id:pk>/import/<id:import_id>",
        import_views.plan_import_preview,
        name="plan-import-preview",
    ),
    path("actions/<id:pk>/", views.action_detail, name="action-detail"),
    path("actions/<id:pk>/edit", views.action_edit, name="action-edit"),
    path("actions/<id:pk>/rag", views.rag_override, name="rag-override"),
    path("actions/<id:pk>/milestones/new", views.milestone_create, name="milestone-create"),
    path("actions/<id:pk>/progress/new", views.progress_create, name="progress-create"),
    path("milestones/<id:pk>/edit", views.milestone_edit, name="milestone-edit"),
    path("milestones/<id:pk>/delete", views.milestone_delete, name="milestone-delete"),
    path("evidence/<id:pk>", views.evidence_download, name="evidence-download"),
    path(
        "checklists/<str:kind>.<str:fmt>",
        export_views.template_checklist,
        name="template-checklist",
    ),
]
