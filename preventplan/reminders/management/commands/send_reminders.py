"""preventplan send_reminders: e-mail each person one digest of what is due soon or overdue
(milestones, risk reviews, meeting actions, weekly tension returns), as often as they asked.
Run it from cron or a systemd timer (hourly is plenty); safe on several servers at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preventplan.lib.dates import today
from preventplan.reminders.send import send_reminders


class Command(BaseCommand):
    help = "Send reminder digests."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_reminders(today())
        self.stdout.write(
            f"Sent {result['reminders']} reminder(s) to {result['people']} person(s)."
        )
