"""API for plans, their actions and milestones: the same access rules, validation and conflict
detection as the pages. Updates carry the ``version`` they were based on; a stale one gets 409."""

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from preventplan.api.auth import api_user
from preventplan.api.pagination import Id, PageNumber, Recorded
from preventplan.api.schemas import GuardedIn
from preventplan.catalogue.models import Objective
from preventplan.lib.concurrency import StaleEdit
from preventplan.organisations.access import can_run, get_organisation_for_user, scope_for
from preventplan.organisations.models import Organisation, Partnership
from preventplan.plans import actions
from preventplan.plans.access import (
    get_action_for_user,
    get_milestone_for_user,
    get_plan_for_user,
)
from preventplan.plans.forms import partners_for, people_for
from preventplan.plans.models import (
    Action,
    Decision,
    Marking,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanStatus,
    ThreatLevel,
)
from preventplan.plans.progress import action_rag

router = Router(tags=["plans"])
PathId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class PlanOut(Schema):
    id: int
    organisation_id: Id
    organisation: str
    title: str
    period_start: date
    period_end: date
    status: PlanStatus
    template_version: int
    threat_level: str
    vulnerability_summary: str
    receives_csr_funding: bool
    partnership_id: int | None
    marking: Marking
    version: int


class PlanIn(GuardedIn):
    organisation_id: Id
    period_start: date
    period_end: date
    threat_level: str = Field(
        "substantial", description="low, moderate, substantial, severe or critical"
    )
    vulnerability_summary: str = Field("", max_length=5000)
    receives_csr_funding: bool = False
    partnership_id: Id | None = None


class PlanPatch(GuardedIn):
    version: int
    threat_level: str | None = None
    vulnerability_summary: str | None = Field(None, max_length=5000)
    receives_csr_funding: bool | None = None
    marking: Marking | None = None


class ActionOut(Schema):
    id: int
    plan_id: Id
    number: str
    objective: int
    activity_number: str | None
    decision: Decision
    national_text: str
    local_text: str
    not_applicable_reason: str
    owner_id: int | None
    delivery_partner_ids: list[int]
    other_objectives: list[int]
    evaluation: str
    rag: str
    rag_reasons: list[str]
    version: int


class ActionPatch(GuardedIn):
    version: int
    decision: Decision | None = None
    local_text: str | None = Field(None, max_length=5000)
    not_applicable_reason: str | None = Field(None, max_length=5000)
    owner_id: Id | None = None
    evaluation: str | None = Field(None, max_length=5000)
    delivery_partner_ids: list[Id] | None = Field(None, max_length=500)
    other_objectives: list[int] | None = Field(None, max_length=8)


class LocalActionIn(GuardedIn):
    objective: int = Field(..., ge=0, le=7)
    text: str = Field(..., min_length=1, max_length=5000)
    owner_id: Id | None = None
    evaluation: str = Field("", max_length=5000)


class MilestoneOut(Schema):
    id: int
    action_id: Id
    title: str
    due_date: date
    status: MilestoneStatus
    completed_on: date | None
    version: int


class MilestoneIn(GuardedIn):
    action_id: Id
    title: str = Field(..., min_length=1, max_length=300)
    due_date: date
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED


class MilestonePatch(GuardedIn):
    version: int
    title: str | None = Field(None, min_length=1, max_length=300)
    due_date: date | None = None
    status: MilestoneStatus | None = None


def plan_out(p: Plan) -> dict[str, Any]:
    return {
        "id": p.pk,
        "organisation_id": p.organisation_id,
        "organisation": p.organisation.name,
        "title": p.title,
        "period_start": p.period_start,
        "period_end": p.period_end,
        "status": p.status,
        "template_version": p.template_version.number,
        "threat_level": p.threat_level.code,
        "vulnerability_summary": p.vulnerability_summary,
        "receives_csr_funding": p.receives_csr_funding,
        "partnership_id": p.partnership_id,
        "marking": p.marking,
        "version": p.version,
    }


def action_out(a: Action) -> dict[str, Any]:
    rag = action_rag(a)
    return {
        "id": a.pk,
        "plan_id": a.plan_id,
        "number": a.number,
        "objective": a.objective.number,
        "activity_number": a.activity.number if a.activity else None,
        "decision": a.decision,
        "national_text": a.national_text,
        "local_text": a.local_text,
        "not_applicable_reason": a.not_applicable_reason,
        "owner_id": a.owner_id,
        "delivery_partner_ids": sorted(o.pk for o in a.delivery_partners.all()),
        "other_objectives": sorted(o.number for o in a.other_objectives.all()),
        "evaluation": a.evaluation,
        "rag": rag.status,
        "rag_reasons": rag.reasons,
        "version": a.version,
    }


def milestone_out(m: Milestone) -> dict[str, Any]:
    return {
        "id": m.pk,
        "action_id": m.action_id,
        "title": m.title,
        "due_date": m.due_date,
        "status": m.status,
        "completed_on": m.completed_on,
        "version": m.version,
    }


def in_range(d: date, field: str) -> None:
    if not (date(2000, 1, 1) <= d <= date(2100, 12, 31)):
        raise HttpError(422, f"{field} must be between 2000 and 2100")


