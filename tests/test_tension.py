"""Weekly community tension (EEP): BCU returns with versions, deadlines around midnight and the
clock changes, the force assessment and its NCTT export, critical incidents notified at once,
trends, and partners seeing only what is shared under a protocol in force."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.lib import charts
from preventplan.sharing.models import LegalBasis, Protocol, ProtocolStatus
from preventplan.tension import actions
from preventplan.tension.models import (
    BcuReturn,
    CriticalIncident,
    ForceAssessment,
    IndicatorType,
    ReturnStatus,
    TensionLevel,
    TensionSettings,
)
from tests.factories import WEEK, api_client, needs_pdf, text_of
from tests.factories import tension_form_data as form_data
from tests.factories import tension_url as url
from tests.world import World

DUE = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # Wednesday 12:00 GMT


def complete(w: World, bcu: str = "bcu_a1", week: date = WEEK, level: int = 3) -> BcuReturn:
    """A return filled in and submitted through the domain functions."""
    lead = w.users["bcu_lead"]
    ret = actions.start(lead, BcuReturn, w.orgs[bcu], week)
    lv = TensionLevel.objects.get(position=level)
    ret.experienced, ret.evidential, ret.potential = "Calm", "Rumours online", "March planned"
    ret.experienced_level = ret.evidential_level = ret.potential_level = ret.overall_level = lv
    ret.trend = "stable"
    actions.save_draft(
        lead, ret, ret.version, counts={IndicatorType.objects.get(code="protests"): 2}
    )
    actions.submit(lead, ret)
    return ret


@time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False)
def test_bcu_lead_completes_and_submits_a_return(world: World, client_for: Any) -> None:
    """Start, fill in the three sections with counts and levels, submit; it is on time; it can
    no longer be edited, only corrected, which makes version 2 and keeps version 1."""
    client = client_for("bcu_lead")
    bcu = world.orgs["bcu_a1"]
    assert client.post(url("bcu-start", bcu), {}).status_code == 302
    ret = BcuReturn.objects.get()
    assert client.post(url("bcu-edit", bcu), form_data(world, ret)).status_code == 302
    ret.refresh_from_db()
    assert ret.overall_level is not None and ret.overall_level.position == 2
    assert ret.trend == "rising"
    assert {c.indicator.code: c.count for c in ret.counts.all()}["hate-crimes"] == 3
    assert client.post(url("bcu-submit", bcu)).status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED and not ret.is_late(
        TensionSettings.current().due_at(WEEK)
    )
    # Submitted: editing is refused and changes nothing.
    client.post(url("bcu-edit", bcu), form_data(world, ret, experienced="Changed"))
    ret.refresh_from_db()
    assert ret.experienced == "Two incidents near the market"
    assert client.post(url("bcu-correct", bcu)).status_code == 302
    versions = list(BcuReturn.objects.order_by("number"))
    assert [(v.number, v.status) for v in versions] == [(1, "submitted"), (2, "draft")]
    assert versions[1].counts.count() == versions[0].counts.count()
    assert AuditEvent.objects.filter(event="bcureturn.correction-started").count() == 1


@time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False)
def test_personal_data_and_missing_levels_are_refused(world: World, client_for: Any) -> None:
    """A postcode, a phone number or an e-mail address in a narrative is refused; submitting
    without levels says what is missing; nothing changes."""
    client = client_for("bcu_lead")
    bcu = world.orgs["bcu_a1"]
    client.post(url("bcu-start", bcu), {})
    ret = BcuReturn.objects.get()
    response = client.post(
        url("bcu-edit", bcu),
        form_data(world, ret, experienced="Incident at NM1 4AB", evidential="Call 07700 900123"),
    )
    body = response.content.decode()
    assert "a postcode" in body and "a telephone number" in body
    ret.refresh_from_db()
    assert ret.experienced == ""
    client.post(url("bcu-submit", bcu))
    assert BcuReturn.objects.get().status == ReturnStatus.DRAFT


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        (datetime(2026, 11, 25, 11, 59, tzinfo=UTC), False),
        (datetime(2026, 11, 25, 12, 1, tzinfo=UTC), True),
        # British Summer Time: 12:00 on Wednesday 1 April 2026 is 11:00 UTC.
        (datetime(2026, 4, 1, 10, 59, tzinfo=UTC), False),
        (datetime(2026, 4, 1, 11, 1, tzinfo=UTC), True),
        # The week the clocks go back (25 October 2026): due 12:00 GMT on 28 October.
        (datetime(2026, 10, 28, 11, 59, tzinfo=UTC), False),
        (datetime(2026, 10, 28, 12, 1, tzinfo=UTC), True),
    ],
)
def test_deadline_in_uk_time(world: World, submitted: datetime, late: bool) -> None:
    """Lateness is judged against the due time in UK time, summer or winter."""
    week = submitted.date() - timedelta(days=submitted.weekday())
    with time_machine.travel(submitted, tick=False):
        ret = complete(world, week=week)
    assert ret.is_late(TensionSettings.current().due_at(week)) is late


def test_deadline_around_midnight(world: World) -> None:
    """With returns due at midnight at the start of Thursday, 23:59 on Wednesday is on time and
    00:01 on Thursday (BST, so 23:01 UTC) is late."""
    settings_row = TensionSettings.current()
    settings_row.due_weekday, settings_row.due_time = 3, time(0, 0)
    settings_row.save()
    week = date(2026, 6, 1)
    assert settings_row.due_at(week) == datetime(2026, 6, 3, 23, 0, tzinfo=UTC)
    with time_machine.travel(datetime(2026, 6, 3, 22, 59, tzinfo=UTC), tick=False):
        on_time = complete(world, week=week)
    with time_machine.travel(datetime(2026, 6, 3, 23, 1, tzinfo=UTC), tick=False):
        late = complete(world, "bcu_a2", week=week)
    due = settings_row.due_at(week)
    assert (on_time.is_late(due), late.is_late(due)) == (False, True)


def test_force_assessment_has_its_own_deadline(world: World, client_for: Any) -> None:
    """BCU returns are due on Wednesday at 12:00 and the force assessment, compiled from them, on
    Thursday at 12:00: submitted on Wednesday evening it is on time, on Thursday afternoon late;
    the tension page states both deadlines."""
    settings_row = TensionSettings.current()
    assert (settings_row.bcu_due, settings_row.force_due) == (
        "Wednesday at 12:00",
        "Thursday at 12:00",
    )
    force = world.orgs["force_a"]
    level = TensionLevel.objects.get(position=3).pk

    def submit_force_assessment(at: datetime) -> Any:
        with time_machine.travel(at, tick=False):
            client = client_for("force_lead")  # signed in now: sessions time out
            if not ForceAssessment.objects.exists():
                client.post(url("force-start", force), {})
            else:
                client.post(url("force-correct", force))
            draft = ForceAssessment.objects.order_by("-number").first()
            assert draft is not None
            client.post(
                url("force-edit", force),
                {"narrative": "Calm", "overall_level": level, "version": draft.version},
            )
            client.post(url("force-submit", force))
            page = client.get(url("force-week", force))
            assert page.status_code == 200, page
            return page.context["status"]

    wednesday_evening = submit_force_assessment(datetime(2026, 11, 25, 18, 0, tzinfo=UTC))
    assert wednesday_evening.state == "On time"
    thursday_afternoon = submit_force_assessment(datetime(2026, 11, 26, 13, 0, tzinfo=UTC))
    assert thursday_afternoon.state == "Late"
    submitted = AuditEvent.objects.filter(event="forceassessment.submitted").order_by("pk")
    assert [e.details["late"] for e in submitted] == [False, True]
    with time_machine.travel(datetime(2026, 11, 26, 13, 0, tzinfo=UTC), tick=False):
        index = client_for("force_lead").get(reverse("tension:index")).content.decode()
    assert "due by Wednesday at 12:00" in index and "force assessment by Thursday at 12:00" in index


@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
def test_prefill_from_last_week(world: World, client_for: Any) -> None:
    """Asked to, a new return starts from last week's narratives and levels."""
    with time_machine.travel(datetime(2026, 11, 18, 9, 0, tzinfo=UTC), tick=False):
        complete(world, week=WEEK - timedelta(days=7), level=4)
    client_for("bcu_lead").post(url("bcu-start", world.orgs["bcu_a1"]), {"prefill": "on"})
    ret = actions.latest(BcuReturn, world.orgs["bcu_a1"], WEEK)
    assert ret is not None and ret.potential == "March planned"
    assert ret.overall_level is not None and ret.overall_level.position == 4
    assert ret.trend == "stable"
    assert {c.indicator.code: c.count for c in ret.counts.all()} == {"protests": 2}
    assert ret.is_draft


