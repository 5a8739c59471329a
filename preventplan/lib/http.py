"""Request types. Every view behind sign-in takes an :class:`AuthedRequest`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from preventplan.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request from a signed-in user (the sign-in middleware guarantees it)."""

    user: User
