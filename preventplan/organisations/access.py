"""Who may see and do what with organisations, partnerships and memberships.

This is the one place that answers those questions; views, the API, exports and reports call it.
The policy in words is ``docs/permissions.md``. A user's scope is computed once per request
(three queries) from their *current* memberships, so a removed role or deactivated account stops
working on the next request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from preventplan.catalogue.models import ENGLAND, WALES
from preventplan.organisations.models import (
    ALLOWED_PARENTS,
    ROLE_ORGANISATION_KINDS,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
)

if TYPE_CHECKING:
    from preventplan.accounts.models import User

# Roles a force lead may grant inside their force area, and a BCU lead inside their BCU.
FORCE_LEAD_GRANTS = {
    Role.FORCE_LEAD,
    Role.BCU_LEAD,
    Role.ACTION_OWNER,
    Role.PARTNER_USER,
    Role.OVERSIGHT_READER,
}
BCU_LEAD_GRANTS_OWN = {Role.ACTION_OWNER}
BCU_LEAD_GRANTS_PARTNER = {Role.ACTION_OWNER, Role.PARTNER_USER}

# Roles that let their holder read every plan in the subtree they read (docs/principles.md, Roles). Action
# owners and partner users see only the actions they own or help deliver.
PLAN_READ_ROLES = {Role.OVERSIGHT, Role.FORCE_LEAD, Role.BCU_LEAD, Role.OVERSIGHT_READER}

# Organisation kinds a force lead may create under their force.
FORCE_LEAD_CREATES = {OrganisationKind.BCU, OrganisationKind.PARTNER, OrganisationKind.OVERSIGHT}

# Roles whose holders must sign in with a second factor (as must everyone in an organisation
# that asks for it).
TWO_FACTOR_ROLES = {Role.FORCE_LEAD, Role.NATIONAL_ADMIN, Role.AUDITOR}

NOTHING = Q(pk__in=[])


@dataclass
class HeldRole:
    role: str
    organisation_id: int
    path: str
    kind: str
    parent_path: str


@dataclass
class Scope:
    """Everything the access rules need to know about one user, computed once."""

    is_national_admin: bool = False
    roles: list[HeldRole] = field(default_factory=list)
    read_paths: set[str] = field(default_factory=set)
    extra_organisation_ids: set[int] = field(default_factory=set)
    partnership_ids: set[int] = field(default_factory=set)
    partner_organisation_ids: set[int] = field(default_factory=set)
    plan_read_paths: set[str] = field(default_factory=set)

    @property
    def own_organisation_ids(self) -> set[int]:
        return {r.organisation_id for r in self.roles}

    # -- querysets -----------------------------------------------------------------------------
    def organisation_q(self, prefix: str = "") -> Q:
        if self.is_national_admin:
            return Q()
        q = Q(**{f"{prefix}id__in": sorted(self.extra_organisation_ids)})
        for path in self.read_paths:
            q |= Q(**{f"{prefix}path__startswith": path})
        return q

    def partnership_q(self) -> Q:
        if self.is_national_admin:
            return Q()
        q = Q(id__in=sorted(self.partnership_ids))
        for path in self.read_paths:
            q |= Q(force__path__startswith=path)
        return q

    # -- predicates ----------------------------------------------------------------------------
    def held(self, *roles: str) -> list[HeldRole]:
        return [r for r in self.roles if r.role in roles]

    def can_see_organisation(self, org: Organisation) -> bool:
        return (
            self.is_national_admin
            or org.pk in self.extra_organisation_ids
            or any(org.path.startswith(p) for p in self.read_paths)
        )

    def can_manage_organisation(self, org: Organisation) -> bool:
        if self.is_national_admin:
            return True
        return any(org.path.startswith(r.path) for r in self.held(Role.FORCE_LEAD))

    def creatable_kinds(self, parent: Organisation | None) -> set[str]:
        """Kinds of organisation this user may create under ``parent``."""
        parent_kind = parent.kind if parent else None
        allowed = {kind for kind, parents in ALLOWED_PARENTS.items() if parent_kind in parents}
        if self.is_national_admin:
            return allowed
        if parent is not None and self.can_manage_organisation(parent):
            return allowed & FORCE_LEAD_CREATES
        return set()

    def grantable_roles(self, org: Organisation) -> list[str]:
        """Roles this user may grant (or remove) in ``org``, in display order."""
        fitting = {r for r, kinds in ROLE_ORGANISATION_KINDS.items() if org.kind in kinds}
        if self.is_national_admin:
            allowed: set[str] = set(Role.values)
        else:
            allowed = set()
            for held in self.held(Role.FORCE_LEAD):
                if org.path.startswith(held.path):
                    allowed |= FORCE_LEAD_GRANTS
            for held in self.held(Role.BCU_LEAD):
                if org.path.startswith(held.path):
                    allowed |= BCU_LEAD_GRANTS_OWN
            if self.held(Role.BCU_LEAD) and org.pk in self.partner_organisation_ids:
                allowed |= BCU_LEAD_GRANTS_PARTNER
        return [r for r in Role.values if r in allowed & fitting]

    def can_see_people(self, org: Organisation) -> bool:
        return bool(self.grantable_roles(org)) or any(
            r.organisation_id == org.pk for r in self.roles
        )

    def can_manage_partnership(self, partnership: Partnership) -> bool:
        return self.is_national_admin or any(
            r.organisation_id == partnership.force_id for r in self.held(Role.FORCE_LEAD)
        )

    def can_create_partnership(self) -> bool:
        return self.is_national_admin or bool(self.held(Role.FORCE_LEAD))

    def is_role_holder(self) -> bool:
        return self.is_national_admin or bool(self.roles)


def _read_root(held: HeldRole) -> str:
    """The top of the subtree a role lets its holder read."""
    if held.role == Role.OVERSIGHT_READER and held.parent_path:
        return held.parent_path  # a police authority reads its force
    return held.path


def compute_scope(user: User) -> Scope:
    scope = Scope()
    if not user.is_authenticated or not user.is_active:
        return scope
    memberships = list(
        Membership.objects.current()
        .filter(user=user, organisation__is_active=True)
        .select_related("organisation__parent")
    )
    for m in memberships:
        org = m.organisation
        held = HeldRole(
            role=m.role,
            organisation_id=org.pk,
            path=org.path,
            kind=org.kind,
            parent_path=org.parent.path if org.parent else "",
        )
        scope.roles.append(held)
        if m.role == Role.NATIONAL_ADMIN:
            scope.is_national_admin = True
        scope.read_paths.add(_read_root(held))
        if held.role in PLAN_READ_ROLES:
            scope.plan_read_paths.add(_read_root(held))
        scope.extra_organisation_ids.update(org.ancestor_ids())
        if held.role == Role.OVERSIGHT_READER and org.parent:
            scope.extra_organisation_ids.update(org.parent.ancestor_ids())
    own_ids = {r.organisation_id for r in scope.roles}
    if own_ids:
        # The active partnerships the user's organisations belong to, with all their members: one
        # query (it runs on every signed-in request).
        pairs = set(
            Partnership.members.through.objects.filter(
                partnership__is_active=True, partnership__members__in=own_ids
            ).values_list("partnership_id", "organisation_id")
        )
        scope.partnership_ids = {partnership for partnership, _ in pairs}
        scope.partner_organisation_ids = {organisation for _, organisation in pairs}
        scope.extra_organisation_ids |= scope.partner_organisation_ids
    return scope


def home_nation(user: Any) -> str:
    """Wales when every organisation the person holds a role in lies in Wales, else England:
    the template pages' nation before the person chooses one."""
    own = {r.organisation_id for r in scope_for(user).roles}
    nations = {o.template_nation() for o in Organisation.objects.filter(id__in=own)}
    return WALES if nations == {WALES} else ENGLAND


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once and kept on the user object for this request."""
    cached = getattr(user, "_preventplan_scope", None)
    if cached is None:
        cached = compute_scope(user)
        if user.is_authenticated:
            user._preventplan_scope = cached
    return cached


def forget_scope(user: Any) -> None:
    if hasattr(user, "_preventplan_scope"):
        del user._preventplan_scope


# -- what an organisation's records need ---------------------------------------------------------
# One statement of two rules that plans, programme registers, boards, performance figures,
# tension returns, dashboards and reports all follow (docs/permissions.md).
def reads_plans_of(scope: Scope, org: Organisation) -> bool:
    """Whoever reads an organisation's plans also reads its roll-up, registers, figures and
    reports."""
    return scope.is_national_admin or any(org.path.startswith(p) for p in scope.plan_read_paths)


def organisation_read_q(scope: Scope, prefix: str = "") -> Q:
    """Records whose organisation lies in a subtree whose plans this user reads."""
    if scope.is_national_admin:
        return Q()
    q = NOTHING
    for path in scope.plan_read_paths:
        q |= Q(**{f"{prefix}organisation__path__startswith": path})
    return q


def lead_role_for(org: Organisation) -> str | None:
    """The role that runs an organisation's plan and registers: force lead or BCU lead."""
    leads: dict[str, str] = {
        OrganisationKind.FORCE: Role.FORCE_LEAD,
        OrganisationKind.BCU: Role.BCU_LEAD,
    }
    return leads.get(org.kind)


