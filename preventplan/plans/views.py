"""Plans and what they hold: the list, starting a plan, the plan page and its history, actions,
milestones, progress updates and evidence. A plan's lifecycle, its checklist exports, imports,
template differences and sharing have their own modules (lifecycle_views, export_views,
import_views, drift_views, share_views)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.catalogue.models import Objective
from preventplan.lib.concurrency import StaleEdit, save_or_conflict
from preventplan.lib.dates import today
from preventplan.lib.http import AuthedRequest
from preventplan.lib.listing import paginate, sorted_by
from preventplan.organisations.access import organisations_run_by, scope_for
from preventplan.plans import actions, drift
from preventplan.plans.access import (
    can_approve_plan,
    can_manage_plan,
    can_update_action,
    consults_through_sharing,
    get_action_for_user,
    get_evidence_for_user,
    get_milestone_for_user,
    get_plan_for_user,
)
from preventplan.plans.forms import (
    ActionForm,
    LocalActionForm,
    MilestoneForm,
    PlanContextForm,
    PlanCreateForm,
    ProgressForm,
    RagOverrideForm,
)
from preventplan.plans.models import Action, Milestone, Plan, PlanStatus, ThreatLevel
from preventplan.plans.progress import Progress, annotate

logger = logging.getLogger(__name__)


EVIDENCE_WARNING = (
    "Do not upload documents that identify members of the public: referral forms, case notes, "
    "photographs, or lists of names, addresses or dates of birth. Evidence shows that the work "
    "was done, not who it was about."
)


def form_page(request: AuthedRequest, **context: Any) -> HttpResponse:
    return render(request, "layouts/form_page.html", context)


# -- plans ----------------------------------------------------------------------------------------
@require_GET
def plan_list(request: AuthedRequest) -> HttpResponse:
    qs = Plan.objects.visible_to(request.user).select_related("organisation", "threat_level")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    if status in PlanStatus.values:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(organisation__name__icontains=query))
    qs = sorted_by(
        request,
        qs,
        {"period": "period_start", "organisation": "organisation__name", "status": "status"},
        "-period",
    )
    page = paginate(request, qs)
    actions.record_shared_reads(request.user, page.object_list, "plans", request)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "statuses": PlanStatus.choices,
            "status": status,
            "query": query,
            "can_create": bool(organisations_run_by(scope_for(request.user))),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest) -> HttpResponse:
    organisations = organisations_run_by(scope_for(request.user))
    if not organisations:
        raise PermissionDenied
    force = organisations[0].force()
    initial = {
        "threat_level": ThreatLevel.objects.filter(code="substantial").first(),
        "receives_csr_funding": bool(force and force.receives_csr_funding),
    }
    form = PlanCreateForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = actions.create_plan(
            request.user,
            data["organisation"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            threat_level=data["threat_level"],
            vulnerability_summary=data["vulnerability_summary"],
            receives_csr_funding=data["receives_csr_funding"],
            partnership=data["partnership"],
            request=request,
        )
        messages.success(
            request,
            f"{plan.title} has been created with {plan.actions.count()} actions from the national template. Decide for each whether to adopt it, adapt it or set it aside.",
        )
        return redirect("plans:plan-detail", pk=plan.pk)
    return render(request, "plans/plan_create.html", {"form": form})


def plan_actions(plan: Plan) -> list[Action]:
    return annotate(plan.actions.with_delivery().order_by("sort_key"))


@require_GET
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    scope = scope_for(request.user)
    if consults_through_sharing(request.user, plan):
        actions.record_shared_read(request.user, plan, "plan.consulted-shared", request)
    all_actions = plan_actions(plan)
    sections = []
    overall = Progress()
    for objective in Objective.objects.filter(version=plan.template_version):
        items = [a for a in all_actions if a.objective_id == objective.pk]
        progress = Progress()
        for a in items:
            progress.add(a, a.rag)  # type: ignore[attr-defined]
            overall.add(a, a.rag)  # type: ignore[attr-defined]
        if items:
            sections.append({"objective": objective, "actions": items, "progress": progress})
    changes_since = plan.changes.filter(at__gt=plan.approved_at).count() if plan.approved_at else 0
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "sections": sections,
            "overall": overall,
            "can_manage": can_manage_plan(scope, plan),
            "can_approve": can_approve_plan(scope, plan),
            "changes_since": changes_since,
            "problems": actions.submission_problems(plan)
            if plan.status == PlanStatus.DRAFT
            else [],
            "approvals": plan.approvals.select_related("approved_by")[:5],
            "newer_version": drift.newer_version(plan),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    before = {name: getattr(plan, name) for name in actions.PLAN_CONTEXT_FIELDS}
    form = PlanContextForm(request.POST or None, instance=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.update_plan(
                request.user, form.save(commit=False), before, form.cleaned_data["version"], request
            ),
            lambda fresh: PlanContextForm(instance=fresh),
        )
        if conflict is None:
            messages.success(request, "The plan’s details have been saved.")
            return redirect("plans:plan-detail", pk=plan.pk)
    return form_page(
        request,
        heading="Change the plan’s details",
        caption=plan.title,
        form=form,
        button="Save changes",
        cancel_url=reverse("plans:plan-detail", args=[plan.pk]),
        conflict=conflict,
    )


@require_GET
def plan_changes(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    actions.record_shared_reads(request.user, [plan], "changes", request)
    changes = plan.changes.select_related("by", "action")
    if plan.approved_at and request.GET.get("all") != "1":
        changes = changes.filter(at__gt=plan.approved_at)
        since_approval = True
    else:
        since_approval = False
    return render(
        request,
        "plans/plan_changes.html",
        {
            "plan": plan,
            "page": paginate(request, changes, per_page=50),
            "since_approval": since_approval,
        },
    )


# -- actions --------------------------------------------------------------------------------------
@require_GET
def action_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk)
    action = annotate(Action.objects.with_delivery().filter(pk=action.pk))[0]
    scope = scope_for(request.user)
    if consults_through_sharing(request.user, action.plan, action):
        actions.record_shared_read(request.user, action, "action.consulted-shared", request)
    updates = action.updates.select_related("author").prefetch_related("evidence")
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "updates": updates,
            "milestones": action.milestones.all(),
            "can_manage": can_manage_plan(scope, action.plan),
            "can_update": can_update_action(scope, request.user, action),
            "plan_readable": Plan.objects.visible_to(request.user)
            .filter(pk=action.plan_id)
            .exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, write=True)
    before = {name: getattr(action, name) for name in actions.ACTION_FIELDS}
    form = ActionForm(request.POST or None, instance=action)
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.update_action(
                request.user,
                form.save(commit=False),
                before,
                form.cleaned_data["version"],
                delivery_partners=list(form.cleaned_data["delivery_partners"]),
                other_objectives=list(form.cleaned_data["other_objectives"]),
                request=request,
            ),
            lambda fresh: ActionForm(instance=fresh),
        )
        if conflict is None:
            messages.success(request, f"Action {action.number} has been saved.")
            return redirect("plans:action-detail", pk=action.pk)
    return render(
        request, "plans/action_form.html", {"form": form, "action": action, "conflict": conflict}
    )


@require_http_methods(["GET", "POST"])
def action_create(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    form = LocalActionForm(
        request.POST or None, plan=plan, initial={"objective": request.GET.get("objective")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = actions.add_local_action(
            request.user,
            plan,
            data["objective"],
            text=data["text"],
            owner=data["owner"],
            evaluation=data["evaluation"],
            request=request,
        )
        messages.success(
            request, f"Local action {action.number} has been added. Add its milestones next."
        )
        return redirect("plans:action-detail", pk=action.pk)
    return form_page(
        request,
        heading="Add a local action",
        caption=plan.title,
        body="For work beyond the national template. It is numbered under its objective, for example 2.L1.",
        form=form,
        button="Add action",
        cancel_url=reverse("plans:plan-detail", args=[plan.pk]),
    )


@require_http_methods(["GET", "POST"])
def rag_override(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, write=True)
    form = RagOverrideForm(
        request.POST or None,
        initial={
            "rag": action.rag_override,
            "reason": action.rag_override_reason,
            "version": action.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_rag_override(
                request.user,
                action,
                form.cleaned_data["rag"],
                form.cleaned_data["reason"],
                form.cleaned_data["version"],
                request,
            )
        except StaleEdit:
            messages.error(
                request,
                "Someone else changed this action while you were working. Nothing was saved; check the RAG status and try again.",
            )
        else:
            messages.success(request, "The RAG status has been saved.")
        return redirect("plans:action-detail", pk=action.pk)
    return form_page(
        request,
        heading=f"Set the RAG status of action {action.number}",
        caption=action.plan.title,
        body="Usually the status is worked out from the milestones and progress updates. Set it by hand only when they do not tell the whole story, and say why.",
        form=form,
        button="Save",
        cancel_url=reverse("plans:action-detail", args=[action.pk]),
    )


@require_http_methods(["GET", "POST"])
def milestone_create(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, update=True)
    form = MilestoneForm(request.POST or None, instance=Milestone(action=action))
    if request.method == "POST" and form.is_valid():
        actions.save_milestone(request.user, form.save(commit=False), request=request)
        messages.success(request, "The milestone has been added.")
        return redirect("plans:action-detail", pk=action.pk)
    return form_page(
        request,
        heading="Add a milestone",
        caption=f"Action {action.number}",
        form=form,
        button="Add milestone",
        cancel_url=reverse("plans:action-detail", args=[action.pk]),
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request.user, pk, update=True)
    form = MilestoneForm(request.POST or None, instance=milestone)
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_milestone(
                request.user,
                form.save(commit=False),
                expected_version=form.cleaned_data["version"],
                request=request,
            ),
            lambda fresh: MilestoneForm(instance=fresh),
        )
        if conflict is None:
            messages.success(request, "The milestone has been saved.")
            return redirect("plans:action-detail", pk=milestone.action_id)
    return form_page(
        request,
        heading="Change a milestone",
        caption=f"Action {milestone.action.number}",
        form=form,
        button="Save milestone",
        cancel_url=reverse("plans:action-detail", args=[milestone.action_id]),
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
def milestone_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request.user, pk, update=True)
    if request.method == "POST":
        actions.delete_milestone(request.user, milestone, request)
        messages.success(request, f"The milestone “{milestone.title}” has been removed.")
        return redirect("plans:action-detail", pk=milestone.action_id)
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": f"Remove the milestone “{milestone.title}”?",
            "body": "The removal is recorded in the plan’s history.",
            "button": "Remove milestone",
            "cancel_url": reverse("plans:action-detail", args=[milestone.action_id]),
        },
    )


@require_http_methods(["GET", "POST"])
def progress_create(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, update=True)
    form = ProgressForm(
        request.POST or None, request.FILES or None, initial={"reported_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = []
        if data.get("evidence_file"):
            evidence.append(
                actions.EvidenceInput(
                    title=data["evidence_title"],
                    upload=data["evidence_file"],
                    content_type=form.evidence_content_type,
                )
            )
        if data.get("evidence_url"):
            evidence.append(
                actions.EvidenceInput(title=data["evidence_title"], url=data["evidence_url"])
            )
        actions.add_progress_update(
            request.user,
            action,
            reported_on=data["reported_on"],
            rag=data["rag"],
            narrative=data["narrative"],
            evidence=evidence,
            request=request,
        )
        messages.success(request, "The progress update has been recorded.")
        return redirect("plans:action-detail", pk=action.pk)
    return form_page(
        request,
        heading="Record progress",
        caption=f"Action {action.number}",
        body="Describe what has been done since the last update. Do not name people or include intelligence.",
        warning=EVIDENCE_WARNING,
        form=form,
        button="Record progress",
        cancel_url=reverse("plans:action-detail", args=[action.pk]),
        multipart=True,
    )


@require_GET
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse | HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404
    try:
        stored = evidence.file.open("rb")
    except OSError:  # the upload is not in this server's storage (MEDIA_ROOT not shared?)
        logger.error("Evidence %s: file %s not found in storage", evidence.pk, evidence.file.name)
        return render(
            request,
            "layouts/message.html",
            {
                "heading": "This file cannot be opened at the moment",
                "body": "The evidence is recorded but its file was not found on this server. Try again later, and tell the service owner if it happens again.",
            },
            status=503,
        )
    record(
        request.user,
        AuditAction.DISCLOSE,
        "evidence.downloaded",
        evidence,
        recipients=[request.user.email],
        request=request,
    )
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=evidence.original_name or "evidence",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
