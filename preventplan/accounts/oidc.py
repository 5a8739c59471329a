"""Single sign-on with OpenID Connect (Microsoft Entra ID is what forces use), as an option.

Set the OIDC_* environment variables (README) to turn it on. A person signing in this way must
already have an active account with the same e-mail address: single sign-on never creates
accounts, so roles are still given only through invitations. Two-factor rules still apply.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from preventplan.accounts.models import User


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def claim_email(claims: dict[str, Any]) -> str:
    """Entra ID puts the address in ``email``, ``preferred_username`` or ``upn``."""
    for key in ("email", "preferred_username", "upn"):
        value = str(claims.get(key) or "")
        if "@" in value:
            return value.lower()
    return ""


class SingleSignOnBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every sign-in: stay inert when SSO is not configured.
        if enabled():
            super().__init__(*args, **kwargs)
        self.UserModel = User

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claim_email(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = claim_email(claims)
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> None:
        return None  # never: accounts come from invitations

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)


@login_not_required
def sign_in(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


@login_not_required
def callback(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404
    return OIDCAuthenticationCallbackView.as_view()(request)
