"""Headers, production settings, error pages and sign-in throttling (docs/testing.md)."""

from __future__ import annotations

import os
import re
import threading
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from preventplan.accounts.models import SignInCounter, User
from preventplan.audit.models import AuditEvent
from preventplan.core.production import check_database
from preventplan.lib.http import client_ip
from tests.factories import api_client, manage, parallel_sign_in_claims, production_env, sign_in
from tests.world import PASSWORD, World


def test_csp_with_nonce_and_security_headers(client_for: Any) -> None:
    """Pages carry a strict Content-Security-Policy with a new nonce for each response, and the
    other security headers."""
    response = client_for("force_lead").get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'<script nonce="{nonce.group(1)}">' in response.content.decode()
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    second = client_for("force_lead").get(reverse("core:home"))["Content-Security-Policy"]
    assert second != csp  # a new nonce for every response


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    """`preventplan check --deploy` reports nothing with production settings."""
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_the_development_key(tmp_path: Path) -> None:
    """In production the service will not start with the development secret key."""
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode == 1 and "SECRET_KEY is the development key" in result.stderr


def test_production_refuses_to_start_without_an_audit_key(tmp_path: Path) -> None:
    """In production the service will not start without its own AUDIT_KEY (the audit chain's
    key), nor with one equal to SECRET_KEY."""
    env = production_env(tmp_path)
    del env["AUDIT_KEY"]
    result = manage(env, "check")
    assert result.returncode == 1 and "AUDIT_KEY is missing" in result.stderr
    same = production_env(tmp_path)
    same["AUDIT_KEY"] = same["SECRET_KEY"]
    result = manage(same, "check")
    assert result.returncode == 1 and "the same as SECRET_KEY" in result.stderr


def test_production_settings_harden_cookies_and_hsts(tmp_path: Path) -> None:
    """Production uses __Host- cookies, secure sessions and a year of HSTS, and never debug, even if
    DEBUG is set."""
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG)"
    result = manage(production_env(tmp_path, DEBUG="1"), "shell", "-c", code)
    assert result.stdout.split()[-5:] == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "31536000",
        "False",
    ], result.stderr


@pytest.mark.django_db
def test_production_refuses_demo_users() -> None:
    """The production database check passes, then fails once a demo user exists."""
    check_database()
    User.objects.create_user("force.lead@demo.example", PASSWORD, full_name="Demo")
    with pytest.raises(ImproperlyConfigured, match="demo users"):
        check_database()


@pytest.mark.django_db
def test_deploy_check_fails_on_demo_users() -> None:
    """`check --deploy` reports an error, not a warning, once the database holds a demo user."""

    def demo_errors() -> list[str]:
        found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
        return [m.msg for m in found if m.id == "preventplan.E001" and m.level == checks.ERROR]

    assert demo_errors() == []
    User.objects.create_user("force.lead@demo.example", PASSWORD, full_name="Demo")
    assert demo_errors() == ["The database holds 1 demo user (…@demo.example)."]
    assert not any(m.id == "preventplan.E001" for m in checks.run_checks())  # deploy only


def test_check_deploy_in_production_fails_on_demo_users(tmp_path: Path) -> None:
    """In a production environment `preventplan check --deploy` exits non-zero, naming the
    demo users, when the database was seeded with demo data."""
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--no-input").returncode == 0
    create = "from preventplan.accounts.models import User; User.objects.create_user('a@demo.example', 'x' * 20, full_name='Demo')"
    assert manage(env, "shell", "-c", create).returncode == 0
    result = manage(env, "check", "--deploy")
    assert result.returncode == 1
    assert "preventplan.E001" in result.stderr and "demo user" in result.stderr


@pytest.mark.django_db
def test_seed_demo_refused_in_production(settings: Any) -> None:
    """seed_demo refuses to run in production."""
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded"):
        call_command("seed_demo")


def test_error_pages_show_no_internals(world: World, client_for: Any) -> None:
    """A missing page is a plain 404 page, with no traceback or settings."""
    response = client_for("force_lead").get("/organisations/999999/")
    body = response.content.decode()
    assert response.status_code == 404 and "Page not found" in body
    assert "Traceback" not in body and "settings" not in body.lower()


