"""dev.py, the first command a new user runs: it ends with the demo sign-in details."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDED = "Demo data created.\n\nDemo sign-in (password for all: prevent-demo-2026):\n  bcu.lead@demo.example\n"


@pytest.fixture(autouse=True)
def own_signals() -> Any:
    """`dev.start()` passes SIGTERM, SIGINT and SIGHUP on to its server: this test process gets
    its own handlers back afterwards."""
    numbers = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]
    before = {n: signal.getsignal(n) for n in numbers}
    yield
    for number, handler in before.items():
        signal.signal(number, handler)


def load_dev() -> ModuleType:
    """dev.py, loaded as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeServer:
    """Stands in for runserver: prints its start-up lines, then "stops" with status 0."""

    def __init__(self, args: list[str], **kwargs: Any) -> None:
        print("Starting development server at http://127.0.0.1:8000/", flush=True)
        print("Quit the server with CONTROL-C.", flush=True)

    def poll(self) -> None:
        return None

    def wait(self) -> int:
        return 0


def fake_run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Every command succeeds; seed_demo says what the real one says, noise first."""
    if "seed_demo" in args:
        return subprocess.CompletedProcess(args, 0, stdout=SEEDED, stderr="")
    print("setuptools warning: noise", flush=True)
    return subprocess.CompletedProcess(args, 0, stdout="", stderr="")


def test_start_prints_the_demo_sign_in_last(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`dev.py start` prints the demo sign-in details after the set-up noise and after the
    server's own start-up lines, so they are the last thing on the screen."""
    dev = load_dev()
    monkeypatch.setattr(dev, "DEMO_MAIL", tmp_path / "mail")
    monkeypatch.setattr(dev, "setup", lambda: None)
    monkeypatch.setattr(dev.subprocess, "run", fake_run)
    monkeypatch.setattr(dev.subprocess, "Popen", FakeServer)
    monkeypatch.setattr(dev, "wait_for_port", lambda port, seconds=60.0: True)
    monkeypatch.setattr(dev.time, "sleep", lambda seconds: None)
    with pytest.raises(SystemExit) as stopped:
        dev.start()
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert "bcu.lead@demo.example" in out and "prevent-demo-2026" in out
    sign_in = out.index("Demo sign-in")
    assert out.index("noise") < sign_in and out.index("Quit the server") < sign_in
    assert out.rstrip().splitlines()[-2].startswith("Open http://127.0.0.1:8000/")


