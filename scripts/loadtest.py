#!/usr/bin/env python3
"""A bounded load test against running app servers: concurrent users doing a realistic mix of
reads — pages in a signed-in browser session (home, dashboard, plan, actions due) and API calls
(dashboard figures, plans, risks, tension returns) — and writes (milestone updates through the
API, each based on the version it read), spread round-robin over the servers as a load balancer
would. It reports
throughput, latency and errors, then checks the database: every accepted write must be there
(no lost writes). Loopback only; it prints figures and asserts nothing.

    # two app servers (docs/deployment.md), both on the same PostgreSQL database
    DATABASE_URL=postgres://… .venv/bin/python scripts/loadtest.py \\
        --servers http://127.0.0.1:8101,http://127.0.0.1:8102 --users 50 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preventplan.settings")

import django  # noqa: E402

django.setup()

from browser import Browser, PageError  # noqa: E402

from preventplan.accounts.actions import create_api_token  # noqa: E402
from preventplan.accounts.models import User  # noqa: E402
from preventplan.lib.dates import today  # noqa: E402
from preventplan.organisations.models import Membership, Organisation, Role  # noqa: E402
from preventplan.plans.models import Milestone, Plan  # noqa: E402


def lead_for(bcu: Organisation, password: str) -> User:
    email = f"load.{bcu.pk}@loadtest.invalid"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, password, full_name=f"Load {bcu.pk}"
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    if not Membership.objects.current().filter(user=user, organisation=bcu, role=Role.BCU_LEAD):
        Membership.objects.create(user=user, organisation=bcu, role=Role.BCU_LEAD)
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", required=True, help="comma-separated base URLs")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", default="national")
    parser.add_argument("--write-share", type=float, default=0.2)
    args = parser.parse_args()
    servers = [s.rstrip("/") for s in args.servers.split(",")]
    for base in servers:
        if not base.startswith(("http://127.", "http://localhost")):
            sys.exit("Loopback addresses only.")
    day = today()
    bcus = list(
        Organisation.objects.filter(name__startswith=f"Synthetic {args.scale} BCU").order_by("pk")
    )[: args.users]
    if not bcus:
        sys.exit(f"No {args.scale} dataset: run generate_dataset --scale {args.scale} first.")
    people = []
    password = secrets.token_urlsafe(16)
    browsers = []
    for i in range(args.users):
        bcu = bcus[i % len(bcus)]
        lead = lead_for(bcu, password)
        _, key = create_api_token(lead, "load test")
        browser = Browser()
        try:
            browser.sign_in(servers[i % len(servers)], lead.email, password)
        except PageError as error:
            sys.exit(str(error))
        browsers.append(browser)
        plan = Plan.objects.filter(
            organisation=bcu, period_start__lte=day, period_end__gte=day
        ).first()
        milestones = list(
            Milestone.objects.filter(action__plan=plan)
            .order_by("due_date", "pk")
            .values_list("pk", flat=True)[:20]
        )
        people.append((key, bcu.pk, plan.pk if plan else 0, milestones))
    start_versions = {
        pk: v
        for pk, v in Milestone.objects.filter(
            pk__in=[m for _, _, _, ms in people for m in ms]
        ).values_list("pk", "version")
    }
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    accepted: Counter[int] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds
    counter = iter(range(10**9))

    def timed(fn: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
        started = time.perf_counter()
        result = fn()
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)
        return result

    def page(n: int, path: str) -> int:
        base = servers[next(counter) % len(servers)]
        status, _ = timed(lambda: browsers[n].request(base + path))
        return status

    def call(key: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        base = servers[next(counter) % len(servers)]
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            base + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {key}",
                "Content-Type": "application/json",
                "X-Forwarded-Proto": "https",
            },
        )

        def send() -> tuple[int, dict]:
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return response.status, json.loads(response.read() or b"{}")
            except urllib.error.HTTPError as error:
                return error.code, {}
            except OSError:
                return 0, {}

        return timed(send)

    def user(n: int) -> None:
        rng = random.Random(n)
        key, bcu_id, plan_id, milestones = people[n]
        while time.monotonic() < deadline:
            if milestones and rng.random() < args.write_share:
                pk = rng.choice(milestones)
                status, listing = call(
                    key, "GET", f"/api/v1/milestones?plan_id={plan_id}&page_size=100"
                )
                current = next((m for m in listing.get("items", []) if m["id"] == pk), None)
                if current is None:
                    outcome = "read-failed" if status != 200 else "not-listed"
                else:
                    new = "in-progress" if current["status"] != "in-progress" else "not-started"
                    status, _ = call(
                        key,
                        "PATCH",
                        f"/api/v1/milestones/{pk}",
                        {"version": current["version"], "status": new},
                    )
                    outcome = {200: "write", 409: "conflict"}.get(status, f"error-{status}")
                    if status == 200:
                        with lock:
                            accepted[pk] += 1
            elif rng.random() < 0.5:
                path = rng.choice(
                    [
                        "/",
                        f"/dashboard/{bcu_id}/",
                        f"/plans/{plan_id}/",
                        "/actions/?view=due",
                    ]
                )
                status = page(n, path)
                outcome = "page" if status == 200 else f"error-{status}"
            else:
                path = rng.choice(
                    [
                        f"/api/v1/dashboards/{bcu_id}",
                        "/api/v1/plans",
                        "/api/v1/risks",
                        "/api/v1/tension-assessments",
                    ]
                )
                status, _ = call(key, "GET", path)
                outcome = "read" if status == 200 else f"error-{status}"
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    final = dict(Milestone.objects.filter(pk__in=list(start_versions)).values_list("pk", "version"))
    lost = sum(1 for pk, v in start_versions.items() if final[pk] != v + accepted[pk])
    latencies.sort()
    errors = sum(n for k, n in outcomes.items() if k.startswith("error") or k == "read-failed")
    print(f"{args.users} users, {len(servers)} servers, {elapsed:.0f} s")
    print(f"requests: {len(latencies)} ({len(latencies) / elapsed:.1f} per second)")
    print(
        f"latency ms: p50 {statistics.median(latencies):.0f}, "
        f"p95 {latencies[round(0.95 * (len(latencies) - 1))]:.0f}, max {latencies[-1]:.0f}"
    )
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print(f"errors: {errors}; lost writes: {lost} (of {sum(accepted.values())} accepted)")


if __name__ == "__main__":
    main()