def test_csrf_required_on_writes(world: World) -> None:
    """A form posted without the CSRF token is refused (403)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["bcu_lead"])
    response = client.post(
        reverse("organisations:invite", args=[world.orgs["bcu_a1"].pk]),
        {"email": "x@test.example", "role": "action-owner"},
    )
    assert response.status_code == 403


def test_throttle_per_account(world: World, settings: Any) -> None:
    """After 5 failures the account is refused even with the right password, with the same
    message for an unknown account; other accounts are unaffected; the window passes."""
    for _ in range(5):
        sign_in(Client(), "force_lead@test.example", "wrong password")
    blocked = sign_in(Client(), "force_lead@test.example", PASSWORD)
    assert blocked.status_code == 200 and "too many attempts" in blocked.content.decode()
    for _ in range(5):
        sign_in(Client(), "ghost@test.example", "wrong password")
    assert "too many attempts" in sign_in(Client(), "ghost@test.example", "x").content.decode()
    assert sign_in(Client(), "bcu_lead@test.example", PASSWORD).status_code == 302
    other_address = sign_in(Client(), "force_lead@test.example", PASSWORD, ip="192.0.2.99")
    assert "too many attempts" in other_address.content.decode()  # the account, from anywhere
    later = timezone.now() + timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES, seconds=1)
    with time_machine.travel(later):
        assert sign_in(Client(), "force_lead@test.example", PASSWORD).status_code == 302


def test_throttle_per_address(world: World, settings: Any) -> None:
    """After too many failures from one address, sign-in from it is refused even with the right
    password; another address is unaffected."""
    settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        sign_in(Client(), f"someone{n}@test.example", "wrong", ip="192.0.2.7")
    assert (
        "too many attempts"
        in sign_in(Client(), "bcu_lead@test.example", PASSWORD, ip="192.0.2.7").content.decode()
    )
    assert sign_in(Client(), "bcu_lead@test.example", PASSWORD, ip="192.0.2.8").status_code == 302


def test_password_checks_when_signed_in_are_throttled(world: World, client_for: Any) -> None:
    """Confirming the password before a sensitive change counts against the account like
    signing in: after 5 wrong passwords the right one is refused too, so a session left open
    cannot be used to guess the password behind it."""
    client = client_for("bcu_lead")
    url = reverse("accounts:reauthenticate")
    for _ in range(5):
        assert (
            "The password is not right" in client.post(url, {"password": "guess"}).content.decode()
        )
    refused = client.post(url, {"password": PASSWORD})
    assert refused.status_code == 200 and "too many attempts" in refused.content.decode()
    assert (
        "too many attempts" in sign_in(Client(), "bcu_lead@test.example", PASSWORD).content.decode()
    )


def test_right_passwords_are_not_counted(world: World, settings: Any) -> None:
    """Only failures count: many people signing in correctly from one office address are never
    throttled, and a correct password does not use up the account's allowance."""
    settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    settings.SIGN_IN_MAX_FAILURES_PER_ACCOUNT = 2
    for _ in range(5):
        assert sign_in(Client(), "bcu_lead@test.example", PASSWORD).status_code == 302
    sign_in(Client(), "bcu_lead@test.example", "wrong")
    assert sign_in(Client(), "bcu_lead@test.example", PASSWORD).status_code == 302
    assert SignInCounter.objects.get(scope="account", key="bcu_lead@test.example").attempts == 1


def test_client_address_comes_from_the_trusted_proxy_header(world: World, settings: Any) -> None:
    """Behind one load balancer (NUM_PROXIES=1) every request connects from the balancer's
    address: people are told apart by the address it appends to X-Forwarded-For, so one
    person's failures do not lock out another; what the client wrote further left is ignored;
    and the audit log records the same address."""
    settings.NUM_PROXIES = 1
    settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    balancer = "10.0.0.2"

    def attempt(password: str, forwarded: str) -> Any:
        return sign_in(
            Client(), "bcu_lead@test.example", password, ip=balancer, HTTP_X_FORWARDED_FOR=forwarded
        )

    for n in range(3):  # the attacker varies what it writes, the balancer appends 203.0.113.5
        sign_in(
            Client(),
            f"someone{n}@test.example",
            "wrong",
            ip=balancer,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5",
        )
    assert "too many attempts" in attempt(PASSWORD, "198.51.100.77, 203.0.113.5").content.decode()
    assert attempt(PASSWORD, "203.0.113.6").status_code == 302  # a colleague, same balancer
    failed = AuditEvent.objects.filter(event="user.sign-in-failed").order_by("pk").first()
    assert failed is not None and failed.ip_address == "203.0.113.5"
    assert not SignInCounter.objects.filter(scope="address", key=balancer).exists()


