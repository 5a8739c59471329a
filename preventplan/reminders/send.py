"""Sending each person one digest of what is new to remind them of. A reminder is claimed by
inserting its row (unique per person and key) in the transaction that sends the e-mail, so
running the job twice, or on two servers at once, never sends the same reminder twice, and a
failed e-mail is tried again on the next run."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from preventplan.accounts.models import User
from preventplan.lib.service import service_name
from preventplan.reminders.collect import Item, items_for
from preventplan.reminders.models import Frequency, ReminderPreference, SentReminder


def wants_digest(pref: ReminderPreference, now: Any) -> bool:
    if pref.frequency == Frequency.OFF:
        return False
    if pref.last_sent_at is None or pref.frequency == Frequency.IMMEDIATE:
        return True
    gap = timedelta(days=7 if pref.frequency == Frequency.WEEKLY else 1)
    return bool(now - pref.last_sent_at >= gap - timedelta(minutes=30))


def claim(user: User, items: list[Item]) -> list[Item]:
    """The items not reminded of before, now marked as sent to this person."""
    claimed = []
    for item in items:
        try:
            with transaction.atomic():
                SentReminder.objects.create(user=user, key=item.key)
        except IntegrityError:
            continue
        claimed.append(item)
    return claimed


def digest_text(user: User, items: list[Item]) -> str:
    base = settings.SITE_URL.rstrip("/")
    lines = [
        _("Hello %(name)s,") % {"name": user.full_name or user.email},
        "",
        _("This is what needs your attention:"),
        "",
    ]
    overdue = [i for i in items if i.overdue]
    soon = [i for i in items if not i.overdue]
    for heading, group in ((_("Overdue:"), overdue), (_("Due soon:"), soon)):
        if group:
            lines.append(heading)
            lines += [f"- {i.text}\n  {base}{i.path}" for i in group]
            lines.append("")
    lines.append(
        _("Change how often you get these on your account page: %(url)s")
        % {"url": f"{base}/account"}
    )
    return "\n".join(lines)


def send_reminders(today: date) -> dict[str, int]:
    now = timezone.now()
    sent = people = 0
    for user in User.objects.filter(is_active=True).order_by("pk"):
        pref, __ = ReminderPreference.objects.get_or_create(user=user)
        if not wants_digest(pref, now):
            continue
        # Claimed and sent together: if the e-mail cannot be sent, the claims are undone and
        # the next run tries again; a second server waits on the claims and then skips them.
        # In the person's own language, whatever the server's.
        with (
            transaction.atomic(),
            translation.override(user.language or settings.LANGUAGE_CODE),
        ):
            items = claim(user, items_for(user, today))
            if not items:
                continue
            send_mail(
                subject=ngettext(
                    "%(service)s: %(count)s thing due or overdue",
                    "%(service)s: %(count)s things due or overdue",
                    len(items),
                )
                % {"service": service_name(), "count": len(items)},
                message=digest_text(user, items),
                from_email=None,
                recipient_list=[user.email],
            )
            ReminderPreference.objects.filter(pk=pref.pk).update(last_sent_at=now)
        people += 1
        sent += len(items)
    return {"people": people, "reminders": sent}
