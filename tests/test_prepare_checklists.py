"""The nightly job makes the day's checklist PDFs before anyone asks, so that downloads are the
kept PDFs (issue 18, goal 3)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from preventplan.catalogue.loader import WALES_TEMPLATE, load_template
from preventplan.catalogue.models import BlankChecklistFile
from preventplan.plans import checklist
from preventplan.plans.models import Action, ChecklistFile, Plan
from tests.world import World

LONDON = ZoneInfo("Europe/London")
NIGHT = datetime(2026, 11, 29, 0, 5, tzinfo=LONDON)  # when the job runs
AFTERNOON = datetime(2026, 11, 29, 14, 30, tzinfo=LONDON)  # when a reader downloads
# The test world has the England template only: a BCU and a force checklist in English and in
# Welsh, and its two plans (A1 and B1), both in their period.
BLANK, PLANS = 4, 2


class Engine:
    """Stands in for the PDF engine, which takes 1-2 s a PDF: counts what it is asked to make."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.fail_first = False

    def __call__(self, html: str) -> bytes:
        self.made.append(html)
        if self.fail_first and len(self.made) == 1:
            raise OSError("cannot load library 'libpango-1.0-0'")
        return b"%PDF-1.7 " + hashlib.sha256(html.encode()).hexdigest().encode()


@pytest.fixture
def engine(monkeypatch: Any) -> Engine:
    fake = Engine()
    monkeypatch.setattr(checklist, "html_to_pdf", fake)
    return fake


def run(*args: str) -> str:
    out = StringIO()
    call_command("prepare_checklists", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def plan_pdf_url(plan: Plan) -> str:
    return reverse("plans:plan-checklist", args=[plan.pk, "pdf"])


def blank_pdf_url(kind: str) -> str:
    return reverse("plans:template-checklist", args=[kind, "pdf"])


def test_after_the_job_the_days_downloads_are_the_kept_pdfs(
    world: World, client_for: Any, engine: Engine
) -> None:
    """Run just after midnight, the job makes every blank checklist PDF and each plan's; a
    reader's download that afternoon, in English or Welsh, makes no PDF and is the kept one."""
    with time_machine.travel(NIGHT, tick=False):
        out = run()
    assert "Checklist PDFs for 29 November 2026: 6 made, 0 already up to date." in out
    assert len(engine.made) == BLANK + PLANS
    assert ChecklistFile.objects.filter(plan__in=world.plans.values()).count() == PLANS
    assert BlankChecklistFile.objects.filter(format="pdf").count() == BLANK
    with time_machine.travel(AFTERNOON, tick=False):
        plan = client_for("bcu_lead").get(plan_pdf_url(world.plans["a1"]))
        reader = client_for("partner_user")
        bcu = reader.get(blank_pdf_url("bcu"))
        force = reader.get(blank_pdf_url("force"))
        welsh = Client()
        welsh.force_login(world.users["partner_user"])
        welsh.cookies["preventplan_language"] = "cy"
        force_cy = welsh.get(blank_pdf_url("force"))
    assert plan.status_code == bcu.status_code == force_cy.status_code == 200
    assert len(engine.made) == BLANK + PLANS  # nothing made for the downloads
    assert plan.content == bytes(ChecklistFile.objects.get(plan=world.plans["a1"]).content)
    kept = {bytes(c) for c in BlankChecklistFile.objects.values_list("content", flat=True)}
    assert {bcu.content, force.content, force_cy.content} <= kept
    assert force.content != force_cy.content  # the Welsh reader's is the Welsh one


def test_running_it_twice_makes_nothing_the_second_time(world: World, engine: Engine) -> None:
    """Run again the same day (or on a second server), the job finds every PDF kept."""
    with time_machine.travel(NIGHT, tick=False):
        run()
    with time_machine.travel(AFTERNOON, tick=False):
        out = run()
    assert "0 made, 6 already up to date." in out
    assert len(engine.made) == BLANK + PLANS


def test_a_plan_not_in_its_period_is_skipped(world: World, engine: Engine) -> None:
    """Only plans whose period covers today are made (here B1's period has ended), whatever
    their status; ``--plans-only`` leaves the blank checklists alone, ``--blank-only`` the
    plans."""
    Plan.objects.filter(pk=world.plans["b1"].pk).update(
        period_start=date(2025, 4, 1), period_end=date(2026, 3, 31)
    )
    with time_machine.travel(NIGHT, tick=False):
        assert "1 made, 0 already" in run("--plans-only")
        assert set(ChecklistFile.objects.values_list("plan_id", flat=True)) == {
            world.plans["a1"].pk
        }
        assert not BlankChecklistFile.objects.exists()
        assert f"{BLANK} made, 0 already" in run("--blank-only")
    assert len(engine.made) == 1 + BLANK


def test_a_plan_changed_after_the_job_is_made_afresh_on_download(
    world: World, client_for: Any, engine: Engine
) -> None:
    """The kept PDF stops being served as soon as the plan's checklist reads differently: the
    next download makes it again, with the change."""
    plan = world.plans["a1"]
    with time_machine.travel(NIGHT, tick=False):
        run("--plans-only")
    made = len(engine.made)
    Action.objects.filter(plan=plan, number="3.1").update(evaluation="Feedback from the forum")
    with time_machine.travel(AFTERNOON, tick=False):
        response = client_for("bcu_lead").get(plan_pdf_url(plan))
    assert response.status_code == 200
    assert len(engine.made) == made + 1
    assert "Feedback from the forum" in engine.made[-1]
    assert response.content == bytes(ChecklistFile.objects.get(plan=plan).content)


def test_a_pdf_that_cannot_be_made_does_not_stop_the_rest(world: World, engine: Engine) -> None:
    """Without Pango (here for the first PDF only) the job reports the PDF it could not make,
    makes the others, and ends with an error for cron to report."""
    engine.fail_first = True
    out, err = StringIO(), StringIO()
    with time_machine.travel(NIGHT, tick=False), pytest.raises(CommandError, match="1 checklist"):
        call_command("prepare_checklists", stdout=out, stderr=err)
    assert f"{BLANK + PLANS - 1} made, 0 already up to date." in out.getvalue()
    assert "Not made: the " in err.getvalue() and "libpango" in err.getvalue()
    assert ChecklistFile.objects.count() + BlankChecklistFile.objects.count() == BLANK + PLANS - 1


def test_each_nations_current_template_is_made(
    world: World, client_for: Any, engine: Engine
) -> None:
    """With the Welsh variant loaded, its blank checklists are made too, and a reader who chose
    Wales on the template pages downloads the kept one."""
    load_template(WALES_TEMPLATE)
    with time_machine.travel(NIGHT, tick=False):
        assert f"{2 * BLANK} made" in run("--blank-only")
        client = client_for("partner_user")
        client.get(reverse("catalogue:activity-list") + "?nation=Wales")
        response = client.get(blank_pdf_url("bcu"))
    assert response.status_code == 200
    assert len(engine.made) == 2 * BLANK


@time_machine.travel(NIGHT, tick=False)
def test_the_kept_plan_pdf_serves_the_whole_day(world: World, engine: Engine) -> None:
    """The checklist PDF says the day it was produced, not the minute, so the PDF made at night
    is still the one served in the afternoon."""
    plan = world.plans["a1"]
    first = checklist.plan_pdf(plan, checklist.from_plan(plan))
    with time_machine.travel(AFTERNOON, tick=False):
        assert checklist.plan_pdf(plan, checklist.from_plan(plan)) == first
    assert len(engine.made) == 1
    assert "produced 29 November 2026" in engine.made[0]
