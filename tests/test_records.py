"""The register pattern: one spec drives each register's pages, exports and API. These tests go
through the generated API and exports of every register (risks, benefits, impact assessments,
protocols) and check that writes obey the register's own form and access rules."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from preventplan.accounts.actions import create_api_token
from preventplan.audit.models import AuditAction, AuditEvent
from preventplan.engagement.registers import REGISTERS as ENGAGEMENT_REGISTERS
from preventplan.programme.models import Benefit, ImpactAssessment, Risk
from preventplan.programme.registers import REGISTERS
from preventplan.records.spec import all_registers
from preventplan.registers.registers import REGISTERS as COMMUNITY_REGISTERS
from preventplan.sharing.models import Protocol
from preventplan.sharing.registers import PROTOCOLS
from tests.factories import risk_body
from tests.world import World

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def api(world: World) -> Any:
    def make(persona: str) -> Client:
        _, key = create_api_token(world.users[persona], "tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return make


def bodies(w: World) -> dict[str, dict[str, Any]]:
    """A valid body to add a record to each register."""
    a1 = w.orgs["bcu_a1"].pk
    return {
        "risks": risk_body(w),
        "benefits": {
            "organisation_id": a1,
            "title": "Partners confident to refer concerns",
            "description": "Partner staff know how and when to raise a concern",
            "measure": "Share of trained staff who say they are confident",
            "unit": "%",
            "baseline": "40",
            "baseline_on": "2026-04-01",
            "target": "80",
            "target_on": "2027-03-31",
            "review_on": "2027-01-15",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "impact-assessments": {
            "organisation_id": a1,
            "kind": "equality",
            "title": "Equality impact of the 2026/27 plan",
            "plan_id": w.plans["a1"].pk,
            "completed_on": "2026-06-30",
            "outcome": "adjust",
            "summary": "Engagement events moved to accessible venues.",
            "review_on": "2027-06-30",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "grievances": {
            "organisation_id": a1,
            "title": "Concern about stops near the station",
            "category": "police-activity",
            "area": "Station ward",
            "source_type": "community",
            "raised_on": "2026-11-02",
            "summary": "Residents feel stops near the station single out young men.",
            "action_ids": [w.action("a1", "3.1").pk],
            "partners_informed_ids": [w.orgs["la"].pk],
            "partners_informed_on": "2026-11-05",
            "review_on": "2027-01-15",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "learning": {
            "organisation_id": a1,
            "title": "Explain Schedule 7 before an examination starts",
            "source": "complaint",
            "theme": "enforcement",
            "power": "sch7",
            "received_on": "2026-10-20",
            "feedback": "A traveller was not told why they had been stopped until the end.",
            "learning": "Officers should explain the purpose at the start.",
            "disseminated_on": "2026-11-10",
            "disseminated_to": "Ports unit; neighbourhood teams, BCU A1",
            "review_on": "2027-01-15",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "dip-samples": {
            "organisation_id": a1,
            "title": "October sample of information reports",
            "sampled_on": "2026-10-28",
            "report_type": "ct-information",
            "sample_size": 20,
            "met_graded": 19,
            "met_source": 15,
            "met_proportionate": 18,
            "met_factual": 20,
            "met_timely": 17,
            "failure_kinds": ["provenance", "late"],
            "police_authority_id": w.orgs["authority_a"].pk,
            "review_on": "2027-01-28",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "consequence-plans": {
            "organisation_id": a1,
            "title": "Community reassurance after Operation Larch",
            "trigger": "operation",
            "operation_name": "Operation Larch",
            "area": "Station ward",
            "neighbourhood_input": "Brief the mosque committee first.",
            "planned_messages": "Holding line for partners on the day.",
            "review_on": "2027-01-15",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "powers-returns": {
            "organisation_id": a1,
            "month": "2026-10-01",
            "power": "s47a",
            "uses": 10,
            "arrests": 1,
            "other_outcomes": 2,
            "no_further_action": 7,
            "ethnicity_white": 5,
            "ethnicity_mixed": 1,
            "ethnicity_asian": 2,
            "ethnicity_black": 1,
            "ethnicity_other": 0,
            "ethnicity_not_stated": 1,
            "baseline_white": "80",
            "baseline_mixed": "3",
            "baseline_asian": "10",
            "baseline_black": "4",
            "baseline_other": "3",
            "baseline_source": "2021 Census, BCU A1 area",
            "complaints": 0,
            "community_impact": "Authorisation for the derby; no complaints.",
            "review_on": "2027-01-15",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "protocols": {
            "organisation_id": a1,
            "reference": "ISP-A1-1",
            "title": "A1 forum sharing",
            "partnership_ids": [w.partnership.pk],
            "scope": "Prevent plans and their delivery",
            "legal_basis": "cda-s115",
            "shared": ["plans"],
            "signed_on": "2026-04-01",
            "review_on": "2027-03-31",
            "status": "signed",
        },
        "engagements": {
            "organisation_id": a1,
            "kind": "consultation",
            "title": "Consultation on neighbourhood priorities",
            "held_on": "2026-11-02",
            "area": "Riverside ward",
            "partner_organisation_ids": [w.orgs["la"].pk],
            "attendance": 42,
            "feedback_score": 4,
            "priorities": "Youth provision in the evenings",
            "review_on": "2027-01-31",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "networks": {
            "organisation_id": a1,
            "kind": "iag",
            "title": "City independent advisory group",
            "area": "City centre",
            "members": 15,
            "refreshed_on": "2026-10-01",
            "representativeness": "representative",
            "mapped": True,
            "review_on": "2027-04-01",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "communications": {
            "organisation_id": a1,
            "kind": "briefing",
            "title": "Briefing the police authority on vulnerability",
            "topic": "vulnerability",
            "audience": "Police authority Prevent lead",
            "channel": "briefing",
            "message": "Where vulnerability is assessed to be highest, in general terms",
            "on": "2026-11-20",
            "manipulation_risk": "medium",
            "signed_off_by_ids": [w.orgs["la"].pk],
            "signed_off_on": "2026-11-18",
            "review_on": "2027-02-20",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "projects": {
            "organisation_id": a1,
            "title": "Riverside youth mentoring",
            "lead_partner_id": w.orgs["la"].pk,
            "funding_source": "pve",
            "amount": "12500.00",
            "starts_on": "2026-05-01",
            "outputs": "Forty young people mentored",
            "review_on": "2027-03-31",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "posts": {
            "organisation_id": a1,
            "kind": "deputy",
            "owner_id": w.users["action_owner"].pk,
            "since": "2026-06-01",
            "review_on": "2027-06-01",
            "marking": "OFFICIAL",
            "status": "open",
        },
        "training": {
            "organisation_id": a1,
            "course": "ice",
            "team": "Docks neighbourhood team",
            "team_kind": "neighbourhood",
            "establishment": 12,
            "trained": 9,
            "as_at": "2026-11-01",
            "review_on": "2027-02-01",
            "marking": "OFFICIAL",
            "status": "open",
        },
    }


SPECS = [*REGISTERS, PROTOCOLS, *COMMUNITY_REGISTERS, *ENGAGEMENT_REGISTERS]
MODELS = {"risks": Risk, "benefits": Benefit, "impact-assessments": ImpactAssessment}


@pytest.mark.parametrize("spec", SPECS, ids=[s.path for s in SPECS])
def test_every_register_is_written_and_read_through_its_api(
    spec: Any, world: World, api: Any
) -> None:
    """The BCU lead adds a record to each register through the API and reads it back; the
    record gets its audit event; the other force neither lists nor reads it."""
    lead = api("bcu_lead")
    created = lead.post(f"/api/v1/{spec.path}", bodies(world)[spec.path], "application/json")
    assert created.status_code == 201, created.content
    record = created.json()
    assert record["organisation_id"] == world.orgs["bcu_a1"].pk
    assert record["version"] == 1
    model = spec.model
    stored = model.objects.get(pk=record["id"])
    assert (
        AuditEvent.objects.filter(
            event=f"{model._meta.model_name}.added", record_id=str(stored.pk)
        ).count()
        == 1
    )
    assert lead.get(f"/api/v1/{spec.path}/{stored.pk}").json() == record
    assert [r["id"] for r in lead.get(f"/api/v1/{spec.path}").json()["items"]] == [stored.pk]
    other = api("other_force_lead")
    assert other.get(f"/api/v1/{spec.path}").json()["count"] == 0
    assert other.get(f"/api/v1/{spec.path}/{stored.pk}").status_code == 404


def test_api_risk_has_its_scores_and_linked_actions(world: World, api: Any) -> None:
    """A risk added through the API takes the next reference and shows its scores, band and
    mitigating actions, as the page does."""
    body = api("bcu_lead").post("/api/v1/risks", risk_body(world), "application/json").json()
    assert (body["reference"], body["inherent_score"], body["residual_score"]) == ("R-001", 16, 9)
    assert (body["band"], body["target_score"]) == ("Medium", 4)
    assert body["mitigating_action_ids"] == [world.action("a1", "3.1").pk]
    assert body["owner"] == "action_owner@test.example"


def test_api_refuses_what_the_register_form_refuses(world: World, api: Any) -> None:
    """A residual score above the inherent one, an owner from another force and an action from
    another plan are refused with 422 naming each field, as on the page; nothing is saved."""
    lead = api("bcu_lead")
    bad = risk_body(
        world,
        likelihood=5,
        impact=5,
        owner_id=world.users["other_force_lead"].pk,
        mitigating_action_ids=[world.action("b1", "3.1").pk],
    )
    response = lead.post("/api/v1/risks", bad, "application/json")
    assert response.status_code == 422
    located = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert located[("body", "likelihood")] == (
        "The residual score cannot be higher than the inherent score"
    )
    assert ("body", "owner_id") in located
    assert ("body", "mitigating_action_ids") in located
    missing = {k: v for k, v in risk_body(world).items() if k != "title"}
    assert lead.post("/api/v1/risks", missing, "application/json").status_code == 422
    assert Risk.objects.count() == 0


def test_api_update_changes_only_what_is_sent_and_checks_the_version(
    world: World, api: Any
) -> None:
    """PATCH changes the fields sent and keeps the rest; a stale version is 409 and changes
    nothing; the change is audited."""
    lead = api("bcu_lead")
    risk = lead.post("/api/v1/risks", risk_body(world), "application/json").json()
    url = f"/api/v1/risks/{risk['id']}"
    changed = lead.patch(url, {"version": 1, "title": "Forum loses members"}, "application/json")
    assert changed.status_code == 200, changed.content
    after = changed.json()
    assert (after["title"], after["version"]) == ("Forum loses members", 2)
    assert {k: v for k, v in after.items() if k not in {"title", "version"}} == {
        k: v for k, v in risk.items() if k not in {"title", "version"}
    }
    stale = lead.patch(url, {"version": 1, "title": "Lost"}, "application/json")
    assert stale.status_code == 409
    assert Risk.objects.get(pk=risk["id"]).title == "Forum loses members"
    assert AuditEvent.objects.filter(event="risk.changed", record_id=str(risk["id"])).count() == 1


def test_api_writes_follow_the_register_policy(world: World, api: Any) -> None:
    """The force lead reads the BCU's risk but does not run the BCU's register (403); the other
    force cannot see it (404); a partner runs no register at all (403)."""
    risk = api("bcu_lead").post("/api/v1/risks", risk_body(world), "application/json").json()
    url = f"/api/v1/risks/{risk['id']}"
    change = {"version": 1, "title": "Changed"}
    assert api("force_lead").get(url).status_code == 200
    assert api("force_lead").patch(url, change, "application/json").status_code == 403
    assert api("other_force_lead").patch(url, change, "application/json").status_code == 404
    assert (
        api("partner_user").post("/api/v1/risks", risk_body(world), "application/json").status_code
        == 403
    )
    assert Risk.objects.get(pk=risk["id"]).title == "Partners withdraw from the forum"


def test_api_list_filters_are_the_pages_filters(world: World, api: Any) -> None:
    """The API list takes the page's filters: category, status, search and overdue."""
    lead = api("bcu_lead")
    lead.post("/api/v1/risks", risk_body(world), "application/json")
    lead.post(
        "/api/v1/risks",
        risk_body(world, title="Funding ends", category="resources", status="closed"),
        "application/json",
    )

    def titles(**query: Any) -> list[str]:
        return [r["title"] for r in lead.get("/api/v1/risks", query).json()["items"]]

    assert titles(category="resources") == ["Funding ends"]
    assert titles(status="open") == ["Partners withdraw from the forum"]
    assert titles(q="forum") == ["Partners withdraw from the forum"]
    assert titles(overdue=True) == []
    assert lead.get("/api/v1/risks", {"category": "nonsense"}).status_code == 422


