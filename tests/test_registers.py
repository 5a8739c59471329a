"""The community confidence and powers accountability registers (document 5.1, 5.3, 5.4, 5.7,
5.8, 6.4, 7.2): what each register adds to the shared register pattern (test_records.py covers
the pattern itself: pages, exports, API, audit)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from preventplan.audit.models import AuditEvent
from preventplan.registers.models import ConsequencePlan, DipSample, Grievance, PowersReturn
from preventplan.reports import builders, document
from preventplan.tension import actions as tension_actions
from preventplan.tension.models import BcuReturn
from tests.factories import (
    WEEK,
    dip_sample_body,
    make_consequence_plan,
    make_dip_sample,
    make_grievance,
    make_learning,
    make_powers_return,
    make_protocol,
    tension_url,
)
from tests.world import World

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def grievance_form(w: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": w.orgs["bcu_a1"].pk,
        "title": "Concern about stops near the station",
        "category": "police-activity",
        "area": "Station ward",
        "source_type": "kin",
        "raised_on": "2 11 2026",
        "summary": "Residents feel stops near the station single out young men.",
        "review_on": "15 1 2027",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return data | overrides


# -- grievances ----------------------------------------------------------------------------------
def test_grievance_is_added_with_partners_informed_and_actions(
    world: World, client_for: Any
) -> None:
    """The BCU lead adds a grievance, linking a plan action and naming the partner told and
    when; it gets the next G- reference and its page shows the action and the partner."""
    action = world.action("a1", "3.1")
    response = client_for("bcu_lead").post(
        reverse("registers:grievance-create"),
        grievance_form(
            world,
            actions=[action.pk],
            partners_informed=[world.orgs["la"].pk],
            partners_informed_on="5 11 2026",
        ),
    )
    grievance = Grievance.objects.get()
    assert response.status_code == 302
    assert grievance.reference == "G-001"
    assert list(grievance.partners_informed.all()) == [world.orgs["la"]]
    page = client_for("bcu_lead").get(reverse("registers:grievance-detail", args=[grievance.pk]))
    text = page.content.decode()
    assert "Local Authority L, on 5 November 2026" in text
    assert reverse("plans:action-detail", args=[action.pk]) in text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"partners_informed_on": "5 11 2026"}, "partners_informed", "Select the partners"),
        ({"raised_on": "1 12 2026"}, "raised_on", "must be today or in the past"),
        (
            {"summary": "Raised by jo.bloggs@example.com"},
            "summary",
            "must not contain an e-mail address",
        ),
    ],
    ids=["date without partners", "raised in the future", "personal data"],
)
def test_grievance_form_refuses_what_the_register_does_not_hold(
    world: World, client_for: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    """Partners informed need a date (and a date needs partners), a grievance cannot be raised
    in the future, and no field may carry who raised it."""
    response = client_for("bcu_lead").post(
        reverse("registers:grievance-create"),
        grievance_form(world, partners_informed=[], **overrides),
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Grievance.objects.exists()


def test_grievance_is_shown_in_its_weeks_tension_return(world: World, client_for: Any) -> None:
    """A grievance linked to BCU A1's tension return for a week is listed on that week's
    return, and the grievance links back to it; an unlinked grievance is not listed."""
    ret = tension_actions.start(world.users["bcu_lead"], BcuReturn, world.orgs["bcu_a1"], WEEK)
    linked = make_grievance(world, tension_return=ret)
    other = make_grievance(world, title="Leaflets about a mosque open day torn down")
    page = client_for("bcu_lead").get(tension_url("bcu-week", world.orgs["bcu_a1"]))
    text = page.content.decode()
    assert linked.reference in text
    assert other.title not in text
    detail = client_for("bcu_lead").get(reverse("registers:grievance-detail", args=[linked.pk]))
    assert tension_url("bcu-week", world.orgs["bcu_a1"]) in detail.content.decode()


def test_grievance_refuses_another_units_tension_return(world: World, client_for: Any) -> None:
    """A BCU A1 grievance cannot be linked to BCU A2's return: it is not offered, and a posted
    id is refused."""
    ret = tension_actions.start(world.users["force_lead"], BcuReturn, world.orgs["bcu_a2"], WEEK)
    response = client_for("bcu_lead").post(
        reverse("registers:grievance-create"), grievance_form(world, tension_return=ret.pk)
    )
    assert response.status_code == 200
    assert "tension_return" in response.context["form"].errors


# -- learning and complaints -----------------------------------------------------------------------
def test_learning_dissemination_needs_both_the_date_and_the_teams(
    world: World, client_for: Any
) -> None:
    """A lesson disseminated needs the teams it went to, and teams need a date; the page then
    shows when and to whom it went, and an entry not yet sent says so."""
    entry = make_learning(world)
    lead = client_for("bcu_lead")
    page = lead.get(reverse("registers:learning-detail", args=[entry.pk]))
    assert "Not yet disseminated" in page.content.decode()
    url = reverse("registers:learning-edit", args=[entry.pk])
    form = {
        "title": entry.title,
        "source": "complaint",
        "theme": "enforcement",
        "power": "sch7",
        "received_on": "20 10 2026",
        "feedback": entry.feedback,
        "learning": entry.learning,
        "review_on": "15 1 2027",
        "marking": "OFFICIAL",
        "status": "open",
        "version": entry.version,
    }
    refused = lead.post(url, form | {"disseminated_on": "10 11 2026"})
    assert "disseminated_to" in refused.context["form"].errors
    saved = lead.post(
        url, form | {"disseminated_on": "10 11 2026", "disseminated_to": "Ports unit"}
    )
    assert saved.status_code == 302
    page = lead.get(reverse("registers:learning-detail", args=[entry.pk]))
    assert "10 November 2026 to Ports unit" in page.content.decode()


def test_learning_list_filters_by_power(world: World, client_for: Any) -> None:
    """The log filters by the power involved: a Schedule 7 lesson is kept, a lesson with no
    power is not."""
    sch7 = make_learning(world)
    other = make_learning(world, title="Share meeting notes sooner", power="")
    page = client_for("bcu_lead").get(reverse("registers:learning-list") + "?power=sch7")
    text = page.content.decode()
    assert sch7.title in text
    assert other.title not in text


# -- dip samples -----------------------------------------------------------------------------------
def test_dip_sample_page_shows_each_standard_against_the_sample(
    world: World, client_for: Any
) -> None:
    """The sample's page gives, for each minimum standard, how many reports met it and what
    share of the sample that is, with the failure categories and the police authority."""
    sample = make_dip_sample(world)
    page = client_for("oversight_reader").get(
        reverse("registers:dip-sample-detail", args=[sample.pk])
    )
    text = page.content.decode()
    assert "15 of 20" in text
    assert "75%" in text
    assert "Source or provenance missing; Submitted late" in text
    assert "Force A Police Authority" in text


def test_dip_sample_refuses_more_reports_meeting_a_standard_than_were_read(
    world: World, api: Any
) -> None:
    """A standard met by more reports than the sample holds is refused at its field, through
    the API as on the page."""
    body = dip_sample_body(world, report_type="sch7", met_graded=11)
    response = api("bcu_lead").post("/api/v1/dip-samples", body, "application/json")
    assert response.status_code == 422
    assert "met_graded" in str(response.json())


# -- consequence management plans ----------------------------------------------------------------
def test_information_given_is_logged_by_the_plans_lead_and_audited(
    world: World, client_for: Any
) -> None:
    """The plan's lead (its owner, not the BCU lead) logs information given to a key
    individual network; the entry shows on the plan's page and is recorded in the audit log."""
    plan = make_consequence_plan(world)
    owner = client_for("action_owner")
    response = owner.post(
        reverse("registers:consequence-plan-log", args=[plan.pk]),
        {
            "given_on": "27 11 2026",
            "audience": "kin",
            "channel": "meeting",
            "summary": "Explained why the operation took place and where to raise concerns.",
        },
    )
    assert response.status_code == 302
    entry = plan.log.get()
    assert entry.recorded_by == world.users["action_owner"]
    assert AuditEvent.objects.filter(
        event="consequenceplan.information-logged", record_id=str(plan.pk)
    ).exists()
    page = owner.get(reverse("registers:consequence-plan-detail", args=[plan.pk]))
    text = page.content.decode()
    assert "Key individual networks" in text
    assert "27 November 2026" in text


