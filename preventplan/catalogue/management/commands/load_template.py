from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from preventplan.catalogue.loader import DEFAULT_TEMPLATE, load_template


class Command(BaseCommand):
    help = "Load (or reload) the national template data file. Safe to run any number of times."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_TEMPLATE)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        result = load_template(path)
        verb = "Loaded" if result.created else "Checked"
        self.stdout.write(f"{verb} {result.version}: {result.activities} activities.")
