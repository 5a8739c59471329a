"""The /api/v1 API: bearer tokens, pagination, filters and the same scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from preventplan.accounts.actions import create_api_token
from preventplan.accounts.models import ApiToken
from tests.world import World


def test_no_token_401(world: World) -> None:
    """Without a token, or with a wrong one, every endpoint answers 401."""
    assert Client().get("/api/v1/catalogue/activities").status_code == 401
    assert (
        Client(HTTP_AUTHORIZATION="Bearer pdp_wrong").get("/api/v1/organisations").status_code
        == 401
    )


def test_session_does_not_authenticate_api(client_for: Any) -> None:
    """A browser session alone is not enough: the API needs a bearer token."""
    assert client_for("force_lead").get("/api/v1/organisations").status_code == 401


def test_revoked_token_refused_next_request(world: World) -> None:
    """A token revoked while in use is refused (401) from the very next request."""
    token, key = create_api_token(world.users["force_lead"], "x")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/organisations").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get("/api/v1/organisations").status_code == 401


def test_activities_paginated_and_filtered(api: Any) -> None:
    """The activities endpoint pages the 50 activities, filters by objective, level and words, and
    refuses an oversized page (422)."""
    client = api("partner_user")
    body = client.get("/api/v1/catalogue/activities", {"page_size": 20}).json()
    assert (
        body["count"] == 50
        and len(body["items"]) == 20
        and body["next"]
        and body["previous"] is None
    )
    last = client.get("/api/v1/catalogue/activities", {"page_size": 20, "page": 3}).json()
    assert [a["number"] for a in last["items"]][-1] == "7.5" and last["next"] is None
    one = client.get("/api/v1/catalogue/activities", {"objective": 6, "level": "FORCE"}).json()
    assert [a["number"] for a in one["items"]] == ["6.1"]
    a = one["items"][0]
    assert a["other_objectives"] == [2] and a["delivery_partners"] == [
        "bcu",
        "ctu-ctiu",
        "special-branch",
    ]
    assert a["target_dates"] == [{"date": "2009-03-31", "label": "March 2009"}]
    assert client.get("/api/v1/catalogue/activities", {"q": "tabletop"}).json()["count"] == 1
    assert client.get("/api/v1/catalogue/activities", {"page_size": 100000}).status_code == 422


def test_organisations_scoped_to_caller(api: Any) -> None:
    """The API returns exactly the organisations the pages would show."""
    names = {o["name"] for o in api("partner_user").get("/api/v1/organisations").json()["items"]}
    assert names == {"England", "Test Region", "Force A", "BCU A1", "Local Authority L"}
    other = {
        o["name"]
        for o in api("other_force_lead")
        .get("/api/v1/organisations", {"page_size": 500})
        .json()["items"]
    }
    assert other == {"England", "Test Region", "Force B", "BCU B1", "Council in B"}
    bcus = api("force_lead").get("/api/v1/organisations", {"kind": "bcu"}).json()["items"]
    assert {o["name"] for o in bcus} == {"BCU A1", "BCU A2"}


def test_openapi_document(world: World) -> None:
    """The OpenAPI document is published and names the contract's resources."""
    doc = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/catalogue/activities" in doc["paths"]
    assert "/api/v1/organisations" in doc["paths"]
