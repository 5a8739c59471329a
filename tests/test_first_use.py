"""What a new user meets first: forms whose radios start with no answer chosen (never a
"---------" radio checked) and the right article; a menu whose every item opens; a home page
that gives the organisation's position before the person's own work."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from preventplan.dashboards import rollup
from preventplan.plans.models import Milestone
from tests.factories import approve_plan
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


TODAY = date(2026, 11, 29)


@time_machine.travel(TODAY, tick=False)
def test_home_shows_the_organisations_position_then_own_work(world: World, client_for: Any) -> None:
    """A force lead's home page gives the force's overdue milestones (the dashboard's figure,
    across its BCUs), not only those on actions they own; their own work follows."""
    plan = approve_plan(world, "a1")
    Milestone.objects.filter(action__plan=plan).update(due_date=date(2026, 10, 1))
    response = client_for("force_lead").get(reverse("core:home"))
    body = response.content.decode()
    force = rollup.build(world.orgs["force_a"], TODAY)
    assert force.overall.overdue > 0
    assert response.context["work"]["milestones_overdue"] != force.overall.overdue
    glance = body.index("Force A at a glance")
    assert f"{force.overall.overdue} overdue milestones</a> across Force A" in body
    assert glance < body.index("Your work")
    dashboard = reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk])
    assert f'href="{dashboard}#overdue"' in body


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("persona", "area"),
    [("regional_oversight", "region"), ("oversight_reader", "force_a"), ("bcu_lead", "bcu_a1")],
)
def test_readers_see_their_areas_figures(
    world: World, client_for: Any, persona: str, area: str
) -> None:
    """Oversight, the police authority reader and the BCU lead see their area's figures on their
    home page, each as the area's dashboard counts them."""
    approve_plan(world, "a1")
    org = world.orgs[area]
    body = client_for(persona).get(reverse("core:home")).content.decode()
    data = rollup.build(org, TODAY)
    assert f"{org.name} at a glance" in body
    assert f"{data.overall.overdue} overdue milestone" in body
    assert f"{len(data.plans)} plan" in body


def test_auditor_home_links_to_the_audit_log(world: World, client_for: Any) -> None:
    """The auditor's home page links to the audit log; people who are not auditors get no link."""
    link = f'href="{reverse("audit:event-list")}"'
    assert link in client_for("auditor").get(reverse("core:home")).content.decode()
    home = client_for("action_owner").get(reverse("core:home")).content.decode()
    assert link not in home and "Search and export the audit log" not in home
