"""preventplan backup [--output PATH]: a consistent copy of the database while the service runs
(SQLite's backup API, checked; or pg_dump for PostgreSQL). Prints where it went."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventplan.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Where to write the backup.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup(options.get("output"))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
