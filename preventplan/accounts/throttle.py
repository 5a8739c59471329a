"""Sign-in throttling: after too many failures for one account, or from one address, within a
window, sign-in is refused for that account or address until the window has passed. There is no
permanent lockout, and the message is the same whether or not the account exists."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from preventplan.accounts.models import SignInAttempt


def window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)


def is_throttled(email: str, ip_address: str | None) -> bool:
    recent = SignInAttempt.objects.filter(at__gte=window_start())
    if (
        recent.filter(email=email.strip().lower()).count()
        >= settings.SIGN_IN_MAX_FAILURES_PER_ACCOUNT
    ):
        return True
    return (
        bool(ip_address)
        and recent.filter(ip_address=ip_address).count()
        >= settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS
    )


def record_failure(email: str, ip_address: str | None) -> None:
    SignInAttempt.objects.create(email=email.strip().lower()[:254], ip_address=ip_address)
    # Keep the table small: nothing older than a day is ever needed.
    SignInAttempt.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()
