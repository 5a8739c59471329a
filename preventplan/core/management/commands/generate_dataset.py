from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from preventplan.catalogue.loader import load_template
from preventplan.core.synthetic import SCALES, generate


class Command(BaseCommand):
    help = (
        "Generate deterministic synthetic organisations and years of history at a chosen scale "
        "(small, force, national)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2008)
        parser.add_argument(
            "--organisations-only",
            action="store_true",
            help="Only the organisations and partnerships, without years of history.",
        )

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        load_template()
        counts = generate(scale, seed, with_history=not options["organisations_only"])
        if not counts.rows:
            self.stdout.write(f"The {scale} dataset is already present; nothing changed.")
            return
        self.stdout.write(f"Generated the {scale} dataset:")
        for name, n in counts.rows.items():
            self.stdout.write(f"  {name:28} {n:>7,}")