@time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False)
def test_counted_events_must_be_listed(world: World, client_for: Any) -> None:
    """A return that counts planned events but lists none is not submitted: the error says to
    list them or change the count. Listed, it goes in."""
    client = client_for("bcu_lead")
    bcu = world.orgs["bcu_a1"]
    client.post(url("bcu-start", bcu), {})
    ret = BcuReturn.objects.get()
    client.post(url("bcu-edit", bcu), form_data(world, ret, **{"count_planned-events": "1"}))
    response = client.post(url("bcu-submit", bcu), follow=True)
    ret.refresh_from_db()
    assert ret.is_draft
    assert (
        "You counted 1 planned marches, protests or significant events: list it under upcoming "
        "events, or change the count" in response.content.decode()
    )
    client.post(
        url("event-add", bcu),
        {"title": "March through the centre", "starts_on": "28 11 2026", "area": "Centre"},
    )
    assert ret.events.count() == 1
    client.post(url("bcu-submit", bcu))
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED


@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
def test_force_week_names_missing_and_late_and_exports_for_nctt(
    world: World, client_for: Any
) -> None:
    """BCU A1 submitted late, A2 not at all: the force page says so; the force lead writes and
    submits the force assessment; the JSON and CSV for the NCTT carry every BCU's level."""
    with time_machine.travel(DUE + timedelta(hours=3), tick=False):
        complete(world, level=4)
    client = client_for("force_lead")
    force = world.orgs["force_a"]
    page = client.get(url("force-week", force))
    states = {b.name: s.state for b, r, s in page.context["returns"]}
    assert states == {"BCU A1": "Late", "BCU A2": "Missing"}
    assert "Missing: BCU A2" in page.content.decode()
    client.post(url("force-start", force), {})
    draft = ForceAssessment.objects.get()
    level = TensionLevel.objects.get(position=3).pk
    client.post(
        url("force-edit", force),
        {
            "narrative": "Raised in A1",
            "global_events": "x",
            "overall_level": level,
            "version": draft.version,
        },
    )
    assert client.post(url("force-submit", force)).status_code == 302
    assert ForceAssessment.objects.get().status == ReturnStatus.SUBMITTED
    data = json.loads(client.get(url("force-export", force, WEEK, "json")).content)
    assert data["force_assessment"]["overall_level"] == 3
    assert {r["bcu"]: r["overall_level"] for r in data["bcu_returns"]} == {
        "BCU A1": 4,
        "BCU A2": None,
    }
    csv_text = client.get(url("force-export", force, WEEK, "csv")).content.decode("utf-8-sig")
    assert "bcu,BCU A1,Late,1,4" in csv_text and "bcu,BCU A2,Missing" in csv_text
    assert AuditEvent.objects.filter(event="tension.nctt-export").count() == 2


