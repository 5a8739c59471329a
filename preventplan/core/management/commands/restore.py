"""preventplan restore PATH --yes: put a SQLite backup back in place of the database. Stop the
service first; the backup is checked before anything is overwritten. PostgreSQL is restored with
pg_restore (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventplan.core.backup import BackupError, restore_sqlite


class Command(BaseCommand):
    help = "Restore a SQLite backup (the service must be stopped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm: the current database is replaced."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("This replaces the current database. Run it again with --yes.")
        try:
            live = restore_sqlite(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {options['path']} into {live}.")
