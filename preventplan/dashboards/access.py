"""Who may open which dashboard: anyone who reads the plans of an organisation reads its roll-up
(national administrators, oversight for their region or nation, force leads for their force and
its BCUs, BCU leads for their BCU, oversight readers for the force they oversee). Everyone else
gets 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from preventplan.organisations.access import Scope, reads_plans_of, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind

DASHBOARD_KINDS = [
    OrganisationKind.NATION,
    OrganisationKind.REGION,
    OrganisationKind.FORCE,
    OrganisationKind.BCU,
]


def dashboards_for(scope: Scope) -> list[Organisation]:
    """The highest organisations whose dashboards this user may open."""
    if scope.is_national_admin:
        return list(Organisation.objects.filter(kind=OrganisationKind.NATION).order_by("name"))
    roots = Organisation.objects.filter(path__in=sorted(scope.plan_read_paths))
    return [o for o in roots.order_by("path") if o.kind in DASHBOARD_KINDS]


def get_dashboard_organisation_for_user(user: Any, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk, kind__in=DASHBOARD_KINDS).first()
    if org is None or not reads_plans_of(scope_for(user), org):
        raise Http404
    return org
