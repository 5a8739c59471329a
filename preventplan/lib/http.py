"""Request types. Every view behind sign-in takes an :class:`AuthedRequest`."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
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


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person's computer. Behind ``NUM_PROXIES`` trusted proxies (load
    balancers) it is the entry that many places from the right of ``CLIENT_IP_HEADER``
    (``X-Forwarded-For``): each proxy appends the address it received the request from, so
    entries further left were written by the client and cannot be trusted. With no proxies, or
    no usable header, it is the connecting address. (Test: ``tests/test_security.py``.)"""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.NUM_PROXIES
    if not proxies:
        return remote
    meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    chain = [a.strip() for a in request.META.get(meta_key, "").split(",") if a.strip()]
    if not chain:
        return remote
    candidate = chain[-min(proxies, len(chain))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
