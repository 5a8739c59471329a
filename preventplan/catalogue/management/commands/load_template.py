from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from preventplan.catalogue.loader import DEFAULT_TEMPLATE, load_all_templates, load_template


class Command(BaseCommand):
    help = (
        "Load (or reload) a national template data file (by default the England plan; a variant "
        "such as template-wales-2008-v1.json loads its base first), or with --all every shipped "
        "template. Safe to run any number of times."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_TEMPLATE)
        parser.add_argument(
            "--all", action="store_true", help="Every shipped template: England and Wales."
        )

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        results = load_all_templates() if options["all"] else [load_template(path)]
        for result in results:
            verb = "Loaded" if result.created else "Checked"
            self.stdout.write(f"{verb} {result.version}: {result.activities} activities.")