def test_proxy_header_is_ignored_without_trusted_proxies(world: World, settings: Any) -> None:
    """With NUM_PROXIES=0 (no load balancer) the header is the client's own writing and is
    ignored; a header that is not an address falls back to the connecting address."""
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "192.0.2.1"
    settings.NUM_PROXIES = 1
    assert client_ip(request) == "1.2.3.4"
    request.META["HTTP_X_FORWARDED_FOR"] = "not-an-address"
    assert client_ip(request) == "192.0.2.1"
    settings.NUM_PROXIES = 2  # fewer entries than proxies: the leftmost is the best there is
    request.META["HTTP_X_FORWARDED_FOR"] = "1.2.3.4"
    assert client_ip(request) == "1.2.3.4"
    request.META["HTTP_X_FORWARDED_FOR"] = "5.6.7.8, 1.2.3.4, 10.0.0.3"
    assert client_ip(request) == "1.2.3.4"


@pytest.mark.django_db
def test_parallel_wrong_passwords_are_counted_exactly(tmp_path: Path) -> None:
    """Thirty attempts at once against a limit of five: exactly five are let through to have
    their password checked, on PostgreSQL (threads on the test database) and on SQLite (threads
    in another process on a database file, as SQLite serialises writers outside the test's
    transaction)."""
    email, ip = f"race-{uuid.uuid4().hex}@test.example", "198.51.100.200"
    if connection.vendor == "postgresql":
        try:
            assert parallel_sign_in_claims(email, ip, 30) == 5
        finally:

            def clean_up() -> None:
                SignInCounter.objects.filter(key__in=[email, ip]).delete()
                connections.close_all()

            cleanup = threading.Thread(target=clean_up)
            cleanup.start()
            cleanup.join()
        return
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SQLITE_PATH"] = str(tmp_path / "race.sqlite3")
    code = (
        "from django.db import connection\n"
        "from preventplan.accounts.models import SignInCounter\n"
        "with connection.schema_editor() as editor: editor.create_model(SignInCounter)\n"
        "connection.close()\n"
        "from tests.factories import parallel_sign_in_claims\n"
        f"print('let through', parallel_sign_in_claims({email!r}, {ip!r}, 30))\n"
    )
    result = manage(env, "shell", "-c", code)
    assert "let through 5" in result.stdout, result.stdout + result.stderr


def test_absolute_session_limit(world: World, client_for: Any, settings: Any) -> None:
    """A session older than the absolute limit ends, however active, and the person is sent to sign
    in."""
    client = client_for("bcu_lead")
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session["signed_in_at"] = session["signed_in_at"] - settings.SESSION_ABSOLUTE_HOURS * 3600 - 1
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:sign-in")
    )
    assert client.get(reverse("core:home")).status_code == 302  # the session has gone


def test_session_extend(client_for: Any) -> None:
    """Extending the session answers with the idle time, and pages carry the timeout warning with
    the same time."""
    response = client_for("bcu_lead").post(reverse("core:session-extend"))
    assert response.status_code == 200 and response.json()["idle_seconds"] == 30 * 60
    page = client_for("bcu_lead").get(reverse("core:home")).content.decode()
    assert 'id="timeout-warning"' in page and 'data-idle-seconds="1800"' in page


def test_deactivation_ends_sessions(world: World, client_for: Any) -> None:
    """Deactivating an account ends its session on the next request."""
    client = client_for("bcu_lead")
    assert client.get(reverse("core:home")).status_code == 200
    User.objects.filter(pk=world.users["bcu_lead"].pk).update(is_active=False)
    assert client.get(reverse("core:home")).status_code == 302


def test_password_change_ends_other_sessions(world: World, client_for: Any) -> None:
    """Changing the password ends the account's other sessions."""
    client = client_for("bcu_lead")
    assert client.get(reverse("core:home")).status_code == 200
    user = User.objects.get(pk=world.users["bcu_lead"].pk)
    user.set_password("an entirely new passphrase")
    user.save()
    assert client.get(reverse("core:home")).status_code == 302


def test_forms_warn_against_secret_material(client_for: Any) -> None:
    """Forms warn people not to enter SECRET material."""
    page = client_for("bcu_lead").get(reverse("accounts:account")).content.decode()
    assert "Do not enter SECRET material" in page


def test_nul_characters_refused(world: World, client_for: Any) -> None:
    """A NUL in a query string or JSON body gets 400, never a server error (PostgreSQL)."""
    assert (
        client_for("bcu_lead")
        .get(reverse("organisations:organisation-list"), {"q": "a\x00b"})
        .status_code
        == 400
    )
    api = api_client(world, "bcu_lead")
    assert api.get("/api/v1/organisations", {"q": "\x00"}).status_code == 400
    action = world.action("a1", "2.4")
    body = '{"version": 1, "evaluation": "x\\u0000y"}'
    response = api.patch(
        f"/api/v1/plans/{world.plans['a1'].pk}/actions/{action.pk}",
        body,
        content_type="application/json",
    )
    assert response.status_code == 400