@time_machine.travel(DUE + timedelta(hours=3), tick=False)
def test_nctt_exports_carry_the_action_taken_force_level_narrative_and_marking(
    world: World, client_for: Any
) -> None:
    """The BCU return records the action taken to mitigate risks (5.6); the JSON, CSV and PDF
    for the NCTT carry it and the force's; the CSV has a row for the force (level, narrative)
    and the marking on every row."""
    bcu = world.orgs["bcu_a1"]
    lead = client_for("bcu_lead")
    lead.post(url("bcu-start", bcu), {})
    ret = BcuReturn.objects.get()
    lead.post(
        url("bcu-edit", bcu), form_data(world, ret, actions_taken="Extra patrols at the market")
    )
    ret.refresh_from_db()
    assert ret.actions_taken == "Extra patrols at the market"
    assert "Extra patrols at the market" in lead.get(url("bcu-week", bcu)).content.decode()
    client = client_for("force_lead")
    force = world.orgs["force_a"]
    client.post(url("force-start", force), {})
    draft = ForceAssessment.objects.get()
    client.post(
        url("force-edit", force),
        {
            "narrative": "Raised in A1",
            "actions_taken": "Mutual aid on standby",
            "overall_level": TensionLevel.objects.get(position=3).pk,
            "version": draft.version,
        },
    )
    data = json.loads(client.get(url("force-export", force, WEEK, "json")).content)
    assert data["force_assessment"]["actions_taken"] == "Mutual aid on standby"
    assert {r["bcu"]: r["actions_taken"] for r in data["bcu_returns"]}["BCU A1"] == (
        "Extra patrols at the market"
    )
    csv_text = client.get(url("force-export", force, WEEK, "csv")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [(r["level"], r["unit"]) for r in rows] == [
        ("force", "Force A"),
        ("bcu", "BCU A1"),
        ("bcu", "BCU A2"),
    ]
    assert {r["marking"] for r in rows} == {"OFFICIAL-SENSITIVE"}
    assert (rows[0]["overall_level"], rows[0]["narrative"]) == ("3", "Raised in A1")
    assert rows[0]["actions_taken"] == "Mutual aid on standby"
    assert rows[1]["actions_taken"] == "Extra patrols at the market"


@time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=UTC), tick=False)
def test_sending_the_force_assessment_without_bcu_returns_warns(
    world: World, client_for: Any
) -> None:
    """The confirmation before sending names the BCU returns not submitted; with every return
    in, there is no such warning."""
    client = client_for("force_lead")
    force = world.orgs["force_a"]
    client.post(url("force-start", force), {})
    confirm = client.get(url("force-submit", force)).content.decode()
    assert "2 of 2 BCU returns are not submitted (BCU A1, BCU A2)" in confirm
    complete(world)
    confirm = client.get(url("force-submit", force)).content.decode()
    assert "1 of 2 BCU returns is not submitted (BCU A2)" in confirm
    complete(world, "bcu_a2")
    assert "not submitted" not in client.get(url("force-submit", force)).content.decode()


