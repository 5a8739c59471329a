"""Sign-in throttling: after too many failures for one account, or from one address, within a
window, sign-in is refused for that account or address until the window has passed. There is no
permanent lockout, and the message is the same whether or not the account exists.

Check and count are one step: an attempt is counted *before* the password (or code) is checked,
by a conditional ``UPDATE … SET attempts = attempts + 1 WHERE attempts < limit`` on one row per
account and one per address, and given back if it succeeds. PostgreSQL re-checks the condition
on a row another transaction has just updated, and SQLite runs one writing transaction at a
time, so thirty parallel wrong passwords get exactly ``limit`` checked (docs/audit.md,
"Sign-in throttling"; tests in ``tests/test_security.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from preventplan.accounts.models import SignInCounter

Scope = SignInCounter.Scope


class _Refused(Exception):
    pass


@dataclass(frozen=True)
class Claim:
    """One counted attempt; :meth:`succeeded` gives it back."""

    keys: tuple[tuple[str, str], ...]

    def succeeded(self) -> None:
        for scope, key in self.keys:
            SignInCounter.objects.filter(scope=scope, key=key, attempts__gt=0).update(
                attempts=F("attempts") - 1
            )


def _keys(email: str, ip_address: str | None) -> list[tuple[str, str, int]]:
    keys = [
        (
            Scope.ACCOUNT.value,
            email.strip().lower()[:254],
            settings.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
        )
    ]
    if ip_address:
        keys.append((Scope.ADDRESS.value, ip_address, settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS))
    return keys


def _count(scope: str, key: str, limit: int, expired: Q, now: datetime) -> bool:
    """The conditional UPDATE. A row removed by the clean-up since it was inserted (a day-old
    window, between two statements) is put back and counted again."""
    rows = SignInCounter.objects.filter(scope=scope, key=key)
    for _ in range(2):
        counted = rows.filter(expired | Q(attempts__lt=limit)).update(
            attempts=Case(When(expired, then=Value(1)), default=F("attempts") + 1),
            window_start=Case(When(expired, then=Value(now)), default=F("window_start")),
        )
        if counted or rows.exists():
            return bool(counted)
        SignInCounter.objects.bulk_create(
            [SignInCounter(scope=scope, key=key, window_start=now)], ignore_conflicts=True
        )
    return False


def claim(email: str, ip_address: str | None) -> Claim | None:
    """Count one attempt for the account and the address, or return None (and count nothing)
    if either has reached its limit in the current window."""
    now = timezone.now()
    expired = Q(window_start__lt=now - timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES))
    keys = _keys(email, ip_address)
    try:
        with transaction.atomic():
            SignInCounter.objects.bulk_create(
                [SignInCounter(scope=s, key=k, window_start=now) for s, k, _ in keys],
                ignore_conflicts=True,
            )
            for scope, key, limit in keys:
                if not _count(scope, key, limit, expired, now):
                    raise _Refused
    except _Refused:
        return None
    # Keep the table small: a window older than a day is never needed.
    SignInCounter.objects.filter(window_start__lt=now - timedelta(days=1)).delete()
    return Claim(tuple((s, k) for s, k, _ in keys))
