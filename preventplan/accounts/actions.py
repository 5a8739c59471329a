from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from preventplan.accounts.models import ApiToken, User
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.tokens import hash_token


@transaction.atomic
def create_api_token(
    user: User, name: str, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is shown once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, key_prefix=key[: len(ApiToken.PREFIX) + 6], key_hash=hash_token(key)
    )
    record(user, AuditAction.COLLECT, "api-token.created", token, request=request)
    return token, key


@transaction.atomic
def revoke_api_token(actor: User, token: ApiToken, request: HttpRequest | None = None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor, AuditAction.ALTER, "api-token.revoked", token, request=request)
