"""Demo engagement registers for Northmoor City BCU and Northmoor Police: KIN and IAG networks
(one overdue for a refresh) and engagement events over the year (some with feedback overdue).
All fictional; dates are relative to the day the demo is built."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from preventplan.accounts.models import User
from preventplan.engagement.models import (
    BriefingTopic,
    Channel,
    Communication,
    CommunicationKind,
    Course,
    Engagement,
    EngagementKind,
    FundingSource,
    Level,
    Network,
    NetworkKind,
    Post,
    PostKind,
    Project,
    Representativeness,
    Training,
)
from preventplan.organisations.models import Organisation
from preventplan.programme.models import Benefit
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


# title, kind, topic, audience, channel, message, days ago (negative: planned), risk,
# safeguards, signed off by, outcome, next review (days from today; negative: overdue), force's
COMMUNICATIONS: list[tuple[Any, ...]] = [
    (
        "Prevent explained: ward newsletters",
        CommunicationKind.PLAN,
        "",
        "Residents of Riverside and Hillside wards",
        Channel.NEWSLETTER,
        "What Prevent is and is not; how to raise a concern about someone you care about.",
        55,
        Level.MEDIUM,
        "Wording reviewed by the independent advisory group; no images of places of worship.",
        ["Northmoor City Council", "Northmoor Interfaith Forum"],
        "Delivered to 9,400 homes; four calls to the council’s Prevent coordinator.",
        30,
        False,
    ),
    (
        "Shared community communications strategy 2026/27",
        CommunicationKind.PLAN,
        "",
        "Partners of the Northmoor City Prevent forum",
        Channel.PARTNER_CHANNELS,
        "One agreed account of Prevent in the city, with community liaison after any Pursue "
        "activity as a priority.",
        100,
        Level.LOW,
        "",
        ["Northmoor City Council", "Northmoor Primary Care Trust", "University of Northmoor"],
        "Adopted by the forum; reviewed each quarter.",
        -10,
        False,
    ),
    (
        "Local radio: youth forum and Operation Nicole",
        CommunicationKind.MEDIA,
        "",
        "Listeners of Northmoor community radio",
        Channel.INTERVIEW,
        "Young people and community contacts shape how the police explain counter-terrorism "
        "operations.",
        80,
        Level.HIGH,
        "Recorded, not live; lines agreed with the council; youth forum members not named.",
        ["Northmoor City Council"],
        "Broadcast twice; no complaints; two community groups asked to take part next time.",
        60,
        False,
    ),
    (
        "Recruitment: special constables from all communities",
        CommunicationKind.MEDIA,
        "",
        "Young adults across the city",
        Channel.SOCIAL_MEDIA,
        "The force’s commitment to equality and to recruiting from every community (5.5).",
        -14,
        Level.MEDIUM,
        "Comments moderated; replies only from the corporate account.",
        [],
        "",
        45,
        False,
    ),
    (
        "Briefing: vulnerability to radicalisation in the force area",
        CommunicationKind.BRIEFING,
        BriefingTopic.VULNERABILITY,
        "Police authority Prevent lead and committee",
        Channel.BRIEFING,
        "Vulnerability is assessed in general terms by area; no individual or community is "
        "profiled. Partnership referrals rose over the year.",
        35,
        Level.LOW,
        "",
        [],
        "The committee asked for the next briefing to include the training coverage figures.",
        55,
        True,
    ),
    (
        "Briefing after the counter-terrorism operation in the city",
        CommunicationKind.BRIEFING,
        BriefingTopic.CT_OPERATION,
        "Police authority chair and Prevent lead",
        Channel.BRIEFING,
        "What happened, how communities were told, and the community tension picture.",
        120,
        Level.MEDIUM,
        "Nothing about the people involved; the force’s press office agreed the lines.",
        [],
        "Authority satisfied with community liaison; asked for a follow-up in three months.",
        -30,
        True,
    ),
]


# title, lead partner, source, amount, started (days ago), ends (days from today), outputs,
# report, findings, evaluated (days ago), benefits (titles containing), reported (days ago),
# next review (days from today; negative: overdue)
PROJECTS: list[tuple[Any, ...]] = [
    (
        "Riverside youth mentoring",
        "Northmoor City Council",
        FundingSource.PVE,
        "18500",
        330,
        35,
        "Forty-two young people mentored; twelve sessions with parents; a peer mentor scheme.",
        "Northmoor City Council evaluation report YM-2026",
        "Mentored young people say they are more confident to seek help; parents asked for "
        "more sessions in the evenings.",
        40,
        "confident",
        12,
        60,
    ),
    (
        "Women’s online safety workshops",
        "Westvale Youth and Women's Projects",
        FundingSource.PVE,
        "7200",
        200,
        120,
        "Eight workshops planned; five delivered to 96 women.",
        "",
        "",
        None,
        "",
        None,
        -12,
    ),
    (
        "Schools and colleges Prevent toolkit sessions",
        "Northmoor City Council",
        FundingSource.CSR,
        "4000",
        250,
        -20,
        "Toolkit sessions in 14 of the city’s schools and at Northmoor College.",
        "Education Prevent toolkit review, September",
        "Staff confidence to raise concerns rose; two schools still to take part.",
        75,
        "",
        None,
        25,
    ),
    (
        "Faith leaders’ safeguarding course",
        "Northmoor Interfaith Forum",
        FundingSource.OTHER,
        "2500",
        90,
        60,
        "Three sessions on safeguarding for places of worship and community centres.",
        "",
        "",
        None,
        "",
        None,
        45,
    ),
]


# organisation, kind, holder (a demo user's e-mail name, a staff name, or None: vacant), days in
# post (or vacant), institutions covered, next review (days from today; negative: overdue)
POSTS: list[tuple[Any, ...]] = [
    ("Northmoor Police", PostKind.ACPO_LEAD, "@force.lead", 700, [], 180),
    ("Northmoor Police", PostKind.CTIO, "DS Carys Wendell", 420, [], 120),
    ("Northmoor Police", PostKind.ENGAGEMENT_OFFICER, None, 75, [], 30),
    ("Northmoor City BCU", PostKind.BCU_LEAD, "@bcu.lead", 560, [], 200),
    ("Northmoor City BCU", PostKind.DEPUTY, "Insp Kay Lindqvist", 300, [], 200),
    ("Northmoor City BCU", PostKind.SPOC, "@action.owner", 380, [], -15),
    (
        "Northmoor City BCU",
        PostKind.EDUCATION_LIAISON,
        "PC Ravi Sandhu",
        240,
        ["St Aidan's Academy", "Northmoor College"],
        90,
    ),
    ("Eastdale BCU", PostKind.BCU_LEAD, "Supt Owen Frayne", 150, [], 200),
    ("Eastdale BCU", PostKind.DEPUTY, None, 40, [], 20),
]


def seed_posts(users: dict[str, User], today: date) -> None:
    """Posts of the force and its BCUs: Westvale has none yet and Eastdale's deputy is vacant."""
    orgs = {o.name: o for o in Organisation.objects.filter(kind__in=["force", "bcu", "partner"])}
    for org_name, kind, holder, days, covered, due in POSTS:
        org = orgs[org_name]
        user = users[holder[1:]] if holder and holder.startswith("@") else None
        records.save_record(
            users["force.lead"] if org.kind == "force" else users["bcu.lead"],
            Post(
                organisation=org,
                title=str(PostKind(kind).label),
                kind=kind,
                owner=user,
                holder_name="" if user or holder is None else holder,
                vacant=holder is None,
                since=today - timedelta(days=days) if holder else None,
                vacant_since=None if holder else today - timedelta(days=days),
                review_on=today + timedelta(days=due),
            ),
            {"institutions": [orgs[n] for n in covered]},
        )


