"""Two-factor sign-in: required for privileged roles on every path, codes used once, recovery."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from preventplan.accounts import two_factor
from preventplan.accounts.models import RecoveryCode, TotpDevice, User
from preventplan.audit.models import AuditEvent
from tests.world import PASSWORD, TOTP_SECRET, World

NOW = 1_800_000_000  # a fixed moment, so codes are predictable


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def password_sign_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:sign-in"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def code(offset: int = 0) -> str:
    return pyotp.TOTP(TOTP_SECRET).at(NOW + offset)


def test_force_lead_cannot_use_the_service_without_the_code(world: World) -> None:
    """After the password, a force lead is sent to the code page from every path until a right code
    is given; a wrong code is refused and audited."""
    client = password_sign_in("force_lead@test.example")
    for path in [
        reverse("core:home"),
        reverse("plans:plan-list"),
        "/admin/",
        reverse("accounts:account"),
    ]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:two-factor-verify")
        ), path
    wrong = client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    assert AuditEvent.objects.filter(event="user.two-factor-failed").count() == 1
    ok = client.post(
        reverse("accounts:two-factor-verify"), {"code": code(), "next": reverse("plans:plan-list")}
    )
    assert ok["Location"] == reverse("plans:plan-list")
    assert client.get(reverse("core:home")).status_code == 200


def test_next_cannot_leave_the_site(world: World) -> None:
    """The code page's next address cannot send the person to another site."""
    client = password_sign_in("force_lead@test.example")
    ok = client.post(
        reverse("accounts:two-factor-verify"), {"code": code(), "next": "https://evil.example/"}
    )
    assert ok["Location"] == reverse("core:home")


def test_a_code_works_once(world: World) -> None:
    """A code that has been used is refused if replayed; the next code works."""
    first = password_sign_in("force_lead@test.example")
    assert first.post(reverse("accounts:two-factor-verify"), {"code": code()}).status_code == 302
    second = password_sign_in("force_lead@test.example")
    replay = second.post(reverse("accounts:two-factor-verify"), {"code": code()})
    assert replay.status_code == 200 and "already been used" in replay.content.decode()
    assert second.post(reverse("accounts:two-factor-verify"), {"code": code(30)}).status_code == 302


def test_recovery_code_works_once(world: World) -> None:
    """A recovery code signs in once (in either case) and is then used up."""
    codes = two_factor.new_recovery_codes(world.users["auditor"])
    client = password_sign_in("auditor@test.example")
    assert (
        client.post(reverse("accounts:two-factor-verify"), {"code": codes[0].upper()}).status_code
        == 302
    )
    again = password_sign_in("auditor@test.example")
    assert again.post(reverse("accounts:two-factor-verify"), {"code": codes[0]}).status_code == 200
    assert (
        RecoveryCode.objects.filter(user=world.users["auditor"], used_at__isnull=False).count() == 1
    )


def test_password_reset_does_not_bypass(world: World) -> None:
    """After a reset the person signs in again, and the code is still asked for."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = world.users["national_admin"]
    client = Client()
    url = reverse(
        "accounts:password-reset-confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    form = client.get(url, follow=True).redirect_chain[-1][0]
    new = "a fresh and long passphrase"
    client.post(form, {"new_password1": new, "new_password2": new})
    assert client.get(reverse("core:home")).status_code == 302  # not signed in by the reset
    client.post(reverse("accounts:sign-in"), {"username": user.email, "password": new})
    assert client.get(reverse("core:home"))["Location"].startswith(
        reverse("accounts:two-factor-verify")
    )


def test_required_role_without_device_must_set_up(world: World) -> None:
    """A privileged person without an authenticator sets one up (password and code) and gets ten
    recovery codes before using the service."""
    TotpDevice.objects.filter(user=world.users["other_force_lead"]).delete()
    client = password_sign_in("other_force_lead@test.example")
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:two-factor-setup")
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.content.decode()
    secret = client.session["pending_totp_secret"]
    bad = client.post(
        reverse("accounts:two-factor-setup"),
        {"password": "wrong", "code": pyotp.TOTP(secret).at(NOW)},
    )
    assert "The password is not right" in bad.content.decode()
    done = client.post(
        reverse("accounts:two-factor-setup"),
        {"password": PASSWORD, "code": pyotp.TOTP(secret).at(NOW)},
    )
    codes = done.context["codes"]
    assert (
        len(codes) == 10
        and TotpDevice.objects.get(user=world.users["other_force_lead"]).secret == secret
    )
    assert client.get(reverse("core:home")).status_code == 200


def test_optional_for_others(world: World) -> None:
    """People whose role does not need two-factor sign in with the password alone."""
    client = password_sign_in("bcu_lead@test.example")
    assert client.get(reverse("core:home")).status_code == 200


def test_organisation_can_require_it(world: World) -> None:
    """An organisation can require two-factor sign-in of everyone in it."""
    org = world.orgs["bcu_a1"]
    org.require_two_factor = True
    org.save()
    client = password_sign_in("bcu_lead@test.example")
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:two-factor-setup")


def test_turn_off_only_when_not_required(world: World, client_for: Any) -> None:
    """Two-factor can be turned off only by someone whose role does not need it."""
    assert (
        client_for("force_lead")
        .post(reverse("accounts:two-factor-remove"), {"password": PASSWORD})
        .status_code
        == 403
    )
    user = world.users["bcu_lead"]
    TotpDevice.objects.create(user=user, secret=TOTP_SECRET)
    client_for("bcu_lead").post(reverse("accounts:two-factor-remove"), {"password": PASSWORD})
    assert not TotpDevice.objects.filter(user=user).exists()


def test_failed_codes_are_throttled(world: World, settings: Any) -> None:
    """Too many wrong codes end the half-signed-in session: the right code is then refused."""
    settings.SIGN_IN_MAX_FAILURES_PER_ACCOUNT = 3
    client = password_sign_in("force_lead@test.example")
    for _ in range(3):
        client.post(reverse("accounts:two-factor-verify"), {"code": "111111"})
    response = client.post(reverse("accounts:two-factor-verify"), {"code": code()})
    assert response["Location"] == reverse("accounts:sign-in")
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("accounts:sign-in"))
    assert User.objects.get(email="force_lead@test.example").totp_device.last_used_step == 0


def test_role_changes_need_recent_authentication(world: World, client_for: Any) -> None:
    """Adding a person or removing a role asks for the password and code again after a while."""
    from preventplan.accounts.reauth import SESSION_KEY as REAUTH

    client = client_for("force_lead")
    session = client.session
    session[REAUTH] = NOW - 16 * 60
    session.save()
    url = reverse("organisations:invite", args=[world.orgs["bcu_a1"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:reauthenticate")
    )
    confirm = response["Location"]
    wrong = client.post(confirm, {"password": PASSWORD, "code": "000000", "next": url})
    assert "The code is not right" in wrong.content.decode()
    ok = client.post(confirm, {"password": PASSWORD, "code": code(), "next": url})
    assert ok["Location"] == url
    assert client.get(url).status_code == 200