@needs_pdf
@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
def test_nctt_pdf(world: World, client_for: Any) -> None:
    """The PDF for the NCTT lists every BCU with its level and carries the marking."""
    complete(world, level=5)
    pdf = client_for("force_lead").get(url("force-export", world.orgs["force_a"], WEEK, "pdf"))
    text = text_of(pdf.content)
    assert "OFFICIAL-SENSITIVE" in text and "BCU A1" in text and "BCU A2" in text
    assert "Action taken" in text


@time_machine.travel(datetime(2026, 11, 29, 21, 30, tzinfo=UTC), tick=False)
def test_critical_incident_is_notified_at_once(world: World, client_for: Any) -> None:
    """The BCU lead records an incident: the NCTT and the force lead are e-mailed in the same
    request; it shows on the force's weekly page."""
    settings_row = TensionSettings.current()
    settings_row.nctt_email = "nctt@nctt.example"
    settings_row.save()
    response = client_for("bcu_lead").post(
        reverse("tension:incident-create"),
        {
            "force": world.orgs["force_a"].pk,
            "bcu": world.orgs["bcu_a1"].pk,
            "occurred_on": "29 11 2026",
            "occurred_time": "21:05",
            "area": "Market square",
            "summary": "Disorder after a demonstration; dispersed.",
        },
    )
    incident = CriticalIncident.objects.get()
    assert response["Location"] == reverse("tension:incident-detail", args=[incident.pk])
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"nctt@nctt.example", "force_lead@test.example"}
    assert incident.notified_at == datetime(2026, 11, 29, 21, 30, tzinfo=UTC)
    page = client_for("force_lead").get(url("force-week", world.orgs["force_a"]))
    assert list(page.context["incidents"]) == [incident]
    future = client_for("bcu_lead").post(
        reverse("tension:incident-create"),
        {
            "force": world.orgs["force_a"].pk,
            "bcu": world.orgs["bcu_a1"].pk,
            "occurred_on": "30 11 2026",
            "occurred_time": "09:00",
            "area": "x",
            "summary": "y",
        },
    )
    assert "cannot be in the future" in future.content.decode()


INCIDENT = {
    "occurred_on": "29 11 2026",
    "occurred_time": "21:05",
    "area": "Market square",
    "summary": "Disorder after a demonstration; dispersed.",
}


@time_machine.travel(datetime(2026, 11, 29, 21, 30, tzinfo=UTC), tick=False)
def test_incident_email_is_a_marked_notice_with_a_link(world: World, client_for: Any) -> None:
    """The e-mail says that an incident was recorded and links to it, marked at the top and the
    foot; the area and summary (OFFICIAL-SENSITIVE) are never in it."""
    client_for("bcu_lead").post(
        reverse("tension:incident-create"),
        {"force": world.orgs["force_a"].pk, "bcu": world.orgs["bcu_a1"].pk, **INCIDENT},
    )
    incident = CriticalIncident.objects.get()
    (sent,) = mail.outbox
    for text in (sent.subject, sent.body):
        assert "Market square" not in text and "demonstration" not in text
        assert "BCU A1" not in text
    assert sent.subject.startswith("OFFICIAL: ")
    lines = sent.body.strip().splitlines()
    assert lines[0] == lines[-1] == "OFFICIAL"
    link = reverse("tension:incident-detail", args=[incident.pk])
    assert f"{settings.SITE_URL}{link}" in sent.body, sent.body


