from typing import Any

from django.core.management.base import BaseCommand, CommandError

from preventplan.audit.log import verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain: any edited, removed or reordered event is found."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"The audit log has been tampered with: the chain breaks at event {report.first_broken_id} after {report.checked} good events"
            )
        self.stdout.write(f"The audit log is intact: {report.checked:,} events checked.")
