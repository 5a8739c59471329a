"""A dashboard's body, kept in the worker's memory while nothing it shows has changed.

The body of a dashboard (figures, charts, tables and lists; not the breadcrumbs, which depend on
who reads it) is the same for everyone who may open it, and it changes only when the data under it
changes, the day turns or the language differs. Working it out and drawing it is most of a
dashboard's time, so each worker keeps the last :data:`KEPT` bodies it drew, under a key made of
the organisation, the day, the language, the script prefix and :func:`data_stamp`: one query that
reads, for every table a dashboard draws from, how many of its rows lie under the organisation,
their highest id and, where the table has them, the sum of their versions and the latest change. Any write the product makes
to those tables changes one of them:

* a plan, and everything under it (actions, milestones, progress updates), through its version,
  which every write under a plan bumps in the same transaction (the rule the kept figures in
  :mod:`preventplan.dashboards.models` rely on);
* every register record (risks, benefits, grievances, posts, …: every ``RegisterRecord``), every
  case and every organisation, through its version, which every edit bumps
  (``lib.concurrency.save_if_unchanged``), and its latest ``updated_at``; records added or
  deleted through the count and highest id;
* the template's objectives through their count and highest id (a template version is loaded
  once; one loaded again in place with new wording shows from the next day, or after a
  restart).

So a write shows at the next reading of every dashboard above it, whichever worker serves it; a
write elsewhere (another force's) leaves a dashboard's kept body alone, and a dashboard read again
with nothing changed under it is drawn from memory. Nothing is kept across a restart,
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

from preventplan.organisations.models import Organisation

KEPT = 64  # bodies per worker; a national body is about 60 KB

_bodies: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def stamped_models() -> list[tuple[type[Model], str | None]]:
    """The tables a dashboard draws from (see the module's docstring), each with the column that
    places a row under an organisation (``None``: the row is everyone's, as an objective is)."""
    from preventplan.cases.models import Case
    from preventplan.catalogue.models import Objective
    from preventplan.plans.models import Plan
    from preventplan.records.models import RegisterRecord

    registers = sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, RegisterRecord) and not model._meta.abstract
        ),
        key=lambda m: m._meta.label,
    )
    return [
        (Plan, "organisation_id"),
        (Organisation, "id"),
        (Case, "bcu_id"),
        (Objective, None),
        *((model, "organisation_id") for model in registers),
    ]


@cache
def _stamp_sql(vendor: str) -> str:
    """The stamp's statement: a row for each table, counting the rows whose organisation lies in
    the subtree from ``%(low)s`` (its own path) up to ``%(high)s`` (the first path after it)."""
    quote = connection.ops.quote_name
    path = quote("path")
    organisations = quote(Organisation._meta.db_table)
    # The subtree as a range of paths ("/1/3/" up to "/1/30"), read through an index: SQLite's
    # LIKE cannot use one; on PostgreSQL the pattern operators compare byte by byte, whatever the
    # locale, and use the path's varchar_pattern_ops index that Django makes beside the plain one.
    if vendor == "postgresql":
        # The subtree's organisations found once (MATERIALIZED: otherwise PostgreSQL folds the
        # lookup into every part and plans each): a third of the time of a join per part.
        start = (
            f"WITH subtree AS MATERIALIZED (SELECT id FROM {organisations}"  # noqa: S608
            f" WHERE {path} ~>=~ %(low)s AND {path} ~<~ %(high)s) "
        )
        under = " JOIN subtree s ON s.id = t.{column}"
    else:
        # SQLite: each row to its organisation by key, the range checked there (a subtree table
        # joined instead is three times slower nationally: SQLite indexes it again for each part).
        start = ""
        under = (
            f" CROSS JOIN {organisations} o WHERE o.id = t.{{column}}"
            f" AND o.{path} >= %(low)s AND o.{path} < %(high)s"
        )
    parts: list[str] = []
    for model, column in stamped_models():
        names = {f.column for f in model._meta.concrete_fields}
        columns = [
            "COUNT(*)",
            f"MAX(t.{quote(model._meta.pk.column)})",
            f"SUM(t.{quote('version')})" if "version" in names else "NULL",
            f"MAX(t.{quote('updated_at')})" if "updated_at" in names else "NULL",
        ]
        source = f"{quote(model._meta.db_table)} t"
        if column:
            source += under.format(column=quote(column))
        # Table and column names from the models, quoted by the connection: no user input.
        parts.append(f"SELECT {', '.join(columns)} FROM {source}")  # noqa: S608
    # A row per table, appended (not joined: PostgreSQL would spend longer planning a join of
    # eighteen one-row tables than running it).
    return start + " UNION ALL ".join(parts)


def data_stamp(path: str) -> tuple[object, ...]:
    """One row that changes whenever anything a dashboard of the organisation at ``path`` draws
    from is written: in its subtree, or the template's objectives."""
    after = path[:-1] + chr(ord(path[-1]) + 1)  # paths end in "/": "/1/3/" → "/1/30"
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(connection.vendor), {"low": path, "high": after})
        return tuple(cursor.fetchall())


def body(organisation: Organisation, day: date, draw: Callable[[], str]) -> str:
    """The body for the organisation on the day: the kept one while nothing under it has changed,
    otherwise ``draw()``, kept for the next reader."""
    key = hashlib.sha256(
        repr(
            (
                organisation.pk,
                organisation.path,
                day,
                get_language(),
                get_script_prefix(),
                data_stamp(organisation.path),
            )
        ).encode()
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
