"""Demo data: a fictional force with its BCUs, partners, a partnership and one user per role.

Every name is invented and every address is in the reserved ``demo.example`` domain. It is built
through the same domain functions the pages use, so it leaves the same audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from preventplan.accounts.models import TotpDevice, User
from preventplan.cases.demo import seed_cases
from preventplan.catalogue.loader import WALES_TEMPLATE, load_template
from preventplan.catalogue.models import ENGLAND, WALES, PartnerType, TemplateVersion
from preventplan.engagement.demo import seed_engagement
from preventplan.organisations import actions
from preventplan.organisations.access import TWO_FACTOR_ROLES
from preventplan.organisations.models import (
    Invitation,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
    Role,
)
from preventplan.performance.demo import seed_performance
from preventplan.plans import actions as plan_actions
from preventplan.plans.models import (
    Decision,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanApproval,
    PlanChange,
    PlanStatus,
    ProgressUpdate,
    ThreatLevel,
)
from preventplan.programme.demo import seed_programme
from preventplan.programme.models import Benefit
from preventplan.registers.demo import seed_registers
from preventplan.reports.models import ReportSchedule
from preventplan.sharing import actions as sharing_actions
from preventplan.sharing.models import LegalBasis, Protocol, ProtocolStatus
from preventplan.tension.demo import seed_tension

DEMO_PASSWORD = "prevent-demo-2026"  # noqa: S105 - printed to the person who ran seed_demo
# The demo's privileged users share one authenticator key; `preventplan demo_code` shows its code.
DEMO_TOTP_SECRET = "DEMOPREVENTDEMOPREVENTDEMOPREVNT"  # noqa: S105 - demo only, refused in production
DEMO_DOMAIN = "demo.example"
DEMO_FORCE = "Northmoor Police"
# The fictional Welsh force: its BCU plan is on the Welsh variant of the template.
WELSH_FORCE = "Heddlu Dyffryn Teg / Dyffryn Teg Police"
WELSH_BCU = "Glannau Teg BCU"
DEMO_NATIONS = {"England": ENGLAND, "Wales": WALES}

K = OrganisationKind


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    job_title: str
    organisation: str
    role: str
    language: str = ""  # "cy": the pages and e-mails in Welsh


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
        "case.officer",
        "DC Priya Lindqvist",
        "Prevent case officer",
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
    DemoUser(
        "arweinydd.heddlu",
        "ACC Gareth Llywelyn",
        "Assistant Chief Constable, Prevent strategic lead",
        WELSH_FORCE,
        Role.FORCE_LEAD,
        "cy",
    ),
    DemoUser(
        "arweinydd.bcu",
        "Prif Uwch-arolygydd Elin Prydderch",
        "Comander BCU Glannau Teg",
        WELSH_BCU,
        Role.BCU_LEAD,
        "cy",
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
    ("Wales Region", "Wales", K.REGION, "Wales", None),
    (WELSH_FORCE, "Dyffryn Teg", K.FORCE, "Wales Region", None),
    (WELSH_BCU, "Glannau Teg", K.BCU, WELSH_FORCE, None),
    ("Cyngor Sir Dyffryn Teg", "Cyngor Sir", K.PARTNER, WELSH_FORCE, "local-authority"),
    ("Bwrdd Iechyd Lleol Dyffryn Teg", "BILl", K.PARTNER, WELSH_FORCE, "local-health-board"),
    (
        "Bwrdd Gwasanaethau Lleol Dyffryn Teg",
        "BGLl",
        K.PARTNER,
        WELSH_FORCE,
        "local-service-board",
    ),
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
    if not TemplateVersion.objects.filter(nation=WALES).exists():
        load_template(WALES_TEMPLATE)  # the Welsh force's plans and partner types need it
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
                nation=DEMO_NATIONS.get(name, "") if kind == K.NATION else "",
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
        if demo.role in TWO_FACTOR_ROLES:
            TotpDevice.objects.get_or_create(user=user, defaults={"secret": DEMO_TOTP_SECRET})
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
    seed_plans()
    return True


def _user(demo: DemoUser) -> User:
    user = User.objects.filter(email=demo_email(demo.email)).first()
    if user is None:
        user = User.objects.create_user(
            demo_email(demo.email),
            DEMO_PASSWORD,
            full_name=demo.name,
            job_title=demo.job_title,
            language=demo.language,
        )
    return user


# -- plans ----------------------------------------------------------------------------------------
# (activity number, decision, local wording or reason, owner key)
NORTHMOOR_CITY_DECISIONS = [
    (
        "2.6",
        "not-applicable",
        "No venues in Northmoor City have been identified as at risk under the current threat level; the force-level process under 2.3 covers any that emerge. Reviewed at the next strategic assessment.",
        None,
    ),
    (
        "4.1",
        "not-applicable",
        "Neighbourhood deployment is already reviewed quarterly under the force-wide neighbourhood policing programme; a separate Prevent review would duplicate it.",
        None,
    ),
    (
        "1.3",
        "adapt",
        "Support Northmoor City Council’s Young Voices and Women’s Network programmes to reach beyond the usual community leaders, with the BCU taking part in their quarterly open sessions.",
        "partner",
    ),
]
OWNER_BY_OBJECTIVE = {
    0: "bcu.lead",
    1: "action.owner",
    2: "action.owner",
    3: "partner",
    4: "action.owner",
    5: "bcu.lead",
    6: "bcu.lead",
    7: "action.owner",
}


def financial_year(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 4 else today.year - 1
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def seed_plans(today: date | None = None) -> None:
    """Plans part-delivered: an approved force plan, an approved BCU plan with overdue work and a
    draft just adopted. Dates are relative to today so the demo always looks current."""
    today = today or timezone.localdate()
    start, end = financial_year(today)
    users = {d.email: User.objects.get(email=demo_email(d.email)) for d in DEMO_USERS}
    force = Organisation.objects.get(name=DEMO_FORCE)
    city = Organisation.objects.get(name="Northmoor City BCU")
    eastdale = Organisation.objects.get(name="Eastdale BCU")
    substantial = ThreatLevel.objects.get(code="substantial")
    forum = Partnership.objects.get(name="Northmoor City Prevent Partnership Forum")
    if Plan.objects.filter(organisation__in=[force, city, eastdale]).exists():
        return

    city_plan = plan_actions.create_plan(
        users["bcu.lead"],
        city,
        period_start=start,
        period_end=end,
        threat_level=substantial,
        vulnerability_summary="Two wards with persistent community tension after local incidents; a large student population; a youth offending caseload above the force average.",
        receives_csr_funding=True,
        partnership=forum,
    )
    decisions = {n: (d, text, owner) for n, d, text, owner in NORTHMOOR_CITY_DECISIONS}
    for action in city_plan.actions.select_related("objective"):
        decision, text, owner_key = decisions.get(action.number, (Decision.ADOPT, "", None))
        action.decision = decision
        if decision == Decision.NOT_APPLICABLE:
            action.not_applicable_reason = text
        elif decision == Decision.ADAPT:
            action.local_text = text
        if decision != Decision.NOT_APPLICABLE:
            action.owner = users[owner_key or OWNER_BY_OBJECTIVE[action.objective.number]]
            action.evaluation = "Milestones met on time; partners’ feedback at the Prevent forum; outcomes reported to the force board."
        action.save()
    local = plan_actions.add_local_action(
        users["bcu.lead"],
        city_plan,
        city_plan.actions.get(number="4.2").objective,
        text="Run two community tabletop exercises with the University of Northmoor students’ union and local youth groups, using the force’s Operation Nicole materials.",
        owner=users["action.owner"],
        evaluation="Participant feedback forms; number of new community contacts made.",
    )
    Milestone.objects.create(
        action=local,
        title="First exercise held",
        due_date=today - timedelta(days=40),
        status=MilestoneStatus.COMPLETE,
        completed_on=today - timedelta(days=41),
    )
    Milestone.objects.create(
        action=local, title="Second exercise held", due_date=today + timedelta(days=20)
    )
    _deliver(city_plan, users, today, seed=1)
    plan_actions.submit_plan(users["bcu.lead"], city_plan)
    plan_actions.approve_plan(
        users["force.lead"], city_plan, note="Approved at the force Prevent board."
    )
    _after_approval(city_plan, users, today)

    force_plan = plan_actions.create_plan(
        users["force.lead"],
        force,
        period_start=start,
        period_end=end,
        threat_level=substantial,
        vulnerability_summary="Tension concentrated in Northmoor City and Eastdale; two universities; a category B prison in the force area.",
        receives_csr_funding=True,
    )
    for action in force_plan.actions.all():
        action.owner, action.decision = users["force.lead"], Decision.ADOPT
        action.save(update_fields=["owner", "decision"])
    _deliver(force_plan, users, today, seed=2)
    plan_actions.submit_plan(users["force.lead"], force_plan)
    plan_actions.approve_plan(
        users["force.lead"], force_plan, note="Approved by the force Prevent and CONTEST board."
    )

    seed_protocols(users, city_plan, today)
    seed_cases(users, city, today)
    seed_old_plan(users, city, substantial, today)
    seed_programme(users, force_plan, city_plan, today)
    seed_performance(
        users, force_plan, city_plan, today, list(Benefit.objects.filter(organisation=city))
    )
    seed_reports(users, force, today)
    seed_tension(users, force, today)
    seed_registers(users, force_plan, city_plan, today)
    seed_engagement(users, city, today)

    eastdale_lead = User.objects.get(email=demo_email("force.lead"))
    eastdale_plan = plan_actions.create_plan(
        eastdale_lead,
        eastdale,
        period_start=start,
        period_end=end,
        threat_level=substantial,
        partnership=Partnership.objects.get(name="Eastdale Community Safety Partnership"),
    )
    # Part-way through its review: the first objectives decided, the rest still to do.
    eastdale_plan.actions.filter(objective__number__lte=2).update(decision=Decision.ADOPT)
    seed_welsh_plan(users, today, substantial)
    for plan in Plan.objects.filter(status=PlanStatus.APPROVED, period_end__gte=today):
        _dated(plan, min(start + timedelta(days=30), today - timedelta(days=1)))


def _dated(plan: Plan, approved_on: date) -> None:
    """As if ``plan`` had been drawn up and submitted in the weeks before ``approved_on``,
    approved that morning, and each progress update recorded on the day it reports: seeded in a
    moment, every date on its pages would otherwise be the seeding's. Changes made after the
    approval (other than progress) keep their time. The audit log keeps the seeding's times."""

    def at(day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour)))

    approved, submitted, drafted = (
        at(approved_on, 10),
        at(approved_on - timedelta(days=2), 15),
        at(approved_on - timedelta(days=20), 9),
    )
    changes = PlanChange.objects.filter(plan=plan)
    # What was done before the seeding's approval, other than progress: the drafting.
    drafting = list(
        changes.filter(at__lt=plan.approved_at or timezone.now())
        .exclude(what__startswith="Progress update on")
        .exclude(what__in=["Submitted for approval", "Approved"])
        .values_list("pk", flat=True)
    )
    recorded: dict[int | None, list[int]] = {}
    for pk, action_id in (
        changes.filter(what__startswith="Progress update on")
        .order_by("at", "pk")
        .values_list("pk", "action_id")
    ):
        recorded.setdefault(action_id, []).append(pk)
    # Each action's updates and their "Progress update" changes were made in the same order.
    for update in ProgressUpdate.objects.filter(action__plan=plan).order_by("created_at", "pk"):
        reported = at(update.reported_on, 16)
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=reported)
        if recorded.get(update.action_id):
            changes.filter(pk=recorded[update.action_id].pop(0)).update(at=reported)
    changes.filter(pk__in=drafting).update(at=drafted)
    changes.filter(what="Submitted for approval").update(at=submitted)
    changes.filter(what="Approved").update(at=approved)
    PlanApproval.objects.filter(plan=plan).update(approved_at=approved)
    Plan.objects.filter(pk=plan.pk).update(
        created_at=drafted, submitted_at=submitted, approved_at=approved
    )


