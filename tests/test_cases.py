"""Case reviews (activities 3.1–3.3): the register's pages, who reads and changes cases, the reason
asked before a case is opened and the record of every reading (docs/case-reviews.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from preventplan.audit.models import AuditAction, AuditEvent
from preventplan.cases.models import REFERENCE_ALPHABET, Case, CaseStage, Stage, random_reference
from tests.factories import case_protocol, give_case_reason, make_case
from tests.world import World

pytestmark = pytest.mark.django_db


def test_reference_is_random_and_well_formed() -> None:
    """References look like CR-K7Q2M9 (letters and digits in turn, from an unambiguous
    alphabet), differ each time, and never look like personal data to the guard, so they may be
    written in minutes and notes."""
    from preventplan.lib.privacy import find_personal_data

    refs = {random_reference() for _ in range(5000)}
    assert len(refs) > 4990
    for ref in refs:
        assert ref.startswith("CR-") and len(ref) == 9
        assert set(ref[3:]) <= set(REFERENCE_ALPHABET)
        assert find_personal_data(f"Discussed {ref} at panel") is None


def test_bcu_lead_adds_a_case_through_the_form(world: World, client_for: Any) -> None:
    """The BCU lead adds a case: it gets a random reference, its first stage is in its history
    and the addition is audited."""
    client = client_for("bcu_lead")
    response = client.post(
        reverse("cases:case-create"),
        {
            "bcu": world.orgs["bcu_a1"].pk,
            "agency": world.orgs["la"].pk,
            "referral_source": "education",
            "referred_on": "5 1 2026",
            "stage": "referral",
            "stage_on": "5 1 2026",
            "review_on": "1 1 2099",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get()
    assert case.reference.startswith("CR-")
    assert case.agency == world.orgs["la"]
    assert list(case.stages.values_list("stage", flat=True)) == [Stage.REFERRAL]
    assert AuditEvent.objects.filter(event="case.added", record_id=str(case.pk)).exists()


def test_case_form_refuses_an_agency_outside_the_bcus_partnerships(
    world: World, client_for: Any
) -> None:
    """A partner organisation not in a partnership with the BCU cannot own its case."""
    response = client_for("bcu_lead").post(
        reverse("cases:case-create"),
        {
            "bcu": world.orgs["bcu_a1"].pk,
            "agency": world.orgs["school_a2"].pk,
            "referral_source": "education",
            "referred_on": "5 1 2026",
            "stage": "referral",
            "stage_on": "5 1 2026",
            "review_on": "1 1 2099",
        },
    )
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Case.objects.exists()


def test_detail_asks_why_then_records_the_reading(world: World, client_for: Any) -> None:
    """Opening a case first asks why; once answered, each reading is a consultation recorded
    with that reason, and the reason is not asked again for that case."""
    case = make_case(world)
    client = client_for("bcu_lead")
    url = reverse("cases:case-detail", args=[case.pk])
    first = client.get(url)
    assert b"Why are you opening this case?" in first.content
    assert not AuditEvent.objects.filter(event="case.consulted").exists()
    give_case_reason(client, case, "panel")
    shown = client.get(url)
    assert shown.status_code == 200 and case.reference.encode() in shown.content
    assert b"Why are you opening" not in shown.content
    event = AuditEvent.objects.get(event="case.consulted")
    assert event.action == AuditAction.CONSULT
    assert event.justification == "Preparing for or recording a panel"
    assert event.record_id == str(case.pk)


@pytest.mark.parametrize(
    "persona", ["force_lead", "oversight_reader", "regional_oversight", "national_admin"]
)
def test_leads_above_the_bcu_see_figures_never_cases(
    world: World, client_for: Any, persona: str
) -> None:
    """The force lead, the police authority, oversight and national administrators get the
    aggregate figures, and 404 for the list, a case and the export."""
    case = make_case(world, review_on=date(2020, 1, 1))
    client = client_for(persona)
    assert client.get(reverse("cases:case-list")).status_code == 404
    assert client.get(reverse("cases:case-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:case-export", args=["csv"])).status_code == 404
    figures = client.get(reverse("cases:figures", args=[world.orgs["force_a"].pk]))
    assert figures.status_code == 200
    assert case.reference.encode() not in figures.content
    data = figures.context["figures"]
    assert (data.open, data.overdue) == (1, 1)
    assert dict((r.stage, r.count) for r in data.stages)[Stage.SCREENING] == 1
    assert data.interventions == [("Mentoring", 1)]


def test_partner_reads_its_agencys_cases_only_while_the_protocol_is_in_force(
    world: World, client_for: Any
) -> None:
    """Local Authority L's partner user reads the case it owns under a protocol covering case
    reviews; not the BCU's own cases; and nothing once the protocol lapses or is withdrawn."""
    own = make_case(world, agency=world.orgs["la"])
    bcus = make_case(world)
    client = client_for("partner_user")
    assert client.get(reverse("cases:case-detail", args=[own.pk])).status_code == 404
    protocol = case_protocol(world)
    assert client.get(reverse("cases:case-reason", args=[own.pk])).status_code == 200
    assert client.get(reverse("cases:case-reason", args=[bcus.pk])).status_code == 404
    listed = client.get(reverse("cases:case-list"))
    assert [c.reference for c in listed.context["page"]] == [own.reference]
    protocol.review_on = date(2021, 1, 1)  # lapsed
    protocol.save()
    assert client.get(reverse("cases:case-reason", args=[own.pk])).status_code == 404
    assert client.get(reverse("cases:case-list")).status_code == 404


