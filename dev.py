#!/usr/bin/env python3
"""Set up and run Prevent Delivery Planner from a fresh clone. Needs only Python 3.11+ and git.

    python3 dev.py start   # virtual environment, dependencies, database, template, demo data; serve
    python3 dev.py test    # the same set-up, then lint (with security lint), format check, type check,
                           # migrations check and the test suite

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("PREVENTPLAN_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".preventplan-installed"
LOCK = ROOT / "requirements" / "lock.txt"
INPUTS = [ROOT / "pyproject.toml", LOCK]


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("$", " ".join(str(a) for a in args), flush=True)
    # This script's own fixed commands, as lists: no shell and no outside input.
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)  # noqa: S603
    if result.returncode:
        sys.exit(result.returncode)


def setup() -> None:
    if not PYTHON.exists():
        print(f"Creating the virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in INPUTS)).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        # Every dependency from the lock, each file checked against its hash; then the project
        # itself, editable, built by the locked setuptools and bringing nothing else with it.
        pip: list[str | Path] = [PYTHON, "-m", "pip", "install", "--quiet"]
        run(*pip, "--require-hashes", "-r", LOCK)
        run(*pip, "--no-deps", "--no-build-isolation", "-e", ROOT)
        STAMP.write_text(digest)


def start() -> None:
    setup()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    manage = [PYTHON, ROOT / "manage.py"]
    run(*manage, "migrate", "--no-input", env=env)
    run(*manage, "seed_demo", env=env)
    port = os.environ.get("PORT", "8000")
    print(f"\nServing on http://127.0.0.1:{port}/ — press Ctrl+C to stop.\n", flush=True)
    run(*manage, "runserver", f"127.0.0.1:{port}", env=env)


def test(extra: list[str]) -> None:
    setup()
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy", ".")
    run(PYTHON, ROOT / "manage.py", "makemigrations", "--check", "--dry-run")
    run(BIN / "pytest", *extra)


def main() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before the project's Python is known
        sys.exit("Python 3.11 or newer is needed.")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "start":
        start()
    elif command == "test":
        test(sys.argv[2:])
    elif command == "setup":
        setup()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
