"""Recent authentication: before changing who holds which role, a person must have given their
password (and second factor) within the last few minutes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

SESSION_KEY = "reauthenticated_at"


def mark_authenticated(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = timezone.now().timestamp()


def is_recent(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    return (
        at is not None
        and timezone.now().timestamp() - float(at) <= settings.REAUTHENTICATE_MINUTES * 60
    )


def recent_authentication_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Send the person to confirm their password first unless they did so recently."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_recent(request):
            return redirect(
                reverse("accounts:reauthenticate")
                + "?"
                + urlencode({"next": request.get_full_path()})
            )
        return view(request, *args, **kwargs)

    return wrapper
