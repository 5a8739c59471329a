"""Who may see and write tension assessments.

Tension information is operational, so fewer people read it than read plans: BCU leads read and
write their BCU's returns; force leads read every return in their force and write the force's
weekly assessment; regional or national oversight read the returns and assessments in their
region or nation. Critical incidents are recorded by the force lead, or by a BCU lead for their
own BCU.
Partner users see only the sections a BCU has chosen to share with their partnership, and only
while an information-sharing protocol covering tension indicators is in force (6.3); each such
view is recorded. Everyone else gets 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from preventplan.organisations.access import Scope, can_run, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind, Role
from preventplan.sharing.models import ShareCategory, partnerships_with_protocol
from preventplan.tension.models import BcuReturn, CriticalIncident, ReturnStatus

TENSION_READ_ROLES = {Role.OVERSIGHT, Role.FORCE_LEAD, Role.BCU_LEAD}


def read_paths(scope: Scope) -> set[str]:
    return {r.path for r in scope.roles if r.role in TENSION_READ_ROLES}


def has_tension_pages(scope: Scope) -> bool:
    """Whether the tension pages have anything for this person: their own BCU's or force's
    returns, the returns of an area they oversee, or what is shared with their partnership. The
    menu shows "Tension" only then; everyone else would get 404."""
    return (
        any(r.role in {Role.FORCE_LEAD, Role.BCU_LEAD} for r in scope.roles)
        or bool(read_paths(scope))
        or bool(scope.partnership_ids)
    )


def can_read(scope: Scope, org: Organisation) -> bool:
    return any(org.path.startswith(p) for p in read_paths(scope))


def can_record_incident(scope: Scope, force: Organisation) -> bool:
    return any(
        (r.role == Role.FORCE_LEAD and r.organisation_id == force.pk)
        or (r.role == Role.BCU_LEAD and r.path.startswith(force.path))
        for r in scope.roles
    )


def incident_forces(scope: Scope) -> list[Organisation]:
    forces = {
        r.organisation_id
        for r in scope.roles
        if r.role == Role.FORCE_LEAD and r.kind == OrganisationKind.FORCE
    }
    forces |= {
        int(r.parent_path.strip("/").split("/")[-1])
        for r in scope.roles
        if r.role == Role.BCU_LEAD and r.parent_path
    }
    return list(Organisation.objects.filter(pk__in=forces).order_by("name"))


def incident_bcus(scope: Scope) -> list[Organisation]:
    """The BCUs an incident may be recorded against: every BCU of a force the person leads, and
    the BCUs they lead themselves (a BCU lead never records against another BCU)."""
    led_forces = force_wide_forces(scope)
    own = {r.organisation_id for r in scope.roles if r.role == Role.BCU_LEAD}
    return list(
        Organisation.objects.filter(
            Q(parent_id__in=led_forces) | Q(pk__in=own),
            kind=OrganisationKind.BCU,
            is_active=True,
        ).order_by("name")
    )


def force_wide_forces(scope: Scope) -> set[int]:
    """The forces whose lead the person is: only they record a force-wide incident."""
    return {
        r.organisation_id
        for r in scope.roles
        if r.role == Role.FORCE_LEAD and r.kind == OrganisationKind.FORCE
    }


def get_tension_unit_for_user(
    user: Any, pk: int, kind: str, *, write: bool = False
) -> Organisation:
    """A BCU or force whose tension assessments the user reads (404 otherwise); ``write``: only
    the BCU lead of that BCU, or the force lead of that force (403)."""
    org = Organisation.objects.filter(pk=pk, kind=kind).first()
    scope = scope_for(user)
    if org is None or not can_read(scope, org):
        raise Http404
    if write and not can_run(scope, org):
        raise PermissionDenied
    return org


def get_incident_for_user(user: Any, pk: int) -> CriticalIncident:
    """A critical incident its force's tension readers, or those who may record incidents in
    that force, read (404 for everyone else)."""
    incident = (
        CriticalIncident.objects.filter(pk=pk).select_related("force", "bcu", "recorded_by").first()
    )
    scope = scope_for(user)
    if incident is None or not (
        can_read(scope, incident.force) or can_record_incident(scope, incident.force)
    ):
        raise Http404
    return incident


def week_or_404(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    if day.weekday() != 0 or not (date(2000, 1, 1) <= day <= date(2100, 1, 1)):
        raise Http404
    return day


def shared_returns_for(user: Any) -> QuerySet[BcuReturn]:
    """Submitted returns shared with the user's partnerships under a protocol in force."""
    scope = scope_for(user)
    if not scope.partnership_ids:
        return BcuReturn.objects.none()
    covered = partnerships_with_protocol(ShareCategory.TENSION).filter(
        pk__in=sorted(scope.partnership_ids)
    )
    return (
        BcuReturn.objects.filter(status=ReturnStatus.SUBMITTED, shared_with__in=covered)
        .exclude(share_sections="")
        .distinct()
    )
