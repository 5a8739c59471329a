#!/usr/bin/env python3
"""Set up and run Prevent Delivery Planner from a fresh clone. Needs only Python 3.11+ and git.

    python3 dev.py start   # virtual environment, dependencies, database, template, demo data; serve
    python3 dev.py test    # the same set-up, then lint (with security lint), format check, type check,
                           # migrations check and the test suite

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import venv
from collections.abc import Callable
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent
DEMO_MAIL = ROOT / "var" / "demo-mail"  # the e-mails seeding the demo sends
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
        # Twice quiet: pip's and the build backend's warnings would bury the sign-in details.
        pip: list[str | Path] = [
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--quiet",
            "--disable-pip-version-check",
        ]
        run(*pip, "--require-hashes", "-r", LOCK)
        run(*pip, "--no-deps", "--no-build-isolation", "-e", ROOT)
        STAMP.write_text(digest)


def capture(*args: str | Path, env: dict[str, str] | None = None) -> str:
    """Run a command and return what it printed (shown at once only if it fails)."""
    print("$", " ".join(str(a) for a in args), flush=True)
    # This script's own fixed commands, as lists: no shell and no outside input.
    result = subprocess.run(  # noqa: S603
        [str(a) for a in args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        print(result.stdout + result.stderr, file=sys.stderr, flush=True)
        sys.exit(result.returncode)
    return result.stdout


def wait_for_port(port: int, seconds: float = 60.0) -> bool:
    """True once something answers on 127.0.0.1:port, False if nothing did in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


class Stopping(Exception):
    """dev.py was told to stop; the server has been told too."""


class Forward:
    """Passes SIGTERM, SIGINT and SIGHUP on to the server and stops dev.py's own work, so that
    `kill` (or Ctrl+C) stops the server with it, even when dev.py runs in the background (where
    the shell has it ignore Ctrl+C). Installed before the server starts, so the server does not
    inherit an ignored SIGINT either; a SIGHUP ignored on purpose (`nohup`) stays ignored."""

    def __init__(self) -> None:
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = False
        for name in ("SIGTERM", "SIGINT", "SIGHUP"):
            number = getattr(signal, name, None)  # Windows has no SIGHUP
            if number is None or (name == "SIGHUP" and signal.getsignal(number) == signal.SIG_IGN):
                continue
            signal.signal(number, self)

    def __call__(self, number: int, frame: FrameType | None) -> None:
        if self.child is None:  # no server yet: nothing to pass it on to
            sys.exit(128 + number)
        if self.child.poll() is None:
            self.child.send_signal(number)
        if not self.stopping:  # once: a second signal is passed on while dev.py waits
            self.stopping = True
            raise Stopping


def die_with_parent() -> Callable[[], None] | None:
    """On Linux, run in the server's process before it starts: the server is sent SIGTERM if
    dev.py dies, even by SIGKILL, which no handler sees (prctl's PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def set_death_signal() -> None:
        prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
        if os.getppid() != parent:  # dev.py died before the line above
            os.kill(os.getpid(), signal.SIGTERM)

    return set_death_signal


def start() -> None:
    setup()
    port = os.environ.get("PORT", "8000")
    # Links in e-mails (the demo's are printed here) point at this server, whatever its port.
    env = {
        **os.environ,
        "DEBUG": os.environ.get("DEBUG", "1"),
        "SITE_URL": os.environ.get("SITE_URL", f"http://127.0.0.1:{port}"),
    }
    manage = [PYTHON, ROOT / "manage.py"]
    run(*manage, "migrate", "--no-input", env=env)
    # seed_demo's output ends with the demo sign-in details: kept back and printed once the server
    # is listening, so that they come after the server's own start-up lines, not among them.
    # The e-mails seeding sends (a plan submitted, an incident notified, …) go to files, not among
    # the sign-in details; the server itself prints its e-mails as usual.
    mail = DEMO_MAIL
    shutil.rmtree(mail, ignore_errors=True)
    seed_env = {
        **env,
        "EMAIL_BACKEND": os.environ.get(
            "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
        ),
        "EMAIL_FILE_PATH": str(mail),
    }
    seeded = capture(*manage, "seed_demo", env=seed_env)
    if mail.is_dir() and any(mail.iterdir()):
        seeded += f"\nThe e-mails the demo sent while seeding are in {mail}."
    args = [str(a) for a in (*manage, "runserver", f"127.0.0.1:{port}")]
    forward = Forward()
    # This script's own fixed command, as a list: no shell and no outside input.
    server = subprocess.Popen(args, cwd=ROOT, env=env, preexec_fn=die_with_parent())  # noqa: S603
    forward.child = server
    try:
        if wait_for_port(int(port)) and server.poll() is None:
            time.sleep(0.5)  # the server's own start-up lines first
        print("\n" + "=" * 78, flush=True)
        print(seeded.strip(), flush=True)
        print(f"\nOpen http://127.0.0.1:{port}/ and sign in — press Ctrl+C to stop.", flush=True)
        print("=" * 78 + "\n", flush=True)
        sys.exit(server.wait())
    except Stopping:  # the server was told to stop: wait for it
        code = server.wait()
        sys.exit(128 - code if code < 0 else code)  # killed by a signal: as a shell says it


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