def test_consequence_plan_names_its_incident_or_operation(world: World, client_for: Any) -> None:
    """A plan for an operation needs the operation's name; a plan for a critical incident needs
    an incident of its own force."""
    form = {
        "organisation": world.orgs["bcu_a1"].pk,
        "title": "Reassurance plan",
        "area": "Station ward",
        "neighbourhood_input": "Brief faith leaders first.",
        "planned_messages": "Holding line for partners.",
        "review_on": "15 1 2027",
        "marking": "OFFICIAL",
        "status": "open",
    }
    lead = client_for("bcu_lead")
    url = reverse("registers:consequence-plan-create")
    operation = lead.post(url, form | {"trigger": "operation"})
    assert "operation_name" in operation.context["form"].errors
    incident = lead.post(url, form | {"trigger": "incident"})
    assert "incident" in incident.context["form"].errors
    assert not ConsequencePlan.objects.exists()


# -- TACT powers returns ---------------------------------------------------------------------------
def test_powers_return_shows_disproportionality_against_the_baseline(
    world: World, client_for: Any
) -> None:
    """The return's page gives each group's count, share and baseline, and how many times as
    likely as White people each group was to be examined; the API gives the highest ratio."""
    r = make_powers_return(world)
    page = client_for("oversight_reader").get(
        reverse("registers:powers-return-detail", args=[r.pk])
    )
    text = page.content.decode()
    assert "2021 Census, Force A area" in text
    rows = {row["group"]: row["ratio"] for row in page.context["ethnicity"]}
    assert rows == {
        "White": 1.0,
        "Mixed": 2.7,
        "Asian": 4.8,
        "Black": 3.0,
        "Other ethnic group": 1.3,
    }
    assert r.highest_ratio == 4.8


