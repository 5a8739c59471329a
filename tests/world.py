"""The test fixture of docs/testing.md: organisations × personas, built through our own actions.

Force A with BCUs A1 and A2 and a police authority; Force B with BCU B1; Local Authority L, a
partner in a partnership with A1; and one person per role. ``PASSWORD`` signs in every persona.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from preventplan.accounts.models import TotpDevice, User
from preventplan.catalogue.loader import load_template
from preventplan.catalogue.models import PartnerType
from preventplan.organisations import actions
from preventplan.organisations.access import TWO_FACTOR_ROLES
from preventplan.organisations.models import (
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
    Role,
)
from preventplan.performance.defaults import ensure_defaults
from preventplan.plans import actions as plan_actions
from preventplan.plans.models import Action, Decision, Plan, ThreatLevel, ensure_threat_levels
from preventplan.tension.defaults import ensure_defaults as ensure_tension_defaults

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the privileged personas' authenticator
K = OrganisationKind

PERSONAS: dict[str, tuple[str, str | None]] = {
    # persona: (role, organisation key); anonymous has none
    "anonymous": ("", None),
    "national_admin": (Role.NATIONAL_ADMIN, "england"),
    "regional_oversight": (Role.OVERSIGHT, "region"),
    "force_lead": (Role.FORCE_LEAD, "force_a"),
    "bcu_lead": (Role.BCU_LEAD, "bcu_a1"),
    "action_owner": (Role.ACTION_OWNER, "bcu_a1"),
    "partner_user": (Role.PARTNER_USER, "la"),
    "oversight_reader": (Role.OVERSIGHT_READER, "authority_a"),
    "auditor": (Role.AUDITOR, "force_a"),
    "other_force_lead": (Role.FORCE_LEAD, "force_b"),
}


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    partnerships: dict[str, Partnership] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)

    @property
    def partnership(self) -> Partnership:
        """The A1 Prevent forum (BCU A1 with Local Authority L)."""
        return self.partnerships["a1"]

    @property
    def partnership_b(self) -> Partnership:
        return self.partnerships["b1"]

    def action(self, plan: str, number: str) -> Action:
        return Action.objects.get(plan=self.plans[plan], number=number)


def build_world() -> World:
    load_template()
    ensure_defaults()
    ensure_tension_defaults()
    world = World()
    types = {pt.code: pt for pt in PartnerType.objects.all()}
    admin = User.objects.create_user(
        "national_admin@test.example", PASSWORD, full_name="National Admin"
    )

    def org(
        key: str, name: str, kind: str, parent: str | None = None, ptype: str | None = None
    ) -> None:
        o = Organisation(
            name=name,
            kind=kind,
            parent=world.orgs[parent] if parent else None,
            partner_type=types[ptype] if ptype else None,
        )
        world.orgs[key] = actions.create_organisation(admin, o)

    org("england", "England", K.NATION)
    org("region", "Test Region", K.REGION, "england")
    org("force_a", "Force A", K.FORCE, "region")
    org("bcu_a1", "BCU A1", K.BCU, "force_a")
    org("bcu_a2", "BCU A2", K.BCU, "force_a")
    org("authority_a", "Force A Police Authority", K.OVERSIGHT, "force_a")
    org("la", "Local Authority L", K.PARTNER, "force_a", "local-authority")
    org("school_a2", "School near A2", K.PARTNER, "force_a", "schools")
    org("force_b", "Force B", K.FORCE, "region")
    org("bcu_b1", "BCU B1", K.BCU, "force_b")
    org("partner_b", "Council in B", K.PARTNER, "force_b", "local-authority")

    world.partnerships["a1"] = actions.save_partnership(
        admin,
        Partnership(
            name="A1 Prevent Forum", kind=PartnershipKind.PREVENT_FORUM, force=world.orgs["force_a"]
        ),
        [world.orgs["bcu_a1"], world.orgs["la"]],
    )
    world.partnerships["b1"] = actions.save_partnership(
        admin,
        Partnership(name="B1 CSP", kind=PartnershipKind.CDRP_CSP, force=world.orgs["force_b"]),
        [world.orgs["bcu_b1"], world.orgs["partner_b"]],
    )
    for persona, (role, org_key) in PERSONAS.items():
        if org_key is None:
            continue
        user = (
            admin
            if persona == "national_admin"
            else User.objects.create_user(
                f"{persona}@test.example", PASSWORD, full_name=persona.replace("_", " ").title()
            )
        )
        actions.grant_role(admin, user, world.orgs[org_key], role)
        world.users[persona] = user
        if role in TWO_FACTOR_ROLES:
            TotpDevice.objects.create(user=user, secret=TOTP_SECRET)
    build_plans(world)
    return world


PERIOD = (date(2026, 4, 1), date(2027, 3, 31))


def build_plans(world: World) -> None:
    """A draft plan for BCU A1 (3.1 owned by the action owner, LA a partner of 3.1) and one for
    BCU B1 in the other force."""
    ensure_threat_levels()
    substantial = ThreatLevel.objects.get(code="substantial")
    a1 = plan_actions.create_plan(
        world.users["bcu_lead"],
        world.orgs["bcu_a1"],
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        threat_level=substantial,
        partnership=world.partnerships["a1"],
    )
    Action.objects.filter(plan=a1, number="3.1").update(owner=world.users["action_owner"])
    world.plans["a1"] = a1
    world.plans["b1"] = b1 = plan_actions.create_plan(
        world.users["other_force_lead"],
        world.orgs["bcu_b1"],
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        threat_level=substantial,
        partnership=world.partnerships["b1"],
    )
    # Both plans have had every template action adopted (a new draft starts "not reviewed").
    Action.objects.filter(plan__in=[a1, b1]).update(decision=Decision.ADOPT)


def load_world() -> World:
    """The world already in the database (built once per test session)."""
    world = World()
    names = {
        "england": "England",
        "region": "Test Region",
        "force_a": "Force A",
        "bcu_a1": "BCU A1",
        "bcu_a2": "BCU A2",
        "authority_a": "Force A Police Authority",
        "la": "Local Authority L",
        "school_a2": "School near A2",
        "force_b": "Force B",
        "bcu_b1": "BCU B1",
        "partner_b": "Council in B",
    }
    world.orgs = {key: Organisation.objects.get(name=name) for key, name in names.items()}
    world.users = {
        persona: User.objects.get(email=f"{persona}@test.example")
        for persona, (_, org_key) in PERSONAS.items()
        if org_key
    }
    world.partnerships = {
        "a1": Partnership.objects.get(name="A1 Prevent Forum"),
        "b1": Partnership.objects.get(name="B1 CSP"),
    }
    world.plans = {
        "a1": Plan.objects.get(organisation=world.orgs["bcu_a1"], period_start=PERIOD[0]),
        "b1": Plan.objects.get(organisation=world.orgs["bcu_b1"], period_start=PERIOD[0]),
    }
    return world


def get_or_build_world() -> World:
    if Organisation.objects.filter(name="Force A").exists():
        return load_world()
    return build_world()
