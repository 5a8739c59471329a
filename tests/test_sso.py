"""Single sign-on (OpenID Connect, e.g. Microsoft Entra ID): maps to existing accounts only."""

from __future__ import annotations

from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from preventplan.accounts.models import User
from preventplan.accounts.oidc import SingleSignOnBackend
from tests.world import World

SSO = {
    "OIDC_RP_CLIENT_ID": "preventplan",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example/keys",
}


def sso_sign_in(client: Client, claims: dict[str, str]) -> Any:
    start = client.get(reverse("accounts:sso"))
    assert start.status_code == 302 and start["Location"].startswith(
        "https://login.example/authorize"
    )
    query = parse_qs(urlparse(start["Location"]).query)
    state, nonce = query["state"][0], query["nonce"][0]
    with (
        mock.patch.object(
            SingleSignOnBackend,
            "get_token",
            return_value={"id_token": "id", "access_token": "access"},
        ),
        mock.patch.object(SingleSignOnBackend, "verify_token", return_value={"nonce": nonce}),
        mock.patch.object(SingleSignOnBackend, "get_userinfo", return_value=claims),
    ):
        return client.get(reverse("accounts:sso-callback"), {"code": "abc", "state": state})


def test_sso_off_by_default(world: World) -> None:
    """Unconfigured, there is no single sign-on link or route, and password sign-in works."""
    page = Client().get(reverse("accounts:sign-in")).content.decode()
    assert "Sign in with" not in page
    assert Client().get(reverse("accounts:sso")).status_code == 404
    password = Client().post(
        reverse("accounts:sign-in"),
        {"username": "bcu_lead@test.example", "password": "correct horse battery staple"},
    )
    assert password.status_code == 302  # the SSO backend stays out of the way


def test_sso_signs_in_an_existing_user(world: World, settings: Any) -> None:
    """Single sign-on signs in the existing account whose address matches, in any case."""
    for key, value in SSO.items():
        setattr(settings, key, value)
    assert "Sign in with Microsoft" in Client().get(reverse("accounts:sign-in")).content.decode()
    client = Client()
    response = sso_sign_in(client, {"preferred_username": "BCU_LEAD@test.example", "name": "B"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    assert int(client.session["_auth_user_id"]) == world.users["bcu_lead"].pk


@pytest.mark.parametrize("email", ["stranger@test.example", ""])
def test_sso_never_creates_accounts(world: World, settings: Any, email: str) -> None:
    """Single sign-on for an unknown or missing address signs no one in and creates no account."""
    for key, value in SSO.items():
        setattr(settings, key, value)
    before = User.objects.count()
    client = Client()
    sso_sign_in(client, {"email": email})
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == before


def test_sso_still_asks_privileged_users_for_their_code(world: World, settings: Any) -> None:
    """A privileged user signed in by single sign-on is still asked for their two-factor code."""
    for key, value in SSO.items():
        setattr(settings, key, value)
    client = Client()
    sso_sign_in(client, {"email": "force_lead@test.example"})
    assert client.get(reverse("core:home"))["Location"].startswith(
        reverse("accounts:two-factor-verify")
    )
