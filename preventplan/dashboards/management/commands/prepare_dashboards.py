"""preventplan prepare_dashboards: work out today's figures for every plan in force, so that the
first dashboard of the day is as quick as the rest. Run it just after midnight (UK time) from
cron or a systemd timer; at any other time it counts only plans changed since. Safe on several
servers at once: both store the same figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preventplan.dashboards.rollup import prepare
from preventplan.lib.dates import today


class Command(BaseCommand):
    help = "Work out today's dashboard figures for every plan in force."

    def handle(self, *args: Any, **options: Any) -> None:
        day = today()
        plans, counted = prepare(day)
        self.stdout.write(
            f"{plans} plan(s) in force on {day:%-d %B %Y}; figures worked out for {counted}, "
            f"the rest were already up to date."
        )
