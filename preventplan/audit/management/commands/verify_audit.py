"""preventplan verify_audit [--checkpoint FILE]: check the audit log's keyed hash chain, and that
it agrees with its head and, if given, with a signed checkpoint written outside the database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventplan.audit import checkpoint
from preventplan.audit.log import verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain and its head (and a checkpoint): any edited, removed, "
        "reordered or re-hashed event, or a log emptied or cut short, is found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            type=Path,
            help="A checkpoint file written by audit_checkpoint: the log must still agree with it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["checkpoint"]
        if path is None:
            report = verify_chain()
            against = ""
        else:
            try:
                point = checkpoint.read(path)
            except checkpoint.CheckpointError as error:
                raise CommandError(str(error)) from error
            report = checkpoint.verify_against(point)
            against = f"; it agrees with the checkpoint of {point.count:,} events"
        if not report.intact:
            raise CommandError(
                f"The audit log has been tampered with: {report.problem} "
                f"({report.checked:,} good events before it)"
            )
        self.stdout.write(f"The audit log is intact: {report.checked:,} events checked{against}.")