def exported(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_is_the_filtered_list_as_csv_and_excel(
    world: World, api: Any, client_for: Any
) -> None:
    """The CSV and the workbook hold the marking, then one row per record the filters keep;
    dates are real dates in Excel; formulas are neutralised; each export is a disclosure."""
    lead = api("bcu_lead")
    lead.post("/api/v1/risks", risk_body(world, title="=HYPERLINK(1)"), "application/json")
    lead.post(
        "/api/v1/risks", risk_body(world, title="Other", category="resources"), "application/json"
    )
    client = client_for("force_lead")
    url = reverse("programme:risk-export", args=["csv"])
    rows = exported(client.get(url, {"category": "partnership"}))
    assert rows[0] == ["OFFICIAL"]
    header = rows[3]
    assert header[:3] == ["Reference", "Risk", "Category"]
    assert [r[1] for r in rows[4:]] == ["'=HYPERLINK(1)"]
    assert rows[4][header.index("Next review")] == "2027-01-31"
    response = client.get(reverse("programme:risk-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "OFFICIAL"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [v[1] for v in values[1:]] == ["'=HYPERLINK(1)", "Other"]
    review = values[0].index("Next review")
    assert values[1][review].date() == date(2027, 1, 31)
    events = AuditEvent.objects.filter(event="risk.exported", action=AuditAction.DISCLOSE)
    assert [(e.details["format"], e.details["count"]) for e in events.order_by("pk")] == [
        ("csv", 1),
        ("xlsx", 2),
    ]


def test_exports_carry_what_the_record_pages_show(world: World, api: Any, client_for: Any) -> None:
    """The facts a record's page shows leave with the export too: a grievance's tension return
    and who it is shared with, a risk's inherent and target scores with their likelihood and
    impact, in words the page uses."""
    from tests.factories import make_grievance

    make_grievance(world)
    client = client_for("force_lead")
    rows = exported(client.get(reverse("registers:grievance-export", args=["csv"])))
    header, row = rows[3], rows[4]
    assert row[header.index("Tension return")] == "Not reported in a tension return"
    assert row[header.index("Shared with")] == "Not shared with partners"
    api("bcu_lead").post("/api/v1/risks", risk_body(world), "application/json")
    rows = exported(client.get(reverse("programme:risk-export", args=["csv"])))
    header, row = rows[3], rows[4]
    assert "likelihood" in row[header.index("Inherent score")]
    assert "× impact" in row[header.index("Target score")]


def test_export_of_sensitive_records_asks_why(world: World, api: Any, client_for: Any) -> None:
    """When an OFFICIAL-SENSITIVE record is among those exported, the reason is asked first and
    recorded with the disclosure; without one, nothing leaves and nothing is recorded."""
    api("bcu_lead").post(
        "/api/v1/risks", risk_body(world, marking="OFFICIAL-SENSITIVE"), "application/json"
    )
    client = client_for("force_lead")
    url = reverse("programme:risk-export", args=["csv"])
    asked = client.get(url)
    assert "Why do you need this export?" in asked.content.decode()
    assert not AuditEvent.objects.filter(event="risk.exported").exists()
    given = client.post(url, {"reason": "other", "detail": "Force board paper"})
    assert exported(given)[0] == ["OFFICIAL-SENSITIVE"]
    event = AuditEvent.objects.get(event="risk.exported")
    assert "Force board paper" in event.justification


def test_export_holds_only_what_the_person_reads(world: World, api: Any, client_for: Any) -> None:
    """The other force's export of the risk register has a header and no rows."""
    api("bcu_lead").post("/api/v1/risks", risk_body(world), "application/json")
    rows = exported(
        client_for("other_force_lead").get(reverse("programme:risk-export", args=["csv"]))
    )
    assert len(rows) == 4 and rows[3][0] == "Reference"


def test_register_list_pages_filter_by_choice_and_status(
    world: World, api: Any, client_for: Any
) -> None:
    """The list pages offer the spec's choice filters and statuses; protocols list every status
    by default and flag the lapsed ones."""
    lead = api("bcu_lead")
    lead.post("/api/v1/risks", risk_body(world), "application/json")
    lead.post("/api/v1/protocols", bodies(world)["protocols"], "application/json")
    Protocol.objects.create(
        reference="ISP-OLD",
        title="Old sharing",
        owner=world.orgs["bcu_a1"],
        scope="Plans",
        legal_basis="cda-s115",
        categories="plans",
        signed_on=date(2024, 4, 1),
        review_on=date(2026, 3, 31),
        status="signed",
    )
    client = client_for("bcu_lead")
    page = client.get(reverse("programme:risk-list"), {"category": "resources"})
    assert page.context["page"].paginator.count == 0
    page = client.get(reverse("programme:risk-list"), {"category": "partnership"})
    assert page.context["page"].paginator.count == 1
    protocols = client.get(reverse("sharing:protocol-list"))
    assert protocols.context["page"].paginator.count == 2
    assert "1 signed protocol has lapsed" in protocols.content.decode()
    lapsed = client.get(reverse("sharing:protocol-list"), {"overdue": "1"})
    assert [p.reference for p in lapsed.context["page"]] == ["ISP-OLD"]


def test_api_writes_pass_the_personal_data_guard(world: World, api: Any) -> None:
    """Register API writes go through the register's form, so the personal-data guard refuses
    a telephone number in a risk's cause, naming the field; nothing is saved."""
    body = risk_body(world, cause="Raised by the family on 0161 496 0000")
    response = api("bcu_lead").post("/api/v1/risks", body, "application/json")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "cause"]
    assert "telephone number" in error["msg"]
    assert Risk.objects.count() == 0


@pytest.mark.parametrize("spec", all_registers(), ids=lambda s: s.name)
def test_every_register_says_when_its_records_come_up_for_retention_review(spec: Any) -> None:
    """Every register declares when its records come up for retention review (MOPI), with a
    record type of its own and a clock field its model has."""
    assert spec.retention, f"{spec.name} declares no retention"
    fields = {f.name for f in spec.model._meta.get_fields()}
    for rule in spec.retention:
        assert rule.clock in fields and rule.months > 0
    types = [r.record_type for s in all_registers() for r in s.retention]
    assert len(types) == len(set(types))


def test_a_radio_reveals_the_fields_its_form_declares() -> None:
    """``reveals`` works for radios as for a tick box: the chosen radio's fields are open, the
    others' hidden, each revealed field rendered once, inside its radio; while another radio is
    chosen, what was typed in them is ignored."""
    from django import forms

    from preventplan.lib.forms import GovukForm, Reveal

    class ContactForm(GovukForm):
        how = forms.ChoiceField(
            choices=[("email", "E-mail"), ("post", "Post")], widget=forms.RadioSelect
        )
        address = forms.EmailField(required=True)
        town = forms.CharField(required=True)
        reveals = (Reveal("how", ("address",), "email"), Reveal("how", ("town",), "post"))

    page = str(ContactForm(data={"how": "post", "address": "not an address"}))
    assert 'value="email" data-aria-controls="conditional-id_how_0"' in page
    assert (
        '<div class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        'id="conditional-id_how_0">'
    ) in page
    assert '<div class="govuk-radios__conditional" id="conditional-id_how_1">' in page
    assert page.count('id="id_address"') == page.count('id="id_town"') == 1
    form = ContactForm(data={"how": "post", "address": "not an address", "town": "Leeds"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["address"] == ""
    assert ContactForm(data={"how": "email", "address": "x"}).errors.keys() == {"address"}


def test_a_date_field_keeps_its_width_beside_the_govuk_classes() -> None:
    """A widget's own classes (the date's width) survive the GOV.UK input and error classes."""
    from django import forms

    from preventplan.lib.forms import GovukDateField, GovukForm

    class Dated(GovukForm):
        on = GovukDateField(label="On")

    html = str(Dated()["on"])
    assert 'class="govuk-input govuk-input--width-10"' in html
    invalid = Dated(data={"on": "not a date"})
    assert not invalid.is_valid()
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error"' in str(invalid["on"])
    assert isinstance(Dated.base_fields["on"].widget, forms.DateInput)
