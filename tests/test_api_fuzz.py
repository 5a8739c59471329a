"""Fuzz the API against its own OpenAPI document (schemathesis): whatever is sent, no server
error. 100 examples per operation (docs/testing.md); RUN_SLOW=1 runs 1,000. Cross-organisation access
through the API is proven case by case in test_api.py and test_api_plans.py."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from preventplan.accounts.actions import create_api_token
from preventplan.wsgi import application
from tests.world import World

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_connection() -> Any:
    """The WSGI app is called directly, so stop Django closing the test's database connection at
    the end of each request (the test client does the same)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["bcu_lead", "other_force_lead"])
def bearer(request: Any, world: World) -> dict[str, str]:
    """Two identities from different forces."""
    _, key = create_api_token(world.users[request.param], "fuzz")
    return {"Authorization": f"Bearer {key}", "Host": "localhost"}


@schema.parametrize()
@settings(
    max_examples=1000 if os.environ.get("RUN_SLOW") == "1" else 100,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails(case: Any, bearer: dict[str, str]) -> None:
    """Whatever schemathesis sends to any operation, as a user of either force, the API never
    answers with a server error."""
    case.call_and_validate(headers=bearer, checks=[schemathesis.checks.not_a_server_error])