def test_a_protocol_for_aggregates_only_gives_partners_no_cases(
    world: World, client_for: Any
) -> None:
    """A protocol that shares only aggregate figures does not open the agency's cases."""
    own = make_case(world, agency=world.orgs["la"])
    case_protocol(world, categories="case-aggregates")
    client = client_for("partner_user")
    assert client.get(reverse("cases:case-reason", args=[own.pk])).status_code == 404


def test_officer_reads_and_updates_only_while_holding_a_role_in_the_bcu(
    world: World, client_for: Any
) -> None:
    """The named case officer reads the case and records its stages; when their role in the
    BCU ends, the case is 404 to them."""
    from preventplan.organisations.actions import end_membership
    from preventplan.organisations.models import Membership

    case = make_case(world, officer=world.users["action_owner"])
    client = client_for("action_owner")
    give_case_reason(client, case)
    response = client.post(
        reverse("cases:case-stage", args=[case.pk]),
        {"version": case.version, "stage": Stage.PANEL, "on": "20 1 2026"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.PANEL
    membership = Membership.objects.get(user=world.users["action_owner"], ended_at=None)
    end_membership(world.users["national_admin"], membership)
    assert client.get(reverse("cases:case-detail", args=[case.pk])).status_code == 404


def test_closing_a_case_needs_an_outcome_and_keeps_the_history(
    world: World, client_for: Any
) -> None:
    """Recording a closed stage asks for the outcome; the case is then closed from that date and
    every stage it passed through is kept, each audited."""
    case = make_case(world)
    client = client_for("bcu_lead")
    give_case_reason(client, case)
    url = reverse("cases:case-stage", args=[case.pk])
    refused = client.post(
        url, {"version": case.version, "stage": Stage.CLOSED_NFA, "on": "2 2 2026"}
    )
    assert "outcome" in refused.context["form"].errors
    client.post(
        url,
        {
            "version": case.version,
            "stage": Stage.CLOSED_NFA,
            "on": "2 2 2026",
            "outcome": "not-adopted",
        },
    )
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.outcome) == (
        "closed",
        date(2026, 2, 2),
        "not-adopted",
    )
    assert list(CaseStage.objects.filter(case=case).values_list("stage", flat=True)) == [
        Stage.SCREENING,
        Stage.CLOSED_NFA,
    ]
    assert (
        AuditEvent.objects.filter(event="case.stage-recorded", record_id=str(case.pk)).count() == 1
    )


def test_review_records_direction_and_next_date(world: World, client_for: Any) -> None:
    """A review keeps the risk's direction and the stage at the time; the case takes the next
    review date."""
    case = make_case(world, review_on=date(2026, 1, 10))
    client = client_for("bcu_lead")
    give_case_reason(client, case)
    response = client.post(
        reverse("cases:case-review", args=[case.pk]),
        {
            "version": case.version,
            "reviewed_on": "1 2 2026",
            "direction": "reduced",
            "next_review_on": "1 8 2099",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    review = case.reviews.get()
    assert (review.direction, review.stage) == ("reduced", Stage.SCREENING)
    assert case.review_on == date(2099, 8, 1)


def test_the_reason_is_forgotten_after_thirty_minutes(world: World, client_for: Any) -> None:
    """The reason given for a case lasts 30 minutes; after that the case asks again."""
    import time

    from preventplan.cases.registers import SESSION_KEY

    case = make_case(world)
    client = client_for("bcu_lead")
    give_case_reason(client, case)
    session = client.session
    session[SESSION_KEY][str(case.pk)][1] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("cases:case-detail", args=[case.pk]))
    assert b"Why are you opening this case?" in response.content


def test_list_records_the_references_it_shows(world: World, client_for: Any) -> None:
    """Each list page records, as a consultation, exactly the references it showed."""
    shown = make_case(world)
    make_case(world, stage=Stage.PANEL)
    client_for("bcu_lead").get(reverse("cases:case-list"), {"stage": Stage.SCREENING})
    event = AuditEvent.objects.get(event="case.listed")
    assert event.action == AuditAction.CONSULT
    assert event.details["references"] == [shown.reference]


def test_export_asks_why_and_is_a_disclosure(world: World, client_for: Any) -> None:
    """Cases are OFFICIAL-SENSITIVE: an export asks why, then is recorded as a disclosure with
    the references it held."""
    case = make_case(world)
    client = client_for("bcu_lead")
    url = reverse("cases:case-export", args=["csv"])
    asked = client.get(url)
    assert b"Why do you need this export?" in asked.content
    response = client.post(url, {"reason": "self-monitoring"})
    assert response["Content-Type"].startswith("text/csv")
    assert case.reference in response.content.decode()
    event = AuditEvent.objects.get(event="case.exported")
    assert event.action == AuditAction.DISCLOSE
    assert event.details["references"] == [case.reference]


def test_demo_city_holds_cases_at_every_stage() -> None:
    """seed_demo gives Northmoor City BCU about twenty cases covering every stage, some reviews
    overdue and some owned by a council agency, which the demo partner reads under the forum's
    protocol while the force lead sees none."""
    from io import StringIO

    from django.core.management import call_command

    from preventplan.accounts.models import User
    from preventplan.cases.policy import CASE_POLICY
    from preventplan.lib.dates import today

    call_command("seed_demo", stdout=StringIO())
    cases = Case.objects.filter(bcu__name="Northmoor City BCU")
    assert 18 <= cases.count() <= 25
    assert set(cases.values_list("stage", flat=True)) == set(Stage.values)
    assert cases.filter(status="open", review_on__lt=today()).count() >= 3
    partner = User.objects.get(email="partner@demo.example")
    seen = Case.objects.visible_to(partner)
    assert seen.exists()
    assert set(seen.values_list("agency__name", flat=True)) == {"Northmoor City Council"}
    force_lead = User.objects.get(email="force.lead@demo.example")
    assert not Case.objects.visible_to(force_lead).exists()
    assert not CASE_POLICY.has_register(force_lead)
    officer = User.objects.get(email="case.officer@demo.example")
    assert Case.objects.visible_to(officer).count() >= 5


# -- reviews due: queue, reminders, calendar, dashboard, report, indicators ----------------------


def test_review_queue_lists_overdue_and_due_soon_only(world: World, client_for: Any) -> None:
    """The queue holds open cases whose review is overdue or due within the window, soonest
    first, and records the references it showed."""
    from preventplan.lib.dates import today

    overdue = make_case(world, review_on=date(2020, 1, 1))
    soon = make_case(world, review_on=today())
    make_case(world)  # due in 2099
    response = client_for("bcu_lead").get(reverse("cases:review-queue"))
    assert [c.reference for c in response.context["cases"]] == [overdue.reference, soon.reference]
    event = AuditEvent.objects.get(event="case.listed")
    assert event.details["references"] == [overdue.reference, soon.reference]


def test_home_page_counts_case_reviews_due_for_those_who_hold_cases(
    world: World, client_for: Any
) -> None:
    """The home page's "Your work" counts the case reviews overdue or due soon, with how many
    are overdue, for someone who holds cases; counts only, no reference. Someone who holds no
    cases is not told of them."""
    from preventplan.lib.dates import today

    overdue = make_case(world, review_on=date(2020, 1, 1))
    make_case(world, review_on=today())
    make_case(world)  # due in 2099
    page = client_for("bcu_lead").get(reverse("core:home")).content.decode()
    assert "2 case reviews overdue or due within 14 days" in page
    assert "1 overdue</strong>" in page
    assert overdue.reference not in page
    other = client_for("partner_user").get(reverse("core:home")).content.decode()
    assert "case review" not in other


def test_reminders_and_calendar_name_only_the_reference(world: World) -> None:
    """The officer's digest and calendar feed carry the case's review, named by its reference
    only; the force lead's carry nothing about cases."""
    from preventplan.lib.dates import today
    from preventplan.reminders.calendar import feed
    from preventplan.reminders.collect import items_for

    case = make_case(world, officer=world.users["action_owner"], review_on=date(2020, 1, 1))
    items = [
        i for i in items_for(world.users["action_owner"], today()) if i.key.startswith("case:")
    ]
    assert len(items) == 1 and items[0].overdue
    assert items[0].text == f"Case {case.reference} was due for review 1 January 2020"
    ical = feed(world.users["action_owner"], today())
    assert f"SUMMARY:Case review due: {case.reference}" in ical
    assert not [
        i for i in items_for(world.users["force_lead"], today()) if i.key.startswith("case:")
    ]
    assert case.reference not in feed(world.users["force_lead"], today())


def test_dashboard_and_bcu_return_show_overdue_reviews_as_counts(
    world: World, client_for: Any
) -> None:
    """The BCU dashboard and the BCU return report give the number of overdue case reviews,
    never a reference."""
    from preventplan.lib.dates import today
    from preventplan.reports.builders import bcu_return
    from preventplan.reports.document import Figures

    case = make_case(world, review_on=date(2020, 1, 1))
    page = client_for("force_lead").get(
        reverse("dashboards:dashboard", args=[world.orgs["bcu_a1"].pk])
    )
    assert page.context["cases_overdue"] == 1
    assert b"1 review overdue" in page.content and case.reference.encode() not in page.content
    report = bcu_return(world.orgs["bcu_a1"], today())
    section = next(s for s in report.sections if s.heading == "Case reviews")
    figures = next(b for b in section.blocks if isinstance(b, Figures))
    assert (1, "review overdue") in figures.items  # as the dashboard says it
    assert case.reference not in repr(report)


def test_pv01_and_pv06_are_computed_from_cases(world: World) -> None:
    """For a BCU that keeps cases, PV-01 counts referrals received in each quarter and PV-06 is
    the median working days from referral to first panel; an organisation without cases keeps
    its typed values."""
    from decimal import Decimal

    from preventplan.cases import actions as case_actions
    from preventplan.performance.figures import readings
    from preventplan.performance.models import Indicator, IndicatorValue

    day = date(2026, 6, 30)
    fast = make_case(
        world, referred_on=date(2026, 4, 3), stage=Stage.REFERRAL, stage_on=date(2026, 4, 3)
    )
    slow = make_case(
        world, referred_on=date(2026, 4, 6), stage=Stage.REFERRAL, stage_on=date(2026, 4, 6)
    )
    make_case(world, referred_on=date(2026, 3, 30))  # the quarter before
    # Friday 3 April → Tuesday 7 April: 2 working days; Monday 6 April → Monday 20 April: 10.
    case_actions.record_stage(
        world.users["bcu_lead"], fast, Stage.PANEL, date(2026, 4, 7), "", fast.version
    )
    case_actions.record_stage(
        world.users["bcu_lead"], slow, Stage.PANEL, date(2026, 4, 20), "", slow.version
    )
    pv01, pv06 = (Indicator.objects.get(code=c) for c in ("PV-01", "PV-06"))
    by_code = {r.indicator.code: r for r in readings(world.orgs["bcu_a1"], day, [pv01, pv06])}
    pv01_latest, pv06_latest = by_code["PV-01"].latest, by_code["PV-06"].latest
    assert pv01_latest is not None and pv06_latest is not None
    assert (pv01_latest.period_start, pv01_latest.value) == (date(2026, 4, 1), Decimal("2"))
    assert pv06_latest.value == Decimal("6")
    IndicatorValue.objects.create(
        indicator=pv01, organisation=world.orgs["bcu_a2"], period_start=date(2026, 4, 1), value=7
    )
    typed = readings(world.orgs["bcu_a2"], day, [pv01])[0]
    assert typed.latest is not None and typed.latest.value == Decimal("7")


def test_computed_indicator_is_not_typed_in(world: World, client_for: Any) -> None:
    """The value-entry page of an indicator computed from cases sends the lead back to its
    series: nothing is typed."""
    make_case(world)
    url = reverse("performance:value-entry", args=[world.orgs["bcu_a1"].pk, "PV-01"])
    response = client_for("bcu_lead").get(url)
    assert response.status_code == 302


def test_working_days_between() -> None:
    """Working days skip Saturdays and Sundays and count the end day, not the start."""
    from preventplan.lib.dates import working_days_between

    assert working_days_between(date(2026, 4, 3), date(2026, 4, 6)) == 1  # Friday → Monday
    assert working_days_between(date(2026, 4, 6), date(2026, 4, 20)) == 10
    assert working_days_between(date(2026, 4, 6), date(2026, 4, 6)) == 0


# -- retention -----------------------------------------------------------------------------------


def closed_case(world: World, stage: str, on: date, outcome: str) -> Case:
    return make_case(world, stage=stage, stage_on=on, outcome=outcome, review_on=None)


def test_closed_cases_come_up_for_review_by_how_they_closed(world: World) -> None:
    """A case closed with no further action (or referred elsewhere) is due three years after
    closure; one closed after support, six. Only the BCU lead's queue holds them."""
    from preventplan.assurance.retention import due_records

    nfa = closed_case(world, Stage.CLOSED_NFA, date(2022, 1, 10), "not-adopted")
    done = closed_case(world, Stage.CLOSED_COMPLETED, date(2022, 1, 10), "risk-reduced")
    referred = closed_case(world, Stage.CLOSED_REFERRED, date(2023, 6, 1), "signposted")
    due = {d.record_id: d.due_on for d in due_records(world.users["bcu_lead"], date(2026, 7, 1))}
    assert due == {str(nfa.pk): date(2025, 1, 10), str(referred.pk): date(2026, 6, 1)}
    later = {d.record_id for d in due_records(world.users["bcu_lead"], date(2028, 2, 1))}
    assert str(done.pk) in later
    assert not due_records(world.users["force_lead"], date(2030, 1, 1))
    assert not due_records(world.users["national_admin"], date(2030, 1, 1))


def test_disposing_of_a_case_is_a_logged_erasure(world: World, client_for: Any) -> None:
    """Disposal deletes the case with its stages and reviews and leaves an erasure event."""
    case = closed_case(world, Stage.CLOSED_NFA, date(2020, 1, 10), "not-adopted")
    url = reverse("audit:retention-decide", args=["cases.case.nfa", case.pk])
    response = client_for("bcu_lead").post(
        url, {"decision": "dispose", "reason": "Three years since closure"}
    )
    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseStage.objects.filter(case_id=case.pk).exists()
    erased = AuditEvent.objects.get(event="retention.disposed")
    assert erased.action == AuditAction.ERASE
    assert erased.details == {"record": ["cases.case.nfa", str(case.pk)]}
    assert (
        client_for("force_lead").post(url, {"decision": "dispose", "reason": "x"}).status_code
        == 404
    )
