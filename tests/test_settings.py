"""Settings from the environment, errors that reach a person, and what a release needs."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from preventplan.lib.log_format import JsonFormatter
from preventplan.settings import env_addresses, env_bool
from tests.factories import ROOT, manage, production_env

CLEAR_WORDS = [("1", True), ("TRUE", True), (" yes ", True), ("On", True)]
CLEAR_WORDS += [("0", False), ("false", False), ("No", False), ("OFF", False)]


@pytest.mark.parametrize(("value", "expected"), CLEAR_WORDS)
def test_env_bool_understands_clear_words(
    value: str, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1/0, true/false, yes/no and on/off, in any case, turn a switch on or off."""
    monkeypatch.setenv("SOME_SWITCH", value)
    assert env_bool("SOME_SWITCH", default=not expected) is expected


def test_env_bool_empty_or_unset_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unset or empty variable leaves the switch at its default."""
    monkeypatch.delenv("SOME_SWITCH", raising=False)
    assert env_bool("SOME_SWITCH", default=True) is True
    monkeypatch.setenv("SOME_SWITCH", "")
    assert env_bool("SOME_SWITCH", default=True) is True
    assert env_bool("SOME_SWITCH", default=False) is False


@pytest.mark.parametrize("value", ["enabled", "y", "2", "ture", "none"])
def test_env_bool_refuses_anything_else(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A word that is not clearly on or off stops start-up, naming the variable."""
    monkeypatch.setenv("SOME_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match=f"SOME_SWITCH='{value}'"):
        env_bool("SOME_SWITCH")


def test_production_enabled_stops_start_up(tmp_path: Path) -> None:
    """`PRODUCTION=enabled` does not quietly mean off: the app refuses to start."""
    result = manage(production_env(tmp_path, PRODUCTION="enabled"), "check")
    assert result.returncode != 0
    assert "PRODUCTION='enabled' is not understood" in result.stderr


def test_admins_from_names_and_plain_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    """ADMINS takes `Name <address>` and plain addresses, separated by commas."""
    monkeypatch.setenv("ADMINS", "Duty Officer <duty@example.org>, ops@example.org")
    assert env_addresses("ADMINS") == [
        ("Duty Officer", "duty@example.org"),
        ("ops@example.org", "ops@example.org"),
    ]
    monkeypatch.setenv("ADMINS", "")
    assert env_addresses("ADMINS") == []
    monkeypatch.setenv("ADMINS", "Duty Officer")
    with pytest.raises(ImproperlyConfigured, match="ADMINS="):
        env_addresses("ADMINS")


LOG_A_SERVER_ERROR = (
    "import logging; from django.core import mail; "
    "logging.getLogger('django.request').error('Internal Server Error: /plans/', "
    "extra={'status_code': 500}); "
    "print(json.dumps([[m.to, m.subject, m.from_email] for m in getattr(mail, 'outbox', [])]))"
)


def mailed_errors(tmp_path: Path, **env: str) -> list[list[object]]:
    """Log a server error in a fresh process with these settings; what was e-mailed."""
    code = "import json; " + LOG_A_SERVER_ERROR
    extra = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", **env}
    result = manage(production_env(tmp_path, **extra), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_server_errors_are_mailed_to_admins(tmp_path: Path) -> None:
    """With ADMINS set, a server error is e-mailed to them from SERVER_EMAIL."""
    sent = mailed_errors(
        tmp_path,
        ADMINS="Duty Officer <duty@example.org>,ops@example.org",
        SERVER_EMAIL="errors@preventplan.example",
    )
    assert len(sent) == 1
    to, subject, sender = sent[0]
    assert to == ["duty@example.org", "ops@example.org"]
    assert subject == "[Prevent Delivery Planner] ERROR: Internal Server Error: /plans/"
    assert sender == "errors@preventplan.example"


def test_no_admins_no_mail(tmp_path: Path) -> None:
    """Without ADMINS nobody is e-mailed (the error is still logged)."""
    assert mailed_errors(tmp_path, ADMINS="") == []


def test_json_log_lines() -> None:
    """LOG_FORMAT=json writes one JSON object a line, with the traceback inside it."""
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Failed %s", ("/plans/",), sys.exc_info()
        )
    record.status_code = 500
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["message"] == "Failed /plans/" and entry["status_code"] == 500
    assert "ValueError: broken" in entry["exception"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


def test_json_log_format_is_used(tmp_path: Path) -> None:
    """With LOG_FORMAT=json the app's own log lines are JSON; an unknown format stops start-up."""
    code = "import logging; logging.getLogger('preventplan').warning('hello')"
    result = manage(production_env(tmp_path, LOG_FORMAT="json"), "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stderr.strip().splitlines()[-1])["message"] == "hello"
    bad = manage(production_env(tmp_path, LOG_FORMAT="xml"), "check")
    assert bad.returncode != 0 and "LOG_FORMAT='xml' is not understood" in bad.stderr


SENTRY_STATE = (
    "import sentry_sdk; client = sentry_sdk.get_client(); "
    "print(client.is_active(), client.options['send_default_pii'], "
    "client.options['max_request_body_size'], client.options['include_local_variables'])"
)


def test_sentry_starts_without_personal_data(tmp_path: Path) -> None:
    """With SENTRY_DSN set, errors are reported to Sentry without personal data, request bodies
    or local variables. (The address is a closed local port: nothing is sent.)"""
    env = production_env(tmp_path, SENTRY_DSN="http://public@127.0.0.1:9/1")
    result = manage(env, "shell", "-c", SENTRY_STATE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["True", "False", "never", "False"]
    unset = manage(production_env(tmp_path), "shell", "-c", SENTRY_STATE)
    assert unset.stdout.split()[-4] == "False"  # no DSN, no Sentry


def test_sentry_dsn_without_sentry_sdk_stops_start_up(tmp_path: Path) -> None:
    """SENTRY_DSN set but sentry-sdk missing: start-up fails saying what to install."""
    code = (
        "import sys; sys.modules['sentry_sdk'] = None; "  # as if it were not installed
        "import django; django.setup()"
    )
    env = production_env(
        tmp_path,
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        DJANGO_SETTINGS_MODULE="preventplan.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode != 0
    assert "SENTRY_DSN is set but sentry-sdk is not installed" in result.stderr
    assert 'pip install "preventplan[sentry]"' in result.stderr


TEMPLATE_STATIC = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")


def test_collectstatic_with_hashed_names(tmp_path: Path) -> None:
    """A release collects static files under hashed names: collecting succeeds (a file that a
    stylesheet refers to and that is missing would stop it), and every file a template names
    is in the manifest, so no production page fails for want of one."""
    static_root = tmp_path / "static"
    env = production_env(tmp_path, STATIC_ROOT=str(static_root))
    result = manage(env, "collectstatic", "--no-input")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    assert re.fullmatch(r"app/app\.[0-9a-f]{12}\.css", manifest["app/app.css"])
    named = {
        m.group(1)
        for template in (ROOT / "templates").rglob("*.html")
        for m in TEMPLATE_STATIC.finditer(template.read_text())
    }
    assert "app/app.css" in named
    assert not named - set(manifest), "templates name static files that were not collected"
    code = "from django.templatetags.static import static; print(static('app/app.css'))"
    shown = manage(env, "shell", "-c", code)
    assert shown.stdout.split()[-1] == f"/static/{manifest['app/app.css']}", shown.stderr
