"""Who sees and manages protocols; which partnerships a person reads shared plans through."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from preventplan.organisations.access import Scope, scope_for
from preventplan.organisations.models import Organisation, Role
from preventplan.sharing.models import Protocol, ShareCategory, partnerships_with_protocol


def protocols_visible_to(user: Any) -> QuerySet[Protocol]:
    scope = scope_for(user)
    if scope.is_national_admin:
        return Protocol.objects.all()
    q = Q(partnerships__in=sorted(scope.partnership_ids))
    for path in scope.read_paths:
        q |= Q(owner__path__startswith=path)
    return Protocol.objects.filter(pk__in=Protocol.objects.filter(q).values("pk"))


def can_manage_protocols_of(scope: Scope, org: Organisation) -> bool:
    return any(
        (r.role == Role.FORCE_LEAD and org.path.startswith(r.path))
        or (r.role == Role.BCU_LEAD and r.organisation_id == org.pk)
        for r in scope.roles
    )


def protocol_owners_for(scope: Scope) -> list[Organisation]:
    ids = [r.organisation_id for r in scope.roles if r.role in {Role.FORCE_LEAD, Role.BCU_LEAD}]
    return list(Organisation.objects.filter(id__in=ids).order_by("name"))


def get_protocol_for_user(request: HttpRequest, pk: int, *, manage: bool = False) -> Protocol:
    protocol = protocols_visible_to(request.user).filter(pk=pk).select_related("owner").first()
    if protocol is None:
        raise Http404
    if manage and not can_manage_protocols_of(scope_for(request.user), protocol.owner):
        raise PermissionDenied
    return protocol


def shared_plan_partnership_ids(user: Any) -> set[int]:
    """The user's partnerships that a protocol in force today lets plans be shared with."""
    scope = scope_for(user)
    if not scope.partnership_ids:
        return set()
    cached = getattr(user, "_preventplan_shared_plans", None)
    if cached is None:
        cached = set(
            partnerships_with_protocol(ShareCategory.PLANS)
            .filter(pk__in=sorted(scope.partnership_ids))
            .values_list("pk", flat=True)
        )
        user._preventplan_shared_plans = cached
    return cached
