"""What a new user meets first on the forms: questions asked as radios start with no answer
chosen, never with a "---------" radio checked, and headings use the right article."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.world import World

pytestmark = pytest.mark.django_db

BLANK_RADIO = re.compile(r'<input[^>]*type="radio"[^>]*value=""[^>]*>')


@pytest.mark.parametrize(
    "url_name",
    [
        "programme:risk-create",
        "programme:assessment-create",
        "programme:board-create",
        "sharing:protocol-create",
    ],
)
def test_required_radios_have_no_blank_answer(world: World, client_for: Any, url_name: str) -> None:
    """Risk category, impact assessment kind and outcome, board kind and legal basis are
    asked as radios with only real answers: no "---------" radio, checked before anyone chose."""
    page = client_for("force_lead").get(reverse(url_name)).content.decode()
    assert BLANK_RADIO.findall(page) == []
    assert 'value="">---------' not in page.replace("\n", "")


def test_radio_answer_ids_start_at_the_first_real_answer(world: World, client_for: Any) -> None:
    """The error summary links to ``#id_category_0``: with the blank gone that is a real
    category, the first one."""
    page = client_for("force_lead").get(reverse("programme:risk-create")).content.decode()
    assert re.search(
        r'id="id_category_0"[^>]*value="delivery"|value="delivery"[^>]*id="id_category_0"', page
    )


def test_impact_assessment_uses_an(world: World, client_for: Any) -> None:
    """The impact assessment register says "Add an impact assessment" on its list and form."""
    client = client_for("force_lead")
    listing = client.get(reverse("programme:assessment-list")).content.decode()
    form = client.get(reverse("programme:assessment-create")).content.decode()
    for page in (listing, form):
        assert "Add an impact assessment" in page and "Add a impact" not in page


NAV_LINK = re.compile(r'class="govuk-service-navigation__link" href="([^"]+)"')


def test_every_menu_item_a_role_sees_opens(world: World, client_for: Any) -> None:
    """For every role, each item of the menu on the home page opens a page (200): an item whose
    page would be "Page not found" for that role is not shown (Tension for the national
    administrator, the oversight reader and the auditor)."""
    seen: dict[str, list[str]] = {}
    for persona in world.users:
        client = client_for(persona)
        links = NAV_LINK.findall(client.get(reverse("core:home")).content.decode())
        assert links, persona
        seen[persona] = links
        for link in links:
            response = client.get(link, follow=True)
            assert response.status_code == 200, (persona, link, response.status_code)
    tension = reverse("tension:index")
    for persona in ("national_admin", "oversight_reader", "auditor"):
        assert tension not in seen[persona], persona
    for persona in ("force_lead", "bcu_lead", "regional_oversight", "partner_user"):
        assert tension in seen[persona], persona
