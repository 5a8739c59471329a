"""Who reads and changes case reviews (the register pattern's policy; docs/permissions.md, "Case
reviews", says the same in words).

Cases are need-to-know, narrower than every other register:

- the **BCU Prevent lead** reads, adds and changes the cases of their BCU;
- the **case officer** named on a case reads it and records its stages and reviews, while they
  still hold a role in the case's BCU;
- a **partner agency's** people (partner users and action owners held in a partner
  organisation) read the cases their agency owns and record their stages and reviews, only while
  a signed protocol in force covers case reviews for a partnership their agency belongs to, held
  by the case's BCU or force;
- nobody else, national administrators, force leads, oversight and police authorities included,
  reads a case: they see the aggregate figures (``cases/figures.py``), never a list or a case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from preventplan.organisations.access import NOTHING, Scope, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind, Role
from preventplan.records.access import Policy
from preventplan.sharing.models import Protocol, ShareCategory

if TYPE_CHECKING:
    from datetime import date


def bcu_lead_ids(scope: Scope) -> set[int]:
    """The BCUs whose cases this person runs."""
    return {r.organisation_id for r in scope.held(Role.BCU_LEAD)}


def partner_agency_ids(scope: Scope) -> set[int]:
    """The partner organisations in which this person holds a role."""
    return {r.organisation_id for r in scope.roles if r.kind == OrganisationKind.PARTNER}


def partner_grants(agency_ids: set[int], on: date | None = None) -> set[tuple[int, str]]:
    """(agency, holder path) for each protocol in force that covers case reviews with a
    partnership the agency belongs to: the agency reads its own cases in BCUs under that path."""
    if not agency_ids:
        return set()
    protocols = (
        Protocol.objects.in_force(on)
        .covering(ShareCategory.CASE_REVIEWS)
        .filter(partnerships__members__in=sorted(agency_ids))
        .select_related("owner")
        .prefetch_related("partnerships__members")
        .distinct()
    )
    grants = set()
    for protocol in protocols:
        for partnership in protocol.partnerships.all():
            if not partnership.is_active:
                continue
            for member in partnership.members.all():
                if member.pk in agency_ids:
                    grants.add((member.pk, protocol.owner.path))
    return grants


def _partner_grants_for(user: Any, scope: Scope) -> set[tuple[int, str]]:
    cached = getattr(user, "_preventplan_case_grants", None)
    if cached is None:
        cached = partner_grants(partner_agency_ids(scope))
        if user.is_authenticated:
            user._preventplan_case_grants = cached
    return cached


class CasePolicy(Policy):
    organisation_field = "bcu"
    person_field = "officer"

    def visible(self, qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
        scope = scope_for(user)
        if not user.is_authenticated:
            return qs.none()
        q = NOTHING | Q(bcu_id__in=sorted(bcu_lead_ids(scope)))
        q |= Q(officer=user, bcu_id__in=sorted(scope.own_organisation_ids))
        for agency_id, path in _partner_grants_for(user, scope):
            q |= Q(agency_id=agency_id, bcu__path__startswith=path)
        return qs.filter(q)

    def has_register(self, user: Any) -> bool:
        """Only people who may hold cases have a case list: a BCU lead, a partner agency under a
        protocol in force, or a case officer named on a case. Everyone else gets 404."""
        if not user.is_authenticated:
            return False
        cached = getattr(user, "_preventplan_holds_cases", None)
        if cached is None:
            scope = scope_for(user)
            from preventplan.cases.models import Case  # the model names this policy

            cached = bool(
                bcu_lead_ids(scope)
                or _partner_grants_for(user, scope)
                or Case.objects.filter(
                    officer=user, bcu_id__in=sorted(scope.own_organisation_ids)
                ).exists()
            )
            user._preventplan_holds_cases = cached
        return cached

    def can_manage(self, scope: Scope, record: Any) -> bool:
        """Adds and changes a case's details: the lead of its BCU."""
        return record.bcu_id in bcu_lead_ids(scope)

    def can_update(self, scope: Scope, user: Any, record: Any) -> bool:
        """Records its stages and reviews: the BCU lead, its case officer, or the owning agency
        (whose reading already needs a protocol in force)."""
        return (
            self.can_manage(scope, record)
            or (record.officer_id == user.pk and record.bcu_id in scope.own_organisation_ids)
            or record.agency_id in partner_agency_ids(scope)
        )

    def organisations_for(self, scope: Scope) -> list[Organisation]:
        ids = sorted(bcu_lead_ids(scope))
        return list(Organisation.objects.filter(id__in=ids, is_active=True).order_by("name"))


CASE_POLICY = CasePolicy()
