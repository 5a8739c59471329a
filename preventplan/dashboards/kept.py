"""A dashboard's body, kept in the worker's memory while nothing it shows has changed.

The body of a dashboard (figures, charts, tables and lists; not the breadcrumbs, which depend on
who reads it) is the same for everyone who may open it, and it changes only when the data under it
changes, the day turns or the language differs. Working it out and drawing it is most of a
dashboard's time, so each worker keeps the last :data:`KEPT` bodies it drew, under a key made of
the organisation, the day, the language, the script prefix and :func:`data_stamp`: one query that
reads, for every table a dashboard draws from, how many rows it has, its highest id and, where the
table has them, the sums of its rows' versions and of their last-changed times. Any write the product makes
to those tables changes one of them:

* a plan, and everything under it (actions, milestones, progress updates), through its version,
  which every write under a plan bumps in the same transaction (the rule the kept figures in
  :mod:`preventplan.dashboards.models` rely on);
* every register record (risks, benefits, grievances, posts, …: every ``RegisterRecord``) and
  every case, through its version and ``updated_at``; records added or deleted through the count
  and highest id;
* organisations (names, places in the tree) through ``updated_at``; the template's objectives
  through their count and highest id.

So a write anywhere shows on every dashboard at its next reading, whichever worker serves it; a
dashboard read again with nothing changed is drawn from memory. Nothing is kept across a restart,
so a new release never serves a body drawn by the old one. Bodies hold aggregates and the names of
plans, milestones and organisations that everyone who may open the dashboard reads anyway.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from functools import cache

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.urls import get_script_prefix
from django.utils.translation import get_language

KEPT = 64  # bodies per worker; a national body is about 60 KB

_bodies: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def stamped_models() -> list[type[Model]]:
    """The tables a dashboard draws from (see the module's docstring)."""
    from preventplan.cases.models import Case
    from preventplan.catalogue.models import Objective
    from preventplan.organisations.models import Organisation
    from preventplan.plans.models import Plan
    from preventplan.records.models import RegisterRecord

    registers = [
        model
        for model in apps.get_models()
        if issubclass(model, RegisterRecord) and not model._meta.abstract
    ]
    return [Plan, Organisation, Case, Objective, *sorted(registers, key=lambda m: m._meta.label)]


@cache
def _stamp_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    # A time as a number, to be summed: any row's change moves the sum (the latest change alone
    # would not, should a server's clock run behind another's).
    seconds = "julianday(%s)" if vendor == "sqlite" else "EXTRACT(EPOCH FROM %s)"
    parts: list[str] = []
    for model in stamped_models():
        table = quote(model._meta.db_table)
        names = {f.column for f in model._meta.concrete_fields}
        columns = ["COUNT(*)", f"MAX({quote(model._meta.pk.column)})"]
        if "version" in names:
            columns.append(f"SUM({quote('version')})")
        if "updated_at" in names:
            columns.append(f"SUM({seconds % quote('updated_at')})")
        # Table and column names from the models, quoted by the connection: no user input.
        parts.extend(f"(SELECT {column} FROM {table})" for column in columns)  # noqa: S608
    return "SELECT " + ", ".join(parts)


def data_stamp() -> tuple[object, ...]:
    """One row that changes whenever anything a dashboard draws from is written."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(connection.vendor))
        return tuple(cursor.fetchone())


def body(organisation_id: int, day: date, draw: Callable[[], str]) -> str:
    """The body for the organisation on the day: the kept one while nothing under it has changed,
    otherwise ``draw()``, kept for the next reader."""
    key = hashlib.sha256(
        repr((organisation_id, day, get_language(), get_script_prefix(), data_stamp())).encode()
    ).hexdigest()
    with _lock:
        kept = _bodies.get(key)
        if kept is not None:
            _bodies.move_to_end(key)
            return kept
    drawn = draw()
    with _lock:
        _bodies[key] = drawn
        while len(_bodies) > KEPT:
            _bodies.popitem(last=False)
    return drawn


def forget() -> None:
    """Drop every kept body (tests; a body is never wrong to draw again)."""
    with _lock:
        _bodies.clear()
