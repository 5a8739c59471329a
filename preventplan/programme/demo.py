"""Demo registers for Northmoor Police and Northmoor City BCU: risks (some overdue for review,
with score histories), benefits with measured values, and impact assessments. All fictional;
dates are relative to the day the demo is built."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from preventplan.accounts.models import User
from preventplan.lib.report_kinds import ReportKind
from preventplan.organisations.models import Partnership
from preventplan.performance.models import Indicator
from preventplan.plans.models import Plan
from preventplan.programme import actions
from preventplan.programme.models import (
    AgendaItem,
    AssessmentKind,
    AssessmentOutcome,
    Benefit,
    BenefitValue,
    Board,
    BoardDecision,
    BoardKind,
    BoardMember,
    ImpactAssessment,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    MeetingStatus,
    Risk,
    RiskCategory,
    RiskReview,
)
from preventplan.records import actions as records

# title, category, cause, effect, inherent (l, i), residual (l, i), target (l, i), controls,
# mitigating action numbers, days until review (negative: overdue), reviews [(days ago, l, i, note)]
FORCE_RISKS: list[tuple[Any, ...]] = [
    (
        "Prevent engagement seen as surveillance of communities",
        RiskCategory.COMMUNITY,
        "Engagement and Prevent messages are delivered without community input, or are "
        "reported in the media as intelligence gathering.",
        "Community partners and key individual networks withdraw; fewer concerns are raised "
        "early; confidence in neighbourhood policing falls.",
        (4, 5),
        (3, 4),
        (2, 3),
        "Community reference group reviews engagement materials; Prevent explained at every "
        "key individual network meeting; communications plan (7.3) agreed with partners.",
        ["1.1", "7.3"],
        45,
        [
            (160, 4, 4, "Baseline review after the plan was approved."),
            (70, 3, 4, "Reference group now meets monthly; media coverage balanced."),
        ],
    ),
    (
        "Additional Prevent funding ends before the work is embedded",
        RiskCategory.RESOURCES,
        "Comprehensive Spending Review funding for Prevent posts is confirmed one year at a time.",
        "Dedicated Prevent officers return to other duties; partnership work stalls.",
        (4, 4),
        (3, 4),
        (2, 3),
        "Prevent roles written into the BCU establishment; training cascaded to "
        "neighbourhood teams.",
        ["0.4", "0.9"],
        -12,
        [(120, 3, 4, "Funding confirmed to March only; posts at risk from April.")],
    ),
    (
        "Information shared with partners without a protocol in force",
        RiskCategory.INFORMATION,
        "Protocols lapse at their review date while sharing continues informally.",
        "Unlawful disclosure; loss of partner trust; complaint to the Information Commissioner.",
        (3, 4),
        (2, 4),
        (1, 4),
        "Protocol register with review dates; sharing in the system stops when a protocol lapses.",
        ["0.10"],
        80,
        [],
    ),
]
CITY_RISKS: list[tuple[Any, ...]] = [
    (
        "Tension after local incidents disrupts engagement",
        RiskCategory.COMMUNITY,
        "Incidents in two wards raise tension; engagement events are postponed.",
        "Planned engagement and tabletop exercises slip; partners lose momentum.",
        (4, 4),
        (3, 3),
        (2, 3),
        "Weekly tension assessment; partners agree when to postpone and when to go ahead.",
        ["5.6", "4.2"],
        -20,
        [
            (100, 4, 3, "Two events postponed in the summer."),
            (50, 3, 3, "Events rescheduled with the Interfaith Forum."),
        ],
    ),
    (
        "Trained staff abstracted to other duties",
        RiskCategory.DELIVERY,
        "Neighbourhood officers trained in Prevent are moved to response cover.",
        "Fewer officers able to recognise and pass on concerns (2.1).",
        (4, 3),
        (3, 3),
        (2, 2),
        "Minimum trained staffing agreed with the duty planning unit.",
        ["2.1"],
        30,
        [],
    ),
    (
        "Schools partnership lapses when the lead teacher leaves",
        RiskCategory.PARTNERSHIP,
        "The academy's Prevent contact changes post.",
        "School engagement (4.3) stops until a new contact is found.",
        (3, 3),
        (1, 3),
        (1, 3),
        "A named deputy at the academy; contact list held by the council's coordinator.",
        [],
        60,
        [],
    ),
]


def _risks(lead: User, owner: User, plan: Plan, rows: list[tuple[Any, ...]], today: date) -> None:
    for (
        title,
        category,
        cause,
        effect,
        inherent,
        residual,
        target,
        controls,
        numbers,
        review_days,
        reviews,
    ) in rows:
        first = reviews[0] if reviews else None
        risk = Risk(
            organisation=plan.organisation,
            title=title,
            category=category,
            cause=cause,
            effect=effect,
            inherent_likelihood=inherent[0],
            inherent_impact=inherent[1],
            likelihood=first[1] if first else residual[0],
            impact=first[2] if first else residual[1],
            target_likelihood=target[0],
            target_impact=target[1],
            controls=controls,
            owner=owner,
            review_on=today + timedelta(days=review_days),
        )
        records.save_record(
            lead,
            risk,
            {"actions": list(plan.actions.filter(number__in=numbers))},
        )
        for i, (days_ago, likelihood, impact, note) in enumerate(reviews):
            following = (
                today - timedelta(days=reviews[i + 1][0])
                if i + 1 < len(reviews)
                else today + timedelta(days=review_days)
            )
            actions.review_risk(
                owner,
                risk,
                RiskReview(
                    reviewed_on=today - timedelta(days=days_ago),
                    likelihood=likelihood,
                    impact=impact,
                    note=note,
                    next_review_on=following,
                ),
                risk.version,
            )


def seed_programme(users: dict[str, User], force_plan: Plan, city_plan: Plan, today: date) -> None:
    _risks(users["force.lead"], users["force.lead"], force_plan, FORCE_RISKS, today)
    _risks(users["bcu.lead"], users["action.owner"], city_plan, CITY_RISKS, today)
    closed = Risk.objects.get(title__startswith="Schools partnership lapses")
    closed.status = "closed"
    records.save_record(users["bcu.lead"], closed, expected_version=closed.version)

    benefits = [
        (
            users["bcu.lead"],
            users["action.owner"],
            city_plan,
            "Partner staff confident to raise a concern",
            "Front-line partner staff know how and when to raise a concern about someone who "
            "may be vulnerable to radicalisation.",
            "Share of staff trained who say they are confident, from the post-training survey",
            "%",
            (Decimal("35"), Decimal("75")),
            [(150, "46"), (90, "52"), (30, "61")],
            ["2.5", "3.1"],
        ),
        (
            users["force.lead"],
            users["force.lead"],
            force_plan,
            "Community confidence in police engagement",
            "Residents in the priority wards feel the police engage with them fairly.",
            "Agreeing that the police treat everyone fairly, from the community survey",
            "%",
            (Decimal("58"), Decimal("70")),
            [(180, "59"), (90, "62")],
            ["1.1"],
        ),
    ]
    for lead, owner, plan, title, description, measure, unit, (
        base,
        goal,
    ), values, numbers in benefits:
        benefit = records.save_record(
            lead,
            Benefit(
                organisation=plan.organisation,
                title=title,
                description=description,
                measure=measure,
                unit=unit,
                baseline=base,
                baseline_on=plan.period_start - timedelta(days=30),
                target=goal,
                target_on=plan.period_end,
                owner=owner,
                review_on=today + timedelta(days=40),
            ),
            {"actions": list(plan.actions.filter(number__in=numbers))},
        )
        for days_ago, value in values:
            actions.add_benefit_value(
                owner,
                benefit,
                BenefitValue(
                    measured_on=today - timedelta(days=days_ago),
                    value=Decimal(value),
                    note="Quarterly survey",
                ),
            )

    seed_boards(users, force_plan, city_plan, today)
    records.save_record(
        users["force.lead"],
        ImpactAssessment(
            organisation=force_plan.organisation,
            title=f"Equality impact assessment of the {force_plan.period_label} force plan",
            kind=AssessmentKind.EQUALITY,
            plan=force_plan,
            completed_on=today - timedelta(days=140),
            outcome=AssessmentOutcome.ADJUST,
            summary="Engagement events are now held in accessible venues at different times of "
            "day; translated materials agreed with the community reference group.",
            owner=users["force.lead"],
            review_on=today + timedelta(days=220),
        ),
    )
    records.save_record(
        users["bcu.lead"],
        ImpactAssessment(
            organisation=city_plan.organisation,
            title="Community impact of school and college engagement",
            kind=AssessmentKind.COMMUNITY,
            plan=city_plan,
            completed_on=today - timedelta(days=380),
            outcome=AssessmentOutcome.NO_CHANGE,
            summary="No adverse impact identified; parents' forum to be consulted on materials.",
            owner=users["action.owner"],
            review_on=today - timedelta(days=15),
        ),
    )


def seed_boards(users: dict[str, User], force_plan: Plan, city_plan: Plan, today: date) -> None:
    """The force board with a meeting held (decisions, actions: one done, one overdue, one due
    soon) and the next one planned; the City forum with one meeting."""
    lead = users["force.lead"]
    board = actions.save_board_record(
        lead,
        Board(
            organisation=force_plan.organisation,
            name="Northmoor Prevent and CONTEST Board",
            kind=BoardKind.FORCE_BOARD,
            terms_of_reference="Monitors delivery of Prevent across the force area each quarter "
            "(paragraph 15); BCU Prevent leads report progress against milestones (paragraph 14).",
        ),
        "board.added",
    )
    members = {}
    for key, role in [
        ("force.lead", "Chair"),
        ("bcu.lead", "BCU Prevent lead, Northmoor City"),
        ("partner", "Prevent coordinator, Northmoor City Council"),
        ("authority", "Police authority representative"),
    ]:
        member = BoardMember(board=board, name=users[key].full_name, role=role, user=users[key])
        members[key] = actions.save_board_record(lead, member, "board.member-added")
    held = actions.save_board_record(
        lead,
        Meeting(
            board=board,
            held_on=today - timedelta(days=58),
            location="Force headquarters, room 2",
            status=MeetingStatus.HELD,
            minutes="Quarter 2 progress reviewed. Training coverage below target in two BCUs; "
            "funding risk escalated.",
            created_by=lead,
        ),
        "meeting.added",
        many={
            "attendees": [members["force.lead"], members["bcu.lead"], members["partner"]],
            "apologies": [members["authority"]],
        },
    )
    funding = Risk.objects.get(title__startswith="Additional Prevent funding")
    items = [
        AgendaItem(meeting=held, position=1, title="Force plan progress", plan=force_plan),
        AgendaItem(
            meeting=held,
            position=2,
            title="BCU returns",
            plan=city_plan,
            report=ReportKind.BCU_RETURN,
        ),
        AgendaItem(meeting=held, position=3, title="Funding risk", risk=funding),
        AgendaItem(
            meeting=held,
            position=4,
            title="Training coverage",
            indicator=Indicator.objects.get(code="PV-02"),
        ),
    ]
    for item in items:
        actions.save_board_record(lead, item, "meeting.item-added")
    for item, text in [
        (items[2], "Escalate the funding risk to the police authority's next committee."),
        (items[3], "BCUs below 70% training coverage to present a recovery plan."),
    ]:
        actions.save_board_record(
            lead, BoardDecision(meeting=held, item=item, text=text), "meeting.decision-recorded"
        )
    for item, text, owner, due, done in [
        (items[2], "Brief the police authority on the funding position.", "force.lead", -30, True),
        (items[3], "Present the Northmoor City training recovery plan.", "bcu.lead", -10, False),
        (items[1], "Confirm partner attendance figures for the forum.", "action.owner", 6, False),
    ]:
        actions.save_board_record(
            lead,
            MeetingAction(
                meeting=held,
                item=item,
                text=text,
                owner=users[owner],
                due_on=today + timedelta(days=due),
                status=MeetingActionStatus.DONE if done else MeetingActionStatus.OPEN,
                done_on=today + timedelta(days=due) if done else None,
            ),
            "meeting.action-agreed",
        )
    planned = actions.save_board_record(
        lead,
        Meeting(
            board=board,
            held_on=today + timedelta(days=32),
            location="Force headquarters, room 2",
            created_by=lead,
        ),
        "meeting.added",
    )
    actions.save_board_record(
        lead,
        AgendaItem(
            meeting=planned,
            position=1,
            title="Board pack for the quarter",
            report=ReportKind.BOARD_PACK,
        ),
        "meeting.item-added",
    )

    forum = actions.save_board_record(
        users["bcu.lead"],
        Board(
            organisation=city_plan.organisation,
            name="Northmoor City Prevent Partnership Forum",
            kind=BoardKind.PARTNERSHIP_FORUM,
            partnership=Partnership.objects.get(name="Northmoor City Prevent Partnership Forum"),
            terms_of_reference="Oversees the local programme of action (paragraph 12) and "
            "reports to the Community Safety Partnership.",
        ),
        "board.added",
    )
    actions.save_board_record(
        users["bcu.lead"],
        Meeting(
            board=forum,
            held_on=today - timedelta(days=21),
            status=MeetingStatus.HELD,
            location="Northmoor City Council offices",
            minutes="Tabletop exercise feedback; NI35 self-assessment evidence gathered.",
            created_by=users["bcu.lead"],
        ),
        "meeting.added",
    )