# course, team, kind of team, establishment, trained, figures as at (days ago), impact,
# next review (days from today; negative: overdue)
TRAINING: list[tuple[Any, ...]] = [
    (
        "prevent-awareness",
        "Riverside neighbourhood team",
        "neighbourhood",
        24,
        21,
        20,
        "Referrals from the team are better described; officers explain Prevent at surgeries.",
        70,
    ),
    ("prevent-awareness", "Hillside neighbourhood team", "neighbourhood", 18, 9, 45, "", -5),
    ("prevent-awareness", "City response team A", "response", 40, 22, 30, "", 60),
    ("prevent-awareness", "Front counter and call handling", "contact", 26, 11, 30, "", 60),
    (
        "ice",
        "Riverside neighbourhood team",
        "neighbourhood",
        24,
        10,
        20,
        "Post-course survey: 8 of 10 more confident to engage with community contacts.",
        90,
    ),
    ("ice", "Hillside neighbourhood team", "neighbourhood", 18, 2, 45, "", 40),
    ("education-toolkit", "Schools and colleges liaison officers", "education", 4, 3, 60, "", 25),
    # Earlier counts of the same teams: each team counts with its latest, and indicator PV-02
    # (front-line officers trained) has figures for past quarters.
    ("prevent-awareness", "Riverside neighbourhood team", "neighbourhood", 24, 14, 110, "", 70),
    ("prevent-awareness", "Hillside neighbourhood team", "neighbourhood", 18, 5, 140, "", 70),
    ("prevent-awareness", "City response team A", "response", 38, 12, 120, "", 70),
    ("prevent-awareness", "Riverside neighbourhood team", "neighbourhood", 23, 8, 200, "", 70),
    ("prevent-awareness", "City response team A", "response", 38, 6, 210, "", 70),
]


