"""preventplan expire_imports: remove uploaded plan workbooks that were never applied, once they
are older than IMPORT_KEEP_HOURS (a day); each removal is recorded in the audit log as an erasure.
Run it hourly from cron or a systemd timer; safe on several servers at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preventplan.plans.actions import expire_staged_imports


class Command(BaseCommand):
    help = "Remove uploaded plan workbooks never applied within a day."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = expire_staged_imports()
        self.stdout.write(f"Removed {removed} uploaded workbook(s) never applied.")
