"""Sign-in, sign-out and failed sign-in each leave an audit event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from preventplan.accounts.reauth import mark_authenticated
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if hasattr(request, "session"):
        mark_authenticated(request)
    record(user, AuditAction.SIGN_IN, "user.signed-in", request=request)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(user, AuditAction.SIGN_OUT, "user.signed-out", request=request)


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Throttling counted the attempt before the password was checked (accounts/throttle.py).
    record(
        None,
        AuditAction.SIGN_IN_FAILED,
        "user.sign-in-failed",
        actor_label=str(credentials.get("username", ""))[:254],
        request=request,
    )
