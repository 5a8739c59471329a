"""Sign-in, sign-out, password reset, sessions and API tokens."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from preventplan.accounts.models import ApiToken, User
from preventplan.audit.models import AuditEvent
from tests.factories import sign_in
from tests.world import PASSWORD, World


def test_sign_in_and_out(world: World) -> None:
    """Correct details sign in (new session key, audited); sign-out ends the session server-side."""
    client = Client()
    client.get(reverse("accounts:sign-in"))
    response = sign_in(client, "force_lead@test.example", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert (
        AuditEvent.objects.filter(event="user.signed-in", actor=world.users["force_lead"]).count()
        == 1
    )
    session_key = client.session.session_key
    client.post(reverse("accounts:sign-out"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(event="user.signed-out").count() == 1


def test_sign_in_is_case_insensitive_for_email_only(world: World) -> None:
    """Users type their address in any case; the password is exact."""
    user = User.objects.get(email="bcu_lead@test.example")
    assert user.email == user.email.lower()
    assert sign_in(Client(), "bcu_lead@test.example", PASSWORD.upper()).status_code == 200


def test_wrong_password_same_message_for_unknown_user(world: World) -> None:
    """Known and unknown e-mail addresses get the same message; failures are audited."""
    wrong = sign_in(Client(), "force_lead@test.example", "not the password").content.decode()
    unknown = sign_in(Client(), "nobody@test.example", "not the password").content.decode()
    message = "Enter a correct email address and password"
    assert message in wrong and message in unknown
    assert AuditEvent.objects.filter(event="user.sign-in-failed").count() == 2


def test_empty_sign_in_shows_govuk_errors(world: World) -> None:
    """Missing fields give an error summary linking to each field."""
    html = sign_in(Client(), "", "").content.decode()
    assert "There is a problem" in html
    assert 'href="#id_username"' in html and "Enter your email address" in html
    assert "Enter your password" in html
    assert "<title>Error: Sign in" in html


def test_inactive_user_cannot_sign_in(world: World) -> None:
    """A deactivated account is refused at sign-in, even with the right password."""
    user = world.users["action_owner"]
    user.is_active = False
    user.save()
    assert sign_in(Client(), user.email, PASSWORD).status_code == 200


def test_password_reset_by_email(world: World) -> None:
    """A reset link is e-mailed; it sets a new password once. Unknown addresses send nothing."""
    client = Client()
    client.post(reverse("accounts:password-reset"), {"email": "nobody@test.example"})
    assert len(mail.outbox) == 0
    response = client.post(
        reverse("accounts:password-reset"), {"email": "partner_user@test.example"}
    )
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert link
    path = link.group(0).split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new = "a brand new long passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("accounts:password-reset-done")
    assert sign_in(Client(), "partner_user@test.example", new).status_code == 302
    assert client.get(path, follow=True).context["validlink"] is False


def test_session_idle_timeout_setting() -> None:
    """Sessions expire after the idle period; they are saved only when renewed."""
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_reading_pages_renews_the_session_at_most_once_a_minute(client_for: Any) -> None:
    """A page read within a minute of the last renewal does not write the session; the first read
    after a minute renews the idle limit; the timeout warning counts from the last renewal; "Stay
    signed in" renews at once."""
    client = client_for("bcu_lead")
    key = client.session.session_key

    def expiry() -> Any:
        return Session.objects.get(session_key=key).expire_date

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(reverse("core:home"))
        first = expiry()
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        page = client.get(reverse("core:home")).content.decode()
        assert expiry() == first
        assert 'data-idle-seconds="1770"' in page
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get(reverse("core:home"))
        assert expiry() == first + timedelta(seconds=61)
    with time_machine.travel(start + timedelta(seconds=90), tick=False):
        client.post(reverse("core:session-extend"))
        assert expiry() == first + timedelta(seconds=90)


def test_pages_are_not_cached(client_for: Any) -> None:
    """Signed-in pages carry Cache-Control: no-store."""
    assert client_for("force_lead").get(reverse("core:home"))["Cache-Control"] == "no-store"


def test_api_token_create_and_revoke(world: World, client_for: Any) -> None:
    """A user creates a token (shown once, stored hashed) and revokes it after confirming."""
    client = client_for("bcu_lead")
    response = client.post(reverse("accounts:account"), {"name": "Spreadsheet"})
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=world.users["bcu_lead"])
    assert key.startswith("pdp_") and key not in token.key_hash and token.key_hash != key
    assert key in response.content.decode()
    assert key not in client.get(reverse("accounts:account")).content.decode()
    revoke = reverse("accounts:token-revoke", args=[token.pk])
    assert "Revoke the token" in client.get(revoke).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # GET changes nothing
    client.post(revoke)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client_for("force_lead").post(revoke).status_code == 404


def test_token_name_required(client_for: Any) -> None:
    """An API token needs a name: without one the form says so and no token is made."""
    response = client_for("bcu_lead").post(reverse("accounts:account"), {"name": ""})
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_create_api_token_command(world: World) -> None:
    """`preventplan create_api_token EMAIL` prints a working key once."""
    out = StringIO()
    call_command("create_api_token", "force_lead@test.example", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    response = Client().get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_create_api_token_command_unknown_user(world: World) -> None:
    """`create_api_token` for an address with no active user fails with a clear error."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no active user"):
        call_command("create_api_token", "nobody@test.example", stdout=StringIO())
