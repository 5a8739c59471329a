"""Demo community confidence registers for Northmoor Police and Northmoor City BCU: grievances
(one reported in the latest tension return, one overdue for review), … All fictional: places are
invented wards, and no record names a person. Dates are relative to the day the demo is built."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from preventplan.accounts.models import User
from preventplan.lib.dates import add_months
from preventplan.organisations.models import Organisation, Partnership
from preventplan.plans.models import Plan
from preventplan.records import actions as records
from preventplan.records.models import RecordStatus
from preventplan.registers import actions as register_actions
from preventplan.registers.forms import POWER_SHORT
from preventplan.registers.models import (
    Audience,
    Channel,
    ConsequencePlan,
    ConsequenceTrigger,
    DipSample,
    Grievance,
    GrievanceCategory,
    GrievanceSource,
    InformationGiven,
    LearningEntry,
    LearningSource,
    LearningTheme,
    Power,
    PowersReturn,
)
from preventplan.registers.registers import last_complete_month
from preventplan.tension.models import BcuReturn, CriticalIncident

# title, category, area, source, days ago raised, summary, response, partners informed,
# days after raised they were told, action numbers, days until review (negative: overdue), status,
# linked to the latest tension return
GRIEVANCES: list[tuple[Any, ...]] = [
    (
        "Concern about stop and search near Harbour Street station",
        GrievanceCategory.POLICE_ACTIVITY,
        "Harbour ward",
        GrievanceSource.KIN,
        12,
        "Members of the key individual network report that young people feel stops near the "
        "station are targeted at them after the recent counter-terrorism arrests.",
        "Neighbourhood inspector to attend the next network meeting with the stop and search "
        "figures for the ward; scrutiny panel asked to review a sample of records.",
        ["Northmoor City Council", "Northmoor Community Safety and Cohesion Team"],
        3,
        ["1.1"],
        20,
        RecordStatus.OPEN,
        True,
    ),
    (
        "Graffiti targeting a place of worship",
        GrievanceCategory.HATE,
        "Millbrook ward",
        GrievanceSource.COMMUNITY,
        40,
        "Faith leaders raised repeated graffiti on the walls of a place of worship and feel it "
        "has not been taken seriously.",
        "Recorded as a hate incident; removal arranged with the council; extra patrols.",
        ["Northmoor City Council"],
        1,
        [],
        -6,
        RecordStatus.OPEN,
        False,
    ),
    (
        "Youth club closure blamed on Prevent",
        GrievanceCategory.OTHER,
        "Eastgate ward",
        GrievanceSource.PARTNER,
        75,
        "A rumour that the youth club closed because of Prevent concerns is circulating; "
        "parents are angry.",
        "Council youth service explained the funding decision at a parents' evening.",
        ["Northmoor City Council", "Northmoor Youth Offending Team"],
        5,
        [],
        30,
        RecordStatus.CLOSED,
        False,
    ),
    (
        "Late-night disorder outside takeaways",
        GrievanceCategory.ASB,
        "Market ward",
        GrievanceSource.NEIGHBOURHOOD,
        9,
        "Shopkeepers report groups gathering late at night and tension between two groups of "
        "young men since the demonstration.",
        "",
        [],
        0,
        ["3.1"],
        14,
        RecordStatus.OPEN,
        False,
    ),
]


def seed_grievances(users: dict[str, User], city_plan: Plan, today: date) -> None:
    city = city_plan.organisation
    lead, owner = users["bcu.lead"], users["action.owner"]
    latest = BcuReturn.objects.filter(bcu=city).order_by("-week_commencing", "-number").first()
    for row in GRIEVANCES:
        (title, category, area, source, ago, summary, response, partners, told_after, numbers,
         review_in, status, in_return) = row  # fmt: skip
        raised = today - timedelta(days=ago)
        grievance = Grievance(
            organisation=city,
            title=title,
            category=category,
            area=area,
            source_type=source,
            raised_on=raised,
            summary=summary,
            response=response,
            partners_informed_on=raised + timedelta(days=told_after) if partners else None,
            tension_return=latest if in_return else None,
            owner=owner,
            review_on=today + timedelta(days=review_in),
            status=status,
        )
        records.save_record(
            lead,
            grievance,
            {
                "actions": list(city_plan.actions.filter(number__in=numbers)),
                "partners_informed": list(Organisation.objects.filter(name__in=partners)),
            },
        )


# title, source, theme, power, days ago received, what was said, what was learnt, action,
# days after received it was disseminated (None: not yet), to whom, days until review, status
LEARNING: list[tuple[Any, ...]] = [
    (
        "Explain Schedule 7 before an examination starts",
        LearningSource.COMPLAINT,
        LearningTheme.ENFORCEMENT,
        Power.SCHEDULE_7,
        50,
        "A complaint that a traveller at Northmoor airport was not told why they were being "
        "examined until the examination ended.",
        "Officers at the port should explain the purpose of Schedule 7 and give the notice of "
        "rights at the start, every time.",
        "Briefing note issued; examinations dip-sampled for the explanation for three months.",
        9,
        "Ports unit; professional standards; force Prevent team",
        30,
        RecordStatus.OPEN,
    ),
    (
        "Tell community partners before a planned search operation",
        LearningSource.PARTNER,
        LearningTheme.COMMUNICATION,
        Power.S43,
        35,
        "The council's cohesion team heard about a search operation from social media and could "
        "not answer residents' questions.",
        "Partners need a short holding line before enforcement activity becomes visible.",
        "Consequence management plan template now includes the partner briefing step.",
        None,
        "",
        -3,
        RecordStatus.OPEN,
    ),
    (
        "Forum members want feedback on concerns they raise",
        LearningSource.COMMUNITY,
        LearningTheme.ENGAGEMENT,
        "",
        90,
        "Members of the Prevent forum said they rarely hear what happened after they raise a "
        "concern about community tension.",
        "A 'you said, we did' item at every forum meeting closes the loop.",
        "Standing agenda item added.",
        14,
        "Neighbourhood teams, Northmoor City BCU; Prevent forum",
        60,
        RecordStatus.CLOSED,
    ),
]


def seed_learning(users: dict[str, User], city: Organisation, today: date) -> None:
    for row in LEARNING:
        (title, source, theme, power, ago, feedback, learning, action, sent_after, sent_to,
         review_in, status) = row  # fmt: skip
        received = today - timedelta(days=ago)
        records.save_record(
            users["bcu.lead"],
            LearningEntry(
                organisation=city,
                title=title,
                source=source,
                theme=theme,
                power=power,
                received_on=received,
                feedback=feedback,
                learning=learning,
                action=action,
                disseminated_on=received + timedelta(days=sent_after)
                if sent_after is not None
                else None,
                disseminated_to=sent_to,
                owner=users["bcu.lead"],
                review_on=today + timedelta(days=review_in),
                status=status,
            ),
        )


# title, report type, days ago, size, met (graded, source, proportionate, factual, timely),
# failures, findings, actions, authority took part, days until follow-up (negative: overdue), status
DIP_SAMPLES: list[tuple[Any, ...]] = [
    (
        "Quarterly sample of counter-terrorism information reports",
        "ct-information",
        100,
        25,
        (24, 21, 23, 25, 20),
        "provenance,late",
        "Four reports did not say how the information was obtained; five were submitted after "
        "the 24 hours allowed.",
        "Reminder to neighbourhood teams on provenance; weekend submission route clarified.",
        True,
        -10,
        RecordStatus.OPEN,
    ),
    (
        "Schedule 7 examination records, airport",
        "sch7",
        40,
        15,
        (15, 15, 12, 14, 15),
        "excessive,opinion",
        "Three records held more personal detail about companions than the purpose needed; one "
        "recorded an officer's opinion about dress.",
        "Ports unit supervisors to check records weekly; refresher on recording standards.",
        True,
        50,
        RecordStatus.OPEN,
    ),
    (
        "Prevent referrals from partners",
        "prevent-referral",
        190,
        20,
        (20, 20, 19, 20, 18),
        "late",
        "Two referrals reached the police more than a week after the concern was raised.",
        "Referral route reissued to schools and colleges.",
        False,
        -100,
        RecordStatus.CLOSED,
    ),
]


def seed_dip_samples(users: dict[str, User], force: Organisation, today: date) -> None:
    authority = Organisation.objects.filter(parent=force, kind="oversight").first()
    for row in DIP_SAMPLES:
        (title, kind, ago, size, met, failures, findings, agreed, with_authority, follow_up,
         status) = row  # fmt: skip
        graded, source, proportionate, factual, timely = met
        records.save_record(
            users["force.lead"],
            DipSample(
                organisation=force,
                title=title,
                sampled_on=today - timedelta(days=ago),
                report_type=kind,
                sample_size=size,
                met_graded=graded,
                met_source=source,
                met_proportionate=proportionate,
                met_factual=factual,
                met_timely=timely,
                failures=failures,
                findings=findings,
                actions_agreed=agreed,
                police_authority=authority if with_authority else None,
                owner=users["force.lead"],
                review_on=today + timedelta(days=follow_up),
                status=status,
            ),
        )


def seed_consequence_plans(users: dict[str, User], city: Organisation, today: date) -> None:
    """One plan for the demo's critical incident (logged as it went), one for a named
    enforcement operation (overdue for review, nothing logged since the day)."""
    lead, owner = users["bcu.lead"], users["action.owner"]
    incident = CriticalIncident.objects.filter(bcu=city).order_by("-occurred_at").first()
    after_incident = records.save_record(
        lead,
        ConsequencePlan(
            organisation=city,
            title="Reassurance after disorder in the market square",
            trigger=ConsequenceTrigger.INCIDENT,
            incident=incident,
            area="Northmoor City, market square",
            neighbourhood_input="The neighbourhood team advise that traders and the two "
            "community centres nearby hear from the police first, before social media does; "
            "the council's cohesion team will join reassurance patrols.",
            planned_messages="Day 1: holding line to partners and the key individual network. "
            "Day 2: joint statement with the council. Week 2: open meeting at the library.",
            owner=owner,
            review_on=today + timedelta(days=7),
        ),
    )
    for days_ago, audience, channel, summary in [
        (3, Audience.PARTNERS, Channel.EMAIL, "Holding line: what happened, that it is over, "
         "and where to send community concerns."),
        (3, Audience.KIN, Channel.BRIEFING, "Briefing call with the key individual network on "
         "the disorder and the patrols planned."),
        (2, Audience.IAG, Channel.MEETING, "Independent advisory group asked for its view on "
         "the joint statement; wording changed as advised."),
        (1, Audience.COMMUNITIES, Channel.SOCIAL, "Joint statement with the council published."),
    ]:  # fmt: skip
        register_actions.log_information(
            owner,
            after_incident,
            InformationGiven(
                given_on=today - timedelta(days=days_ago),
                audience=audience,
                channel=channel,
                summary=summary,
            ),
        )
    operation = records.save_record(
        lead,
        ConsequencePlan(
            organisation=city,
            title="Community impact of Operation Larch",
            trigger=ConsequenceTrigger.OPERATION,
            operation_name="Operation Larch",
            area="Harbour ward",
            neighbourhood_input="Visible searches in a residential street are likely to raise "
            "fears; the neighbourhood sergeant recommends a letter to every household in the "
            "street and a drop-in at the community centre.",
            planned_messages="Letter to households on the day; partners briefed an hour before "
            "the operation becomes public; follow-up drop-in within a week.",
            owner=lead,
            review_on=today - timedelta(days=4),
        ),
    )
    register_actions.log_information(
        lead,
        operation,
        InformationGiven(
            given_on=today - timedelta(days=20),
            audience=Audience.PARTNERS,
            channel=Channel.BRIEFING,
            summary="Council and CTU briefed on the timing and the letter to households.",
        ),
    )


# The force area's population baseline (per cent): fictional, shaped like a northern city.
BASELINE = {"white": 78.5, "mixed": 3.0, "asian": 12.5, "black": 3.5, "other": 2.5}
# power → (typical uses a month, share of uses by group (white, mixed, asian, black, other))
POWER_PATTERNS: dict[str, tuple[int, tuple[float, ...]]] = {
    Power.SCHEDULE_7: (36, (0.45, 0.05, 0.35, 0.10, 0.05)),
    Power.S43: (9, (0.55, 0.05, 0.25, 0.12, 0.03)),
}
IMPACT: dict[str, str] = {
    Power.SCHEDULE_7: "Examinations at Northmoor airport continue to concern travellers "
    "returning from family visits; the community reference group will observe a session.",
    Power.S43: "Stops followed the counter-terrorism arrests in Harbour ward; the key individual "
    "network reports some fear among young men, addressed at the ward panel.",
}


def seed_powers_returns(users: dict[str, User], force: Organisation, today: date) -> None:
    """Twelve months of Schedule 7 and section 43 returns for the force, a few made late and
    last month's section 43 return not yet made; one section 47A return for the derby."""
    rng = random.Random(53)  # noqa: S311 - demo figures, not security
    last = last_complete_month(today)
    lead = users["force.lead"]
    for n in range(12, 0, -1):
        month = add_months(last, -(n - 1))
        for power, (typical, shares) in POWER_PATTERNS.items():
            if power == Power.S43 and month == last:
                continue  # not yet made: flagged as missing once due
            late = n in {4, 9} and power == Power.S43
            _powers_return(lead, force, month, power, typical, shares, rng, today, late)
    _powers_return(
        lead, force, add_months(last, -2), Power.S47A, 4, (0.5, 0.0, 0.5, 0.0, 0.0), rng, today,
        False,
    )  # fmt: skip


