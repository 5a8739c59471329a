"""Who reads grievances and lessons: as every register (``records.access.Policy``), and also the
members of a partnership a record is shared with, while a protocol in force covers that
partnership and "grievances and organisational learning" (5.8: grievances are shared with
partners). Partners only read; ``docs/permissions.md`` says the same in words."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from preventplan.organisations.access import scope_for
from preventplan.records.access import Policy
from preventplan.sharing.models import ShareCategory, partnerships_with_protocol


class SharedWithPartnershipsPolicy(Policy):
    category = ShareCategory.COMMUNITY

    def visible(self, qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
        own = super().visible(qs, user)
        scope = scope_for(user)
        if scope.is_national_admin or not scope.partnership_ids:
            return own
        partnerships = partnerships_with_protocol(self.category).filter(
            pk__in=sorted(scope.partnership_ids)
        )
        shared = qs.model._default_manager.filter(shared_with__in=partnerships).values("pk")
        return qs.filter(Q(pk__in=own.values("pk")) | Q(pk__in=shared))

    def read_through_sharing(self, user: Any, records: list[Any]) -> list[Any]:
        """Read from outside the records' organisation (and not as their owner): the sharing is
        the only reason the reader sees them. One query for a page of records."""
        if not records or not user.is_authenticated:
            return []
        model = type(records[0])
        pks = [r.pk for r in records]
        own = set(
            super()
            .visible(model._default_manager.filter(pk__in=pks), user)
            .values_list("pk", flat=True)
        )
        return [r for r in records if r.pk not in own]


SHARED_WITH_PARTNERSHIPS = SharedWithPartnershipsPolicy()
