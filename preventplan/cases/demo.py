"""Demo cases for Northmoor City BCU: about twenty pseudonymous cases at every stage, some reviews
overdue, some owned by the city council or its children's services under the city forum's
protocol. Nothing describes a person: references are random, dates are relative to the day the
demo is built, and every case is written through the same functions the pages use."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from preventplan.accounts.models import User
from preventplan.cases import actions
from preventplan.cases.models import Case, Intervention, Outcome, ReferralSource, RiskDirection
from preventplan.cases.models import Stage as S
from preventplan.organisations.models import Organisation
from preventplan.records import actions as records

R = ReferralSource
BCU, COUNCIL, CHILDREN = "bcu", "council", "children"

# agency, referred by, stages [(stage, days ago)] (the first is the referral), next review in
# days (negative: overdue; None: closed), outcome, case officer, interventions,
# reviews [(days ago, direction)]
CASES: list[tuple[Any, ...]] = [
    (BCU, R.EDUCATION, [(S.REFERRAL, 3)], 4, "", "case.officer", [], []),
    (BCU, R.POLICE, [(S.REFERRAL, 6), (S.SCREENING, 4)], 3, "", "case.officer", [], []),
    (COUNCIL, R.LOCAL_AUTHORITY, [(S.REFERRAL, 12), (S.SCREENING, 9)], -2, "", None, [], []),
    (
        BCU,
        R.HEALTH,
        [(S.REFERRAL, 30), (S.SCREENING, 27), (S.PANEL, 16)],
        12,
        "",
        "case.officer",
        [],
        [],
    ),
    (
        CHILDREN,
        R.EDUCATION,
        [(S.REFERRAL, 41), (S.SCREENING, 38), (S.PANEL, 25)],
        -5,
        "",
        None,
        [],
        [],
    ),
    (
        BCU,
        R.FAMILY,
        [(S.REFERRAL, 50), (S.SCREENING, 47), (S.PANEL, 33), (S.CONSENT, 28)],
        9,
        "",
        "case.officer",
        ["mentoring"],
        [],
    ),
    (
        COUNCIL,
        R.COMMUNITY,
        [(S.REFERRAL, 70), (S.SCREENING, 66), (S.PANEL, 52), (S.CONSENT, 45), (S.SUPPORT_PLAN, 38)],
        20,
        "",
        None,
        ["mentoring", "careers"],
        [],
    ),
    (
        BCU,
        R.EDUCATION,
        [
            (S.REFERRAL, 120),
            (S.SCREENING, 116),
            (S.PANEL, 100),
            (S.CONSENT, 94),
            (S.SUPPORT_PLAN, 88),
            (S.IN_SUPPORT, 80),
        ],
        -11,
        "",
        "case.officer",
        ["mentoring", "education-training"],
        [(50, RiskDirection.UNCHANGED)],
    ),
    (
        CHILDREN,
        R.EDUCATION,
        [
            (S.REFERRAL, 150),
            (S.SCREENING, 147),
            (S.PANEL, 133),
            (S.CONSENT, 126),
            (S.SUPPORT_PLAN, 120),
            (S.IN_SUPPORT, 112),
        ],
        6,
        "",
        None,
        ["family-support", "diversionary"],
        [(60, RiskDirection.REDUCED), (20, RiskDirection.REDUCED)],
    ),
    (
        BCU,
        R.PROBATION,
        [
            (S.REFERRAL, 200),
            (S.SCREENING, 196),
            (S.PANEL, 182),
            (S.CONSENT, 175),
            (S.SUPPORT_PLAN, 170),
            (S.IN_SUPPORT, 160),
        ],
        30,
        "",
        "case.officer",
        ["ideological-mentoring", "housing"],
        [(100, RiskDirection.INCREASED), (40, RiskDirection.REDUCED)],
    ),
    (
        BCU,
        R.HEALTH,
        [
            (S.REFERRAL, 260),
            (S.SCREENING, 256),
            (S.PANEL, 240),
            (S.CONSENT, 233),
            (S.SUPPORT_PLAN, 228),
            (S.IN_SUPPORT, 220),
            (S.EXIT, 25),
        ],
        160,
        "",
        "case.officer",
        ["health", "mentoring"],
        [(120, RiskDirection.REDUCED)],
    ),
    (
        COUNCIL,
        R.LOCAL_AUTHORITY,
        [
            (S.REFERRAL, 420),
            (S.SCREENING, 416),
            (S.PANEL, 400),
            (S.CONSENT, 392),
            (S.SUPPORT_PLAN, 385),
            (S.IN_SUPPORT, 378),
            (S.EXIT, 200),
            (S.REVIEW_6, 15),
        ],
        -1,
        "",
        None,
        ["careers", "education-training"],
        [(250, RiskDirection.REDUCED), (15, RiskDirection.UNCHANGED)],
    ),
    (
        BCU,
        R.EDUCATION,
        [
            (S.REFERRAL, 560),
            (S.SCREENING, 556),
            (S.PANEL, 540),
            (S.CONSENT, 532),
            (S.SUPPORT_PLAN, 525),
            (S.IN_SUPPORT, 518),
            (S.EXIT, 380),
            (S.REVIEW_6, 195),
        ],
        -18,
        "",
        "case.officer",
        ["mentoring", "diversionary"],
        [(195, RiskDirection.REDUCED)],
    ),
    (
        BCU,
        R.FAMILY,
        [
            (S.REFERRAL, 700),
            (S.SCREENING, 696),
            (S.PANEL, 680),
            (S.CONSENT, 671),
            (S.SUPPORT_PLAN, 665),
            (S.IN_SUPPORT, 656),
            (S.EXIT, 560),
            (S.REVIEW_6, 380),
            (S.REVIEW_12, 196),
        ],
        170,
        "",
        "case.officer",
        ["faith-guidance", "family-support"],
        [(380, RiskDirection.REDUCED), (196, RiskDirection.REDUCED)],
    ),
    (
        BCU,
        R.COMMUNITY,
        [(S.REFERRAL, 90), (S.SCREENING, 87), (S.CLOSED_NFA, 84)],
        None,
        Outcome.NOT_ADOPTED,
        None,
        [],
        [],
    ),
    (
        BCU,
        R.EDUCATION,
        [(S.REFERRAL, 400), (S.SCREENING, 396), (S.CLOSED_NFA, 392)],
        None,
        Outcome.NOT_ADOPTED,
        None,
        [],
        [],
    ),
    (
        COUNCIL,
        R.HEALTH,
        [(S.REFERRAL, 300), (S.SCREENING, 297), (S.PANEL, 285), (S.CLOSED_REFERRED, 280)],
        None,
        Outcome.SIGNPOSTED,
        None,
        ["health"],
        [],
    ),
    (
        BCU,
        R.POLICE,
        [
            (S.REFERRAL, 240),
            (S.SCREENING, 236),
            (S.PANEL, 222),
            (S.CONSENT, 215),
            (S.CLOSED_NFA, 208),
        ],
        None,
        Outcome.CONSENT_DECLINED,
        None,
        [],
        [],
    ),
    (
        BCU,
        R.EDUCATION,
        [
            (S.REFERRAL, 1300),
            (S.SCREENING, 1296),
            (S.PANEL, 1280),
            (S.CONSENT, 1272),
            (S.SUPPORT_PLAN, 1266),
            (S.IN_SUPPORT, 1258),
            (S.EXIT, 1100),
            (S.REVIEW_6, 920),
            (S.REVIEW_12, 735),
            (S.CLOSED_COMPLETED, 730),
        ],
        None,
        Outcome.RISK_REDUCED,
        None,
        ["mentoring", "careers"],
        [(920, RiskDirection.REDUCED), (735, RiskDirection.REDUCED)],
    ),
    (
        BCU,
        R.OTHER_AGENCY,
        [(S.REFERRAL, 1250), (S.SCREENING, 1247), (S.CLOSED_NFA, 1120)],
        None,
        Outcome.NOT_ADOPTED,
        None,
        [],
        [],
    ),
]


def seed_cases(users: dict[str, User], city: Organisation, today: date) -> None:
    """The city BCU's demo cases (once). ``users`` by demo e-mail local part."""
    if Case.objects.filter(bcu=city).exists():
        return
    agencies = {
        BCU: city,
        COUNCIL: Organisation.objects.get(name="Northmoor City Council"),
        CHILDREN: Organisation.objects.get(name="Northmoor City Council Children's Services"),
    }
    interventions = {i.code: i for i in Intervention.objects.all()}
    lead = users["bcu.lead"]
    for agency, source, stages, review_in, outcome, officer, offered, reviews in CASES:
        (first, referred_ago), *later = stages
        day = lambda ago: today - timedelta(days=ago)  # noqa: E731
        case = records.save_record(
            lead,
            Case(
                bcu=city,
                agency=agencies[agency],
                officer=users.get(officer) if officer else None,
                referral_source=source,
                referred_on=day(referred_ago),
                stage=first,
                stage_on=day(referred_ago),
                review_on=day(-review_in) if review_in is not None else None,
            ),
            {"interventions": [interventions[c] for c in offered]},
        )
        events = [(ago, "stage", stage) for stage, ago in later]
        events += [(ago, "review", direction) for ago, direction in reviews]
        for ago, kind, value in sorted(events, key=lambda e: (-e[0], e[1] == "stage")):
            case.refresh_from_db()
            if kind == "stage":
                actions.record_stage(
                    lead,
                    case,
                    value,
                    day(ago),
                    outcome if value.startswith("closed") else "",
                    case.version,
                )
            else:
                actions.record_review(lead, case, day(ago), value, case.review_on, case.version)
