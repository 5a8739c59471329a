"""Drop and re-create the append-only triggers. Only the test suite uses this, around the
database flush that follows each browser test; nothing in the application does."""

from __future__ import annotations

import importlib

from django.db import connection

_triggers = importlib.import_module("preventplan.audit.migrations.0003_append_only_triggers")


def _run(forward: bool) -> None:
    with connection.cursor() as cursor:
        for sql in _triggers.statements(connection.vendor, forward):
            cursor.execute(sql)


def drop_triggers() -> None:
    _run(False)


def create_triggers() -> None:
    _run(False)
    _run(True)
