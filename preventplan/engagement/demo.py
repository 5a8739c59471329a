"""Demo engagement registers for Northmoor City BCU and Northmoor Police: KIN and IAG networks
(one overdue for a refresh) and engagement events over the year (some with feedback overdue).
All fictional; dates are relative to the day the demo is built."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from preventplan.accounts.models import User
from preventplan.engagement.models import (
    Engagement,
    EngagementKind,
    Network,
    NetworkKind,
    Representativeness,
)
from preventplan.organisations.models import Organisation
from preventplan.records import actions as records
from preventplan.records.models import RecordStatus

# title, kind, area, members, refreshed (days ago), representativeness, mapped, gaps,
# next refresh (days from today; negative: overdue)
NETWORKS: list[tuple[Any, ...]] = [
    (
        "Riverside key individual network",
        NetworkKind.KIN,
        "Riverside and Docks wards",
        38,
        75,
        Representativeness.PARTLY,
        True,
        "Few young people and few women under 30; the youth forum and the women’s forum will "
        "each nominate members at their next meetings.",
        105,
    ),
    (
        "Northmoor City independent advisory group",
        NetworkKind.IAG,
        "Northmoor City BCU",
        14,
        200,
        Representativeness.REPRESENTATIVE,
        True,
        "",
        -20,
    ),
    (
        "Hillside key individual network",
        NetworkKind.KIN,
        "Hillside ward",
        9,
        400,
        Representativeness.NOT_ASSESSED,
        False,
        "Not yet mapped against the neighbourhood profile; membership has not been refreshed "
        "since the neighbourhood team changed.",
        -60,
    ),
]

# title, kind, days ago, area, network index, partner names, attending, score, priorities,
# feedback, feedback due (days from today; negative: overdue), closed
ENGAGEMENTS: list[tuple[Any, ...]] = [
    (
        "Riverside KIN: quarterly meeting",
        EngagementKind.KIN_IAG,
        40,
        "Riverside ward",
        0,
        ["Northmoor City Council"],
        21,
        4,
        "Anti-social behaviour near the transport interchange; wanting to know how Prevent "
        "referrals are handled.",
        "Neighbourhood inspector explained the Channel process at the next surgery; patrol "
        "times shared through the ward newsletter.",
        -5,
        True,
    ),
    (
        "Women’s forum: online safety evening",
        EngagementKind.WOMENS_FORUM,
        25,
        "Docks ward",
        None,
        ["Westvale Youth and Women's Projects", "Northmoor City Council"],
        34,
        5,
        "Support for parents worried about what their children see online.",
        "",
        10,
        False,
    ),
    (
        "Youth forum: citizenship and faith discussion",
        EngagementKind.YOUTH_FORUM,
        60,
        "Northmoor City centre",
        None,
        ["Northmoor Interfaith Forum", "Northmoor Youth Offending Team"],
        27,
        4,
        "More youth provision in the evenings; police visiting schools out of uniform.",
        "",
        -14,
        False,
    ),
    (
        "Operation Nicole tabletop exercise",
        EngagementKind.TABLETOP,
        90,
        "Northmoor City BCU",
        None,
        ["Northmoor Interfaith Forum", "Northmoor City Council"],
        30,
        5,
        "How communities are told what happened after a counter-terrorism arrest.",
        "Communications plan item agreed for community briefings after any CT operation.",
        -40,
        True,
    ),
    (
        "Consultation on local Prevent priorities",
        EngagementKind.CONSULTATION,
        120,
        "Riverside and Hillside wards",
        None,
        ["Northmoor City Council"],
        56,
        3,
        "Youth diversion, safeguarding support for places of worship and community centres, "
        "clearer explanation of stop and search.",
        "Priorities published in the partnership forum minutes and the ward newsletters.",
        -90,
        True,
    ),
    (
        "University of Northmoor chaplaincy and students’ union dialogue",
        EngagementKind.HE_DIALOGUE,
        18,
        "University quarter",
        None,
        ["University of Northmoor"],
        12,
        None,
        "Guidance for societies inviting external speakers.",
        "",
        25,
        False,
    ),
    (
        "Job shadowing: neighbourhood team",
        EngagementKind.JOB_SHADOWING,
        70,
        "Riverside ward",
        None,
        [],
        6,
        5,
        "",
        "",
        -30,
        True,
    ),
    (
        "Community confidence survey",
        EngagementKind.SURVEY,
        150,
        "Northmoor City BCU",
        None,
        ["Northmoor City Council"],
        412,
        None,
        "Confidence that the police understand local issues: 61% (last year 55%).",
        "Results shared at the partnership forum and on the BCU’s web page.",
        -120,
        True,
    ),
    (
        "City IAG: review of the Prevent communications plan",
        EngagementKind.KIN_IAG,
        8,
        "Northmoor City BCU",
        1,
        [],
        11,
        4,
        "Avoid language that links a faith with terrorism in press releases.",
        "",
        20,
        False,
    ),
]


def seed_engagement(users: dict[str, User], city: Organisation, today: date) -> None:
    """The city BCU's networks and engagement events, added by its lead."""
    lead = users["bcu.lead"]
    partners = {o.name: o for o in Organisation.objects.filter(kind="partner")}
    networks = []
    for title, kind, area, members, ago, rep, mapped, gaps, due in NETWORKS:
        networks.append(
            records.save_record(
                lead,
                Network(
                    organisation=city,
                    title=title,
                    kind=kind,
                    area=area,
                    members=members,
                    refreshed_on=today - timedelta(days=ago),
                    representativeness=rep,
                    mapped=mapped,
                    gaps=gaps,
                    owner=users["action.owner"],
                    review_on=today + timedelta(days=due),
                ),
            )
        )
    for row in ENGAGEMENTS:
        title, kind, ago, area, network, names, people, score, raised, said, due, closed = row
        records.save_record(
            lead,
            Engagement(
                organisation=city,
                title=title,
                kind=kind,
                held_on=today - timedelta(days=ago),
                area=area,
                network=networks[network] if network is not None else None,
                attendance=people,
                feedback_score=score,
                priorities=raised,
                feedback=said,
                owner=users["action.owner"],
                review_on=today + timedelta(days=due),
                status=RecordStatus.CLOSED if closed else RecordStatus.OPEN,
            ),
            {"partners": [partners[n] for n in names]},
        )