def seed_welsh_plan(users: dict[str, User], today: date, level: Any) -> None:
    """Heddlu Dyffryn Teg's BCU plan on the Welsh variant: adopted, approved and part-delivered,
    written and updated in Welsh by its Welsh-speaking BCU lead."""
    start, end = financial_year(today)
    bcu = Organisation.objects.get(name=WELSH_BCU)
    lead, force_lead = users["arweinydd.bcu"], users["arweinydd.heddlu"]
    with translation.override("cy"):  # made in Welsh: its milestones are titled in Welsh
        plan = plan_actions.create_plan(
            lead,
            bcu,
            period_start=start,
            period_end=end,
            threat_level=level,
            vulnerability_summary="Tref borthladd gyda phoblogaeth dymhorol fawr a dau goleg addysg bellach; tensiwn cymunedol isel ond cyson ar ôl digwyddiadau lleol.",
        )
    for action in plan.actions.all():
        action.owner, action.decision = lead, Decision.ADOPT
        action.evaluation = "Adroddiad chwarterol i'r Bartneriaeth Diogelwch Cymunedol a'r Bwrdd Gwasanaethau Lleol."
        action.save(update_fields=["owner", "decision", "evaluation"])
    _deliver(
        plan,
        users,
        today,
        seed=3,
        narratives=(
            "Trafodwyd yn y cyfarfod cyflawni Prevent misol. Mae'r partneriaid wedi cytuno ar y camau nesaf ac mae'r gwaith yn unol â'r amserlen.",
            "Yn arafach na'r bwriad: roedd yn anodd cael y partneriaid at ei gilydd dros yr haf. Mae dyddiad newydd wedi'i gytuno.",
        ),
    )
    plan_actions.submit_plan(lead, plan)
    plan_actions.approve_plan(force_lead, plan, note="Cymeradwywyd ym mwrdd Prevent yr heddlu.")