def can_run(scope: Scope, org: Organisation) -> bool:
    """May run this organisation's plan and registers: the lead who holds the matching role in
    the organisation itself (not above it)."""
    role = lead_role_for(org)
    return any(r.role == role and r.organisation_id == org.pk for r in scope.roles)


def organisations_run_by(scope: Scope) -> list[Organisation]:
    """The active organisations whose plan and registers this user runs."""
    ids = [r.organisation_id for r in scope.roles if r.role in {Role.FORCE_LEAD, Role.BCU_LEAD}]
    return list(Organisation.objects.filter(id__in=ids, is_active=True).order_by("name"))


def two_factor_required(user: User) -> bool:
    """Two-factor sign-in is required of this person (accounts.two_factor asks; see
    OrganisationsConfig.ready)."""
    current = Membership.objects.current().filter(user=user)
    return (
        current.filter(role__in=TWO_FACTOR_ROLES).exists()
        or current.filter(organisation__require_two_factor=True).exists()
    )


# -- access-scoped getters: the first line of every view ------------------------------------------
def get_organisation_for_user(user: Any, pk: int, *, write: bool = False) -> Organisation:
    """The organisation if the user may see it (404 otherwise); 403 if ``write`` is refused."""
    org = Organisation.objects.filter(pk=pk).select_related("parent", "partner_type").first()
    scope = scope_for(user)
    if org is None or not scope.can_see_organisation(org):
        raise Http404
    if write and not scope.can_manage_organisation(org):
        raise PermissionDenied
    return org


