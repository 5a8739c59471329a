"""Real Chromium: sign in, browse the template, and axe accessibility checks on the main pages.

Needs Debian's Chromium (``apt-get install chromium``); skipped without it unless
REQUIRE_BROWSER=1 (as in CI), when a missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from tests.factories import (  # noqa: E402
    approve_plan,
    make_benefit,
    make_meeting_action,
    make_risk,
)
from tests.world import PASSWORD, TOTP_SECRET, World, get_or_build_world  # noqa: E402

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def live_world(transactional_db: Any) -> Iterator[World]:
    from preventplan.audit.guard import create_triggers, drop_triggers

    create_triggers()
    yield get_or_build_world()
    drop_triggers()  # the flush after each browser test empties every table, the log included


@pytest.fixture
def page(browser: Any, live_server: Any, live_world: World) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    yield context.new_page()
    context.close()


def submit(page: Page) -> None:
    """Press the page's main button and wait for the next page to load."""
    with page.expect_navigation():
        page.click("main button[type=submit]")


def follow(page: Page, selector: str) -> None:
    """Click a link or button and wait for the page it leads to have loaded."""
    with page.expect_navigation():
        page.click(selector)


def sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    submit(page)
    if "/sign-in/code" in page.url:
        import pyotp

        from preventplan.accounts.models import TotpDevice

        TotpDevice.objects.filter(user__email=email).update(
            last_used_step=0
        )  # codes are single-use
        page.fill("#id_code", pyotp.TOTP(TOTP_SECRET).now())
        submit(page)
    page.wait_for_url("**/")


# Best-practice rules held to at any impact: all content sits inside a landmark, and there is
# one main landmark (axe rates both "moderate").
LANDMARK_RULES = ("region", "landmark-one-main")


def serious_violations(page: Page) -> list[str]:
    """The page's serious or critical WCAG 2.2 AA findings, and any landmark finding."""
    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            },
            "rules": {rule: {"enabled": True} for rule in LANDMARK_RULES},
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"} or v["id"] in LANDMARK_RULES
    ]


def test_force_lead_browses_the_template(page: Page, live_world: World) -> None:
    """Sign in as a force lead: 50 activities, filter by objective, search, open one."""
    sign_in(page, "force_lead@test.example")
    # Reads that do not wait (count, all_inner_texts) follow a finished load: a click starts the
    # next page loading but does not wait for its rows.
    follow(page, "nav >> text=Template")
    assert page.locator("[role=status]").inner_text().startswith("50 activities")
    page.select_option("#objective", "3")
    follow(page, "text=Apply filters")
    assert page.locator("tbody tr").count() == 3
    page.fill("#q", "interventions")
    follow(page, "text=Apply filters")
    rows = page.locator("tbody tr td.app-table-number").all_inner_texts()
    assert [r.split()[0] for r in rows] == ["3.2", "3.3"]
    follow(page, "text=3.2")
    expect(page.locator("h1")).to_have_text("Activity 3.2")
    assert "None named in the template" in page.content()


