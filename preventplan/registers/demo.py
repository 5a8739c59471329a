"""Demo community confidence registers for Northmoor Police and Northmoor City BCU: grievances
(one reported in the latest tension return, one overdue for review), … All fictional: places are
invented wards, and no record names a person. Dates are relative to the day the demo is built."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from preventplan.accounts.models import User
from preventplan.organisations.models import Organisation
from preventplan.plans.models import Plan
from preventplan.records import actions as records
from preventplan.records.models import RecordStatus
from preventplan.registers.models import Grievance, GrievanceCategory, GrievanceSource
from preventplan.tension.models import BcuReturn

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


def seed_registers(users: dict[str, User], force_plan: Plan, city_plan: Plan, today: date) -> None:
    """The community confidence registers, after the tension returns they link to."""
    seed_grievances(users, city_plan, today)
