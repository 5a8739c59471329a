from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from preventplan.accounts.reauth import SESSION_KEY as REAUTH_KEY
from preventplan.accounts.two_factor import SESSION_KEY
from preventplan.catalogue.models import TemplateVersion
from preventplan.dashboards import kept
from tests.factories import api_client, load_template_version_2
from tests.world import World, build_world, load_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Build the fixture world once per worker (each has its own test database); each test runs
    in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture(autouse=True)
def english_first() -> Any:
    """Every test starts and ends in English: a request in Welsh leaves Welsh active in the
    thread, and the next test on the same worker must not inherit it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_kept_dashboards() -> Any:
    """Every test draws its dashboards afresh: a body kept by an earlier test on the same worker
    could carry the same key, since a rolled-back SQLite transaction hands out the same ids
    again and time is often frozen to the same instant."""
    kept.forget()
    yield
    kept.forget()


@pytest.fixture
def world(db: Any) -> World:
    """The persona world built for the session, read back for this test."""
    return load_world()


@pytest.fixture
def client_for(world: World) -> Any:
    """A test client signed in as the named persona (``anonymous`` stays signed out)."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
            session = client.session
            session[SESSION_KEY] = True  # as if the second factor had been given
            session[REAUTH_KEY] = time.time()  # …and the password, just now
            session.save()
        return client

    return make


@pytest.fixture
def api(world: World) -> Callable[[str], Client]:
    """An API client with a new bearer token of the named persona's."""
    return lambda persona: api_client(world, persona)


@pytest.fixture
def version_2(tmp_path: Path, world: World) -> TemplateVersion:
    """Version 2 of the template, published (see ``factories.load_template_version_2``)."""
    return load_template_version_2(tmp_path)
