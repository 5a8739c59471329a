"""Nations, regions, forces, BCUs, partner organisations, oversight bodies, partnerships,
and the memberships that give people their roles.

Organisations form one tree (nation → region → force → BCU; partner organisations and oversight
bodies sit under the force whose area they serve, and a partner's services may sit under it).
Each row keeps its materialised ``path`` ("/1/4/9/") so that "everything under this force" is a
single indexed prefix query at any scale.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preventplan.accounts.models import User
from preventplan.catalogue.models import ENGLAND, WALES
from preventplan.lib.tokens import hash_token, new_token

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class OrganisationKind(models.TextChoices):
    NATION = "nation", _("Nation")
    REGION = "region", _("Region")
    FORCE = "force", _("Police force")
    BCU = "bcu", _("Basic Command Unit")
    PARTNER = "partner", _("Partner organisation")
    OVERSIGHT = "oversight", _("Oversight body")


class Nation(models.TextChoices):
    """Which national template an organisation's plans use (the values are the templates'
    ``nation``). Set on a nation or a force; BCUs and partners take their force's."""

    ENGLAND = ENGLAND, _("England")
    WALES = WALES, _("Wales")


# Which kinds may sit directly under which.
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    OrganisationKind.NATION: {None},
    OrganisationKind.REGION: {OrganisationKind.NATION},
    OrganisationKind.FORCE: {OrganisationKind.REGION},
    OrganisationKind.BCU: {OrganisationKind.FORCE},
    OrganisationKind.PARTNER: {OrganisationKind.FORCE, OrganisationKind.PARTNER},
    OrganisationKind.OVERSIGHT: {OrganisationKind.FORCE, OrganisationKind.REGION},
}


class Role(models.TextChoices):
    """The roles of docs/principles.md, Roles. A role is held in one organisation (a membership)."""

    NATIONAL_ADMIN = "national-admin", _("National administrator")
    OVERSIGHT = "oversight", _("Regional or national oversight")
    FORCE_LEAD = "force-lead", _("Force Prevent lead")
    BCU_LEAD = "bcu-lead", _("BCU Prevent lead")
    ACTION_OWNER = "action-owner", _("Action owner")
    PARTNER_USER = "partner-user", _("Partner user")
    OVERSIGHT_READER = "oversight-reader", _("Oversight reader")
    AUDITOR = "auditor", _("Auditor")


# Roles whose holders do work and so may own an action or a register record; the others read.
ACCOUNTABLE_ROLES = (Role.FORCE_LEAD, Role.BCU_LEAD, Role.ACTION_OWNER, Role.PARTNER_USER)

ROLE_DESCRIPTIONS = cast(
    dict[str, str],
    {
        Role.NATIONAL_ADMIN: _("Manages template versions, organisations and users everywhere."),
        Role.OVERSIGHT: _("Reads roll-ups and returns for their region or nation."),
        Role.FORCE_LEAD: _(
            "Runs the force plan and registers, approves BCU plans and sees all BCUs."
        ),
        Role.BCU_LEAD: _("Runs the BCU plan and submits weekly tension assessments."),
        Role.ACTION_OWNER: _("Updates the actions and milestones they own."),
        Role.PARTNER_USER: _(
            "Sees what is shared with their partnership and updates actions they own."
        ),
        Role.OVERSIGHT_READER: _("Reads reports for their force (police authority or PCC office)."),
        Role.AUDITOR: _("Reads the audit log."),
    },
)