def get_partnership_for_user(user: Any, pk: int, *, write: bool = False) -> Partnership:
    partnership = Partnership.objects.visible_to(user).filter(pk=pk).select_related("force").first()
    if partnership is None:
        raise Http404
    if write and not scope_for(user).can_manage_partnership(partnership):
        raise PermissionDenied
    return partnership


def get_membership_for_user(user: Any, pk: int) -> Membership:
    """A current membership the user may end (404 if they cannot see it, 403 if not theirs to end)."""
    membership = (
        Membership.objects.current().filter(pk=pk).select_related("organisation", "user").first()
    )
    scope = scope_for(user)
    if membership is None or not scope.can_see_people(membership.organisation):
        raise Http404
    if membership.role not in scope.grantable_roles(membership.organisation):
        raise PermissionDenied
    return membership


def get_invitation_for_user(user: Any, pk: int, *, write: bool = False) -> Invitation:
    """A pending invitation to an organisation the user sees (404 otherwise); ``write``: only
    someone who may grant the role it offers (403)."""
    invitation = Invitation.objects.pending().filter(pk=pk).select_related("organisation").first()
    scope = scope_for(user)
    if invitation is None or not scope.can_see_organisation(invitation.organisation):
        raise Http404
    if write and invitation.role not in scope.grantable_roles(invitation.organisation):
        raise PermissionDenied
    return invitation
