"""A person's due dates as an iCalendar (RFC 5545) feed: milestones on actions they own, risks
they own due for review, their meeting actions and their BCUs' weekly tension returns."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from preventplan.lib.dates import week_commencing
from preventplan.organisations.models import Membership
from preventplan.plans.models import Milestone, PlanStatus
from preventplan.programme.models import MeetingAction, RecordStatus, Risk
from preventplan.reminders.models import CalendarFeed
from preventplan.tension.deadlines import WEEKLY_DUTIES
from preventplan.tension.models import TensionSettings

TENSION_WEEKS_AHEAD = 8


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def new_feed(user: Any) -> str:
    """Make (or replace) the person's feed; the secret is returned once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": hash_token(token)})
    return token


def user_for(token: str) -> Any:
    feed = (
        CalendarFeed.objects.filter(token_hash=hash_token(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def event(uid: str, day: date, summary: str, path: str, stamp: datetime) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@preventplan",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"URL:{settings.SITE_URL.rstrip('/')}{path}",
        "END:VEVENT",
    ]


def feed(user: Any, today: date) -> str:
    stamp = timezone.now().astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Prevent Delivery Planner//Due dates//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Prevent Delivery Planner",
    ]
    for m in (
        Milestone.objects.open()
        .filter(action__owner=user)
        .exclude(action__plan__status=PlanStatus.CLOSED)
        .select_related("action")
    ):
        lines += event(
            f"milestone-{m.pk}",
            m.due_date,
            f"Milestone due: {m.title} (action {m.action.number})",
            reverse("plans:action-detail", args=[m.action_id]),
            stamp,
        )
    for r in Risk.objects.filter(owner=user, status=RecordStatus.OPEN):
        lines += event(
            f"risk-{r.pk}-{r.review_on:%Y%m%d}",
            r.review_on,
            f"Risk review: {r.reference} {r.title}",
            reverse("programme:risk-detail", args=[r.pk]),
            stamp,
        )
    for a in MeetingAction.objects.filter(owner=user).open():
        lines += event(
            f"meeting-action-{a.pk}",
            a.due_on,
            f"Meeting action due: {a.text[:80]}",
            reverse("programme:meeting-action-update", args=[a.pk]),
            stamp,
        )
    settings_row = TensionSettings.current()
    for duty in WEEKLY_DUTIES:
        leads = Membership.objects.current().filter(user=user, role=duty.role)
        for membership in leads.select_related("organisation"):
            unit = membership.organisation
            for n in range(TENSION_WEEKS_AHEAD):
                week = week_commencing(today) + timedelta(days=7 * n)
                lines += event(
                    f"{duty.key}-{unit.pk}-{week:%Y%m%d}",
                    timezone.localtime(settings_row.due_at(week, force=duty.force)).date(),
                    f"{duty.noun.capitalize()} due: {unit.name}",
                    reverse(duty.url_name, args=[unit.pk, week.isoformat()]),
                    stamp,
                )
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