def test_no_page_asks_for_the_govuk_typeface(page: Page, live_world: World) -> None:
    """The GDS Transport typeface is not served (it is for GOV.UK services only): a page with
    an error summary, whose links take GOV.UK Frontend's typeface, asks for no font file."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    sign_in(page, "bcu_lead@test.example")
    page.goto("/posts/new")
    submit(page)  # nothing filled in: the error summary lists every missing answer
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert [url for url in asked if "/assets/fonts/" in url or ".woff" in url] == []


def test_keyboard_skip_link(page: Page, live_world: World) -> None:
    """The first Tab reaches the skip link, which moves focus to the main content."""
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.outerHTML").startswith('<a href="#main-content"')
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "Tab after the skip link should land inside the main content"


PAGES = [
    "/",
    "/template/",
    "/template/?q=zebra",
    "/template/objectives/",
    "/template/objectives/3/",
    "/template/abbreviations/",
    "/template/print/",
    "/organisations/",
    "/partnerships/",
    "/account",
]


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_main_pages(
    page: Page, browser: Any, live_server: Any, live_world: World, width: int
) -> None:
    """No serious or critical WCAG 2.2 AA violations on the main pages, wide and narrow."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/sign-in")
    found = {"/sign-in": serious_violations(page)}
    submit(page)  # empty form: error summary
    found["/sign-in (errors)"] = serious_violations(page)
    sign_in(page, "force_lead@test.example")
    from preventplan.catalogue.models import Activity

    urls = [*PAGES, f"/template/activities/{Activity.objects.get(number='2.4').pk}/"]
    force_a = live_world.orgs["force_a"].pk
    urls += [f"/organisations/{force_a}/", f"/organisations/{live_world.orgs['bcu_a1'].pk}/invite"]
    urls += [f"/partnerships/{live_world.partnership.pk}/"]
    plan = live_world.plans["a1"]
    urls += [
        "/plans/",
        "/plans/new",
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/checklist.html",
        f"/plans/{plan.pk}/changes?all=1",
    ]
    urls += [f"/actions/{live_world.action('a1', '3.1').pk}/", "/actions/?view=overdue"]
    urls += [f"/dashboard/{force_a}/", f"/dashboard/{live_world.orgs['region'].pk}/"]
    urls += ["/reports/", f"/reports/board-pack/{force_a}/", f"/reports/board-pack/{force_a}/pdf"]
    from preventplan.lib.dates import today, week_commencing

    week = week_commencing(today()).isoformat()
    bcu_a1 = live_world.orgs["bcu_a1"].pk
    urls += [
        "/tension/",
        f"/tension/force/{force_a}/{week}/",
        f"/tension/force/{force_a}/trends",
        f"/tension/bcu/{bcu_a1}/",
        f"/tension/bcu/{bcu_a1}/{week}/",
        "/tension/incidents/new",
    ]
    urls += [
        "/posts/",
        "/engagements/",
        "/networks/",
        "/communications/new",
        "/projects/",
        "/training/",
        "/engagement/education",
    ]
    for url in urls:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert "/sign-in" not in page.url, f"{url} sent a signed-in user to sign in"
        found[url] = serious_violations(page)
    page.goto(f"/organisations/{force_a}/edit")
    page.fill("#id_name", "")
    submit(page)
    assert "There is a problem" in page.content()
    found["edit (errors)"] = serious_violations(page)
    page = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=live_server.url
    ).new_page()
    sign_in(page, "bcu_lead@test.example")
    action = live_world.action("a1", "3.1")
    from preventplan.performance.actions import start_assessment

    risk, benefit = make_risk(live_world), make_benefit(live_world)
    meeting = make_meeting_action(live_world).meeting
    assessment = start_assessment(
        live_world.users["partner_user"],
        live_world.partnership,
        date(2027, 3, 31),
        "interim",
        date(2026, 11, 1),
    )
    for url in [
        f"/plans/{plan.pk}/",  # with the bulk form's radios, which reveal its fields
        "/posts/new",  # "Vacant" reveals "Vacant since"
        f"/actions/{action.pk}/edit",
        f"/actions/{action.pk}/progress/new",
        f"/plans/{plan.pk}/import",
        "/risks/",
        "/risks/new",
        f"/risks/{risk.pk}/",
        f"/risks/{risk.pk}/review",
        "/benefits/",
        f"/benefits/{benefit.pk}/",
        "/impact-assessments/new",
        "/indicators/",
        f"/performance/{live_world.orgs['bcu_a1'].pk}/",
        f"/performance/{live_world.orgs['bcu_a1'].pk}/PV-02/values/new",
        "/ni35/",
        "/ni35/new",
        f"/ni35/{assessment.pk}/",
        f"/ni35/{assessment.pk}/strands/1",
        "/boards/",
        f"/boards/{meeting.board.pk}/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/edit",
    ]:
        page.goto(url)
        found[url] = serious_violations(page)
    # Choosing a radio reveals its field, and the radios stay valid ARIA (no aria-expanded).
    page.goto(f"/plans/{plan.pk}/")
    assert not page.is_visible("#bulk-owner")
    page.check("input[name=operation][value=owner]")
    assert page.is_visible("#bulk-owner") and not page.is_visible("#bulk-partners")
    found["plan (bulk owner chosen)"] = serious_violations(page)
    page.goto("/posts/new")
    assert not page.is_visible("#id_vacant_since")
    page.check("#id_vacant")
    assert page.is_visible("#id_vacant_since")
    found["post (vacant ticked)"] = serious_violations(page)
    assert not page.is_visible("input[name=institutions]")
    page.check("input[name=kind][value=education-liaison]")
    assert page.is_visible("input[name=institutions]")
    found["post (education liaison chosen)"] = serious_violations(page)
    page.goto(f"/actions/{action.pk}/progress/new")
    submit(page)
    assert "There is a problem" in page.content()
    found["progress (errors)"] = serious_violations(page)
    page.goto("/risks/new")
    submit(page)
    assert "There is a problem" in page.content()
    found["risk (errors)"] = serious_violations(page)
    failures = {url: v for url, v in found.items() if v}
    assert not failures, failures


NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def test_phone_width_pages_do_not_scroll_sideways(page: Page, live_world: World) -> None:
    """At 390 px wide the page itself never scrolls sideways: each table scrolls in its own
    region, one a keyboard reaches and a screen reader names after the table, and a sortable
    column's arrow stays beside its label however narrow the column (WCAG 1.4.10, reflow)."""
    page.set_viewport_size({"width": 390, "height": 844})
    plan = approve_plan(live_world, "a1")  # in force, so the dashboard has its tables
    sign_in(page, "bcu_lead@test.example")
    found = {}
    for url in [
        f"/plans/{plan.pk}/",
        f"/dashboard/{live_world.orgs['bcu_a1'].pk}/",
        "/actions/?view=all",
        "/risks/",  # a register list
    ]:
        page.goto(url)
        page.evaluate(NEXT_FRAME)  # the regions' sizes are observed once laid out
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
        regions = page.locator("main table").evaluate_all(
            """tables => tables.map(t => {
                const r = t.parentElement;
                return [r.getAttribute("role"), r.getAttribute("tabindex"),
                        r.getAttribute("aria-label"),
                        t.caption ? t.caption.textContent.trim().replace(/\\s+/g, " ") : null,
                        r.checkVisibility() ? r.scrollWidth > r.clientWidth : null];
            })"""
        )
        assert regions, url
        for role, tabindex, label, caption, scrolls in regions:
            # A tab stop while, and only while, its table is wider than the screen (one in a
            # closed <details> is measured when opened).
            if scrolls is not None:
                assert (role, tabindex) == ("region", "0" if scrolls else None), (url, caption)
            assert role == "region", url
            assert label and label == caption, (url, label, caption)
        # Whatever is positioned in a table (visually hidden text, tick boxes) is placed within
        # its region, so it cannot stretch the page however wide the table grows.
        escaping = page.locator("main .app-table-region *").evaluate_all(
            """els => els.filter(e => getComputedStyle(e).position === "absolute"
                && !e.closest(".app-table-region").contains(e.offsetParent)).length"""
        )
        assert escaping == 0, url
        # With its arrow hidden no sortable header is a line shorter: the arrow never wraps.
        heights = "links => links.map(a => a.getBoundingClientRect().height)"
        links = page.locator("main .app-sort-link")
        with_arrows = links.evaluate_all(heights)
        page.evaluate(
            """() => { const sheet = new CSSStyleSheet();
                sheet.replaceSync(".app-sort-link::after { content: none !important; }");
                document.adoptedStyleSheets = [sheet]; }"""
        )
        assert links.evaluate_all(heights) == with_arrows, url
        found[url] = serious_violations(page)
    # The plan's objective tables are wider than the screen: the region scrolls, by keyboard too.
    page.goto(f"/plans/{plan.pk}/")
    region = page.locator(
        "main .app-table-region", has=page.locator("caption", has_text="Actions under")
    ).first
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    # Made wide enough, the same table fits and its region is no longer a tab stop; narrowed
    # again, it is one once more.
    page.set_viewport_size({"width": 2400, "height": 844})
    page.wait_for_function("r => !r.hasAttribute('tabindex')", arg=region.element_handle())
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("r => r.getAttribute('tabindex') === '0'", arg=region.element_handle())
    failures = {url: v for url, v in found.items() if v}
    assert not failures, failures


PAYLOADS = [
    '<script>alert("xss1")</script>',
    '"><img src=x onerror=alert("xss2")>',
    "javascript:alert('xss3')",
    "{{ 7*7 }}<svg onload=alert(4)>",
]


