"""preventplan run_reports: queue the scheduled reports that are due, then produce every queued
report file and tell the schedules' recipients; remove files older than REPORT_FILES_DAYS. Safe to run on several servers at once: each
schedule and each run is claimed with a conditional update, so nothing is produced twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preventplan.lib.dates import today
from preventplan.reports import runs


class Command(BaseCommand):
    help = "Produce scheduled and queued reports."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = runs.run_due_schedules(today())
        produced = runs.produce_queued()
        removed = runs.expire_old_files()
        self.stdout.write(
            f"Queued {len(queued)} scheduled report(s); produced {produced} file(s); "
            f"removed {removed} old file(s)."
        )
