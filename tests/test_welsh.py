"""Welsh: the catalogue is complete, the language switch keeps each person's choice, and pages,
dates and e-mails follow it (docs/welsh.md)."""

from __future__ import annotations

import importlib.util
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from preventplan.lib.dates import format_date, period_label
from tests.world import World

ROOT = Path(__file__).resolve().parent.parent


def load_messages_script() -> Any:
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts/messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# CI (REQUIRE_GETTEXT=1) installs GNU gettext, so there its absence fails the test.
@pytest.mark.skipif(
    shutil.which("msgcmp") is None and os.environ.get("REQUIRE_GETTEXT") != "1",
    reason="GNU gettext is not installed",
)
def test_every_marked_string_has_welsh() -> None:
    """Every string marked for translation in the code and templates is in the Welsh catalogue,
    translated, not fuzzy, with its placeholders intact; and the compiled catalogue matches."""
    problems = load_messages_script().problems()
    assert problems == [], "\n\n".join(problems)


def test_dates_and_periods_follow_the_language() -> None:
    """Month names and the quarter's wording come from the page's language."""
    assert format_date(date(2009, 3, 5)) == "5 March 2009"
    with translation.override("cy"):
        assert format_date(date(2009, 3, 5)) == "5 Mawrth 2009"
        assert period_label(date(2026, 4, 1), "quarterly") == "Ch1 2026/27 (Ebrill i Mehefin 2026)"


def test_sign_in_page_switches_to_welsh_and_back() -> None:
    """Before signing in, the switch sets a cookie: the page turns Welsh (lang="cy") and back,
    and the switch names English in English."""
    client = Client()
    page = client.get(reverse("accounts:sign-in"))
    assert '<html lang="en-GB"' in page.content.decode()

    response = client.post(
        reverse("core:language"), {"language": "cy", "next": reverse("accounts:sign-in")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"

    body = client.get(reverse("accounts:sign-in")).content.decode()
    assert '<html lang="cy"' in body
    assert "Neidio i'r prif gynnwys" in body
    assert 'lang="en-GB">English</button>' in body

    client.post(reverse("core:language"), {"language": "en-gb", "next": "/"})
    assert '<html lang="en-GB"' in client.get(reverse("accounts:sign-in")).content.decode()


def test_a_signed_in_persons_choice_is_kept_on_their_account(world: World, client_for: Any) -> None:
    """The choice is saved on the account, so another browser without the cookie is Welsh too."""
    client = client_for("bcu_lead")
    client.post(reverse("core:language"), {"language": "cy", "next": reverse("core:home")})
    user = world.users["bcu_lead"]
    user.refresh_from_db()
    assert user.language == "cy"

    # Another browser with no cookie: the account decides.
    fresh = client_for("bcu_lead")
    fresh.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    body = fresh.get(reverse("core:home")).content.decode()
    assert '<html lang="cy"' in body
    assert "Allgofnodi" in body


def test_the_switch_refuses_other_languages_and_other_sites() -> None:
    """An unknown language is a 400 and changes nothing; a return address off the site goes home."""
    client = Client()
    assert client.post(reverse("core:language"), {"language": "fr"}).status_code == 400
    response = client.post(
        reverse("core:language"), {"language": "cy", "next": "https://example.com/"}
    )
    assert response["Location"] == reverse("core:home")


def test_the_api_answers_in_english_whatever_the_language(world: World, api: Any) -> None:
    """A Welsh-speaking person's token, asking in Welsh, still gets English messages."""
    world.users["bcu_lead"].language = "cy"
    world.users["bcu_lead"].save(update_fields=["language"])
    response = api("bcu_lead").get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 404
    assert response["Content-Language"] == "en-gb"