def test_stored_xss_never_runs(page: Page, live_world: World) -> None:
    """Payloads saved in free-text fields are shown as text on every page that shows them."""
    from datetime import date

    from preventplan.organisations.models import Organisation
    from preventplan.plans import actions as plan_actions
    from preventplan.plans.models import Action, Milestone, Plan

    plan = live_world.plans["a1"]
    action = live_world.action("a1", "3.1")
    text = " ".join(PAYLOADS)
    Plan.objects.filter(pk=plan.pk).update(vulnerability_summary=text)
    Action.objects.filter(pk=action.pk).update(evaluation=text, local_text=text, decision="adapt")
    Milestone.objects.create(action=action, title=PAYLOADS[1], due_date=date(2027, 1, 1))
    plan_actions.add_progress_update(
        live_world.users["bcu_lead"],
        action,
        reported_on=date(2026, 11, 1),
        rag="green",
        narrative=text,
    )
    Organisation.objects.filter(pk=live_world.orgs["la"].pk).update(short_name=PAYLOADS[0])
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    sign_in(page, "bcu_lead@test.example")
    for url in [
        f"/actions/{action.pk}/",
        f"/plans/{plan.pk}/checklist.html",
        "/actions/",
        f"/organisations/{live_world.orgs['la'].pk}/",
        f"/plans/{plan.pk}/changes?all=1",
    ]:
        page.goto(url)
        page.wait_for_timeout(100)
    assert dialogs == []
    page.goto(f"/actions/{action.pk}/")
    assert 'alert("xss1")' in page.inner_text("main")  # shown, as text


def test_force_lead_drills_down_and_downloads_the_board_pack(page: Page, live_world: World) -> None:
    """From the force dashboard into a BCU, then the board pack: the progress page makes the
    file by itself (JavaScript) and offers the download."""
    approve_plan(live_world, "a1")  # in force, so the dashboard compares the BCUs
    sign_in(page, "force_lead@test.example")
    follow(page, "nav >> text=Dashboard")
    expect(page.locator("h1")).to_have_text("Force A")
    page.get_by_role("link", name="BCU A1", exact=True).click()
    expect(page.locator("h1")).to_have_text("BCU A1")
    page.goto(f"/reports/board-pack/{live_world.orgs['force_a'].pk}/")
    assert "Force A Prevent board pack" in page.locator("h1").inner_text()
    page.click("text=Download as Excel")
    page.click("text=Prepare the file")
    page.wait_for_selector("text=Your report is ready", timeout=20000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download", exact=False).last.click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_checklist_page_is_compact(page: Page, live_world: World) -> None:
    """The filled checklist page is not a column of one-word lines: the page stays a few screens
    tall and the delivery partners column is wide enough for names."""
    plan = live_world.plans["a1"]
    sign_in(page, "bcu_lead@test.example")
    page.goto(f"/plans/{plan.pk}/checklist.html")
    height = page.evaluate("document.documentElement.scrollHeight")
    partners = page.locator("th", has_text="Delivery partners").first.bounding_box()
    assert partners is not None and partners["width"] >= 150, partners
    assert height < 9000, height


class Counted:
    """A page that counts what a person does on it: clicks, fills, choices, ticks, navigations."""

    COUNTED = frozenset({"click", "fill", "select_option", "check", "goto"})

    def __init__(self, page: Page) -> None:
        self.page = page
        self.actions: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.page, name)
        if name not in self.COUNTED:
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.actions.append(f"{name} {args[0] if args else ''}")
            return attr(*args, **kwargs)

        return counted


