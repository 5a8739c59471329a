import time
from typing import Any

import pyotp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from preventplan.core.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo's privileged users (demo data only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("There are no demo users when PRODUCTION is set")
        totp = pyotp.TOTP(DEMO_TOTP_SECRET)
        self.stdout.write(totp.now())
        self.stderr.write(
            f"Valid for about {totp.interval - int(time.time()) % totp.interval} more seconds."
        )
