from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from preventplan.catalogue.loader import load_all_templates
from preventplan.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, demo_email, seed_demo
from preventplan.organisations.models import Role


class Command(BaseCommand):
    help = "Load the national template and the fictional demo organisations and users (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded when PRODUCTION is set")
        load_all_templates()
        if seed_demo():
            self.stdout.write("Demo data created.")
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(f"\nDemo sign-in (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(
            "Force leads, the administrator and the auditor also need a two-factor code: run\n"
            "  .venv/bin/preventplan demo_code\n"
            f"or add the key {DEMO_TOTP_SECRET} to an authenticator app."
        )
        for demo in DEMO_USERS:
            welsh = " (Welsh-speaking: pages in Cymraeg)" if demo.language == "cy" else ""
            self.stdout.write(
                f"  {demo_email(demo.email):32} {Role(demo.role).label}, {demo.organisation}{welsh}"
            )
