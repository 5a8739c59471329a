"""Request types. Every view behind sign-in takes an :class:`AuthedRequest`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from preventplan.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request from a signed-in user (the sign-in middleware guarantees it)."""

    user: User


MAX_ID_DIGITS = 18  # ids and small numbers only: anything longer cannot name a record


class IdConverter:
    """A path segment that is a record id: 1 to 18 digits, so it always fits the database."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def small_int(value: str | None) -> int | None:
    """A query-string number that fits the database, or None."""
    if value and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None
