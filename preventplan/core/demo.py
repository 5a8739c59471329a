"""Demo data: a fictional force with its BCUs, partners, a partnership and one user per role.

Every name is invented and every address is in the reserved ``demo.example`` domain. It is built
through the same domain functions the pages use, so it leaves the same audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from preventplan.accounts.models import User
from preventplan.catalogue.models import PartnerType
from preventplan.organisations import actions
from preventplan.organisations.models import (
    Invitation,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
    Role,
)

DEMO_PASSWORD = "prevent-demo-2026"  # noqa: S105 - printed to the person who ran seed_demo
DEMO_DOMAIN = "demo.example"
DEMO_FORCE = "Northmoor Police"

K = OrganisationKind


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    job_title: str
    organisation: str
    role: str


DEMO_USERS = [
    DemoUser("admin", "Morgan Ellery", "Service owner", "England", Role.NATIONAL_ADMIN),
    DemoUser(
        "oversight",
        "Ruth Okafor",
        "Regional Prevent delivery manager",
        "Northern Marches Region",
        Role.OVERSIGHT,
    ),
    DemoUser(
        "force.lead",
        "ACC Daniel Harcourt",
        "Assistant Chief Constable, Prevent strategic lead",
        DEMO_FORCE,
        Role.FORCE_LEAD,
    ),
    DemoUser(
        "bcu.lead",
        "Ch Supt Amira Hollis",
        "BCU Commander, Northmoor City",
        "Northmoor City BCU",
        Role.BCU_LEAD,
    ),
    DemoUser(
        "action.owner",
        "PS Tom Reddaway",
        "Neighbourhood policing sergeant",
        "Northmoor City BCU",
        Role.ACTION_OWNER,
    ),
    DemoUser(
        "partner",
        "Jo Pemberton",
        "Prevent coordinator",
        "Northmoor City Council",
        Role.PARTNER_USER,
    ),
    DemoUser(
        "authority",
        "Cllr Grace Imrie",
        "Police authority Prevent lead",
        "Northmoor Police Authority",
        Role.OVERSIGHT_READER,
    ),
    DemoUser("auditor", "Len Castell", "Information assurance officer", DEMO_FORCE, Role.AUDITOR),
    DemoUser(
        "other.force",
        "Supt Nia Brannock",
        "Force Prevent lead",
        "Southmoor Constabulary",
        Role.FORCE_LEAD,
    ),
]

# (name, short name, kind, parent name, partner type code)
DEMO_ORGANISATIONS: list[tuple[str, str, str, str | None, str | None]] = [
    ("England", "", K.NATION, None, None),
    ("Wales", "", K.NATION, None, None),
    ("Northern Marches Region", "Northern Marches", K.REGION, "England", None),
    (DEMO_FORCE, "Northmoor", K.FORCE, "Northern Marches Region", None),
    ("Southmoor Constabulary", "Southmoor", K.FORCE, "Northern Marches Region", None),
    ("Northmoor City BCU", "Northmoor City", K.BCU, DEMO_FORCE, None),
    ("Eastdale BCU", "Eastdale", K.BCU, DEMO_FORCE, None),
    ("Westvale BCU", "Westvale", K.BCU, DEMO_FORCE, None),
    ("Southbridge BCU", "Southbridge", K.BCU, DEMO_FORCE, None),
    ("Southmoor North BCU", "Southmoor North", K.BCU, "Southmoor Constabulary", None),
    ("Southmoor South BCU", "Southmoor South", K.BCU, "Southmoor Constabulary", None),
    ("Northmoor Police Authority", "Police authority", K.OVERSIGHT, DEMO_FORCE, None),
    ("Northern Marches Counter Terrorism Unit", "NMCTU", K.PARTNER, DEMO_FORCE, "ctu-ctiu"),
    ("Northmoor City Council", "City Council", K.PARTNER, DEMO_FORCE, "local-authority"),
    (
        "Northmoor City Council Children's Services",
        "Children's Services",
        K.PARTNER,
        "Northmoor City Council",
        "childrens-services",
    ),
    ("Northmoor Youth Offending Team", "YOT", K.PARTNER, "Northmoor City Council", "yot"),
    (
        "Northmoor Community Safety and Cohesion Team",
        "Community Safety",
        K.PARTNER,
        "Northmoor City Council",
        "community-safety",
    ),
    ("Eastdale District Council", "Eastdale DC", K.PARTNER, DEMO_FORCE, "local-authority"),
    ("St Aidan's Academy", "St Aidan's", K.PARTNER, DEMO_FORCE, "schools"),
    ("Northmoor College", "", K.PARTNER, DEMO_FORCE, "colleges"),
    ("University of Northmoor", "", K.PARTNER, DEMO_FORCE, "higher-education"),
    ("Northmoor Primary Care Trust", "Northmoor PCT", K.PARTNER, DEMO_FORCE, "primary-care-trust"),
    (
        "Northern Marches Probation Service",
        "Probation",
        K.PARTNER,
        DEMO_FORCE,
        "offender-management",
    ),
    ("Northmoor Interfaith Forum", "", K.PARTNER, DEMO_FORCE, "faith-groups"),
    ("Westvale Youth and Women's Projects", "", K.PARTNER, DEMO_FORCE, "community-groups"),
]

DEMO_PARTNERSHIPS = [
    (
        "Safer Northmoor Community Safety Partnership",
        PartnershipKind.CDRP_CSP,
        None,
        [
            "Northmoor City BCU",
            "Northmoor City Council",
            "Northern Marches Probation Service",
            "Northmoor Primary Care Trust",
        ],
    ),
    (
        "Northmoor City Prevent Partnership Forum",
        PartnershipKind.PREVENT_FORUM,
        "Safer Northmoor Community Safety Partnership",
        [
            "Northmoor City BCU",
            "Northmoor City Council",
            "Northmoor City Council Children's Services",
            "Northmoor Youth Offending Team",
            "St Aidan's Academy",
            "Northmoor College",
            "University of Northmoor",
            "Northmoor Primary Care Trust",
            "Northern Marches Probation Service",
            "Northmoor Interfaith Forum",
            "Northern Marches Counter Terrorism Unit",
        ],
    ),
    (
        "Eastdale Community Safety Partnership",
        PartnershipKind.CDRP_CSP,
        None,
        ["Eastdale BCU", "Eastdale District Council", "Northern Marches Probation Service"],
    ),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def demo_present() -> bool:
    return Organisation.objects.filter(name=DEMO_FORCE, kind=K.FORCE).exists()


@transaction.atomic
def seed_demo() -> bool:
    """Create the demo data. Returns False (and changes nothing) if it is already there."""
    if demo_present():
        return False
    types = {pt.code: pt for pt in PartnerType.objects.all()}
    orgs: dict[str, Organisation] = {}
    admin = _user(DEMO_USERS[0])
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    for name, short, kind, parent, ptype in DEMO_ORGANISATIONS:
        org = Organisation.objects.filter(name=name, parent=orgs.get(parent or "")).first()
        if org is None:
            org = Organisation(
                name=name,
                short_name=short,
                kind=kind,
                parent=orgs[parent] if parent else None,
                partner_type=types[ptype] if ptype else None,
                receives_csr_funding=name == DEMO_FORCE,
                email=demo_email(name.lower().replace(" ", ".").replace("'", ""))
                if kind != K.NATION
                else "",
            )
            actions.create_organisation(admin, org)
        orgs[name] = org
    for name, kind, reports_to, members in DEMO_PARTNERSHIPS:
        partnership = Partnership(
            name=name,
            kind=kind,
            force=orgs[DEMO_FORCE],
            reports_to=Partnership.objects.filter(name=reports_to).first() if reports_to else None,
        )
        actions.save_partnership(admin, partnership, [orgs[m] for m in members])
    for demo in DEMO_USERS:
        user = _user(demo)
        actions.grant_role(admin, user, orgs[demo.organisation], demo.role)
    force_lead = User.objects.get(email=demo_email("force.lead"))
    if not Invitation.objects.filter(email=demo_email("new.starter")).exists():
        actions.invite(
            force_lead,
            email=demo_email("new.starter"),
            full_name="Kit Marlow",
            organisation=orgs["Westvale BCU"],
            role=Role.BCU_LEAD,
            send_email=False,
        )
    return True


def _user(demo: DemoUser) -> User:
    user = User.objects.filter(email=demo_email(demo.email)).first()
    if user is None:
        user = User.objects.create_user(
            demo_email(demo.email), DEMO_PASSWORD, full_name=demo.name, job_title=demo.job_title
        )
    return user
