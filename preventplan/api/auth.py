"""Bearer-token authentication for /api/v1. Tokens are looked up by their hash."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from preventplan.accounts.models import ApiToken, User
from preventplan.lib.tokens import hash_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.active()
            .filter(key_hash=hash_token(token))
            .select_related("user")
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


def api_user(request: HttpRequest) -> User:
    """The authenticated caller (the bearer-token check has already run)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("not authenticated")
    return user
