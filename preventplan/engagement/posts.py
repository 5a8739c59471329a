"""Posts in place across a force (activities 0.1, 0.2, 0.3 and 0.9): which BCUs have no Prevent
lead, no deputy, or a vacant post. The force dashboard and the reports show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from preventplan.engagement.models import Post, PostKind
from preventplan.lib.dates import format_date
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.records.models import RecordStatus


@dataclass
class UnitPosts:
    organisation: Organisation
    filled: set[str] = field(default_factory=set)
    vacant: list[tuple[str, date | None]] = field(default_factory=list)  # post, vacant since
    vacant_kinds: set[str] = field(default_factory=set)

    @property
    def has_lead(self) -> bool:
        return PostKind.BCU_LEAD in self.filled

    @property
    def has_deputy(self) -> bool:
        return PostKind.DEPUTY in self.filled

    @property
    def gaps(self) -> list[str]:
        """What is missing, in words: "No Prevent lead", "Vacant since 5 March 2026: Deputy BCU
        Prevent lead" (longest vacant first)."""
        found = []
        known = self.filled | self.vacant_kinds  # a vacant post is said once, as vacant
        if self.organisation.kind == OrganisationKind.BCU:
            if PostKind.BCU_LEAD not in known:
                found.append(_("No Prevent lead"))
            if PostKind.DEPUTY not in known:
                found.append(_("No deputy"))
        elif PostKind.ACPO_LEAD not in known:
            found.append(_("No ACPO strategic lead"))
        for label, since in sorted(self.vacant, key=lambda v: (v[1] or date.max, v[0])):
            if since is None:
                found.append(_("Vacant: %(post)s") % {"post": label})
            else:
                found.append(
                    _("Vacant since %(date)s: %(post)s")
                    % {"date": format_date(since), "post": label}
                )
        return found


def posts_in_force(force: Organisation) -> list[UnitPosts]:
    """The force and each active BCU under it, with the posts filled and vacant (open posts
    only): two queries."""
    units = [
        force,
        *force.children.filter(kind=OrganisationKind.BCU, is_active=True).order_by("name"),
    ]
    rows = {u.pk: UnitPosts(u) for u in units}
    for org_id, kind, vacant, vacant_since in Post.objects.filter(
        organisation__in=units, status=RecordStatus.OPEN
    ).values_list("organisation_id", "kind", "vacant", "vacant_since"):
        if vacant:
            rows[org_id].vacant.append((str(PostKind(kind).label), vacant_since))
            rows[org_id].vacant_kinds.add(kind)
        else:
            rows[org_id].filled.add(kind)
    return list(rows.values())
