"""preventplan prepare_checklists: make today's checklist PDFs before anyone asks, so that a
download is the kept PDF (tens of milliseconds) rather than one made while the reader waits
(1-2 seconds): the blank checklists of the current template versions, and the checklist of every
plan whose period covers today. Run it just after midnight (UK time), after prepare_dashboards;
at any other time it makes only what has changed since. Safe on several servers at once: they
share the work, and a PDF made twice is kept once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventplan.lib.dates import today
from preventplan.plans.checklist import prepare


class Command(BaseCommand):
    help = "Make today's checklist PDFs (blank, and of every plan in its period) not kept yet."

    def add_arguments(self, parser: CommandParser) -> None:
        only = parser.add_mutually_exclusive_group()
        only.add_argument("--plans-only", action="store_true", help="Only the plans' checklists.")
        only.add_argument("--blank-only", action="store_true", help="Only the blank checklists.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = today()
        done = prepare(day, plans=not options["blank_only"], blank_ones=not options["plans_only"])
        self.stdout.write(
            f"Checklist PDFs for {day:%-d %B %Y}: {done.made} made, {done.up_to_date} already "
            f"up to date."
        )
        for failure in done.failed:
            self.stderr.write(f"Not made: {failure}")
        if done.failed:
            raise CommandError(
                f"{len(done.failed)} checklist PDF(s) could not be made (see above); the next "
                f"download of each makes it instead."
            )
