"""Who reads posts (the register pattern's policy). Posts follow the usual rule (whoever reads
an organisation's plans reads its posts; its lead changes them), and partners also read the
single points of contact of the forces and BCUs of their area (activities 0.10 and 2.7), so they
know whom to ask. ``docs/permissions.md`` says the same in words."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from preventplan.organisations.access import scope_for
from preventplan.organisations.models import OrganisationKind
from preventplan.records.access import Policy


def force_path_of(path: str) -> str:
    """The path of the force above an organisation's path (nation, region, force)."""
    parts = [p for p in path.split("/") if p]
    return "/" + "/".join(parts[:3]) + "/"


class PostPolicy(Policy):
    def visible(self, qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
        mine = super().visible(qs, user)
        scope = scope_for(user)
        if scope.is_national_admin:
            return mine
        areas = {force_path_of(r.path) for r in scope.roles if r.kind == OrganisationKind.PARTNER}
        if not areas:
            return mine
        q = Q()
        for path in areas:
            q |= Q(organisation__path__startswith=path)
        spoc = qs.filter(q, kind="spoc")
        return qs.filter(Q(pk__in=mine.values("pk")) | Q(pk__in=spoc.values("pk")))


POST_POLICY = PostPolicy()
