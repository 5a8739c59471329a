"""A person's due dates as an iCalendar (RFC 5545) feed: milestones on actions they own, risks
they own due for review, their meeting actions, reviews of the cases they hold (named only by
their reference) and their BCUs' weekly tension returns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from preventplan.cases.models import Case
from preventplan.lib.dates import week_commencing
from preventplan.lib.service import service_name
from preventplan.lib.tokens import hash_token, new_token
from preventplan.organisations.models import Membership
from preventplan.plans.models import Milestone
from preventplan.programme.models import MeetingAction, Risk
from preventplan.records.models import RecordStatus
from preventplan.reminders.models import CalendarFeed
from preventplan.tension.deadlines import WEEKLY_DUTIES
from preventplan.tension.models import TensionSettings

TENSION_WEEKS_AHEAD = 8


@transaction.atomic
def new_feed(user: Any) -> str:
    """Make (or replace) the person's feed; the secret is returned once."""
    token = new_token()
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": hash_token(token)})
    return token


def user_for(token: str) -> Any:
    feed = (
        CalendarFeed.objects.filter(token_hash=hash_token(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None


def event(uid: str, day: date, summary: str, path: str, stamp: datetime) -> Event:
    """An all-day event on the day something is due, linking to where it is done."""
    item = Event()
    item.add("uid", f"{uid}@preventplan")
    item.add("dtstamp", stamp)
    item.add("dtstart", day)
    item.add("dtend", day + timedelta(days=1))
    item.add("summary", summary)
    item.add("url", f"{settings.SITE_URL.rstrip('/')}{path}")
    return item


def feed(user: Any, today: date) -> str:
    """The person's due dates as iCalendar, in their own language."""
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        return _feed(user, today)


def _feed(user: Any, today: date) -> str:
    stamp = timezone.now().astimezone(UTC)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Prevent Delivery Planner//Due dates//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", service_name())
    for m in (
        Milestone.objects.due_for_delivery().filter(action__owner=user).select_related("action")
    ):
        calendar.add_component(
            event(
                f"milestone-{m.pk}",
                m.due_date,
                _("Milestone due: %(title)s (action %(number)s)")
                % {"title": m.title, "number": m.action.number},
                reverse("plans:action-detail", args=[m.action_id]),
                stamp,
            )
        )
    for r in Risk.objects.filter(owner=user, status=RecordStatus.OPEN):
        calendar.add_component(
            event(
                f"risk-{r.pk}-{r.review_on:%Y%m%d}",
                r.review_on,
                _("Risk review: %(reference)s %(title)s")
                % {"reference": r.reference, "title": r.title},
                reverse("programme:risk-detail", args=[r.pk]),
                stamp,
            )
        )
    for a in MeetingAction.objects.filter(owner=user).open():
        calendar.add_component(
            event(
                f"meeting-action-{a.pk}",
                a.due_on,
                _("Meeting action due: %(text)s") % {"text": a.text[:80]},
                reverse("programme:meeting-action-update", args=[a.pk]),
                stamp,
            )
        )
    for case in Case.objects.filter(status=RecordStatus.OPEN, review_on__isnull=False).visible_to(
        user
    ):
        calendar.add_component(
            event(
                f"case-{case.pk}-{case.review_on:%Y%m%d}",
                case.review_on,
                _("Case review due: %(reference)s") % {"reference": case.reference},
                reverse("cases:case-detail", args=[case.pk]),
                stamp,
            )
        )
    settings_row = TensionSettings.current()
    for duty in WEEKLY_DUTIES:
        leads = Membership.objects.current().filter(user=user, role=duty.role)
        for membership in leads.select_related("organisation"):
            unit = membership.organisation
            for n in range(TENSION_WEEKS_AHEAD):
                week = week_commencing(today) + timedelta(days=7 * n)
                calendar.add_component(
                    event(
                        f"{duty.key}-{unit.pk}-{week:%Y%m%d}",
                        timezone.localtime(settings_row.due_at(week, force=duty.force)).date(),
                        _("%(duty)s due: %(unit)s")
                        % {"duty": str(duty.noun).capitalize(), "unit": unit.name},
                        reverse(duty.url_name, args=[unit.pk, week.isoformat()]),
                        stamp,
                    )
                )
    # Properties in the order they were added rather than sorted, as the feed always had them.
    return calendar.to_ical(sorted=False).decode()
