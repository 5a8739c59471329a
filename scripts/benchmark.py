#!/usr/bin/env python3
"""Measure server time and query counts of the main pages on a generated dataset.

    .venv/bin/preventplan generate_dataset --scale national      # once, into the database below
    SQLITE_PATH=var/national.sqlite3 .venv/bin/python scripts/benchmark.py [--runs 20] [--only import]
    DATABASE_URL=postgres://… .venv/bin/python scripts/benchmark.py
    … scripts/benchmark.py --save before.json   # then, after a change:
    … scripts/benchmark.py --compare before.json  # prints each row's ratio to the saved run

Requests go through Django's full stack in-process (middleware, views, templates, database), so
the figures are server time without the network. Each page is requested twice to warm up, then
``--runs`` times; the table shows the median and 95th percentile in milliseconds and the number of
database queries one request makes. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preventplan.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from preventplan.accounts.actions import create_api_token  # noqa: E402
from preventplan.accounts.models import User  # noqa: E402
from preventplan.accounts.reauth import SESSION_KEY as REAUTH_KEY  # noqa: E402
from preventplan.accounts.two_factor import SESSION_KEY  # noqa: E402
from preventplan.core.startup import freeze_startup_objects  # noqa: E402
from preventplan.dashboards import kept  # noqa: E402
from preventplan.dashboards.models import OrganisationFigures, PlanFigures  # noqa: E402
from preventplan.lib.dates import today, week_commencing  # noqa: E402
from preventplan.organisations.models import Membership, Organisation, Role  # noqa: E402
from preventplan.plans.models import Decision, Plan  # noqa: E402


def person(email: str, org: Organisation, role: str) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, "benchmark-password-not-used", full_name=email.split("@")[0]
    )
    if not Membership.objects.current().filter(user=user, organisation=org, role=role).exists():
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = True
    session[REAUTH_KEY] = time.time()
    session.save()
    return client


def sql_floor(captured: list[dict[str, str]]) -> float:
    """Milliseconds the database takes to run and return a request's reads on their own: each
    SELECT it made, run again through the driver's cursor and fetched whole (no ORM). What the
    page costs above this is Python: the ORM, the view and the template."""
    total = 0.0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's own cursor: no Django wrapper, no converters
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            start = time.perf_counter()
            raw.execute(sql)
            raw.fetchall()
            total += (time.perf_counter() - start) * 1000
    return total


def measure(
    fn: Callable[[], int],
    runs: int,
    before: Callable[[], object] = lambda: None,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[float, float, int, int, float]:
    """Time ``fn`` (``before`` runs ahead of each call, untimed)."""
    for _ in range(2):
        before()
        fn()
    before()
    with CaptureQueriesContext(connection) as ctx:
        status = fn()
    queries = len(ctx)
    floor = min(sql_floor(ctx.captured_queries) for _ in range(3))
    times = []
    for _ in range(runs):
        before()
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, queries, status, floor


def reference_loop() -> float:
    """Seconds this machine takes for a fixed piece of pure Python, so figures from different
    machines can be compared: the smaller, the faster the machine."""
    start = time.process_time()
    total = 0
    for n in range(10_000_000):
        total += n
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scale", default="national", help="which synthetic dataset to use")
    parser.add_argument("--only", default="", help="measure only rows whose name contains this")
    parser.add_argument("--save", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--compare", type=Path, help="a file written by --save: show the ratios")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time the CPU this process uses (Django and SQLite run in it) instead of the wall"
        " clock: steadier on a shared machine; the PDF rows then leave out the PDF engine",
    )
    args = parser.parse_args()
    before = json.loads(args.compare.read_text()) if args.compare else {}
    prefix = f"Synthetic {args.scale}"
    force = Organisation.objects.filter(name__startswith=f"{prefix} force", kind="force").first()
    if force is None:
        sys.exit(f"No {args.scale} dataset here: run generate_dataset --scale {args.scale} first.")
    region = force.parent
    nation = region.parent if region else None
    bcu = Organisation.objects.filter(parent=force, kind="bcu").order_by("pk").first()
    assert region and nation and bcu
    day = today()
    plan = Plan.objects.filter(organisation=bcu, period_start__lte=day, period_end__gte=day).first()
    domain = "benchmark.invalid"
    admin = person(f"admin@{domain}", nation, Role.NATIONAL_ADMIN)
    oversight = person(f"oversight@{domain}", region, Role.OVERSIGHT)
    national = person(f"national.oversight@{domain}", nation, Role.OVERSIGHT)
    lead = person(f"force.lead@{domain}", force, Role.FORCE_LEAD)
    bcu_lead = person(f"bcu.lead@{domain}", bcu, Role.BCU_LEAD)
    auditor = person(f"auditor@{domain}", force, Role.AUDITOR)
    _, key = create_api_token(lead, "benchmark")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    clients = {u.pk: client_for(u) for u in (admin, oversight, national, lead, bcu_lead, auditor)}
    freeze_startup_objects()  # as preventplan/wsgi.py does on every app server

    def page(user: User, url: str) -> Callable[[], int]:
        return lambda: clients[user.pk].get(url).status_code

    def board_pack() -> int:
        from preventplan.reports import builders, document

        document.to_pdf(builders.board_pack(force, day))
        return 200

    def plan_checklist_pdf() -> int:
        from preventplan.plans import checklist

        assert plan is not None
        checklist.plan_pdf(plan, checklist.from_plan(plan))
        return 200

    def forget_plan_checklists() -> None:
        """As after a write to the plan: its checklist PDF is made again."""
        from preventplan.plans.models import ChecklistFile

        ChecklistFile.objects.all().delete()

    def forget_blank_checklists() -> None:
        """As after a template version is loaded: no blank checklist kept."""
        from preventplan.catalogue.models import BlankChecklistFile

        BlankChecklistFile.objects.all().delete()

    assert plan is not None
    # The template gives a BCU plan 35 actions; local actions bring it to the 50 of docs/principles.md, Quality bars
    # (once: they stay in the benchmark's dataset).
    from preventplan.plans.actions import add_local_action

    for n in range(plan.actions.count(), 50):
        objective = plan.actions.order_by("sort_key")[n % 8].objective
        add_local_action(bcu_lead, plan, objective, text=f"Benchmark local action {n + 1}")
    plan.refresh_from_db()

    def import_plan() -> int:
        """Preview and apply a workbook that changes every action of the 50-action BCU plan
        (rolled back, so each run does the same work)."""
        from django.db import transaction

        from preventplan.plans import checklist, importer

        assert plan is not None
        sheet = checklist.from_plan(plan)
        for section in sheet.sections:
            for row in section.rows:
                if row.decision != Decision.LOCAL.label:
                    row.decision = "Adopt"
                row.milestones = [
                    ("Benchmark step", f"31 January {plan.period_end.year}", "Not started")
                ]
        content = checklist.to_csv(sheet)
        with transaction.atomic():
            preview = importer.build_preview(plan, "plan.csv", content)
            assert preview.ok and preview.changes, preview.errors[:3]
            importer.apply_preview(bcu_lead, plan, preview, Plan.objects.get(pk=plan.pk).version)
            transaction.set_rollback(True)
        return 200

    def forget_figures() -> None:
        """As when no figures were ever kept (a new install, or the table emptied)."""
        kept.forget()
        PlanFigures.objects.all().delete()
        OrganisationFigures.objects.all().delete()

    def figures_from_yesterday() -> None:
        """As on the first request of a day: every plan's and organisation's figures kept
        yesterday, none today (and no dashboard drawn today)."""
        kept.forget()
        PlanFigures.objects.update(as_of=F("as_of") - timedelta(days=1))
        OrganisationFigures.objects.update(as_of=F("as_of") - timedelta(days=1))

    def change_a_plan() -> None:
        """As after someone updates a plan: that one plan's figures are stale."""
        assert plan is not None
        Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)

    week = week_commencing(day).isoformat()
    nothing = lambda: None  # noqa: E731
    cases: list[tuple[str, Callable[[], int], int, Callable[[], object]]] = [
        ("National dashboard", page(admin, f"/dashboard/{nation.pk}/"), args.runs, nothing),
        (
            "National dashboard, first of the day",
            page(admin, f"/dashboard/{nation.pk}/"),
            args.runs,
            figures_from_yesterday,
        ),
        (
            "National dashboard, nothing kept",
            page(admin, f"/dashboard/{nation.pk}/"),
            args.runs,
            forget_figures,
        ),
        (
            "National dashboard, one plan changed",
            page(admin, f"/dashboard/{nation.pk}/"),
            args.runs,
            change_a_plan,
        ),
        ("Regional dashboard", page(oversight, f"/dashboard/{region.pk}/"), args.runs, nothing),
        ("Force dashboard", page(lead, f"/dashboard/{force.pk}/"), args.runs, nothing),
        ("BCU dashboard", page(bcu_lead, f"/dashboard/{bcu.pk}/"), args.runs, nothing),
        (
            "Plan overview",
            page(bcu_lead, f"/plans/{plan.pk}/" if plan else "/plans/"),
            args.runs,
            nothing,
        ),
        ("Overdue actions list", page(lead, "/actions/?view=overdue"), args.runs, nothing),
        ("Actions list (all, nation)", page(national, "/actions/"), args.runs, nothing),
        (
            "Overdue actions list (nation)",
            page(national, "/actions/?view=overdue"),
            args.runs,
            nothing,
        ),
        ("Plans list (nation)", page(national, "/plans/"), args.runs, nothing),
        ("Risk register", page(lead, "/risks/"), args.runs, nothing),
        ("Audit log list", page(auditor, "/audit/"), args.runs, nothing),
        (
            "Force tension week",
            page(lead, f"/tension/force/{force.pk}/{week}/"),
            args.runs,
            nothing,
        ),
        ("Board pack PDF", board_pack, max(3, args.runs // 5), nothing),
        (
            "Plan checklist PDF (50 actions)",
            plan_checklist_pdf,
            max(3, args.runs // 5),
            forget_plan_checklists,
        ),
        (
            "Plan checklist PDF (50 actions, kept)",
            plan_checklist_pdf,
            args.runs,
            nothing,
        ),
        (
            "Blank BCU checklist PDF (kept)",
            page(lead, "/checklists/bcu.pdf"),
            args.runs,
            nothing,
        ),
        (
            "Blank BCU checklist PDF (made afresh)",
            page(lead, "/checklists/bcu.pdf"),
            max(3, args.runs // 5),
            forget_blank_checklists,
        ),
        (
            "Import a 50-action plan (every action changed)",
            import_plan,
            max(3, args.runs // 2),
            nothing,
        ),
        ("Home page (force lead)", page(lead, "/"), args.runs, nothing),
        ("Benefits register", page(lead, "/benefits/"), args.runs, nothing),
        ("Impact assessments", page(lead, "/impact-assessments/"), args.runs, nothing),
        ("Protocols", page(lead, "/protocols/"), args.runs, nothing),
        ("Boards", page(lead, "/boards/"), args.runs, nothing),
        ("Indicators", page(lead, "/indicators/"), args.runs, nothing),
        ("Reports", page(lead, "/reports/"), args.runs, nothing),
        ("API plans", lambda: api.get("/api/v1/plans").status_code, args.runs, nothing),
        ("API risks", lambda: api.get("/api/v1/risks").status_code, args.runs, nothing),
        ("API benefits", lambda: api.get("/api/v1/benefits").status_code, args.runs, nothing),
        ("API protocols", lambda: api.get("/api/v1/protocols").status_code, args.runs, nothing),
        (
            "API organisations",
            lambda: api.get("/api/v1/organisations").status_code,
            args.runs,
            nothing,
        ),
        ("API boards", lambda: api.get("/api/v1/boards").status_code, args.runs, nothing),
        (
            "API tension returns",
            lambda: api.get("/api/v1/tension-assessments").status_code,
            args.runs,
            nothing,
        ),
    ]
    vendor = connection.vendor
    clock = "CPU time of this process" if args.cpu else "wall-clock time"
    print(f"Dataset: {args.scale} · database: {vendor} · {args.runs} warm runs per page · {clock}")
    print(f"Machine: {reference_loop():.2f} s for a reference loop of 10 million additions\n")
    print("SQL ms: the request's SELECTs run again on their own (the floor the database sets).\n")
    if before:
        print(
            "| Page | p50 ms | p95 ms | SQL ms | Queries | Status | p50 before | p50 ratio |"
            " Queries before |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    else:
        print("| Page | p50 ms | p95 ms | SQL ms | Queries | Status |")
        print("|---|---:|---:|---:|---:|---:|")
    figures: dict[str, dict[str, float]] = {}
    for label, fn, runs, prepare in cases:
        if args.only.lower() not in label.lower():
            continue
        p50, p95, queries, status, floor = measure(
            fn, runs, prepare, time.process_time if args.cpu else time.perf_counter
        )
        figures[label] = {
            "p50": p50,
            "p95": p95,
            "queries": queries,
            "status": status,
            "sql": floor,
        }
        row = f"| {label} | {p50:.0f} | {p95:.0f} | {floor:.1f} | {queries} | {status} |"
        if before:
            was = before.get(label)
            row += (
                f" {was['p50']:.0f} | {p50 / was['p50']:.2f}× | {was['queries']:.0f} |"
                if was and was["p50"]
                else " – | – | – |"
            )
        print(row, flush=True)
    if args.save:
        args.save.write_text(json.dumps(figures, indent=1))
        print(f"\nSaved to {args.save}; compare a later run with --compare {args.save}")


if __name__ == "__main__":
    main()