def powers_form(w: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": w.orgs["force_a"].pk,
        "month": "1 10 2026",
        "power": "s43",
        "uses": "10",
        "arrests": "1",
        "other_outcomes": "2",
        "no_further_action": "7",
        "ethnicity_white": "5",
        "ethnicity_mixed": "1",
        "ethnicity_asian": "2",
        "ethnicity_black": "1",
        "ethnicity_other": "0",
        "ethnicity_not_stated": "1",
        "baseline_white": "80",
        "baseline_mixed": "3",
        "baseline_asian": "10",
        "baseline_black": "4",
        "baseline_other": "3",
        "baseline_source": "2021 Census",
        "complaints": "0",
        "community_impact": "No wider impact reported.",
        "review_on": "15 1 2027",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return data | overrides


def test_powers_return_is_titled_from_its_power_and_month(world: World, client_for: Any) -> None:
    """The force lead's return takes the first of the month and a title made from the power and
    the month."""
    response = client_for("force_lead").post(
        reverse("registers:powers-return-create"), powers_form(world, month="17 10 2026")
    )
    assert response.status_code == 302
    r = PowersReturn.objects.get()
    assert (r.month, r.title) == (date(2026, 10, 1), "Section 43, October 2026")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ethnicity_white": "6"}, "ethnicity_not_stated"),
        ({"no_further_action": "6"}, "no_further_action"),
        ({"baseline_other": "13"}, "baseline_other"),
        ({"month": "2 11 2026"}, "month"),
        ({"power": "sch7"}, "power"),
    ],
    ids=["ethnicity sum", "outcomes sum", "baseline sum", "month not ended", "already returned"],
)
def test_powers_return_figures_must_add_up(
    world: World, client_for: Any, overrides: dict[str, Any], field: str
) -> None:
    """Ethnicity counts and outcomes add up to the times used, the baseline to 100%, the month
    has ended, and a power is returned once a month."""
    make_powers_return(world)
    response = client_for("force_lead").post(
        reverse("registers:powers-return-create"), powers_form(world, **overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert PowersReturn.objects.count() == 1


def test_powers_list_has_the_trend_and_flags_late_and_missing_returns(
    world: World, client_for: Any
) -> None:
    """The list charts each power's use by month with the same figures as a table, flags a
    return made after it was due, and warns of last month's return not made."""
    with time_machine.travel(date(2026, 10, 5), tick=False):
        make_powers_return(world, month=date(2026, 9, 1), uses=40)
    with time_machine.travel(date(2026, 11, 20), tick=False):
        make_powers_return(world, month=date(2026, 8, 1), uses=40, title="Late one")
    page = client_for("force_lead").get(reverse("registers:powers-return-list") + "?status=all")
    text = page.content.decode()
    assert page.context["trend_rows"][0]["power"] == "Schedule 7"
    assert page.context["trend_rows"][0]["values"][-3:] == [40, 40, None]
    assert "<svg" in text
    assert text.count("Late: due") == 1
    assert "Late: due 10 September 2026" in text
    assert page.context["missing"] == ["Force A: Schedule 7"]


def test_a_month_without_a_powers_return_is_a_gap_never_0(world: World, client_for: Any) -> None:
    """Schedule 7 returned for August and September but not October: the chart's line stops at
    September with nothing drawn for October (no point at 0), and the table says "No return"."""
    make_powers_return(world, month=date(2026, 8, 1), uses=40)
    make_powers_return(world, month=date(2026, 9, 1), uses=20)
    page = client_for("force_lead").get(reverse("registers:powers-return-list") + "?status=all")
    assert page.context["trend_rows"][0]["values"][-3:] == [40, 20, None]
    svg = str(page.context["trend_chart"])
    lines = re.findall(r'<polyline points="([^"]*)"', svg)
    assert len(lines) == 1 and not re.search(r"<circle", svg)
    points = [tuple(float(n) for n in p.split(",")) for p in lines[0].split()]
    assert len(points) == 2  # August and September only
    baseline = max(float(y) for y in re.findall(r'<line [^>]*y1="([\d.]+)"', svg))
    assert all(y < baseline for _x, y in points)  # neither drawn at 0
    row = page.content.decode().split(">Schedule 7</th>")[1].split("</tr>")[0]
    assert row.count("No return") == 10  # the ten months of the twelve without a return
    assert ">0<" not in row


@pytest.mark.parametrize(
    ("language", "order"),
    [("en-gb", ["sch7", "s43", "s47a"]), ("cy", ["s43", "s47a", "sch7"])],
    ids=["English", "Welsh"],
)
def test_powers_returns_sort_by_the_power_shown(
    world: World, client_for: Any, language: str, order: list[str]
) -> None:
    """Sorted by power, the list is in the alphabetical order of the powers' names as shown, in
    the reader's language (Schedule 7 before Section 43; Adran 43 before Atodlen 7), not of the
    codes stored (s43, s47a, sch7)."""
    for power in ("s47a", "sch7", "s43"):
        make_powers_return(world, power=power, title=power)
    client = client_for("force_lead")
    client.post(reverse("core:language"), {"language": language, "next": "/"})
    try:
        page = client.get(reverse("registers:powers-return-list") + "?status=all&sort=power")
        backwards = client.get(reverse("registers:powers-return-list") + "?status=all&sort=-power")
    finally:
        translation.activate("en-gb")
    assert [r.power for r in page.context["page"].object_list] == order
    assert [r.power for r in backwards.context["page"].object_list] == order[::-1]


# -- sharing with partnerships -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("categories", "review_on", "sees"),
    [
        ("community", date(2099, 1, 1), True),
        ("plans", date(2099, 1, 1), False),
        ("community", date(2026, 11, 1), False),
    ],
    ids=["protocol in force", "protocol for plans only", "protocol lapsed"],
)
def test_partners_read_shared_grievances_only_under_a_protocol_in_force(
    world: World, client_for: Any, categories: str, review_on: date, sees: bool
) -> None:
    """A partner member of the A1 forum lists and reads a grievance shared with the forum only
    while a protocol in force covers grievances and learning; an unshared one never."""
    make_protocol(world, categories, review_on=review_on)
    shared = make_grievance(world)
    shared.shared_with.set([world.partnership])
    unshared = make_grievance(world, title="Not shared with anyone")
    partner = client_for("partner_user")
    listed = partner.get(reverse("registers:grievance-list")).content.decode()
    assert (shared.title in listed) is sees
    assert unshared.title not in listed
    detail = partner.get(reverse("registers:grievance-detail", args=[shared.pk]))
    assert detail.status_code == (200 if sees else 404)


# -- dashboard and reports -------------------------------------------------------------------------
def test_force_dashboard_shows_grievances_overdue_records_and_the_latest_powers_return(
    world: World, client_for: Any
) -> None:
    """Force A's dashboard counts BCU A1's open grievances (not closed ones), register records
    overdue for review or follow-up, and gives the latest month's powers returns."""
    make_grievance(world)
    make_grievance(world, title="Closed one", status="closed")
    sample = make_dip_sample(world)
    DipSample.objects.filter(pk=sample.pk).update(review_on=date(2026, 11, 1))
    make_powers_return(world, month=date(2026, 9, 1), uses=30)
    make_powers_return(world, uses=40)
    page = client_for("force_lead").get(
        reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk])
    )
    community = page.context["community"]
    assert community.open_grievances == 1
    assert [n for _, n in community.overdue] == [0, 0, 1, 0, 0]
    assert community.overdue_text == "1 dip sample"  # one, not "1 dip samples"
    assert ": 1 dip sample</span>" in page.content.decode()
    assert community.latest_month == date(2026, 10, 1)
    assert [(r.power, r.uses, r.highest_ratio) for r in community.powers] == [
        ("Schedule 7", 40, 4.8)
    ]
    assert "Community confidence and powers" in page.content.decode()


