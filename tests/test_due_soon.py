"""One "due soon" window (lib.dates.DUE_SOON_DAYS) for the home page, the dashboards, the RAG rule
and the work lists: a count and the list it links to always agree."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from preventplan.lib.dates import DUE_SOON_DAYS
from preventplan.plans.models import Action, Milestone
from tests.factories import approve_plan
from tests.world import World

TODAY = date(2026, 11, 29)
DUE_LIST = reverse("core:action-list") + "?view=due"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def two_due(world: World) -> tuple[Action, Action]:
    """In BCU A1's plan, action 3.1 has one milestone due in 10 days and 3.2 one due in 20 (both
    owned by the action owner); every other milestone is months away. A 30-day list would show
    both actions where a 14-day count counts one."""
    plan = world.plans["a1"]
    Milestone.objects.filter(action__plan=plan).update(due_date=date(2027, 3, 31))
    soon, later = world.action("a1", "3.1"), world.action("a1", "3.2")
    for action, days in [(soon, 10), (later, 20)]:
        action.milestones.all().delete()
        Milestone.objects.create(
            action=action, title=f"In {days} days", due_date=TODAY + timedelta(days=days)
        )
    Action.objects.filter(pk=later.pk).update(owner=world.users["action_owner"])
    return soon, later


def due_list(client: Any) -> list[str]:
    page = client.get(DUE_LIST).context["page"]
    return [a.number for a in page.object_list]  # one page holds them all here


def test_home_page_due_soon_count_is_the_length_of_its_list(
    two_due: tuple[Action, Action], client_for: Any
) -> None:
    """The home page's "due in the next 14 days" count links to the due-soon list, which shows
    exactly that many: the milestone in 10 days, not the one in 20."""
    assert DUE_SOON_DAYS == 14
    owner = client_for("action_owner")
    home = owner.get(reverse("core:home"))
    assert DUE_LIST.replace("&", "&amp;") in home.content.decode()
    assert f"due in the next {DUE_SOON_DAYS} days" in home.content.decode()
    count = home.context["work"]["milestones_due"]
    assert count == len(due_list(owner)) == 1
    assert due_list(owner) == ["3.1"]


def test_dashboard_due_soon_count_is_the_length_of_its_list(
    two_due: tuple[Action, Action], world: World, client_for: Any
) -> None:
    """The BCU dashboard's due-soon figure and the list its "see them all" link opens agree
    (for a plan in force: a dashboard counts approved plans only)."""
    approve_plan(world, "a1")
    lead = client_for("bcu_lead")
    dashboard = lead.get(reverse("dashboards:dashboard", args=[world.orgs["bcu_a1"].pk]))
    assert dashboard.context["data"].overall.due_soon == len(due_list(lead)) == 1
    assert f"due in the next {DUE_SOON_DAYS} days" in dashboard.content.decode()
