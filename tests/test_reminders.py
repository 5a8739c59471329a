"""send_reminders: one digest per person of what is due soon or overdue, as often as they asked,
never the same reminder twice."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from preventplan.plans.models import Milestone
from preventplan.reminders.models import CalendarFeed, Frequency, ReminderPreference
from tests.factories import make_meeting_action, make_risk
from tests.world import World


def run() -> None:
    call_command("send_reminders", stdout=io.StringIO())


def digest_for(email: str) -> list[Any]:
    return [m for m in mail.outbox if m.to == [email]]


def test_digest_covers_everything_due_and_is_not_repeated(world: World) -> None:
    """The action owner gets one e-mail listing the overdue milestone, the risk review and the
    meeting action; running the job again sends nothing more."""
    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=UTC), tick=False):
        make_risk(world, review_on=date(2026, 12, 2))
    action = world.action("a1", "3.1")
    Milestone.objects.filter(action=action).delete()
    Milestone.objects.create(action=action, title="Panel meets", due_date=date(2026, 11, 20))
    with time_machine.travel(datetime(2026, 11, 29, 9, 0, tzinfo=UTC), tick=False):
        make_meeting_action(world)  # due 5 December
        run()
        run()
    sent = digest_for("action_owner@test.example")
    assert len(sent) == 1
    body = sent[0].body
    assert "Overdue:" in body and "Panel meets" in body
    assert "R-001" in body and "Confirm attendance figures" in body
    assert reverse("plans:action-detail", args=[action.pk]) in body


def test_a_reminder_that_could_not_be_sent_is_sent_next_time(world: World) -> None:
    """If the mail server refuses the digest, nothing is marked as sent: the next run sends it."""
    from unittest import mock

    from preventplan.reminders.models import SentReminder

    action = world.action("a1", "3.1")
    Milestone.objects.filter(action=action).delete()
    Milestone.objects.create(action=action, title="Panel meets", due_date=date(2026, 11, 20))
    with time_machine.travel(datetime(2026, 11, 29, 9, 0, tzinfo=UTC), tick=False):
        with (
            mock.patch(
                "preventplan.reminders.send.send_mail", side_effect=OSError("mail server down")
            ),
            pytest.raises(OSError),
        ):
            run()  # the job fails loudly, so cron reports it
        assert not SentReminder.objects.exists()  # whoever came first is not marked as sent
        run()
    sent = digest_for("action_owner@test.example")
    assert len(sent) == 1 and "Panel meets" in sent[0].body


def test_frequency_is_respected(world: World) -> None:
    """Off means nothing; weekly means at most one digest a week, and a thing that becomes
    overdue is reminded of again in the next digest."""
    ReminderPreference.objects.create(user=world.users["action_owner"], frequency=Frequency.WEEKLY)
    ReminderPreference.objects.create(user=world.users["bcu_lead"], frequency=Frequency.OFF)
    action = world.action("a1", "3.1")
    Milestone.objects.filter(action=action).delete()
    Milestone.objects.create(action=action, title="Panel meets", due_date=date(2026, 12, 1))
    with time_machine.travel(datetime(2026, 11, 29, 9, 0, tzinfo=UTC), tick=False):
        run()
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):
        run()  # overdue now, but the weekly digest is not due yet
    assert len(digest_for("action_owner@test.example")) == 1
    with time_machine.travel(datetime(2026, 12, 6, 9, 0, tzinfo=UTC), tick=False):
        run()
    sent = digest_for("action_owner@test.example")
    assert len(sent) == 2 and "Overdue:" in sent[1].body
    assert digest_for("bcu_lead@test.example") == []


def test_missing_tension_return_is_reminded(world: World) -> None:
    """On the day it is due, the BCU lead is reminded of this week's tension return; once it is
    overdue, again; not at all once submitted."""
    ReminderPreference.objects.create(user=world.users["bcu_lead"], frequency=Frequency.IMMEDIATE)
    with time_machine.travel(datetime(2026, 11, 25, 8, 0, tzinfo=UTC), tick=False):
        run()
    with time_machine.travel(datetime(2026, 11, 25, 13, 0, tzinfo=UTC), tick=False):
        run()
    sent = digest_for("bcu_lead@test.example")
    assert len(sent) == 2
    assert "tension return" in sent[0].body and "is due" in sent[0].body
    assert "was due" in sent[1].body


def test_force_assessment_is_reminded_by_its_own_deadline(world: World) -> None:
    """The force lead is reminded of the force tension assessment from the day before its own
    deadline (Thursday 12:00), not the BCU returns' (Wednesday 12:00), and not once submitted;
    their calendar feed shows it on Thursdays."""
    from preventplan.reminders.calendar import feed
    from preventplan.tension import actions as tension_actions
    from preventplan.tension.models import ForceAssessment, TensionLevel

    lead = world.users["force_lead"]
    ReminderPreference.objects.create(user=lead, frequency=Frequency.IMMEDIATE)
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False):
        run()  # Tuesday: not yet within a day of Thursday noon
    assert digest_for("force_lead@test.example") == []
    with time_machine.travel(datetime(2026, 11, 25, 13, 0, tzinfo=UTC), tick=False):
        run()  # Wednesday afternoon: BCU returns are late, the force assessment is due tomorrow
    sent = digest_for("force_lead@test.example")
    assert len(sent) == 1
    assert "Force A force tension assessment" in sent[0].body
    assert "is due 26 November 2026" in sent[0].body
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=UTC), tick=False):
        assessment = tension_actions.start(
            lead, ForceAssessment, world.orgs["force_a"], date(2026, 11, 23)
        )
        assessment.narrative = "Calm"
        assessment.overall_level = TensionLevel.objects.get(position=2)
        assessment.save()
        tension_actions.submit(lead, assessment)
    with time_machine.travel(datetime(2026, 11, 26, 13, 0, tzinfo=UTC), tick=False):
        run()
        calendar = feed(lead, date(2026, 11, 26))
    assert len(digest_for("force_lead@test.example")) == 1  # submitted: nothing overdue
    assert "Force tension assessment due: Force A" in calendar
    assert "DTSTART;VALUE=DATE:20261203" in calendar  # next Thursday


def test_preference_page(world: World, client_for: Any) -> None:
    """A person chooses how often they are reminded; a made-up choice is refused."""
    client = client_for("partner_user")
    bad = client.post(reverse("reminders:preferences"), {"frequency": "hourly"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    assert client.post(reverse("reminders:preferences"), {"frequency": "weekly"}).status_code == 302
    assert ReminderPreference.objects.get(user=world.users["partner_user"]).frequency == "weekly"


def test_calendar_feed(world: World, client_for: Any) -> None:
    """The action owner makes a calendar address: it lists their milestone and risk review as
    all-day events without signing in; a new address revokes the old; revoking ends it."""
    from django.test import Client

    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=UTC), tick=False):
        make_risk(world, review_on=date(2026, 12, 2), title="Risk, with; odd characters")
    client = client_for("action_owner")
    page = client.post(reverse("reminders:calendar"), {"action": "new"})
    feed_url = page.context["url"]
    path = feed_url.split("127.0.0.1:8000", 1)[-1]
    body = Client().get(path).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261202" in body
    assert "Risk\\, with\\; odd characters" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    client.post(reverse("reminders:calendar"), {"action": "new"})
    assert Client().get(path).status_code == 404  # the old address stopped working
    client.post(reverse("reminders:calendar"), {"action": "revoke"})
    assert not CalendarFeed.objects.exists()