def seed_engagement(users: dict[str, User], city: Organisation, today: date) -> None:
    """The posts of the force, and the city BCU's networks, engagement events, communications
    and projects, added by its lead."""
    seed_posts(users, today)
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
    force = city.parent
    for row in COMMUNICATIONS:
        title, kind, topic, audience, channel, message, ago, risk, steps, names, outcome = row[:11]
        due, by_force = row[11:]
        records.save_record(
            users["force.lead"] if by_force else lead,
            Communication(
                organisation=force if by_force else city,
                title=title,
                kind=kind,
                topic=topic,
                audience=audience,
                channel=channel,
                message=message,
                on=today - timedelta(days=ago),
                manipulation_risk=risk,
                safeguards=steps,
                signed_off_on=today - timedelta(days=ago + 7) if names else None,
                outcome=outcome,
                owner=users["force.lead"] if by_force else users["action.owner"],
                review_on=today + timedelta(days=due),
            ),
            {"signed_off_by": [partners[n] for n in names]},
        )
    for row in PROJECTS:
        title, partner, source, amount, started, ends, outputs, report, findings = row[:9]
        evaluated, benefit, reported, due = row[9:]
        records.save_record(
            lead,
            Project(
                organisation=city,
                title=title,
                lead_partner=partners[partner],
                funding_source=source,
                amount=amount,
                starts_on=today - timedelta(days=started),
                ends_on=today + timedelta(days=ends),
                outputs=outputs,
                evaluation_document=report,
                findings=findings,
                evaluated_on=today - timedelta(days=evaluated) if evaluated else None,
                reported_on=today - timedelta(days=reported) if reported else None,
                owner=users["action.owner"],
                review_on=today + timedelta(days=due),
            ),
            {
                "benefits": list(
                    Benefit.objects.filter(organisation=city, title__icontains=benefit)
                )
                if benefit
                else []
            },
        )
    for course, team, kind, establishment, trained, ago, impact, due in TRAINING:
        records.save_record(
            lead,
            Training(
                organisation=city,
                title=f"{Course(course).label}: {team}",
                course=course,
                team=team,
                team_kind=kind,
                establishment=establishment,
                trained=trained,
                as_at=today - timedelta(days=ago),
                impact=impact,
                owner=users["action.owner"],
                review_on=today + timedelta(days=due),
            ),
        )