@time_machine.travel(datetime(2026, 11, 29, 21, 30, tzinfo=UTC), tick=False)
def test_bcu_lead_records_incidents_only_in_their_own_bcu(world: World, client_for: Any) -> None:
    """A BCU lead cannot record an incident against another BCU of the force, nor force-wide:
    the form says so and nothing is recorded or sent. Their own BCU is chosen already."""
    lead = client_for("bcu_lead")
    force = world.orgs["force_a"].pk
    for bcu in (world.orgs["bcu_a2"].pk, ""):
        response = lead.post(
            reverse("tension:incident-create"), {"force": force, "bcu": bcu, **INCIDENT}
        )
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert (
        "Choose a BCU you lead"
        in lead.post(
            reverse("tension:incident-create"),
            {"force": force, "bcu": world.orgs["bcu_a2"].pk, **INCIDENT},
        ).content.decode()
    )
    assert not CriticalIncident.objects.exists() and mail.outbox == []
    form = lead.get(reverse("tension:incident-create")).context["form"]
    assert list(form.fields["bcu"].queryset) == [world.orgs["bcu_a1"]]
    assert form["bcu"].initial == world.orgs["bcu_a1"].pk
    other = client_for("force_lead").post(
        reverse("tension:incident-create"),
        {"force": force, "bcu": world.orgs["bcu_a2"].pk, **INCIDENT},
    )
    assert other.status_code == 302  # the force lead records against any BCU of the force
    wide = client_for("force_lead").post(
        reverse("tension:incident-create"), {"force": force, "bcu": "", **INCIDENT}
    )
    assert wide.status_code == 302  # …or force-wide


@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
def test_partner_sees_only_shared_sections_under_a_protocol(world: World, client_for: Any) -> None:
    """The BCU shares Experienced with the A1 forum: the partner user sees that section (and
    the viewing is recorded) but not Evidential; after the protocol lapses, nothing."""
    protocol = Protocol.objects.create(
        reference="ISP-T",
        title="Tension sharing",
        owner=world.orgs["force_a"],
        scope="Tension indicators",
        legal_basis=LegalBasis.CDA_S115,
        categories="tension",
        signed_on=date(2026, 1, 1),
        review_on=date(2026, 12, 31),
        status=ProtocolStatus.SIGNED,
    )
    protocol.partnerships.set([world.partnership])
    ret = complete(world)
    BcuReturn.objects.filter(pk=ret.pk).update(share_sections="experienced")
    ret.shared_with.set([world.partnership])
    page = client_for("partner_user").get(reverse("tension:shared"))
    body = page.content.decode()
    assert "Calm" in body and "Rumours online" not in body
    assert (
        AuditEvent.objects.filter(event="bcureturn.consulted-shared", record_id=str(ret.pk)).count()
        == 1
    )
    assert client_for("partner_user").get(url("bcu-week", world.orgs["bcu_a1"])).status_code == 404
    with time_machine.travel(datetime(2027, 1, 2, 10, 0, tzinfo=UTC), tick=False):
        after = client_for("partner_user").get(reverse("tension:shared"))
    assert "Calm" not in after.content.decode()


@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
def test_trends_heat_table(world: World, client_for: Any) -> None:
    """The heat table has each BCU's submitted level in the right week."""
    with time_machine.travel(datetime(2026, 11, 17, 10, 0, tzinfo=UTC), tick=False):
        complete(world, week=WEEK - timedelta(days=7), level=2)
    complete(world, level=5)
    CriticalIncident.objects.create(
        force=world.orgs["force_a"],
        occurred_at=datetime(2026, 11, 26, 20, 0, tzinfo=UTC),
        area="Centre",
        summary="Disorder",
    )
    page = client_for("force_lead").get(reverse("tension:trends", args=[world.orgs["force_a"].pk]))
    rows = {r["bcu"].name: r["cells"] for r in page.context["heat"]}
    assert rows["BCU A1"][-2:] == [2, 5] and rows["BCU A2"][-1] is None
    assert page.context["incident_counts"][-2:] == [0, 1]  # on the timeline, in its week
    assert 'role="img"' in page.content.decode()


