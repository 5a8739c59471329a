"""Which partnerships a person reads shared plans through. (Who reads and manages protocols
themselves is their register policy, ``sharing/policy.py``.)"""

from __future__ import annotations

from typing import Any

from preventplan.organisations.access import scope_for
from preventplan.sharing.models import ShareCategory, partnerships_with_protocol


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
