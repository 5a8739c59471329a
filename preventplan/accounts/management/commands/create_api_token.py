from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventplan.accounts.actions import create_api_token
from preventplan.accounts.models import User


class Command(BaseCommand):
    help = "Create an API token for a user (by e-mail address) and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user's e-mail address.")
        parser.add_argument("--name", default="Command-line token")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user with the e-mail address {username}")
        token, key = create_api_token(user, name)
        self.stdout.write(key)
        self.stderr.write(
            f"Created token “{token.name}” for {user.email}. Keep it safe: it is not shown again."
        )