def _powers_return(
    lead: User,
    force: Organisation,
    month: date,
    power: str,
    typical: int,
    shares: tuple[float, ...],
    rng: random.Random,
    today: date,
    late: bool,
) -> None:
    uses = max(1, typical + rng.randint(-typical // 3, typical // 3))
    counts = [int(uses * s) for s in shares]
    not_stated = uses - sum(counts)
    arrests = rng.randint(0, max(1, uses // 12))
    other = rng.randint(0, max(1, uses // 6))
    r = records.save_record(
        lead,
        PowersReturn(
            organisation=force,
            title=f"{POWER_SHORT[power]}, {month:%B %Y}",
            month=month,
            power=power,
            uses=uses,
            arrests=arrests,
            other_outcomes=other,
            no_further_action=uses - arrests - other,
            ethnicity_white=counts[0],
            ethnicity_mixed=counts[1],
            ethnicity_asian=counts[2],
            ethnicity_black=counts[3],
            ethnicity_other=counts[4],
            ethnicity_not_stated=not_stated,
            **{f"baseline_{g}": Decimal(str(v)) for g, v in BASELINE.items()},
            baseline_source="2021 Census, Northmoor Police area (fictional figures)",
            complaints=rng.choice([0, 0, 0, 1]),
            quality_findings="Dip sample: grounds recorded in every record read."
            if power == Power.SCHEDULE_7
            else "",
            community_impact=IMPACT.get(power, "Authorisation for the city derby; no complaints."),
            owner=lead,
            review_on=max(add_months(month, 3), today + timedelta(days=14)),
            status=RecordStatus.CLOSED if month < add_months(today, -3) else RecordStatus.OPEN,
        ),
    )
    returned = add_months(month, 1, on_day=18 if late else 6)
    PowersReturn.objects.filter(pk=r.pk).update(
        created_at=timezone.make_aware(datetime.combine(min(returned, today), time(10))),
    )


def share_with_forum(city: Organisation) -> None:
    """The city forum reads the grievances partners were told about and the lessons passed on
    (its protocol covers grievances and organisational learning)."""
    forum = Partnership.objects.filter(name="Northmoor City Prevent Partnership Forum").first()
    if forum is None:
        return
    for g in Grievance.objects.filter(organisation=city, partners_informed_on__isnull=False):
        g.shared_with.set([forum])
    for e in LearningEntry.objects.filter(organisation=city, disseminated_on__isnull=False):
        e.shared_with.set([forum])


def seed_registers(users: dict[str, User], force_plan: Plan, city_plan: Plan, today: date) -> None:
    """The community confidence registers, after the tension returns they link to."""
    seed_grievances(users, city_plan, today)
    seed_learning(users, city_plan.organisation, today)
    share_with_forum(city_plan.organisation)
    seed_dip_samples(users, force_plan.organisation, today)
    seed_consequence_plans(users, city_plan.organisation, today)
    seed_powers_returns(users, force_plan.organisation, today)
