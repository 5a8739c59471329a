"""The query count of every register list, page and API, does not grow with the data (issue 18,
item 6). Each list is requested with one record, then with three more, each with its own
links (owners, actions, partners); the count must be the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from preventplan.records.spec import RegisterSpec, all_registers
from tests import factories as f
from tests.world import World

TODAY = date(2026, 11, 29)

# How to add one more record to each register, and who reads the list.
MAKERS: dict[str, tuple[Callable[[World, int], Any], str]] = {
    "protocols": (
        lambda w, n: f.make_protocol(w, "case-reviews", reference=f"ISP-{n}"),
        "force_lead",
    ),
    "risks": (lambda w, n: f.make_risk(w, title=f"Risk {n}"), "force_lead"),
    "benefits": (lambda w, n: f.make_benefit(w, title=f"Benefit {n}"), "force_lead"),
    "impact-assessments": (lambda w, n: f.make_assessment(w), "force_lead"),
    "grievances": (lambda w, n: f.make_grievance(w), "force_lead"),
    "learning": (lambda w, n: f.make_learning(w), "force_lead"),
    "dip-samples": (lambda w, n: f.make_dip_sample(w), "force_lead"),
    "consequence-plans": (lambda w, n: f.make_consequence_plan(w), "force_lead"),
    "powers-returns": (
        lambda w, n: f.make_powers_return(w, month=date(2026, n, 1)),
        "force_lead",
    ),
    "engagements": (lambda w, n: f.make_engagement(w), "force_lead"),
    "networks": (lambda w, n: f.make_network(w), "force_lead"),
    "communications": (lambda w, n: f.make_communication(w), "force_lead"),
    "projects": (lambda w, n: f.make_project(w), "force_lead"),
    "posts": (lambda w, n: f.make_post(w), "force_lead"),
    "training": (lambda w, n: f.make_training(w), "force_lead"),
    "cases": (lambda w, n: f.make_case(w), "bcu_lead"),
}


def specs() -> list[RegisterSpec]:
    return all_registers()


def queries(client: Any, url: str) -> int:
    """Queries of one request (after one to warm caches), which must succeed."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_every_register_has_a_maker() -> None:
    """A new register must say here how to add a record, so its lists are checked too."""
    assert {s.path for s in specs()} == set(MAKERS)


@pytest.mark.parametrize("spec", specs(), ids=lambda s: s.path)
def test_register_lists_query_count_does_not_grow(
    spec: RegisterSpec, world: World, client_for: Any
) -> None:
    """The register's list page and API list (where it has one) make as many queries with four
    records as with one, and the reader does see the added records."""
    make, persona = MAKERS[spec.path]
    page = reverse(f"{spec.namespace}:{spec.name}-list")
    api_url = f"/api/v1/{spec.path}" if spec.api else ""
    client = client_for(persona)
    api = f.api_client(world, persona)
    with time_machine.travel(TODAY, tick=False):
        if spec.path == "cases":
            f.case_protocol(world)
        made = [make(world, 1)]
        small_page = queries(client, page)
        small_api = queries(api, api_url) if api_url else 0
        before = api.get(api_url).json()["count"] if api_url else 1
        made += [make(world, n) for n in range(2, 5)]
        large_page = queries(client, page)
        large_api = queries(api, api_url) if api_url else 0
        after = api.get(api_url).json()["count"] if api_url else 4
        shown = client.get(page).content.decode()
    assert after >= before + 3 and before >= 1
    assert all(str(record.reference) in shown for record in made)
    assert (large_page, large_api) == (small_page, small_api)


def test_api_reads_a_blank_choice(world: World) -> None:
    """A communication that is not a briefing has no briefing topic; the API list reads it with
    an empty topic instead of failing (found by the query-count test above)."""
    with time_machine.travel(TODAY, tick=False):
        f.make_communication(world)
        response = f.api_client(world, "force_lead").get("/api/v1/communications")
    assert response.status_code == 200
    assert [item["topic"] for item in response.json()["items"]] == [""]