class PlanFilters(Schema):
    organisation_id: Id | None = None
    status: PlanStatus | None = None


class Consulted(Recorded):
    """Mapped, recording what of each shared plan the page showed (``record_shared_reads``)."""

    def __init__(self, request: HttpRequest, read: str, qs: Any, fn: Any) -> None:
        super().__init__(
            qs,
            fn,
            lambda objs: actions.record_shared_reads(api_user(request), objs, read, request),
        )


@router.get("/plans", response=list[PlanOut], summary="Plans the caller may read")
@paginate(PageNumber)
def list_plans(request: HttpRequest, filters: Query[PlanFilters]) -> Any:
    qs = (
        Plan.objects.visible_to(request.user)
        .select_related("organisation", "template_version", "threat_level")
        .order_by("-period_start", "pk")
    )
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return Consulted(request, "plans", qs, plan_out)


@router.post("/plans", response={201: PlanOut}, summary="Adopt the current template as a new plan")
def create_plan(request: HttpRequest, body: PlanIn) -> Any:
    org = get_organisation_for_user(request.user, body.organisation_id)
    if not can_run(scope_for(request.user), org):
        raise PermissionDenied
    in_range(body.period_start, "period_start")
    in_range(body.period_end, "period_end")
    if body.period_end <= body.period_start:
        raise HttpError(422, "The end of the planning period must be after its start")
    if Plan.objects.filter(organisation=org, period_start=body.period_start).exists():
        raise HttpError(409, f"{org} already has a plan starting on this date")
    level = ThreatLevel.objects.filter(code=body.threat_level).first()
    if level is None:
        raise HttpError(
            422,
            "threat_level must be one of: "
            + ", ".join(ThreatLevel.objects.values_list("code", flat=True)),
        )
    partnership = None
    if body.partnership_id is not None:
        partnership = (
            Partnership.objects.visible_to(request.user)
            .filter(pk=body.partnership_id, force=org.force())
            .first()
        )
        if partnership is None:
            raise HttpError(422, "partnership_id is not a partnership in this force area")
    plan = actions.create_plan(
        api_user(request),
        org,
        period_start=body.period_start,
        period_end=body.period_end,
        threat_level=level,
        vulnerability_summary=body.vulnerability_summary,
        receives_csr_funding=body.receives_csr_funding,
        partnership=partnership,
        request=request,
    )
    return 201, plan_out(plan)


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request: HttpRequest, plan_id: PathId) -> Any:
    plan = get_plan_for_user(request.user, plan_id)
    actions.record_shared_reads(api_user(request), [plan], "plan", request)
    return plan_out(plan)


@router.patch(
    "/plans/{plan_id}",
    response=PlanOut,
    summary="Change a plan's context (409 if the version is stale)",
)
def patch_plan(request: HttpRequest, plan_id: PathId, body: PlanPatch) -> Any:
    plan = get_plan_for_user(request.user, plan_id, write=True)
    before = {name: getattr(plan, name) for name in actions.PLAN_CONTEXT_FIELDS}
    if body.threat_level is not None:
        level = ThreatLevel.objects.filter(code=body.threat_level).first()
        if level is None:
            raise HttpError(422, "threat_level is not a known level")
        plan.threat_level = level
    for name in ("vulnerability_summary", "receives_csr_funding", "marking"):
        value = getattr(body, name)
        if value is not None:
            setattr(plan, name, value)
    actions.update_plan(api_user(request), plan, before, body.version, request)
    return plan_out(get_plan_for_user(request.user, plan_id))


@router.get(
    "/plans/{plan_id}/actions",
    response=list[ActionOut],
    summary="Actions of a plan that the caller may see",
)
@paginate(PageNumber)
def list_actions(request: HttpRequest, plan_id: PathId) -> Any:
    qs = Action.objects.visible_to(request.user).filter(plan_id=plan_id)
    if not qs.exists() and not Plan.objects.visible_to(request.user).filter(pk=plan_id).exists():
        raise Http404
    qs = qs.with_delivery().select_related("plan__organisation").order_by("sort_key")
    return Consulted(request, "actions", qs, action_out)


@router.post("/plans/{plan_id}/actions", response={201: ActionOut}, summary="Add a local action")
def create_action(request: HttpRequest, plan_id: PathId, body: LocalActionIn) -> Any:
    plan = get_plan_for_user(request.user, plan_id, write=True)
    objective = Objective.objects.filter(
        version=plan.template_version, number=body.objective
    ).first()
    if objective is None:
        raise HttpError(422, "objective is not an objective of this plan's template")
    owner = None
    if body.owner_id is not None:
        owner = people_for(plan).filter(pk=body.owner_id).first()
        if owner is None:
            raise HttpError(422, "owner_id is not someone who can own actions in this plan")
    action = actions.add_local_action(
        api_user(request),
        plan,
        objective,
        text=body.text,
        owner=owner,
        evaluation=body.evaluation,
        request=request,
    )
    return 201, action_out(Action.objects.with_delivery().get(pk=action.pk))