def test_plan_journey_in_at_most_60_page_actions(page: Page, live_world: World) -> None:
    """Start a plan, decide every activity (two set aside), owners, partners, a milestone, submit,
    then the force lead approves: at most 60 page actions on screen."""
    from preventplan.plans.models import Plan, PlanStatus

    sign_in(page, "bcu_lead@test.example")
    person = Counted(page)
    person.goto("/plans/")
    person.click("text=Start a plan")
    person.fill("#id_period_start", "1 4 2027")
    person.fill("#id_period_end", "31 3 2028")
    person.select_option("#id_partnership", str(live_world.partnerships["a1"].pk))
    submit(person)  # type: ignore[arg-type]
    plan = Plan.objects.get(organisation=live_world.orgs["bcu_a1"], period_start=date(2027, 4, 1))
    boxes = page.locator("input[name=chosen]")
    person.check(f"#{boxes.nth(3).get_attribute('id')}")
    person.check(f"#{boxes.nth(4).get_attribute('id')}")
    person.check("input[name=operation][value=not-applicable]")
    person.fill("#id_reason", "Covered by the force-wide programme at this threat level")
    submit(person)  # type: ignore[arg-type]
    person.click("text=/select the \\d+ not reviewed/")
    person.check("input[name=operation][value=adopt]")
    submit(person)  # type: ignore[arg-type]
    person.click("text=select all")
    person.check("input[name=operation][value=owner]")
    person.select_option("#id_owner", label="Action Owner")
    submit(person)  # type: ignore[arg-type]
    person.click("text=select all")
    person.check("input[name=operation][value=partners]")
    person.check("input[name=partners] >> nth=0")
    submit(person)  # type: ignore[arg-type]
    person.click("main td.app-table-number a >> nth=0")  # the first action
    person.click("text=Add a milestone")
    person.fill("#id_title", "Partnership forum terms agreed")
    person.fill("#id_due_date", "30 6 2027")
    submit(person)  # type: ignore[arg-type]
    person.goto(f"/plans/{plan.pk}/")
    person.click("main a.govuk-button:text-is('Submit for approval')")
    submit(person)  # type: ignore[arg-type]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED, page.inner_text("main")[:500]
    person.click("text=Sign out")
    sign_in(person, "force_lead@test.example")  # type: ignore[arg-type]
    person.click(f"text={plan.title}")  # from "Plans awaiting your approval" on the home page
    person.click("main >> a:text-is('Approve')")
    submit(person)  # type: ignore[arg-type]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert not plan.actions.filter(decision="not-reviewed").exists()
    assert len(person.actions) <= 60, person.actions


def assert_welsh_page(page: Page) -> None:
    """The page is in Welsh (html lang="cy") and the switch offers English marked as English."""
    assert page.get_attribute("html", "lang") == "cy", page.url
    english = page.locator("form.app-language-switch button[value=en-gb]")
    assert english.get_attribute("lang") == "en-GB", page.url


def test_main_journeys_in_welsh(
    page: Page, browser: Any, live_server: Any, live_world: World
) -> None:
    """A BCU lead signs in, switches to Cymraeg in the header and walks home, an action and its
    update (with the errors in Welsh), a register list and a report; a force lead chooses Cymraeg
    on their account page and opens a plan and the board pack. Every page is in Welsh with the
    right lang attributes, and passes axe."""
    found: dict[str, list[str]] = {}
    sign_in(page, "bcu_lead@test.example")
    with page.expect_navigation():
        page.click("form.app-language-switch button[value=cy]")
    assert_welsh_page(page)
    assert "Allgofnodi" in page.content()
    found["/ (cy)"] = serious_violations(page)
    plan = live_world.plans["a1"]
    action = live_world.action("a1", "3.1")
    bcu_a1 = live_world.orgs["bcu_a1"].pk
    for url in [
        f"/actions/{action.pk}/",
        f"/actions/{action.pk}/progress/new",
        "/risks/",
        f"/reports/bcu-return/{bcu_a1}/",
        "/account",
    ]:
        page.goto(url)
        assert "/sign-in" not in page.url, url
        assert_welsh_page(page)
        found[url] = serious_violations(page)
    page.goto(f"/actions/{action.pk}/progress/new")
    submit(page)
    assert_welsh_page(page)
    from django.utils import translation

    with translation.override("cy"):
        assert (
            translation.gettext("There is a problem") in page.content()
        )  # "Mae problem wedi codi"
    assert page.title().startswith("Gwall:")
    found["progress (errors, cy)"] = serious_violations(page)

    # Another person chooses Welsh on their account page; the choice is kept on the account.
    other = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = other.new_page()
    sign_in(page, "force_lead@test.example")
    page.goto("/account")
    page.check("#language-cy")
    with page.expect_navigation():
        page.click("#language ~ form button[type=submit]")
    assert_welsh_page(page)
    found["/account (cy)"] = serious_violations(page)
    from preventplan.accounts.models import User

    assert User.objects.get(email="force_lead@test.example").language == "cy"
    for url in [f"/plans/{plan.pk}/", f"/reports/board-pack/{live_world.orgs['force_a'].pk}/"]:
        page.goto(url)
        assert_welsh_page(page)
        found[f"{url} (force lead)"] = serious_violations(page)
    other.close()
    failures = {url: v for url, v in found.items() if v}
    assert not failures, failures
