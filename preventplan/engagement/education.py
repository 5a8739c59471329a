"""Education coverage (activity 2.5): every school, college and university among the partner
organisations a person's area holds, with the education liaison officer posts that cover it,
and the gaps. A post the person may not read is shown by its organisation only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from preventplan.engagement.forms import EDUCATION_TYPES
from preventplan.engagement.models import Post, PostKind
from preventplan.engagement.policy import force_path_of
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.records.models import RecordStatus


@dataclass
class Institution:
    organisation: Organisation
    posts: list[tuple[Post, bool]] = field(default_factory=list)  # (post, may read it)


def area_q(user: Any) -> Q | None:
    """The force areas (or wider) of the plans the person reads; None for everywhere."""
    scope = scope_for(user)
    if scope.is_national_admin:
        return None
    q = Q(pk__in=[])
    for path in scope.plan_read_paths:
        depth = path.count("/") - 1
        q |= Q(path__startswith=force_path_of(path) if depth >= 3 else path)
    return q


def coverage(user: Any) -> list[Institution]:
    """The education institutions of the person's areas, each with its liaison posts (open and
    filled): four queries."""
    area = area_q(user)
    institutions = Organisation.objects.filter(
        kind=OrganisationKind.PARTNER, is_active=True, partner_type__code__in=EDUCATION_TYPES
    ).select_related("partner_type")
    if area is not None:
        institutions = institutions.filter(area)
    rows = {o.pk: Institution(o) for o in institutions.order_by("name")}
    readable = set(Post.objects.visible_to(user).values_list("pk", flat=True))
    posts = (
        Post.objects.filter(
            kind=PostKind.EDUCATION_LIAISON,
            status=RecordStatus.OPEN,
            vacant=False,
            institutions__in=list(rows),
        )
        .select_related("organisation", "owner")
        .prefetch_related("institutions")
        .distinct()
    )
    for post in posts:
        for inst in post.institutions.all():
            if inst.pk in rows:
                rows[inst.pk].posts.append((post, post.pk in readable))
    return list(rows.values())
