"""Who may see and change plans, actions, milestones and evidence.

Reading: national administrators read every plan; oversight, force leads, BCU leads and oversight
readers read the plans of the organisations in the subtree they read. Everyone else sees only the
actions they own and the actions their organisation helps deliver (the partner view), with those
actions' milestones and evidence.

Changing: a plan is run by the lead who holds the matching role *in the plan's organisation*
(force lead for a force plan, BCU lead for a BCU plan). A BCU plan is approved by the lead of its
force; a force plan by a force lead of that force. An action's owner may update its milestones
and progress. Closed plans are read-only. ``docs/permissions.md`` says the same in words.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from preventplan.organisations.access import (
    Scope,
    can_run,
    organisation_read_q,
    reads_plans_of,
    scope_for,
)
from preventplan.organisations.models import Role
from preventplan.plans.models import Action, Evidence, Milestone, Plan, PlanStatus
from preventplan.sharing.access import shared_plan_partnership_ids


def plan_scope_q(user: Any, prefix: str = "") -> Q:
    scope = scope_for(user)
    if scope.is_national_admin:
        return Q()
    q = organisation_read_q(scope, prefix)
    shared = shared_plan_partnership_ids(user)
    if shared:
        q |= Q(
            **{f"{prefix}pk__in": Plan.objects.filter(shared_with__in=sorted(shared)).values("pk")}
        )
    return q


def action_scope_q(user: Any, prefix: str = "") -> Q:
    scope = scope_for(user)
    if scope.is_national_admin:
        return Q()
    q = plan_scope_q(user, prefix=f"{prefix}plan__")
    if user.is_authenticated:
        q |= Q(**{f"{prefix}owner": user})
    if scope.own_organisation_ids:
        partnered = Action.objects.filter(
            delivery_partners__in=sorted(scope.own_organisation_ids)
        ).values("pk")
        q |= Q(**{f"{prefix}pk__in": partnered})
    return q


def can_read_plan(scope: Scope, plan: Plan, user: Any = None) -> bool:
    if reads_plans_of(scope, plan.organisation):
        return True
    return user is not None and reads_through_sharing(user, plan)


def reads_through_sharing(user: Any, plan: Plan) -> bool:
    """The user reads this plan only because it is shared with their partnership."""
    shared = shared_plan_partnership_ids(user)
    return bool(shared) and plan.shared_with.filter(pk__in=sorted(shared)).exists()


def consults_through_sharing(user: Any, plan: Plan, action: Action | None = None) -> bool:
    """The user reads this plan (or this action of it) only because the plan is shared with
    their partnership, not through their own organisation, owning the action or delivering it:
    such a read is a consultation to record (DPA 2018 s.62)."""
    scope = scope_for(user)
    if can_read_plan(scope, plan):
        return False
    if action is not None and (
        action.owner_id == user.pk
        or action.delivery_partners.filter(pk__in=sorted(scope.own_organisation_ids)).exists()
    ):
        return False
    return reads_through_sharing(user, plan)


def can_manage_plan(scope: Scope, plan: Plan) -> bool:
    """The plan's organisation's lead runs it (organisations.access.can_run) until it closes."""
    return plan.status != PlanStatus.CLOSED and can_run(scope, plan.organisation)


def can_approve_plan(scope: Scope, plan: Plan) -> bool:
    return plan.status != PlanStatus.CLOSED and any(
        plan.organisation.path.startswith(r.path) for r in scope.held(Role.FORCE_LEAD)
    )


def can_update_action(scope: Scope, user: Any, action: Action) -> bool:
    if action.plan.status == PlanStatus.CLOSED:
        return False
    return can_manage_plan(scope, action.plan) or action.owner_id == user.pk


# -- access-scoped getters ------------------------------------------------------------------------
def get_plan_for_user(user: Any, pk: int, *, write: bool = False, approve: bool = False) -> Plan:
    plan = Plan.objects.filter(pk=pk).select_related("organisation", "template_version").first()
    scope = scope_for(user)
    if plan is None or not can_read_plan(scope, plan, user):
        raise Http404
    if write and not can_manage_plan(scope, plan):
        raise PermissionDenied
    if approve and not can_approve_plan(scope, plan):
        raise PermissionDenied
    return plan


def get_action_for_user(user: Any, pk: int, *, update: bool = False, write: bool = False) -> Action:
    action = (
        Action.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("plan__organisation", "activity", "objective", "owner")
        .first()
    )
    if action is None:
        raise Http404
    scope = scope_for(user)
    if write and not can_manage_plan(scope, action.plan):
        raise PermissionDenied
    if update and not can_update_action(scope, user, action):
        raise PermissionDenied
    return action


def get_milestone_for_user(user: Any, pk: int, *, update: bool = False) -> Milestone:
    milestone = Milestone.objects.filter(pk=pk).select_related("action").first()
    if milestone is None:
        raise Http404
    action = get_action_for_user(user, milestone.action_id, update=update)
    milestone.action = action
    return milestone


def get_evidence_for_user(user: Any, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).select_related("update").first()
    if evidence is None:
        raise Http404
    get_action_for_user(user, evidence.update.action_id)
    return evidence
