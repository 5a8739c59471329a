"""Posts in place across a force (activities 0.1, 0.2, 0.3 and 0.9): which BCUs have no Prevent
lead, no deputy, or a vacant post. The force dashboard and the reports show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from preventplan.engagement.models import Post, PostKind
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.records.models import RecordStatus


@dataclass
class UnitPosts:
    organisation: Organisation
    filled: set[str] = field(default_factory=set)
    vacant: list[str] = field(default_factory=list)

    @property
    def has_lead(self) -> bool:
        return PostKind.BCU_LEAD in self.filled

    @property
    def has_deputy(self) -> bool:
        return PostKind.DEPUTY in self.filled

    @property
    def gaps(self) -> list[str]:
        """What is missing, in words: "No Prevent lead", "Vacant: Deputy BCU Prevent lead"."""
        found = []
        if self.organisation.kind == OrganisationKind.BCU:
            if not self.has_lead:
                found.append("No Prevent lead")
            if not self.has_deputy:
                found.append("No deputy")
        elif PostKind.ACPO_LEAD not in self.filled:
            found.append("No ACPO strategic lead")
        found += [f"Vacant: {label}" for label in self.vacant]
        return found


def posts_in_force(force: Organisation) -> list[UnitPosts]:
    """The force and each active BCU under it, with the posts filled and vacant (open posts
    only): two queries."""
    units = [
        force,
        *force.children.filter(kind=OrganisationKind.BCU, is_active=True).order_by("name"),
    ]
    rows = {u.pk: UnitPosts(u) for u in units}
    for org_id, kind, vacant in Post.objects.filter(
        organisation__in=units, status=RecordStatus.OPEN
    ).values_list("organisation_id", "kind", "vacant"):
        if vacant:
            rows[org_id].vacant.append(PostKind(kind).label)
        else:
            rows[org_id].filled.add(kind)
    return list(rows.values())