def test_csv_export_neutralises_formulas(world: World, client_for: Any) -> None:
    """A BCU named like a formula cannot run as one in a spreadsheet."""
    with time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False):
        world.orgs["bcu_a2"].name = "=HYPERLINK(1)"
        world.orgs["bcu_a2"].save()
        csv_text = (
            client_for("force_lead")
            .get(url("force-export", world.orgs["force_a"], WEEK, "csv"))
            .content.decode("utf-8-sig")
        )
    assert "'=HYPERLINK(1)" in csv_text
    assert io.StringIO(csv_text).readline().startswith("marking,level,unit,")


@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
def test_tension_api_is_scoped(world: World) -> None:
    """The API lists returns to their readers only, with levels and counts."""
    complete(world, level=4)

    def get(persona: str, **params: Any) -> Any:
        return api_client(world, persona).get("/api/v1/tension-assessments", params).json()

    items = get("force_lead")["items"]
    assert [(i["organisation"], i["overall_level"], i["counts"]["protests"]) for i in items] == [
        ("BCU A1", 4, 2)
    ]
    assert get("other_force_lead")["count"] == 0
    assert get("partner_user")["count"] == 0
    assert get("force_lead", kind="force")["count"] == 0


@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
def test_api_shows_partners_the_returns_the_pages_show(world: World, client_for: Any) -> None:
    """A return shared with the partner's forum under a protocol in force is in the API as on
    the shared page, with only the shared section's level and counts; each reading is recorded;
    when the protocol lapses, it goes from both."""
    protocol = Protocol.objects.create(
        reference="ISP-T",
        title="Tension sharing",
        owner=world.orgs["force_a"],
        scope="Tension indicators",
        legal_basis=LegalBasis.CDA_S115,
        categories="tension",
        signed_on=date(2026, 1, 1),
        review_on=date(2026, 12, 31),
        status=ProtocolStatus.SIGNED,
    )
    protocol.partnerships.set([world.partnership])
    ret = complete(world, level=4)
    BcuReturn.objects.filter(pk=ret.pk).update(share_sections="experienced")
    ret.shared_with.set([world.partnership])
    page = client_for("partner_user").get(reverse("tension:shared"))
    api = api_client(world, "partner_user").get("/api/v1/tension-assessments").json()
    assert [i["id"] for i in api["items"]] == [i["ret"].pk for i in page.context["items"]]
    (item,) = api["items"]
    assert item["experienced_level"] == 4 and item["shared_sections"] == ["experienced"]
    assert item["overall_level"] is None and item["evidential_level"] is None
    assert item["counts"] == {"protests": 2} and item["trend"] == ""
    events = AuditEvent.objects.filter(event="bcureturn.consulted-shared", record_id=str(ret.pk))
    assert events.count() == 2  # the page, then the API
    lead = api_client(world, "force_lead").get("/api/v1/tension-assessments").json()
    assert lead["items"][0]["shared_sections"] is None
    assert lead["items"][0]["overall_level"] == 4
    with time_machine.travel(datetime(2027, 1, 2, 10, 0, tzinfo=UTC), tick=False):
        lapsed = api_client(world, "partner_user").get("/api/v1/tension-assessments").json()
    assert lapsed["count"] == 0


def test_force_week_query_count_does_not_grow_with_bcus(world: World, client_for: Any) -> None:
    """The force's weekly page makes as many queries with one BCU return as with two."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("force_lead")
    page = url("force-week", world.orgs["force_a"])
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False):
        complete(world)
        client.get(page)
        with CaptureQueriesContext(connection) as one:
            client.get(page)
        complete(world, "bcu_a2")
        with CaptureQueriesContext(connection) as two:
            client.get(page)
    assert len(two) == len(one)


def test_home_page_shows_this_weeks_return(world: World, client_for: Any) -> None:
    """The BCU lead's home page says whether this week's return is in: missing after the
    deadline, on time once submitted; the force lead's says the same of the force assessment."""
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=UTC), tick=False):
        home = client_for("bcu_lead").get(reverse("core:home"))
        assert [t["status"].state for t in home.context["tension"]] == ["Missing"]
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False):
        complete(world)
        home = client_for("bcu_lead").get(reverse("core:home"))
    assert [t["status"].state for t in home.context["tension"]] == ["On time"]
    # The force lead sees the force assessment, due a day later: not started on Thursday
    # morning, missing once Thursday noon has passed.
    for at, state in [
        (datetime(2026, 11, 26, 9, 0, tzinfo=UTC), "Not started"),
        (datetime(2026, 11, 26, 13, 0, tzinfo=UTC), "Missing"),
    ]:
        with time_machine.travel(at, tick=False):  # the state is judged against the time now
            home = client_for("force_lead").get(reverse("core:home"))
            rows = [(t["unit"].name, t["noun"], t["status"].state) for t in home.context["tension"]]
        assert rows == [("Force A", "force tension assessment", state)]
        assert "Force A: this week's force tension assessment" in home.content.decode()