# The kinds of organisation in which each role can be held.
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.NATIONAL_ADMIN: {OrganisationKind.NATION},
    Role.OVERSIGHT: {OrganisationKind.NATION, OrganisationKind.REGION},
    Role.FORCE_LEAD: {OrganisationKind.FORCE},
    Role.BCU_LEAD: {OrganisationKind.BCU},
    Role.ACTION_OWNER: {
        OrganisationKind.FORCE,
        OrganisationKind.BCU,
        OrganisationKind.PARTNER,
        OrganisationKind.OVERSIGHT,
    },
    Role.PARTNER_USER: {OrganisationKind.PARTNER},
    Role.OVERSIGHT_READER: {OrganisationKind.OVERSIGHT},
    Role.AUDITOR: {OrganisationKind.NATION, OrganisationKind.REGION, OrganisationKind.FORCE},
}


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: User | AnonymousUser) -> OrganisationQuerySet:
        # access.py imports these models: importing it here, not at the top, breaks the cycle
        from preventplan.organisations.access import scope_for

        return self.filter(scope_for(user).organisation_q())

    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def under(self, org: Organisation) -> OrganisationQuerySet:
        return self.filter(path__startswith=org.path)


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    partner_type = models.ForeignKey(
        "catalogue.PartnerType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    email = models.EmailField(_("contact email"), blank=True)
    receives_csr_funding = models.BooleanField(
        _("receives CSR funding for Prevent"),
        default=False,
        help_text=_(
            "Forces only: additional Prevent funding through the Comprehensive Spending Review."
        ),
    )
    nation = models.CharField(
        _("nation"),
        max_length=20,
        choices=Nation.choices,
        blank=True,
        help_text=_(
            "Nations and forces: whose national template new plans use. Left empty, the "
            "organisation takes the nation of the one above it (England if none has one)."
        ),
    )
    require_two_factor = models.BooleanField(
        _("everyone here must use two-factor sign-in"),
        default=False,
        help_text=_("Force leads, national administrators and auditors always must."),
    )
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="organisation_unique_name_in_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            Organisation.objects.filter(pk=self.pk).update(path=path)
            if old:
                # Moved: rewrite the paths of everything below it.
                for child in Organisation.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = path + child.path[len(old) :]
                    Organisation.objects.filter(pk=child.pk).update(path=child.path)

    @property
    def audit_organisation(self) -> Organisation:
        return self

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def template_nation(self) -> str:
        """The nation whose template this organisation's new plans use: its own, else that of
        the nearest organisation above it that has one (a BCU or partner takes its force's, a
        force its nation's), else England."""
        if self.nation:
            return self.nation
        ids = self.ancestor_ids()
        found = dict(
            Organisation.objects.filter(id__in=ids).exclude(nation="").values_list("id", "nation")
        )
        return next((found[i] for i in reversed(ids) if i in found), ENGLAND)

    @property
    def in_wales(self) -> bool:
        return self.template_nation() == WALES

    def force(self) -> Organisation | None:
        """The force this organisation belongs to, if any (itself for a force)."""
        if self.kind == OrganisationKind.FORCE:
            return self
        ids = self.ancestor_ids()
        return Organisation.objects.filter(id__in=ids, kind=OrganisationKind.FORCE).first()


class PartnershipKind(models.TextChoices):
    PREVENT_FORUM = "prevent-forum", _("Local partnership Prevent forum or board")
    CDRP_CSP = (
        "cdrp-csp",
        _("Crime and Disorder Reduction Partnership / Community Safety Partnership"),
    )
    LSP = "lsp", _("Local Strategic Partnership")
    LSB = "lsb", _("Local Service Board (Wales)")


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def visible_to(self, user: User | AnonymousUser) -> PartnershipQuerySet:
        # access.py imports these models: importing it here, not at the top, breaks the cycle
        from preventplan.organisations.access import scope_for

        return self.filter(scope_for(user).partnership_q()).distinct()


class Partnership(models.Model):
    """A multi-agency partnership around a BCU or local authority area (document ¶8, ¶12)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PartnershipKind.choices)
    force = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="force_partnerships",
        limit_choices_to={"kind": OrganisationKind.FORCE},
        help_text=_("The force whose area the partnership covers."),
    )
    reports_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting_partnerships",
        help_text=_("e.g. a Prevent forum reporting to the CSP or LSP."),
    )
    members = models.ManyToManyField(Organisation, related_name="partnerships", blank=True)
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "name"], name="partnership_unique_name_in_force"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_organisation(self) -> Organisation:
        return self.force


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(ended_at__isnull=True, user__is_active=True)

    def people(self, under: list[Organisation], also: Any = ()) -> models.QuerySet[Any]:
        """Active people, by name, who can be made accountable for work (an owner): a current
        role that does work (:data:`ACCOUNTABLE_ROLES`) in any of ``under`` or an organisation
        below them, or in one of the organisation ids ``also`` (not their subtrees). Those who
        only read there (auditors, oversight) are not offered."""
        ids = set(also)
        for org in under:
            ids |= set(Organisation.objects.under(org).values_list("id", flat=True))
        users = (
            self.current()
            .filter(organisation_id__in=sorted(ids), role__in=ACCOUNTABLE_ROLES)
            .values("user_id")
        )
        return User.objects.filter(id__in=users, is_active=True).order_by("full_name")


class Membership(models.Model):
    """A role held by a person in an organisation. Ended, never deleted, so history remains."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_one_current_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed, single-use, expiring invitation to hold a role in an organisation."""

    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()}, {self.organisation})"

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    def issue_token(self) -> str:
        """Set a fresh token (returned once, stored only as a hash) and the expiry."""
        token = new_token()
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
        return token

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.revoked_at:
            return "Withdrawn"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Pending"

    @property
    def is_usable(self) -> bool:
        return self.status == "Pending"
