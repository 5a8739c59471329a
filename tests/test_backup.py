"""Backup and restore, round trip: a backup made while the service runs restores the data as it
was (SQLite, in a separate process on a file database); on PostgreSQL, pg_dump's archive."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_sqlite_backup_and_restore_round_trip(tmp_path: Path) -> None:
    """Back up a database with the template in it, remove a row, restore: the row is back and
    the restored database passes its integrity check; restore refuses without --yes and refuses
    a file that is not a database."""
    db = tmp_path / "live.sqlite3"
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(SQLITE_PATH=str(db), PREVENTPLAN_VAR_DIR=str(tmp_path / "var"))
    manage("migrate", "--no-input", "-v0", env=env)
    manage("load_template", env=env)
    count = "SELECT count(*) FROM catalogue_activity"
    with sqlite3.connect(db) as live:
        before = live.execute(count).fetchone()[0]
    assert before == 50
    out = manage("backup", "--output", str(tmp_path / "copy.sqlite3"), env=env)
    assert "Backed up to" in out
    with sqlite3.connect(db) as live:
        live.execute("DELETE FROM catalogue_activity_other_objectives")
        live.execute("DELETE FROM catalogue_activity_delivery_partners")
        live.execute("DELETE FROM catalogue_activity")
    refused = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "restore", str(tmp_path / "copy.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1 and "--yes" in refused.stderr
    manage("restore", str(tmp_path / "copy.sqlite3"), "--yes", env=env)
    with sqlite3.connect(db) as live:
        assert live.execute(count).fetchone()[0] == before
        assert live.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database")
    bad = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "restore", str(junk), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump on PostgreSQL")
@pytest.mark.django_db
def test_postgresql_backup_is_a_pg_dump_archive(tmp_path: Path) -> None:
    """On PostgreSQL the backup is pg_dump's custom archive, which pg_restore reads."""
    from preventplan.core.backup import backup

    path = backup(tmp_path / "copy.pgdump")
    assert path.read_bytes()[:5] == b"PGDMP"
    pg_restore = shutil.which("pg_restore") or "pg_restore"
    listing = subprocess.run(
        [pg_restore, "--list", str(path)], capture_output=True, text=True, check=False
    )
    assert listing.returncode == 0 and "catalogue_activity" in listing.stdout
