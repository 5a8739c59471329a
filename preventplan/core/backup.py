"""Backups and restores. SQLite: a consistent online copy with SQLite's own backup API, checked
with ``PRAGMA integrity_check``; restore copies a checked backup back while the service is
stopped. PostgreSQL: ``pg_dump --format=custom`` (restore with ``pg_restore``, see the
deployment guide)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

VAR = Path(settings.VAR_DIR)


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


def default_path(engine: str) -> Path:
    stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if engine == "sqlite" else "pgdump"
    return VAR / "backups" / f"preventplan-{stamp}.{suffix}"


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def check_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
        tables = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='django_migrations'"
        ).fetchone()[0]
    if result != "ok" or not tables:
        raise BackupError(f"{path} is not a sound Prevent Delivery Planner database ({result})")


def backup(target: Path | None = None) -> Path:
    kind = engine()
    target = target or default_path(kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        check_sqlite(target)
        return target
    if kind == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError(
                "pg_dump is not installed on this server (apt-get install postgresql-client)"
            )
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
        args = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if db.get(key):
                args.append(f"{flag}={db[key]}")
        args.append(str(db["NAME"]))
        # pg_dump with arguments from the settings, as a list: no shell to inject into.
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"Backups of {kind} databases are not supported")


def restore_sqlite(source: Path) -> Path:
    """Copy a checked SQLite backup over the configured database file (service stopped)."""
    if engine() != "sqlite":
        raise BackupError("Restore PostgreSQL with pg_restore (see docs/deployment.md)")
    check_sqlite(source)
    live = Path(str(settings.DATABASES["default"]["NAME"]))
    connection.close()
    with sqlite3.connect(source) as src, sqlite3.connect(live) as dst:
        src.backup(dst)
    return live
