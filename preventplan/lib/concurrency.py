"""Optimistic concurrency: an edit based on a stale version is refused, never applied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import F


class StaleEdit(Exception):
    """Someone else saved this record after the editor opened it."""

    def __init__(self, obj: models.Model) -> None:
        super().__init__(f"{obj} was changed by someone else")
        self.obj = obj


def save_if_unchanged(obj: Any, expected_version: int, fields: list[str]) -> None:
    """Write ``fields`` of ``obj`` only if its stored version is still ``expected_version``.

    Bumps the version. Raises :class:`StaleEdit` (and writes nothing) otherwise.
    """
    values = {name: getattr(obj, name) for name in fields}
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if not updated:
        raise StaleEdit(obj)
    obj.version = expected_version + 1


def conflict_rows(form: Any, fresh: models.Model) -> list[dict[str, str]]:
    """Fields where what the person entered differs from what is saved now, for display."""
    rows = []
    for name, value in form.cleaned_data.items():
        if name == "version" or not hasattr(fresh, name):
            continue
        saved = getattr(fresh, name)
        if hasattr(saved, "all"):  # many-to-many
            saved_text = ", ".join(sorted(str(o) for o in saved.all()))
            entered_text = ", ".join(sorted(str(o) for o in value))
        else:
            saved_text, entered_text = (
                str(saved if saved is not None else ""),
                str(value if value is not None else ""),
            )
        if saved_text != entered_text:
            rows.append(
                {
                    "label": str(form.fields[name].label),
                    "saved": saved_text,
                    "entered": entered_text,
                }
            )
    return rows


def save_or_conflict(
    form: Any, save: Callable[[], object], fresh_form: Callable[[Any], Any]
) -> tuple[Any, list[dict[str, str]] | None]:
    """Run ``save``; if someone else saved first, return a form on the fresh record and the rows
    where what this person entered differs from what is saved now. ``(form, None)`` when saved."""
    try:
        save()
    except StaleEdit as stale:
        fresh = type(stale.obj)._default_manager.get(pk=stale.obj.pk)
        return fresh_form(fresh), conflict_rows(form, fresh)
    return form, None