@time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False)
def test_events_and_partner_contributions_on_a_draft_only(world: World, client_for: Any) -> None:
    """An upcoming event (area, not address) and a partner's contribution join the draft and show
    on it, the contribution credited to the partner; an address is refused; once submitted,
    nothing more can be added."""
    client = client_for("bcu_lead")
    bcu = world.orgs["bcu_a1"]
    client.post(url("bcu-start", bcu), {})
    refused = client.post(
        url("event-add", bcu), {"title": "March", "starts_on": "5 12 2026", "area": "NM1 4AB"}
    )
    assert "a postcode" in refused.content.decode()
    client.post(
        url("event-add", bcu), {"title": "March", "starts_on": "5 12 2026", "area": "Centre"}
    )
    client.post(
        url("contribution-add", bcu),
        {"partner": world.orgs["la"].pk, "section": "evidential", "summary": "Talk among pupils"},
    )
    page = client.get(url("bcu-week", bcu)).content.decode()
    assert "March" in page and "From Local Authority L:" in page and "Talk among pupils" in page
    ret = BcuReturn.objects.get()
    BcuReturn.objects.filter(pk=ret.pk).update(status=ReturnStatus.SUBMITTED)
    client.post(url("event-add", bcu), {"title": "Late one", "starts_on": "6 12 2026", "area": "X"})
    assert ret.events.count() == 1


@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
def test_nctt_pdf_unavailable_is_explained(world: World, client_for: Any) -> None:
    """Without the Pango library the NCTT PDF says so and points to CSV and JSON, and no
    export is recorded (nothing left the system)."""
    from unittest import mock

    with mock.patch(
        "preventplan.lib.pdf.html_to_pdf", side_effect=OSError("cannot load library 'libpango'")
    ):
        response = client_for("force_lead").get(
            url("force-export", world.orgs["force_a"], WEEK, "pdf")
        )
    assert response.status_code == 503
    assert "Download the CSV or JSON file instead" in response.content.decode()
    assert not AuditEvent.objects.filter(event="tension.nctt-export").exists()


@time_machine.travel(datetime(2026, 11, 29, 21, 30, tzinfo=UTC), tick=False)
def test_incident_email_goes_in_each_recipients_language(world: World, client_for: Any) -> None:
    """A force lead who chose Welsh is sent the notice in a mail of their own (in Welsh); the
    NCTT's address, nobody's account, is sent it in the service's language. Both are marked."""
    settings_row = TensionSettings.current()
    settings_row.nctt_email = "nctt@nctt.example"
    settings_row.save()
    lead = world.users["force_lead"]
    lead.language = "cy"
    lead.save()
    client_for("bcu_lead").post(
        reverse("tension:incident-create"),
        {"force": world.orgs["force_a"].pk, "bcu": world.orgs["bcu_a1"].pk, **INCIDENT},
    )
    assert sorted(m.to for m in mail.outbox) == [["force_lead@test.example"], ["nctt@nctt.example"]]
    for sent in mail.outbox:
        lines = sent.body.strip().splitlines()
        assert sent.subject.startswith("OFFICIAL: ") and lines[0] == lines[-1] == "OFFICIAL"
    (english,) = [m for m in mail.outbox if m.to == ["nctt@nctt.example"]]
    assert english.subject == "OFFICIAL: critical incident recorded by Force A"
    assert set(CriticalIncident.objects.get().notified) == {
        "nctt@nctt.example",
        "force_lead@test.example",
    }


