#!/usr/bin/env python3
"""Print a worker's memory (resident set size) before and after it produces board packs.

    SQLITE_PATH=var/national.sqlite3 .venv/bin/python scripts/memory.py [--packs 3] [--scale national]

The process is set up as an app server sets itself up (``preventplan/wsgi.py``: every view imported,
start-up objects frozen), then produces ``--packs`` force board packs as PDF one after another, as
one worker would for successive requests, printing the resident set after each. ``--in-worker``
makes them in the worker itself (then only collected and trimmed after each), to compare. It prints
figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preventplan.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from preventplan.core.startup import freeze_startup_objects  # noqa: E402
from preventplan.lib import pdf  # noqa: E402
from preventplan.lib.dates import today  # noqa: E402
from preventplan.organisations.models import Organisation  # noqa: E402


def rss_mib(pid: int | str = "self") -> float:
    """The resident set of a process in MiB (Linux: /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=3)
    parser.add_argument("--scale", default="national", help="which synthetic dataset to use")
    parser.add_argument(
        "--in-worker",
        action="store_true",
        help="make the PDFs in this process, as before (to compare)",
    )
    args = parser.parse_args()
    if args.in_worker:
        settings.PDF_IN_SUBPROCESS = False
    from preventplan.reports import builders, document

    force = (
        Organisation.objects.filter(name__startswith=f"Synthetic {args.scale} force", kind="force")
        .order_by("pk")
        .first()
        or Organisation.objects.filter(kind="force").order_by("pk").first()
    )
    if force is None:
        sys.exit("No force here: run generate_dataset or seed_demo first.")
    freeze_startup_objects()  # as preventplan/wsgi.py does on every app server
    print(f"Force: {force} · PDFs made {'in this process' if args.in_worker else 'beside it'}")
    print(f"Before any board pack: {rss_mib():.0f} MiB")
    day = today()
    for n in range(1, args.packs + 1):
        start = time.perf_counter()
        content = document.to_pdf(builders.board_pack(force, day))
        took = time.perf_counter() - start
        engine = pdf._ENGINE._process
        beside = f"; PDF engine process {rss_mib(engine.pid):.0f} MiB" if engine else ""
        print(
            f"After board pack {n} ({len(content) // 1024} KiB, {took:.2f} s): "
            f"{rss_mib():.0f} MiB{beside}",
            flush=True,
        )


if __name__ == "__main__":
    main()