@pytest.mark.parametrize("build", [builders.board_pack, builders.authority_report])
def test_board_pack_and_authority_report_have_a_community_confidence_section(
    world: World, build: Any
) -> None:
    """The force board pack and the police authority report carry the same community
    confidence and powers figures as the dashboard."""
    make_grievance(world)
    make_powers_return(world)
    report = build(world.orgs["force_a"], TODAY)
    section = next(s for s in report.sections if s.heading == "Community confidence and powers")
    assert section.blocks[0].items[0] == (1, "open grievance")
    assert section.blocks[2].rows[0][:3] == ["Schedule 7 (late)", "Force A", 40]
    assert "Community confidence and powers" in document.to_html(report)


def test_owners_offered_are_people_who_do_work_not_readers(world: World, client_for: Any) -> None:
    """A register record's owner is chosen from people with a working role in the
    organisation (leads, action owners, partner users), never someone who only reads there
    (the police authority's oversight reader, the auditor): offered neither on the page nor
    accepted through the form. Plan actions offer owners the same way."""
    from preventplan.plans.forms import people_for
    from preventplan.registers.forms import DipSampleForm

    readers = {world.users["oversight_reader"].pk, world.users["auditor"].pk}
    page = client_for("force_lead").get(reverse("registers:dip-sample-create"))
    offered = {u.pk for u in page.context["form"].fields["owner"].queryset}
    assert offered and not offered & readers
    assert world.users["bcu_lead"].pk in offered
    assert not {u.pk for u in people_for(world.plans["a1"])} & readers
    form = DipSampleForm(
        data={"owner": world.users["auditor"].pk, "organisation": world.orgs["force_a"].pk},
        organisations=[world.orgs["force_a"]],
    )
    assert not form.is_valid() and "owner" in form.errors


