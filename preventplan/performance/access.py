"""Who may see and change performance figures and NI35 self-assessments.

Indicators: the catalogue is read by everyone signed in and kept by national administrators. An
organisation's values and targets are read by whoever reads its plans (as for dashboards) and
entered by the lead who runs it (force lead for a force, BCU lead for a BCU).

NI35 self-assessments belong to a partnership. They are read by everyone with a role in one of
its member organisations and by whoever reads plans in the partnership's force. They are
completed by the force lead of that force, a BCU lead of a member BCU, or a partner user of a
member organisation (the local authority usually leads the assessment). Submitted assessments
are read-only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from preventplan.organisations.access import NOTHING, Scope, can_run, reads_plans_of, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind, Partnership, Role
from preventplan.performance.models import AssessmentStatus, Ni35Assessment

PERFORMANCE_KINDS = [OrganisationKind.FORCE, OrganisationKind.BCU]


def get_performance_organisation_for_user(
    user: Any, pk: int, *, write: bool = False
) -> Organisation:
    org = Organisation.objects.filter(pk=pk, kind__in=PERFORMANCE_KINDS).first()
    scope = scope_for(user)
    if org is None or not reads_plans_of(scope, org):
        raise Http404
    if write and not can_run(scope, org):
        raise PermissionDenied
    return org


def performance_organisations_for(scope: Scope) -> list[Organisation]:
    """Forces and BCUs whose figures this user reads, highest first."""
    if scope.is_national_admin:
        return list(Organisation.objects.filter(kind=OrganisationKind.FORCE).order_by("name"))
    q = NOTHING
    for path in scope.plan_read_paths:
        q |= Q(path__startswith=path)
    return list(Organisation.objects.filter(q, kind__in=PERFORMANCE_KINDS).order_by("path"))


# -- NI35 ----------------------------------------------------------------------------------------
def can_complete(scope: Scope, partnership: Partnership) -> bool:
    member_ids = {o.pk for o in partnership.members.all()}
    for r in scope.roles:
        if r.role == Role.FORCE_LEAD and r.organisation_id == partnership.force_id:
            return True
        if r.role in {Role.BCU_LEAD, Role.PARTNER_USER} and r.organisation_id in member_ids:
            return True
    return False


def partnerships_to_assess(scope: Scope) -> list[Partnership]:
    candidates = Partnership.objects.filter(is_active=True).filter(scope.partnership_q())
    return [p for p in candidates.prefetch_related("members").distinct() if can_complete(scope, p)]


def get_assessment_for_user(user: Any, pk: int, *, complete: bool = False) -> Ni35Assessment:
    assessment = (
        Ni35Assessment.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("partnership__force", "framework")
        .first()
    )
    if assessment is None:
        raise Http404
    if complete and (
        assessment.status == AssessmentStatus.SUBMITTED
        or not can_complete(scope_for(user), assessment.partnership)
    ):
        raise PermissionDenied
    return assessment
