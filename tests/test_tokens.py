"""Secrets stored as hashes: the one helper keeps every hash already in a database valid."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from preventplan.accounts import two_factor
from preventplan.accounts.models import ApiToken, RecoveryCode
from preventplan.lib.tokens import hash_token, new_token
from preventplan.organisations.models import Invitation, Role
from preventplan.reminders.models import CalendarFeed
from tests.world import World

# Hashes as the copies of the helper wrote them before there was one helper (hex SHA-256 of the
# secret; recovery codes without spaces and in lower case). Changing either would lock people out.
STORED_KEY = "pdp_AbC-123_xyz"
STORED_KEY_HASH = "a59c92268fd2df7e78d351632e2fa195c0bee5e0863247730f2b3cdf5ce96e72"
STORED_RECOVERY_CODE_HASH = "4f2d4ae9d575abdd44c22fe966a348f431e980909f01f6292449ab28884c8489"


def test_hash_is_unchanged() -> None:
    """The helper gives the hash that API tokens, invitations and calendar feeds were stored with."""
    assert hash_token(STORED_KEY) == STORED_KEY_HASH


def test_new_tokens_are_long_random_and_prefixed() -> None:
    """A new secret carries its prefix, is long enough to guess never, and is new every time."""
    first, second = new_token("pdp_"), new_token("pdp_")
    assert first.startswith("pdp_") and len(first) >= len("pdp_") + 43
    assert first != second


@pytest.mark.django_db
def test_secrets_stored_before_still_work(world: World) -> None:
    """An API token, a recovery code, an invitation and a calendar address whose hashes were
    stored before the helper was shared are all still accepted."""
    user = world.users["auditor"]
    ApiToken.objects.create(
        user=user, name="old", key_prefix="pdp_AbC-12", key_hash=STORED_KEY_HASH
    )
    api = Client().get("/api/v1/organisations", headers={"Authorization": f"Bearer {STORED_KEY}"})
    assert api.status_code == 200

    RecoveryCode.objects.create(user=user, code_hash=STORED_RECOVERY_CODE_HASH)
    assert two_factor.use_recovery_code(user, " A1B2C3 - D4E5F6 ")

    invitation = Invitation.objects.create(
        email="new.person@test.example",
        organisation=world.orgs["bcu_a1"],
        role=Role.BCU_LEAD,
        token_hash=STORED_KEY_HASH,
        expires_at=datetime(2999, 1, 1, tzinfo=UTC),
        invited_by=world.users["force_lead"],
    )
    page = Client().get(reverse("organisations:invitation-accept", args=[STORED_KEY]))
    assert page.status_code == 200 and invitation.email in page.content.decode()

    CalendarFeed.objects.create(user=user, token_hash=STORED_KEY_HASH)
    feed = Client().get(reverse("reminders:calendar-feed", args=[STORED_KEY]))
    assert feed.status_code == 200 and feed.content.startswith(b"BEGIN:VCALENDAR")
