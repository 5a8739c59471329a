"""preventplan audit_checkpoint: check the audit log, then write a signed checkpoint (count, last
hash, time, HMAC with AUDIT_KEY) to AUDIT_CHECKPOINT_DIR, outside the database. Run it daily;
`verify_audit --checkpoint FILE` checks the log against any checkpoint. Exits with an error, and
writes nothing, if the log has been tampered with."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventplan.audit import checkpoint


class Command(BaseCommand):
    help = "Check the audit log and write a signed checkpoint of it outside the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, help="Instead of AUDIT_CHECKPOINT_DIR.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, report = checkpoint.write(options["directory"])
        except checkpoint.CheckpointError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Checkpoint of {report.checked:,} events written to {path}.")