@time_machine.travel(DUE + timedelta(hours=3), tick=False)
def test_nctt_files_stay_english_for_a_welsh_reader(world: World, client_for: Any) -> None:
    """The NCTT's CSV and JSON are read by its systems: English whatever the reader's language."""
    complete(world)
    client = client_for("force_lead")
    client.post(reverse("core:language"), {"language": "cy", "next": "/"})
    force = world.orgs["force_a"]
    csv_text = client.get(url("force-export", force, WEEK, "csv")).content.decode("utf-8-sig")
    assert "force,Force A,Not started" in csv_text
    assert "bcu,BCU A1,Late" in csv_text and "bcu,BCU A2,Missing" in csv_text


def chart_points(svg: str, colour: str) -> list[list[tuple[float, float]]]:
    """The unbroken stretches of a chart's line in ``colour``, as (x, y) points; a lone dot is a
    stretch of one point."""
    runs = [
        [tuple(float(n) for n in p.split(",")) for p in points.split()]
        for points in re.findall(rf'<polyline points="([^"]*)"[^>]*stroke="{colour}"', svg)
    ]
    runs += [
        [(float(x), float(y))]
        for x, y in re.findall(rf'<circle cx="([\d.]+)" cy="([\d.]+)" r="4" fill="{colour}"', svg)
    ]
    return sorted(runs)  # type: ignore[arg-type]


def axis(svg: str) -> dict[str, float]:
    """The y-axis: each tick's label and the height it is drawn at."""
    return {
        label: float(y) - 4
        for y, label in re.findall(
            r'<text x="42.0" y="([\d.]+)"[^>]*text-anchor="end"[^>]*>(\d+)<', svg
        )
    }


@time_machine.travel(datetime(2026, 11, 29, 10, 0, tzinfo=UTC), tick=False)
@pytest.mark.parametrize("page", ["bcu-history", "trends"])
def test_a_missing_week_is_a_gap_in_the_tension_chart(
    world: World, client_for: Any, page: str
) -> None:
    """BCU A1 returned levels 2 and 3 three and two weeks ago, nothing last week, 5 this week:
    the line runs over the first two, breaks, and this week is a dot; nothing is drawn at 0,
    which is not on the scale; the axis shows the levels 1 to 6; the table says "Missing"."""
    for weeks_ago, level in ((3, 2), (2, 3), (0, 5)):
        with time_machine.travel(datetime(2026, 11, 29 - 7 * weeks_ago, 10, 0, tzinfo=UTC)):
            complete(world, week=WEEK - timedelta(days=7 * weeks_ago), level=level)
    if page == "trends":
        response = client_for("force_lead").get(
            reverse("tension:trends", args=[world.orgs["force_a"].pk])
        )
    else:
        response = client_for("bcu_lead").get(
            reverse("tension:bcu-history", args=[world.orgs["bcu_a1"].pk])
        )
    svg = str(response.context["chart"])
    ticks = axis(svg)
    assert list(ticks) == ["1", "2", "3", "4", "5", "6"]
    runs = chart_points(svg, "#1d70b8")  # BCU A1's line (the first BCU's colour on trends)
    assert [[ticks_of(ticks, y) for _x, y in run] for run in runs] == [["2", "3"], ["5"]]
    last_week_x = runs[0][-1][0] + (runs[0][-1][0] - runs[0][0][0])
    assert all(x != last_week_x for run in runs for x, _y in run)  # nothing for last week
    assert "Missing" in response.content.decode()


def ticks_of(ticks: dict[str, float], y: float) -> str:
    """The level drawn at height ``y`` ("0" below the scale: the defect)."""
    return next((label for label, at in ticks.items() if abs(at - y) < 0.2), "off the scale")


def test_the_force_line_is_drawn_dashed_over_its_bcus_lines() -> None:
    """Where the force's level is a BCU's, the force's line (first in the legend) is drawn last
    and dashed, so that neither line hides the other."""
    svg = str(
        charts.line_chart(
            ["2 Nov", "9 Nov"],
            [("Force", "#0b0c0c", [3, 3]), ("BCU A1", "#1d70b8", [3, 3])],
            "Levels",
            levels=[1, 2, 3, 4, 5, 6],
            overlay=0,
        )
    )
    lines = re.findall(r"<polyline [^>]*>", svg)
    assert len(lines) == 2
    assert 'stroke="#1d70b8"' in lines[0] and "stroke-dasharray" not in lines[0]
    assert 'stroke="#0b0c0c"' in lines[1] and "stroke-dasharray" in lines[1]
