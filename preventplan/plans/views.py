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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
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
    BulkActionForm,
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


EVIDENCE_WARNING = gettext_lazy(
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
        count = plan.actions.count()
        messages.success(
            request,
            ngettext(
                "%(title)s has been created with %(count)s action from the national template. "
                "Decide for each whether to adopt it, adapt it or set it aside.",
                "%(title)s has been created with %(count)s actions from the national template. "
                "Decide for each whether to adopt it, adapt it or set it aside.",
                count,
            )
            % {"title": plan.title, "count": count},
        )
        return redirect("plans:plan-detail", pk=plan.pk)
    return render(request, "plans/plan_create.html", {"form": form})


def plan_actions(plan: Plan) -> list[Action]:
    return annotate(plan.actions.with_delivery().order_by("sort_key"))


@require_GET
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    if consults_through_sharing(request.user, plan):
        actions.record_shared_read(request.user, plan, "plan.consulted-shared", request)
    return _plan_page(request, plan)


def _plan_page(
    request: AuthedRequest, plan: Plan, bulk: BulkActionForm | None = None
) -> HttpResponse:
    """The plan page; for the plan's lead, with a checkbox on every action and the form that
    changes the chosen ones at once (bound, with its errors, after a refused change)."""
    scope = scope_for(request.user)
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
    changes_since = plan.changes_since_approval()
    can_manage = can_manage_plan(scope, plan)
    selected: set[int] = set()
    if bulk is not None:
        selected = (
            {a.pk for a, _version in bulk.cleaned_data.get("chosen", [])}
            if bulk.is_bound
            else set()
        )
        selected |= {
            int(v.partition(":")[0])
            for v in request.POST.getlist("chosen")
            if v.partition(":")[0].isdigit()
        }
    elif request.GET.get("select") == "all":
        selected = {a.pk for a in all_actions}
    elif request.GET.get("select") == "not-reviewed":
        selected = {a.pk for a in all_actions if not a.is_reviewed}
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "sections": sections,
            "overall": overall,
            "can_manage": can_manage,
            "can_approve": can_approve_plan(scope, plan),
            "changes_since": changes_since,
            "not_reviewed": sum(1 for a in all_actions if not a.is_reviewed),
            "problems": actions.submission_problems(plan)
            if plan.status == PlanStatus.DRAFT
            else [],
            "approvals": plan.approvals.select_related("approved_by")[:5],
            "newer_version": drift.newer_version(plan),
            "bulk": (bulk or BulkActionForm(plan=plan)) if can_manage else None,
            "selected": selected,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_bulk(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change every chosen action at once: adopt, set aside with one reason, owner, partners."""
    plan = get_plan_for_user(request.user, pk, write=True)
    if request.method == "GET":
        return redirect(reverse("plans:plan-detail", args=[plan.pk]) + "#bulk")
    form = BulkActionForm(request.POST, plan=plan)
    if not form.is_valid():
        return _plan_page(request, plan, bulk=form)
    data = form.cleaned_data
    try:
        actions.bulk_update_actions(
            request.user,
            data["chosen"],
            data["operation"],
            reason=data["reason"],
            owner=data["owner"],
            partners=list(data["partners"]),
            request=request,
        )
    except StaleEdit:
        messages.error(
            request,
            _(
                "Someone else changed one or more of the chosen actions while you were working. "
                "Nothing was saved: check them and choose them again."
            ),
        )
        return redirect("plans:plan-detail", pk=plan.pk)
    n = len(data["chosen"])
    messages.success(request, bulk_done(data["operation"], n))
    return redirect("plans:plan-detail", pk=plan.pk)


def bulk_done(operation: str, n: int) -> str:
    """What the bulk change did, as a sentence: "3 actions adopted."."""
    if operation == "adopt":
        text = ngettext("%(count)s action adopted.", "%(count)s actions adopted.", n)
    elif operation == "not-applicable":
        text = ngettext(
            "%(count)s action set aside as not applicable.",
            "%(count)s actions set aside as not applicable.",
            n,
        )
    elif operation == "owner":
        text = ngettext(
            "%(count)s action given their owner.", "%(count)s actions given their owner.", n
        )
    else:
        text = ngettext(
            "%(count)s action given their delivery partners.",
            "%(count)s actions given their delivery partners.",
            n,
        )
    return text % {"count": n}


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
            messages.success(request, _("The plan’s details have been saved."))
            return redirect("plans:plan-detail", pk=plan.pk)
    return form_page(
        request,
        heading=_("Change the plan’s details"),
        caption=plan.title,
        form=form,
        button=_("Save changes"),
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
            messages.success(
                request, _("Action %(number)s has been saved.") % {"number": action.number}
            )
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
            request,
            _("Local action %(number)s has been added. Add its milestones next.")
            % {"number": action.number},
        )
        return redirect("plans:action-detail", pk=action.pk)
    return form_page(
        request,
        heading=_("Add a local action"),
        caption=plan.title,
        body=_(
            "For work beyond the national template. It is numbered under its objective, "
            "for example 2.L1."
        ),
        form=form,
        button=_("Add action"),
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
                _(
                    "Someone else changed this action while you were working. Nothing was "
                    "saved; check the RAG status and try again."
                ),
            )
        else:
            messages.success(request, _("The RAG status has been saved."))
        return redirect("plans:action-detail", pk=action.pk)
    return form_page(
        request,
        heading=_("Set the RAG status of action %(number)s") % {"number": action.number},
        caption=action.plan.title,
        body=_(
            "Usually the status is worked out from the milestones and progress updates. Set it "
            "by hand only when they do not tell the whole story, and say why."
        ),
        form=form,
        button=_("Save"),
        cancel_url=reverse("plans:action-detail", args=[action.pk]),
    )


def _refused_if_set_aside(request: AuthedRequest, action: Action) -> HttpResponse | None:
    """Back to the action, saying why, when it is set aside: nothing is added to it (GET or
    POST); ``actions`` refuses the write itself too, for the API."""
    try:
        actions.refuse_if_set_aside(action)
    except actions.PlanRuleError as error:
        messages.error(request, str(error))
        return redirect("plans:action-detail", pk=action.pk)
    return None


@require_http_methods(["GET", "POST"])
def milestone_create(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, update=True)
    if refused := _refused_if_set_aside(request, action):
        return refused
    form = MilestoneForm(request.POST or None, instance=Milestone(action=action))
    if request.method == "POST" and form.is_valid():
        actions.save_milestone(request.user, form.save(commit=False), request=request)
        messages.success(request, _("The milestone has been added."))
        return redirect("plans:action-detail", pk=action.pk)
    return form_page(
        request,
        heading=_("Add a milestone"),
        caption=_("Action %(number)s") % {"number": action.number},
        form=form,
        button=_("Add milestone"),
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
            messages.success(request, _("The milestone has been saved."))
            return redirect("plans:action-detail", pk=milestone.action_id)
    return form_page(
        request,
        heading=_("Change a milestone"),
        caption=_("Action %(number)s") % {"number": milestone.action.number},
        form=form,
        button=_("Save milestone"),
        cancel_url=reverse("plans:action-detail", args=[milestone.action_id]),
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
def milestone_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request.user, pk, update=True)
    if request.method == "POST":
        actions.delete_milestone(request.user, milestone, request)
        messages.success(
            request,
            _("The milestone “%(title)s” has been removed.") % {"title": milestone.title},
        )
        return redirect("plans:action-detail", pk=milestone.action_id)
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": _("Remove the milestone “%(title)s”?") % {"title": milestone.title},
            "body": _("The removal is recorded in the plan’s history."),
            "button": _("Remove milestone"),
            "cancel_url": reverse("plans:action-detail", args=[milestone.action_id]),
        },
    )


@require_http_methods(["GET", "POST"])
def progress_create(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, update=True)
    if refused := _refused_if_set_aside(request, action):
        return refused
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
        messages.success(request, _("The progress update has been recorded."))
        return redirect("plans:action-detail", pk=action.pk)
    return form_page(
        request,
        heading=_("Record progress"),
        caption=_("Action %(number)s") % {"number": action.number},
        body=_(
            "Describe what has been done since the last update. Do not name people or include "
            "intelligence."
        ),
        warning=EVIDENCE_WARNING,
        form=form,
        button=_("Record progress"),
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
                "heading": _("This file cannot be opened at the moment"),
                "body": _(
                    "The evidence is recorded but its file was not found on this server. Try "
                    "again later, and tell the service owner if it happens again."
                ),
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
