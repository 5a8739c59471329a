"""The programme and performance API: risks, indicators and values, boards and meetings, NI35
assessments and dashboard figures, with the pages' access rules."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine

from preventplan.dashboards import rollup
from preventplan.performance.models import IndicatorValue
from tests.factories import make_meeting_action, make_risk, start_ni35
from tests.world import World

TODAY = date(2026, 11, 29)


def test_risks_are_scoped(world: World, api: Any) -> None:
    """Force A's readers list the A1 risk with its scores; the other force sees none and gets
    404 for it."""
    risk = make_risk(world)
    items = api("force_lead").get("/api/v1/risks").json()["items"]
    assert [(r["reference"], r["residual_score"], r["band"]) for r in items] == [
        ("R-001", 12, "High")
    ]
    assert api("other_force_lead").get("/api/v1/risks").json()["count"] == 0
    assert api("other_force_lead").get(f"/api/v1/risks/{risk.pk}").status_code == 404
    assert api("action_owner").get(f"/api/v1/risks/{risk.pk}").json()["owner"] == (
        "action_owner@test.example"
    )


@time_machine.travel(TODAY, tick=False)
def test_indicator_values_through_the_api(world: World, api: Any) -> None:
    """The BCU lead enters a value; the same value again is 409; a bad percentage is 422; a
    reader who does not run the BCU gets 403; outsiders get 404; the values list shows it."""
    url = "/api/v1/indicators/PV-02/values"
    body = {"organisation_id": world.orgs["bcu_a1"].pk, "period_start": "2026-10-01", "value": "61"}
    lead = api("bcu_lead")
    created = lead.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["value"] == "61.00"
    assert lead.post(url, body, content_type="application/json").status_code == 409
    bad = lead.post(url, {**body, "value": "140"}, content_type="application/json")
    assert bad.status_code == 422 and "between 0 and 100" in bad.json()["detail"]
    assert api("force_lead").post(url, body, content_type="application/json").status_code == 403
    assert (
        api("other_force_lead").post(url, body, content_type="application/json").status_code == 404
    )
    listed = api("force_lead").get(url, {"organisation_id": world.orgs["bcu_a1"].pk}).json()
    assert [v["period_start"] for v in listed["items"]] == ["2026-10-01"]
    assert IndicatorValue.objects.count() == 1
    catalogue = api("partner_user").get("/api/v1/indicators").json()
    assert [i["code"] for i in catalogue["items"]] == [
        "PV-01",
        "PV-02",
        "PV-03",
        "PV-04",
        "PV-05",
        "PV-06",
        "PV-07",
    ]


def test_boards_meetings_and_ni35(world: World, api: Any) -> None:
    """Meetings come with their actions; NI35 assessments with their strands; both scoped."""
    action = make_meeting_action(world)
    board_id = action.meeting.board_id
    meetings = api("bcu_lead").get(f"/api/v1/boards/{board_id}/meetings").json()["items"]
    assert [[a["owner"] for a in m["actions"]] for m in meetings] == [["action_owner@test.example"]]
    assert api("other_force_lead").get(f"/api/v1/boards/{board_id}/meetings").status_code == 404
    assessment = start_ni35(world)
    got = api("partner_user").get(f"/api/v1/ni35-assessments/{assessment.pk}").json()
    assert [s["strand"] for s in got["strands"]] == [1, 2, 3, 4] and got["provisional"] is True
    assert api("other_force_lead").get("/api/v1/ni35-assessments").json()["count"] == 0


@time_machine.travel(TODAY, tick=False)
def test_dashboard_figures_match_the_page(world: World, api: Any) -> None:
    """The API's dashboard figures are the page's; a BCU lead cannot read the force's."""
    force = world.orgs["force_a"]
    body = api("force_lead").get(f"/api/v1/dashboards/{force.pk}").json()
    assert body == rollup.build(force, TODAY).as_dict() | {"as_of": "2026-11-29"}
    assert api("bcu_lead").get(f"/api/v1/dashboards/{force.pk}").status_code == 404
