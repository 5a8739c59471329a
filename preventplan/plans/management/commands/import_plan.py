from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventplan.accounts.models import User
from preventplan.plans import importer
from preventplan.plans.models import Plan


class Command(BaseCommand):
    help = "Import a plan's decisions, owners, milestones and RAG from an .xlsx or .csv file. All or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--plan", type=int, required=True, help="The plan's id (shown in its address)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )
        parser.add_argument(
            "--user", help="E-mail address of the person the changes are recorded against."
        )

    def handle(
        self, *args: Any, file: Path, plan: int, dry_run: bool, user: str | None, **options: Any
    ) -> None:
        target = Plan.objects.filter(pk=plan).first()
        if target is None:
            raise CommandError(f"There is no plan with id {plan}")
        actor = None
        if user:
            actor = User.objects.filter(email__iexact=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"There is no active user with the e-mail address {user}")
        if not file.is_file():
            raise CommandError(f"{file} is not a file")
        try:
            preview = importer.build_preview(target, file.name, file.read_bytes())
        except importer.ImportFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{file.name}: header on row {preview.header_row}; {preview.rows_read} activity rows read."
        )
        for column, use in preview.column_use:
            self.stdout.write(f"  column “{column}”: {use}")
        for warning in preview.warnings:
            self.stdout.write(f"  warning: {warning}")
        for change in preview.changes:
            self.stdout.write(
                f"  row {change.row}, {change.action.number}: "
                + "; ".join(str(d) for d in change.descriptions)
            )
        if preview.errors:
            for row_error in preview.errors:
                self.stderr.write(f"  {row_error}")
            raise CommandError(
                f"{len(preview.errors)} problem(s) found, so the file cannot be imported; nothing was changed"
            )
        if not preview.changes:
            self.stdout.write("Nothing to change.")
            return
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(preview.changes)} action(s) would change; nothing was changed."
            )
            return
        n = importer.apply_preview(actor, target, preview, target.version)
        self.stdout.write(f"Imported: {n} action(s) changed.")