@router.patch(
    "/plans/{plan_id}/actions/{action_id}",
    response=ActionOut,
    summary="Decide or change an action (409 if stale)",
)
def patch_action(
    request: HttpRequest, plan_id: PathId, action_id: PathId, body: ActionPatch
) -> Any:
    action = get_action_for_user(request.user, action_id, write=True)
    if action.plan_id != plan_id:
        raise Http404
    before = {name: getattr(action, name) for name in actions.ACTION_FIELDS}
    for name in ("decision", "local_text", "not_applicable_reason", "evaluation"):
        value = getattr(body, name)
        if value is not None:
            setattr(action, name, value)
    if "owner_id" in body.model_fields_set:
        if body.owner_id is None:
            action.owner = None
        else:
            owner = people_for(action.plan).filter(pk=body.owner_id).first()
            if owner is None:
                raise HttpError(422, "owner_id is not someone who can own actions in this plan")
            action.owner = owner
    errors = actions.validate_decision(
        action.decision, action.local_text, action.not_applicable_reason, action.is_local
    )
    if errors:
        raise HttpError(422, "; ".join(errors.values()))
    partners: list[Organisation] | None = None
    if body.delivery_partner_ids is not None:
        partners = list(partners_for(action.plan).filter(pk__in=body.delivery_partner_ids))
        if len(partners) != len(set(body.delivery_partner_ids)):
            raise HttpError(
                422,
                "delivery_partner_ids must be organisations in this plan's force area or partnership",
            )
    objectives: list[Objective] | None = None
    if body.other_objectives is not None:
        objectives = list(
            Objective.objects.filter(
                version=action.plan.template_version, number__in=body.other_objectives
            ).exclude(pk=action.objective_id)
        )
        if len(objectives) != len(set(body.other_objectives)):
            raise HttpError(
                422, "other_objectives must be other objectives of the template (0 to 7)"
            )
    actions.update_action(
        api_user(request),
        action,
        before,
        body.version,
        delivery_partners=partners,
        other_objectives=objectives,
        request=request,
    )
    return action_out(Action.objects.with_delivery().get(pk=action.pk))


class MilestoneFilters(Schema):
    plan_id: Id | None = None
    action_id: Id | None = None
    status: MilestoneStatus | None = None
    due_before: date | None = None
    due_after: date | None = None


@router.get(
    "/milestones",
    response=list[MilestoneOut],
    summary="Milestones of the actions the caller may see",
)
@paginate(PageNumber)
def list_milestones(request: HttpRequest, filters: Query[MilestoneFilters]) -> Any:
    qs = Milestone.objects.visible_to(request.user).order_by("due_date", "pk")
    if filters.plan_id:
        qs = qs.filter(action__plan_id=filters.plan_id)
    if filters.action_id:
        qs = qs.filter(action_id=filters.action_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.due_before:
        qs = qs.filter(due_date__lte=filters.due_before)
    if filters.due_after:
        qs = qs.filter(due_date__gte=filters.due_after)
    return Consulted(
        request, "milestones", qs.select_related("action__plan__organisation"), milestone_out
    )


@router.post("/milestones", response={201: MilestoneOut})
def create_milestone(request: HttpRequest, body: MilestoneIn) -> Any:
    action = get_action_for_user(request.user, body.action_id, update=True)
    in_range(body.due_date, "due_date")
    milestone = actions.save_milestone(
        api_user(request),
        Milestone(action=action, title=body.title, due_date=body.due_date, status=body.status),
        request=request,
    )
    return 201, milestone_out(milestone)


@router.patch(
    "/milestones/{milestone_id}", response=MilestoneOut, summary="Change a milestone (409 if stale)"
)
def patch_milestone(request: HttpRequest, milestone_id: PathId, body: MilestonePatch) -> Any:
    milestone = get_milestone_for_user(request.user, milestone_id, update=True)
    if body.title is not None:
        milestone.title = body.title
    if body.due_date is not None:
        in_range(body.due_date, "due_date")
        milestone.due_date = body.due_date
    if body.status is not None:
        milestone.status = body.status
    actions.save_milestone(
        api_user(request), milestone, expected_version=body.version, request=request
    )
    return milestone_out(Milestone.objects.get(pk=milestone.pk))


def install_handlers(api: Any) -> None:
    """404 for what the caller may not see or that is not there (the same words either way, and
    the same with DEBUG on), 403 for refused writes, 409 for stale versions and broken lifecycle
    rules."""

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Exception) -> Any:
        return api.create_response(request, {"detail": "Not found"}, status=404)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: Exception) -> Any:
        return api.create_response(
            request, {"detail": "You do not have permission to do this"}, status=403
        )

    @api.exception_handler(StaleEdit)
    def _stale(request: HttpRequest, exc: Exception) -> Any:
        return api.create_response(
            request,
            {
                "detail": "The record has changed since the version you sent. Fetch it again and reapply your change."
            },
            status=409,
        )

    @api.exception_handler(actions.PlanRuleError)
    def _rule(request: HttpRequest, exc: Exception) -> Any:
        return api.create_response(request, {"detail": str(exc)}, status=409)