def test_start_on_another_port_links_to_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`PORT=8101 dev.py start`: the demo's e-mails (written while seeding) and the server's own
    links say port 8101, not the default 8000; a SITE_URL given is kept."""
    dev = load_dev()
    monkeypatch.setattr(dev, "DEMO_MAIL", tmp_path / "mail")
    seen: dict[str, str] = {}

    def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        if "seed_demo" in args:
            seen["seed"] = kwargs["env"]["SITE_URL"]
        return fake_run(args, **kwargs)

    def server(args: list[str], **kwargs: Any) -> FakeServer:
        seen["server"] = kwargs["env"]["SITE_URL"]
        return FakeServer(args)

    monkeypatch.setattr(dev, "setup", lambda: None)
    monkeypatch.setattr(dev.subprocess, "run", run)
    monkeypatch.setattr(dev.subprocess, "Popen", server)
    monkeypatch.setattr(dev, "wait_for_port", lambda port, seconds=60.0: True)
    monkeypatch.setattr(dev.time, "sleep", lambda seconds: None)
    monkeypatch.setenv("PORT", "8101")
    monkeypatch.delenv("SITE_URL", raising=False)
    with pytest.raises(SystemExit):
        dev.start()
    assert seen == {"seed": "http://127.0.0.1:8101", "server": "http://127.0.0.1:8101"}
    monkeypatch.setenv("SITE_URL", "https://planner.example")
    with pytest.raises(SystemExit):
        dev.start()
    assert seen["seed"] == seen["server"] == "https://planner.example"


def test_the_demo_e_mails_go_to_files_not_among_the_sign_in_details(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Seeding sends its e-mails to files in a folder emptied first; what is printed names the
    folder and holds no e-mail."""
    dev = load_dev()
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "from-an-earlier-start.log").write_text("old")
    monkeypatch.setattr(dev, "DEMO_MAIL", mail)

    def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        if "seed_demo" in args:
            env = kwargs["env"]
            assert env["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
            folder = Path(env["EMAIL_FILE_PATH"])
            folder.mkdir(exist_ok=True)
            for n in range(3):
                (folder / f"{n}.log").write_text("Subject: Plan submitted")
        return fake_run(args, **kwargs)

    monkeypatch.setattr(dev, "setup", lambda: None)
    monkeypatch.setattr(dev.subprocess, "run", run)
    monkeypatch.setattr(dev.subprocess, "Popen", FakeServer)
    monkeypatch.setattr(dev, "wait_for_port", lambda port, seconds=60.0: True)
    monkeypatch.setattr(dev.time, "sleep", lambda seconds: None)
    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    with pytest.raises(SystemExit):
        dev.start()
    out = capsys.readouterr().out
    assert f"The e-mails the demo sent while seeding are in {mail}." in out
    assert "Subject:" not in out
    assert not (mail / "from-an-earlier-start.log").exists()


def test_setup_installs_quietly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The dependency installs run pip twice-quiet (no warnings) without its version check."""
    dev = load_dev()
    commands: list[list[str]] = []
    monkeypatch.setattr(dev, "PYTHON", Path(sys.executable))
    monkeypatch.setattr(dev, "STAMP", tmp_path / "stamp")
    monkeypatch.setattr(dev, "run", lambda *args, **kw: commands.append([str(a) for a in args]))
    dev.setup()
    assert len(commands) == 2
    for command in commands:
        assert command.count("--quiet") == 2 and "--disable-pip-version-check" in command


# dev.py with its set-up skipped and the server a Python process that prints its id and sleeps;
# the arguments: dev.py's path, a folder for the demo's e-mails, and "background" to ignore
# SIGINT, as a shell without job control does for a command started with "&".
DRIVER = """
import importlib.util, signal, subprocess, sys
# As started from a terminal, whatever this test run inherited (a run under `nohup` ignores
# SIGHUP, which dev.py rightly leaves ignored).
signal.signal(signal.SIGHUP, signal.SIG_DFL)
if sys.argv[3] == "background":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
spec = importlib.util.spec_from_file_location("dev_script", sys.argv[1])
dev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev)
dev.DEMO_MAIL = dev.Path(sys.argv[2])
dev.setup = lambda: None
dev.run = lambda *args, **kwargs: None
dev.capture = lambda *args, **kwargs: "Demo sign-in"
dev.wait_for_port = lambda port, seconds=60.0: True
popen = subprocess.Popen
SERVER = "import os, time; print('server', os.getpid(), flush=True); time.sleep(60)"
subprocess.Popen = lambda args, **kwargs: popen([sys.executable, "-c", SERVER], **kwargs)
dev.start()
"""


def alive(pid: int) -> bool:
    """The process is running (neither gone nor a zombie left unreaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG")
@pytest.mark.parametrize(
    ("name", "how"),
    [
        ("SIGINT", "background"),
        ("SIGTERM", "background"),
        ("SIGHUP", "foreground"),
        ("SIGKILL", "background"),
    ],
)
def test_stopping_dev_py_stops_the_server(tmp_path: Path, name: str, how: str) -> None:
    """`kill` (SIGTERM, SIGINT even when started in the background, SIGHUP) is passed on to the
    server and dev.py waits for it; a dev.py killed outright (SIGKILL) takes the server with it."""
    number = getattr(signal, name)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    dev = subprocess.Popen(
        [sys.executable, str(driver), str(ROOT / "dev.py"), str(tmp_path / "mail"), how],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    server = 0
    try:
        assert dev.stdout is not None
        # The server's line comes first; dev.py's "Open http://…" line once it waits for the
        # server (read to the end, not guessed with a pause: a loaded machine can be slow).
        for line in dev.stdout:
            if line.startswith("server "):
                server = int(line.split()[1])
            if line.startswith("Open http"):
                break
        assert server and alive(server)
        os.kill(dev.pid, number)
        code = dev.wait(timeout=30)
        assert code == (-number if name == "SIGKILL" else 128 + number)
        deadline = time.monotonic() + 5
        while alive(server) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(server), f"the server outlived dev.py stopped by {name}"
    finally:
        dev.kill()
        dev.wait()
        if server and alive(server):
            os.kill(server, signal.SIGKILL)


def test_nohup_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    """A SIGHUP ignored on purpose (`nohup python3 dev.py start &`) stays ignored; SIGTERM and
    SIGINT are passed on all the same."""
    dev = load_dev()
    installed: dict[int, Any] = {}
    monkeypatch.setattr(
        dev.signal, "signal", lambda number, handler: installed.update({number: handler})
    )
    monkeypatch.setattr(
        dev.signal,
        "getsignal",
        lambda number: signal.SIG_IGN if number == signal.SIGHUP else signal.SIG_DFL,
    )
    forward = dev.Forward()
    assert installed == {signal.SIGTERM: forward, signal.SIGINT: forward}