def seed_reports(users: dict[str, User], force: Organisation, today: date) -> None:
    """A monthly board pack for the force board, next produced at the start of next month."""
    first_of_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    ReportSchedule.objects.create(
        kind="board-pack",
        organisation=force,
        fmt="pdf",
        frequency="monthly",
        next_run_on=first_of_next,
        notify=demo_email("board.secretary"),
        created_by=users["force.lead"],
    )


GREEN_NARRATIVE = "Discussed at the monthly Prevent delivery meeting. Partners have agreed the next steps and the work is on schedule."
AMBER_NARRATIVE = "Slower than planned: partner availability over the summer delayed the first meeting. A new date has been agreed."


def _deliver(
    plan: Any,
    users: dict[str, User],
    today: date,
    seed: int,
    narratives: tuple[str, str] = (GREEN_NARRATIVE, AMBER_NARRATIVE),
) -> None:
    """Mark milestones done or not, deterministically, so some work is late and some on track.
    ``narratives``: the progress updates' text when on track and when late."""
    for i, action in enumerate(
        plan.actions.exclude(decision=Decision.NOT_APPLICABLE).prefetch_related("milestones")
    ):
        for j, m in enumerate(action.milestones.all()):
            if m.due_date <= today and (i + j + seed) % 4 != 0:
                m.status, m.completed_on = MilestoneStatus.COMPLETE, min(m.due_date, today)
            elif m.due_date <= today + timedelta(days=60) and (i + seed) % 3 == 0:
                m.status = MilestoneStatus.IN_PROGRESS
            m.save(update_fields=["status", "completed_on"])
        if i % 3 == 0 and action.owner:
            rag = "green" if (i + seed) % 5 else "amber"
            plan_actions.add_progress_update(
                action.owner,
                action,
                reported_on=today - timedelta(days=10 + i % 40),
                rag=rag,
                narrative=narratives[0] if rag == "green" else narratives[1],
                evidence=[
                    plan_actions.EvidenceInput(
                        title="Minutes of the Prevent delivery meeting (on the force SharePoint)",
                        url="https://intranet.northmoor.police.example/prevent/minutes",
                    )
                ]
                if i % 6 == 0
                else [],
            )


