"""Upload limits: an oversized body is refused from its Content-Length before it is read
(docs/audit.md, "Upload limits")."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.urls import reverse

from tests.world import World

FIFTY_MB = 50 * 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")

    def readline(self, size: int | None = -1) -> bytes:
        raise AssertionError("the body was read")


def oversized(client: Any, path: str, content_type: str = "multipart/form-data; boundary=B") -> Any:
    return client.generic(
        "POST",
        path,
        b"",
        content_type=content_type,
        CONTENT_LENGTH=str(FIFTY_MB),
        **{"wsgi.input": UnreadableBody()},
    )


def test_a_50_mb_upload_is_refused_before_it_is_read(world: World, client_for: Any) -> None:
    """A 50 MB evidence upload gets a GOV.UK page saying the file is too big (413), without the
    body being read, and nothing is saved."""
    action = world.action("a1", "3.1")
    response = oversized(
        client_for("action_owner"), reverse("plans:progress-create", args=[action.pk])
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file is too big" in page and "govuk-heading-xl" in page
    assert "Evidence files must be smaller than 10 MB" in page
    assert not action.updates.exists()


def test_the_limit_holds_before_sign_in_and_on_the_api(world: World, client_for: Any) -> None:
    """The sign-in page and the API refuse an oversized body the same way (JSON on the API)."""
    assert oversized(client_for("anonymous"), reverse("accounts:sign-in")).status_code == 413
    api = oversized(client_for("anonymous"), "/api/v1/risks", "application/json")
    assert api.status_code == 413 and "smaller than" in api.json()["detail"]


def test_a_body_within_the_limit_reaches_the_view(world: World, client_for: Any) -> None:
    """A request just within the limit is handled as usual (the form answers, not the guard)."""
    action = world.action("a1", "3.1")
    url = reverse("plans:progress-create", args=[action.pk])
    body = {"reported_on": "1 1 2099", "rag": "green", "narrative": "x" * 1000}
    response = client_for("action_owner").post(url, body)
    assert response.status_code == 200 and "The file is too big" not in response.content.decode()


def test_limits_are_set() -> None:
    """The whole-request limit covers the largest file allowed; form fields and JSON are held to
    Django's 2.5 MB; larger files go to a temporary file, not memory."""
    assert max(settings.EVIDENCE_MAX_BYTES, settings.IMPORT_MAX_BYTES) < settings.UPLOAD_MAX_BYTES
    assert settings.UPLOAD_MAX_BYTES < FIFTY_MB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