# -- error messages ------------------------------------------------------------------------------
def dip_sample_form(w: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": w.orgs["bcu_a1"].pk,
        "title": "November sample",
        "sampled_on": "20 11 2026",
        "report_type": "ct-information",
        "sample_size": "10",
        "met_graded": "10",
        "met_source": "10",
        "met_proportionate": "10",
        "met_factual": "10",
        "met_timely": "10",
        "review_on": "28 1 2027",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return data | overrides


def test_dip_sample_errors_name_their_own_fields(world: World, client_for: Any) -> None:
    """A count below 0 or not whole names its field, and a follow-up date in the past names
    "Follow-up due" (not "the next review date") and gives its own hint's example date."""
    response = client_for("bcu_lead").post(
        reverse("registers:dip-sample-create"),
        dip_sample_form(world, sample_size="-1", met_graded="2.5", review_on="1 11 2026"),
    )
    errors = response.context["form"].errors
    assert errors["sample_size"] == ["Sample size must be 0 or more"]
    assert errors["met_graded"] == ["Graded, with a handling code must be a whole number"]
    assert errors["review_on"] == ["Follow-up due must be today or in the future"]
    response = client_for("bcu_lead").post(
        reverse("registers:dip-sample-create"), dip_sample_form(world, review_on="31 2 2027")
    )
    assert response.context["form"].errors["review_on"] == [
        "Enter a real date, for example 31 1 2027"
    ]
    assert not DipSample.objects.exists()


def test_powers_return_names_the_group_whose_share_is_missing(
    world: World, client_for: Any
) -> None:
    """Each population share left out names its group; a month that does not exist is refused
    with the example the month's hint gives."""
    response = client_for("force_lead").post(
        reverse("registers:powers-return-create"),
        powers_form(world, baseline_asian="", baseline_other="", month="31 9 2026"),
    )
    errors = response.context["form"].errors
    assert errors["baseline_asian"] == [
        "Enter the population share of the Asian group, as a percentage"
    ]
    assert errors["baseline_other"] == [
        "Enter the population share of other ethnic groups, as a percentage"
    ]
    assert errors["month"] == ["Enter a real date, for example 1 10 2026"]
    form = response.context["form"]
    assert "for example 1 10 2026" in str(form.fields["month"].help_text)
