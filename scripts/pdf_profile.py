#!/usr/bin/env python3
"""Where WeasyPrint's time goes on the benchmark's PDFs, in CPU time, as the PDF engine makes them.

    SQLITE_PATH=var/national.sqlite3 .venv/bin/python scripts/pdf_profile.py [--runs 5]
    … scripts/pdf_profile.py --save-html DIR     # also write each document's HTML there
    … scripts/pdf_profile.py --profile DIR       # also write a cProfile file per document there

The documents are those of `scripts/benchmark.py`'s PDF rows, built from the same data (run the
benchmark once first: it brings its BCU plan to 50 actions): the first synthetic force's board
pack, its first BCU's plan checklist and the blank BCU checklist, in English. As
``lib.pdf_engine`` does, WeasyPrint is set up once and each PDF is made in a forked child; the
child's CPU time (``time.process_time``) is split into parsing the HTML, the cascade (computed
styles), building boxes, layout, drawing and writing the PDF (fonts included). CPU time is far
steadier than wall time on a shared machine, but still moves by about 10% with the load: compare
runs taken one after the other (docs/performance.md, "PDFs, third pass"). It asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import functools
import json
import os
import statistics
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preventplan.settings")

import django

django.setup()

from django.utils import translation  # noqa: E402

from preventplan.catalogue.models import ENGLAND, TemplateVersion  # noqa: E402
from preventplan.lib.dates import today  # noqa: E402
from preventplan.organisations.models import Organisation  # noqa: E402
from preventplan.plans import checklist  # noqa: E402
from preventplan.plans.models import Plan  # noqa: E402
from preventplan.reports import builders, document  # noqa: E402

PHASES = ["parse HTML", "cascade", "boxes", "layout", "draw", "write PDF", "total"]


def documents(scale: str) -> dict[str, str]:
    force = Organisation.objects.filter(
        name__startswith=f"Synthetic {scale} force", kind="force"
    ).first()
    if force is None:
        sys.exit(f"No {scale} dataset here: run generate_dataset --scale {scale} first.")
    bcu = Organisation.objects.filter(parent=force, kind="bcu").order_by("pk").first()
    day = today()
    plan = Plan.objects.filter(organisation=bcu, period_start__lte=day, period_end__gte=day).first()
    version = TemplateVersion.objects.current(ENGLAND)
    assert plan is not None and version is not None
    sheet = checklist.from_plan(plan)
    actions = sum(len(section.rows) for section in sheet.sections)
    return {
        "Board pack": document.to_html(builders.board_pack(force, day)),
        f"Plan checklist ({actions} actions)": checklist.to_html(sheet),
        "Blank BCU checklist": checklist.to_html(checklist.blank(version, "bcu")),
    }


def _timed(owner: Any, name: str, phase: str, spent: dict[str, float]) -> None:
    """Add the CPU time of each call of ``owner.name`` to ``spent[phase]`` (skipped if a
    WeasyPrint release has moved it)."""
    original = getattr(owner, name, None)
    if original is None:
        return

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[phase] += time.process_time() - start

    setattr(owner, name, timed)


def in_child(work: Callable[[], dict[str, float]]) -> dict[str, float]:
    """``work()`` in a forked child, as the engine makes each PDF; its result comes back."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover
        try:
            data = json.dumps(work()).encode()
            os.write(write, struct.pack(">I", len(data)) + data)
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        (size,) = struct.unpack(">I", stream.read(4))
        result: dict[str, float] = json.loads(stream.read(size))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", default="national")
    parser.add_argument("--save-html", type=Path, help="write each document's HTML here")
    parser.add_argument("--profile", type=Path, help="write a cProfile file per document here")
    args = parser.parse_args()
    translation.activate("en-gb")
    docs = documents(args.scale)

    from weasyprint import HTML, document as weasy_document  # noqa: I001 - after Django

    spent: collections.defaultdict[str, float] = collections.defaultdict(float)
    _timed(weasy_document, "get_all_computed_styles", "cascade", spent)
    _timed(weasy_document, "build_formatting_structure", "boxes", spent)
    _timed(weasy_document.Page, "paint", "draw", spent)
    HTML(string="<p>Ready</p>").write_pdf()  # set up once before forking, as the engine does

    def make(html: str) -> dict[str, float]:
        spent.clear()
        start = time.process_time()
        parsed = HTML(string=html)
        spent["parse HTML"] = time.process_time() - start
        laid_out = parsed.render()
        rendered = time.process_time()
        laid_out.write_pdf()
        end = time.process_time()
        spent["layout"] = (
            rendered - start - sum(spent[p] for p in ("parse HTML", "cascade", "boxes"))
        )
        spent["write PDF"] = end - rendered - spent["draw"]
        spent["total"] = end - start
        return {phase: spent[phase] * 1000 for phase in PHASES}

    print(f"CPU ms in the engine's child, median of {args.runs} runs\n")
    print("| Document | " + " | ".join(PHASES) + " |")
    print("|---|" + "---:|" * len(PHASES))
    for name, html in docs.items():
        slug = name.split(" (")[0].lower().replace(" ", "-")
        if args.save_html:
            args.save_html.mkdir(parents=True, exist_ok=True)
            (args.save_html / f"{slug}.html").write_text(html)
        runs = [in_child(functools.partial(make, html)) for _ in range(args.runs)]
        row = [statistics.median(run[phase] for run in runs) for phase in PHASES]
        print(f"| {name} | " + " | ".join(f"{ms:,.0f}" for ms in row) + " |")
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            target = args.profile / f"{slug}.prof"

            def profiled(html: str = html, target: Path = target) -> dict[str, float]:
                profile = cProfile.Profile()
                profile.runcall(lambda: HTML(string=html).write_pdf())
                profile.dump_stats(target)
                return {}

            in_child(profiled)
    if args.profile:
        print(f"\nProfiles in {args.profile}: python -m pstats FILE, then sort cumtime, stats 40")


if __name__ == "__main__":
    main()
