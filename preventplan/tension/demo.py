"""Demo tension returns for Northmoor Police: eight weeks of BCU returns (one BCU often late,
one missing this week), the force's weekly assessments, a critical incident, and part of the
Northmoor City return shared with its Prevent forum. Fictional, and free of personal data."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from preventplan.accounts.models import User
from preventplan.lib.dates import week_commencing
from preventplan.organisations.models import Organisation, Partnership
from preventplan.tension import actions
from preventplan.tension.actions import EVENTS_INDICATOR
from preventplan.tension.models import (
    BcuReturn,
    CriticalIncident,
    ForceAssessment,
    IndicatorType,
    PartnerContribution,
    TensionLevel,
    TensionSettings,
    UpcomingEvent,
)

ACTIONS_TAKEN = [
    "None needed beyond routine neighbourhood patrols.",
    "Community contacts called; reassurance patrols near places of worship.",
    "Partners briefed at the weekly tasking meeting; schools told of the march route.",
]
NARRATIVES = {
    "experienced": "Two hate incidents reported near the market square; one disorder call at a "
    "late-night venue, resolved without arrests.",
    "evidential": "Community contacts report rumours online after a national news story; "
    "stickers removed from bus shelters in one ward.",
    "potential": "A march is planned in the town centre; the anniversary of a local incident "
    "falls next week.",
}


def seed_tension(users: dict[str, User], force: Organisation, today: date) -> None:
    rng = random.Random(26)  # noqa: S311 - demo figures, not security
    settings_row = TensionSettings.current()
    levels = {lv.position: lv for lv in TensionLevel.objects.all()}
    indicators = list(IndicatorType.objects.filter(is_active=True))
    bcus = list(Organisation.objects.filter(parent=force, kind="bcu").order_by("name"))
    this_week = week_commencing(today)
    weeks = [this_week - timedelta(days=7 * n) for n in range(8, -1, -1)]
    for week in weeks:
        due = settings_row.due_at(week)
        if due > timezone.now():
            continue
        for bcu in bcus:
            missing = bcu.name == "Westvale BCU" and week in {this_week, this_week - timedelta(28)}
            if missing:
                continue
            late = (bcu.name == "Eastdale BCU" and week.toordinal() % 3 == 0) or (
                bcu.name == "Eastdale BCU" and week == this_week
            )
            author = users["bcu.lead"] if bcu.name == "Northmoor City BCU" else users["force.lead"]
            ret = actions.start(author, BcuReturn, bcu, week)
            lists_march = bcu.name == "Northmoor City BCU" and week == this_week
            base = 2 + (1 if bcu.name == "Northmoor City BCU" else 0) + rng.choice([0, 0, 1])
            for name, text in NARRATIVES.items():
                setattr(ret, name, text)
                setattr(ret, f"{name}_level", levels[min(6, base + rng.choice([-1, 0, 0, 1]))])
            ret.overall_level = levels[min(6, base)]
            ret.trend = rng.choice(["stable", "stable", "rising", "falling"])
            ret.actions_taken = rng.choice(ACTIONS_TAKEN)
            if bcu.name == "Northmoor City BCU":
                ret.share_sections = "experienced,overall"
            actions.save_draft(
                author,
                ret,
                ret.version,
                # Planned events are counted only where they are listed (the march, below).
                counts={
                    i: (int(lists_march) if i.code == EVENTS_INDICATOR else rng.randint(0, 6))
                    for i in indicators
                },
                shared_with=list(
                    Partnership.objects.filter(name="Northmoor City Prevent Partnership Forum")
                )
                if bcu.name == "Northmoor City BCU"
                else [],
            )
            if lists_march:
                UpcomingEvent.objects.create(
                    bcu_return=ret,
                    title="Town centre march",
                    starts_on=this_week + timedelta(days=12),
                    area="Northmoor town centre",
                )
                PartnerContribution.objects.create(
                    bcu_return=ret,
                    partner=Organisation.objects.get(name="Northmoor City Council"),
                    section="evidential",
                    summary="Youth workers report talk of the march among young people in two wards.",
                )
            actions.submit(author, ret)
            when = due + (timedelta(hours=30) if late else -timedelta(hours=rng.randint(2, 40)))
            BcuReturn.objects.filter(pk=ret.pk).update(submitted_at=when)
        if week == this_week:
            draft = actions.start(users["force.lead"], ForceAssessment, force, week, prefill=True)
            ForceAssessment.objects.filter(pk=draft.pk).update(
                narrative="Tension raised in Northmoor City ahead of the planned march; other BCUs stable. "
                "Westvale's return is awaited."
            )
            continue
        assessment = actions.start(users["force.lead"], ForceAssessment, force, week)
        assessment.narrative = "Tension broadly stable across the force; Northmoor City remains the area of most concern."
        assessment.global_events = "Conflict overseas continues to feature in national news."
        assessment.national_events = "A national day of action is planned by a protest group."
        assessment.local_events = "Football derby; university freshers' events."
        assessment.actions_taken = (
            "Neighbourhood teams briefed; community contacts in Northmoor City called weekly."
        )
        assessment.overall_level = levels[3]
        actions.save_draft(users["force.lead"], assessment, assessment.version)
        actions.submit(users["force.lead"], assessment)
        ForceAssessment.objects.filter(pk=assessment.pk).update(
            submitted_at=due + timedelta(hours=20)
        )
    incident = CriticalIncident(
        force=force,
        bcu=Organisation.objects.get(name="Northmoor City BCU"),
        occurred_at=timezone.now() - timedelta(days=3, hours=5),
        area="Northmoor City, market square",
        summary="Disorder between two groups after a demonstration; dispersed within an hour. "
        "Community reassurance patrols in place.",
    )
    # Recorded as the page would, without sending the demo's e-mail anywhere.
    incident.recorded_by = users["force.lead"]
    incident.recorded_at = incident.occurred_at + timedelta(minutes=20)
    incident.notified_at = incident.recorded_at
    incident.notified = actions.alert_addresses(force)
    incident.save()
