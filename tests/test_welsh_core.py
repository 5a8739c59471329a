"""Welsh in the core of the service: the language choice on the account page, e-mails in the
language of the person they are for (whatever the language of the page that sent them), and
Django's own form errors in Welsh (docs/welsh.md)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import time_machine
from django import forms
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from preventplan.accounts.models import User
from preventplan.lib.forms import GovukForm
from preventplan.organisations import actions
from preventplan.organisations.models import Role
from preventplan.plans.models import Milestone
from tests.world import World


def welsh(message: str) -> str:
    """``message`` as the Welsh catalogue has it (English until the catalogue has it)."""
    with translation.override("cy"):
        return gettext(message)


def test_the_account_page_offers_english_and_cymraeg(world: World, client_for: Any) -> None:
    """The account page has the language as radios, each language named in itself and marked
    with its lang; saving Cymraeg keeps it on the account and comes back to the page."""
    client = client_for("bcu_lead")
    page = client.get(reverse("accounts:account")).content.decode()
    assert 'id="language-en-gb"' in page and 'id="language-cy"' in page
    assert 'for="language-cy" lang="cy">Cymraeg</label>' in page
    assert 'for="language-en-gb" lang="en-GB">English</label>' in page
    response = client.post(
        reverse("core:language"),
        {"language": "cy", "next": reverse("accounts:account") + "#language"},
    )
    assert response["Location"] == reverse("accounts:account") + "#language"
    user = world.users["bcu_lead"]
    user.refresh_from_db()
    assert user.language == "cy"
    page = client.get(reverse("accounts:account")).content.decode()
    assert '<html lang="cy"' in page
    assert 'value="cy" checked' in page


def test_the_password_reset_e_mail_is_in_the_account_holders_language(world: World) -> None:
    """Someone asks from an English page for the reset of a Welsh speaker's password: the
    e-mail is in Welsh."""
    User.objects.filter(email="partner_user@test.example").update(language="cy")
    Client().post(reverse("accounts:password-reset"), {"email": "partner_user@test.example"})
    (sent,) = mail.outbox
    assert sent.subject == welsh("Reset your Prevent Delivery Planner password")
    assert welsh("To choose a new password, open this link:") in sent.body
    assert translation.get_language() == "en-gb"  # the language of the page is left alone


def test_an_invitation_to_someone_with_an_account_is_in_their_language(world: World) -> None:
    """An invitation to an address that already has an account comes in that account's
    language; an invitation to a new address in the service's default language."""
    User.objects.filter(email="partner_user@test.example").update(language="cy")
    inviter = world.users["force_lead"]
    org = world.orgs["bcu_a1"]
    actions.invite(
        inviter,
        email="partner_user@test.example",
        full_name="",
        organisation=org,
        role=Role.ACTION_OWNER,
    )
    actions.invite(
        inviter, email="new.person@test.example", full_name="", organisation=org, role=Role.AUDITOR
    )
    welsh_mail, english_mail = mail.outbox
    assert welsh_mail.subject == welsh("You have been invited to %(service)s") % {
        "service": welsh("Prevent Delivery Planner")
    }
    assert welsh("To accept, open this link and set up your account:") in welsh_mail.body
    assert english_mail.subject == "You have been invited to Prevent Delivery Planner"
    assert "To accept, open this link and set up your account:" in english_mail.body


def test_the_reminder_digest_is_in_the_recipients_language(world: World) -> None:
    """The reminder job runs in English; a Welsh speaker's digest is in Welsh, its dates too."""
    User.objects.filter(email="action_owner@test.example").update(language="cy")
    action = world.action("a1", "3.1")
    Milestone.objects.filter(action=action).delete()
    Milestone.objects.create(action=action, title="Panel meets", due_date=date(2026, 11, 20))
    with time_machine.travel(datetime(2026, 11, 29, 9, 0, tzinfo=UTC), tick=False):
        call_command("send_reminders", stdout=io.StringIO())
    (sent,) = [m for m in mail.outbox if m.to == ["action_owner@test.example"]]
    assert welsh("This is what needs your attention:") in sent.body
    assert welsh("Overdue:") in sent.body
    with translation.override("cy"):
        from preventplan.lib.dates import format_date

        assert format_date(date(2026, 11, 20)) in sent.body  # "20 Tachwedd 2026"


def test_djangos_own_form_errors_are_in_welsh() -> None:
    """A message Django itself gives ("This field is required.") comes from Django's Welsh
    catalogue, and the GOV.UK error summary around it is in Welsh too."""

    class Example(GovukForm):
        name = forms.CharField(label="Name")

    with translation.override("cy"):
        form = Example({"name": ""})
        html = str(form)
        assert "Mae angen y maes hwn." in html
        assert welsh("There is a problem") in html
        assert "Gwall:" in html


def test_the_personal_data_guard_speaks_the_pages_language() -> None:
    """The error for a postcode in a form names the field and the postcode in the page's
    language."""
    from preventplan.lib.privacy import check_text

    assert check_text("Meet at SW1A 1AA", "Notes") == (
        "Notes must not contain a postcode – give the area or ward instead"
    )
    with translation.override("cy"):
        assert check_text("Meet at SW1A 1AA", "Nodiadau") == welsh(
            "%(field)s must not contain %(what)s – %(advice)s"
        ) % {
            "field": "Nodiadau",
            "what": welsh("a postcode"),
            "advice": welsh("give the area or ward instead"),
        }


def test_the_error_pages_follow_the_language(rf: Any) -> None:
    """The "Page not found" and server error pages are in the page's language, marked so."""
    from django.views.defaults import server_error

    client = Client(HTTP_ACCEPT_LANGUAGE="cy")
    missing = client.get("/no-such-page/").content.decode()
    assert '<html lang="cy"' in missing
    assert welsh("Page not found") in missing
    with translation.override("cy"):
        broken = server_error(rf.get("/")).content.decode()
    assert '<html lang="cy"' in broken
    assert welsh("Sorry, there is a problem with the service") in broken
    with translation.override("en-gb"):
        assert '<html lang="en-GB"' in server_error(rf.get("/")).content.decode()


def test_names_inside_translated_sentences_are_escaped(world: World, client_for: Any) -> None:
    """A name placed into a translated sentence (blocktranslate) is escaped, in either language."""
    User.objects.filter(email="bcu_lead@test.example").update(
        full_name='<script>alert("x")</script>', language="cy"
    )
    body = client_for("bcu_lead").get(reverse("core:home")).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