def _after_approval(plan: Any, users: dict[str, User], today: date) -> None:
    """A few changes after approval, so "changes since approval" has something to show."""
    action = plan.actions.get(number="3.1")
    plan_actions.add_progress_update(
        users["partner"],
        action,
        reported_on=today - timedelta(days=3),
        rag="amber",
        narrative="The referral arrangements with children’s services are agreed in principle; the information-sharing agreement is still with the council’s legal team.",
    )
    override = plan.actions.get(number="5.8")
    plan_actions.set_rag_override(
        users["bcu.lead"],
        override,
        "amber",
        "The grievance process works but partner returns have been incomplete for two months.",
        override.version,
    )


def seed_protocols(users: dict[str, User], city_plan: Any, today: date) -> None:
    """A protocol in force for the Northmoor City forum (the city plan is shared with it) and a
    lapsed one for Eastdale, so the register shows both."""
    force = Organisation.objects.get(name=DEMO_FORCE)
    forum = Partnership.objects.get(name="Northmoor City Prevent Partnership Forum")
    eastdale = Partnership.objects.get(name="Eastdale Community Safety Partnership")
    in_force = Protocol(
        reference="NMP-ISP-2026-01",
        title="Northmoor City Prevent Partnership Forum information sharing",
        owner=force,
        scope="Sharing the BCU Prevent action plan, its delivery, community tension indicators, grievances and organisational learning with forum members, to plan and review local Prevent work; and the pseudonymous case reviews a member agency leads, with that agency only.",
        legal_basis=LegalBasis.CDA_S115,
        categories="plans,tension,performance,community,case-reviews,case-aggregates",
        signed_on=today - timedelta(days=200),
        review_on=today + timedelta(days=165),
        status=ProtocolStatus.SIGNED,
    )
    sharing_actions.save_protocol(users["force.lead"], in_force, [forum])
    lapsed = Protocol(
        reference="NMP-ISP-2024-04",
        title="Eastdale CSP information sharing",
        owner=force,
        scope="Sharing Prevent delivery information with the Eastdale Community Safety Partnership.",
        legal_basis=LegalBasis.CDA_S115,
        categories="plans",
        signed_on=today - timedelta(days=800),
        review_on=today - timedelta(days=70),
        status=ProtocolStatus.SIGNED,
    )
    sharing_actions.save_protocol(users["force.lead"], lapsed, [eastdale])
    plan_actions.share_plan(users["bcu.lead"], city_plan, [forum])


def seed_old_plan(users: dict[str, User], city: Organisation, level: Any, today: date) -> None:
    """A plan closed more than six years ago, now due for retention review."""
    start = date(today.year - 8, 4, 1)
    old = plan_actions.create_plan(
        users["bcu.lead"],
        city,
        period_start=start,
        period_end=date(start.year + 1, 3, 31),
        threat_level=level,
    )
    old.actions.update(owner=users["bcu.lead"])
    closed = timezone.now() - timedelta(days=6 * 365 + 60)
    Plan.objects.filter(pk=old.pk).update(
        status=PlanStatus.CLOSED,
        approved_at=closed - timedelta(days=300),
        approved_by=users["force.lead"],
        closed_at=closed,
    )
