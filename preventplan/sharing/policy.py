"""Who reads and manages information-sharing protocols (the register pattern's policy).

A protocol is read by whoever reads its holder's organisation subtree, and by the members of the
partnerships it covers; it is managed by a force lead of the holder's force area or the BCU lead
of a holding BCU. ``docs/permissions.md`` says the same in words."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from preventplan.organisations.access import Scope, scope_for
from preventplan.organisations.models import Organisation, Role
from preventplan.records.access import Policy


class ProtocolPolicy(Policy):
    organisation_field = "owner"  # the police organisation that holds the protocol
    person_field = None

    def visible(self, qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
        scope = scope_for(user)
        if scope.is_national_admin:
            return qs
        q = Q(partnerships__in=sorted(scope.partnership_ids))
        for path in scope.read_paths:
            q |= Q(owner__path__startswith=path)
        return qs.filter(pk__in=qs.model._default_manager.filter(q).values("pk"))

    def can_manage(self, scope: Scope, record: Any) -> bool:
        org = record.owner
        return any(
            (r.role == Role.FORCE_LEAD and org.path.startswith(r.path))
            or (r.role == Role.BCU_LEAD and r.organisation_id == org.pk)
            for r in scope.roles
        )

    def organisations_for(self, scope: Scope) -> list[Organisation]:
        ids = [r.organisation_id for r in scope.roles if r.role in {Role.FORCE_LEAD, Role.BCU_LEAD}]
        return list(Organisation.objects.filter(id__in=ids).order_by("name"))


PROTOCOL_POLICY = ProtocolPolicy()
