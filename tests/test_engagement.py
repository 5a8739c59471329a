"""The engagement registers of issue 15: engagement events and KIN/IAG networks (activities 1.2,
1.3, 2.1, 4.2, 4.4, ¶16), communications (5.5, 7.1, 7.3–7.5), local projects (0.12, 6.8), posts
(0.1–0.3, 0.9, 0.10, 2.4), training coverage (2.5, 4.3) and education coverage (2.5)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.engagement.models import (
    Communication,
    Engagement,
    Network,
    Post,
    Project,
    Training,
)
from preventplan.performance.models import Indicator, IndicatorValue
from tests.factories import (
    make_benefit,
    make_communication,
    make_engagement,
    make_network,
    make_post,
    make_project,
    make_training,
)
from tests.world import World

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def engagement_post(w: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": w.orgs["bcu_a1"].pk,
        "kind": "womens-forum",
        "title": "Women’s forum: November",
        "held_on": "12 11 2026",
        "area": "Riverside ward",
        "partners": [w.orgs["la"].pk],
        "attendance": "23",
        "feedback_score": "5",
        "priorities": "Online safety for teenagers",
        "feedback": "",
        "owner": w.users["action_owner"].pk,
        "review_on": "12 12 2026",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return data | overrides


# -- engagement ----------------------------------------------------------------------------------
def test_lead_records_an_engagement_with_partners_and_counts(world: World, client_for: Any) -> None:
    """The BCU lead records a women's forum: it gets the next EN reference, its partner, its
    counts, and an audit event."""
    response = client_for("bcu_lead").post(
        reverse("engagement:engagement-create"), engagement_post(world)
    )
    assert response.status_code == 302, response.context["form"].errors
    event = Engagement.objects.get()
    assert event.reference == "EN-001"
    assert (event.attendance, event.feedback_score) == (23, 5)
    assert list(event.partners.all()) == [world.orgs["la"]]
    assert AuditEvent.objects.filter(event="engagement.added", record_id=str(event.pk)).exists()


def test_engagement_refuses_personal_data_and_partners_from_elsewhere(
    world: World, client_for: Any
) -> None:
    """A name in the priorities and a partner from another force are refused; nothing is saved."""
    response = client_for("bcu_lead").post(
        reverse("engagement:engagement-create"),
        engagement_post(
            world, priorities="Mrs Khan asked about patrols", partners=[world.orgs["partner_b"].pk]
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "priorities" in errors
    assert "partners" in errors
    assert not Engagement.objects.exists()


def test_engagement_in_the_future_or_linked_to_a_network_when_not_a_meeting_is_refused(
    world: World, client_for: Any
) -> None:
    """An engagement cannot be held tomorrow, and only a KIN or IAG meeting names a network."""
    network = make_network(world)
    response = client_for("bcu_lead").post(
        reverse("engagement:engagement-create"),
        engagement_post(world, held_on="30 11 2026", network=network.pk),
    )
    errors = response.context["form"].errors
    assert errors["held_on"] == ["The date held must be today or in the past"]
    assert errors["network"] == ["Only a KIN or IAG meeting is linked to a network"]


def test_engagement_list_summarises_by_kind_and_flags_feedback_overdue(
    world: World, client_for: Any
) -> None:
    """The list counts events and people by kind, averages the feedback score, and warns of
    open engagements whose feedback is overdue."""
    make_engagement(world)
    make_engagement(world, title="Second forum", attendance=12, feedback_score=2)
    make_engagement(world, title="Late feedback", kind="consultation", review_on=date(2026, 11, 1))
    response = client_for("force_lead").get(reverse("engagement:engagement-list"))
    summary = {row["kind"]: row for row in response.context["summary"]}
    assert summary["Youth forum"]["events"] == 2
    assert summary["Youth forum"]["people"] == 30
    assert summary["Youth forum"]["score"] == 3.0
    assert response.context["overdue_count"] == 1
    assert "1 open engagement has feedback overdue" in response.content.decode()


# -- networks ------------------------------------------------------------------------------------
def test_network_register_holds_aggregates_and_flags_refresh_overdue(
    world: World, client_for: Any
) -> None:
    """Networks are counts and a self-assessment; the list totals members, representative
    networks and those overdue for a refresh."""
    make_network(world)
    make_network(
        world,
        title="City IAG",
        kind="iag",
        members=11,
        representativeness="representative",
        mapped=True,
        review_on=date(2026, 10, 1),
    )
    response = client_for("bcu_lead").get(reverse("engagement:network-list"))
    totals = response.context["network_totals"]
    assert totals == {
        "networks": 2,
        "members": 35,
        "representative": 1,
        "mapped": 1,
        "refresh_overdue": 1,
    }
    assert "1 open network is overdue for a refresh" in response.content.decode()


def test_a_kin_meeting_names_its_network(world: World, client_for: Any) -> None:
    """A KIN meeting is linked to the network that met and shows it on its page."""
    network = make_network(world)
    response = client_for("bcu_lead").post(
        reverse("engagement:engagement-create"),
        engagement_post(world, kind="kin-iag", network=network.pk),
    )
    event = Engagement.objects.get()
    assert response.status_code == 302
    assert event.network == network
    page = client_for("bcu_lead").get(reverse("engagement:engagement-detail", args=[event.pk]))
    assert network.title in page.content.decode()
    assert list(Network.objects.get().engagements.all()) == [event]


# -- communications ------------------------------------------------------------------------------
def communication_post(w: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": w.orgs["bcu_a1"].pk,
        "kind": "media",
        "title": "Radio interview on the youth forum",
        "topic": "",
        "audience": "Listeners of local radio",
        "channel": "interview",
        "message": "Young people shape what Prevent does in the city",
        "on": "20 11 2026",
        "manipulation_risk": "high",
        "safeguards": "Agreed lines; interview recorded, not live",
        "signed_off_by": [w.orgs["la"].pk],
        "signed_off_on": "18 11 2026",
        "outcome": "",
        "owner": w.users["action_owner"].pk,
        "review_on": "20 2 2027",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return data | overrides


def test_lead_logs_a_media_engagement_with_partner_sign_off(world: World, client_for: Any) -> None:
    """A media engagement is logged with its audience, channel, risk, safeguards and the partner
    that signed it off."""
    response = client_for("bcu_lead").post(
        reverse("engagement:communication-create"), communication_post(world)
    )
    assert response.status_code == 302, response.context["form"].errors
    item = Communication.objects.get()
    assert item.reference == "CM-001"
    assert list(item.signed_off_by.all()) == [world.orgs["la"]]
    page = client_for("action_owner").get(
        reverse("engagement:communication-detail", args=[item.pk])
    )
    assert "Local Authority L" in page.content.decode()


def test_communication_rules(world: World, client_for: Any) -> None:
    """A high risk needs safeguards; a briefing needs a topic and only a briefing has one; a
    sign-off date needs the partners who signed off."""
    lead = client_for("bcu_lead")
    url = reverse("engagement:communication-create")
    errors = (
        lead.post(
            url, communication_post(world, safeguards="", topic="vulnerability", signed_off_by=[])
        )
        .context["form"]
        .errors
    )
    assert errors["safeguards"] == ["Say how the risk of manipulation will be reduced"]
    assert errors["topic"] == ["Only a police authority briefing has a briefing topic"]
    assert errors["signed_off_by"] == ["Select the partners who signed it off"]
    errors = lead.post(url, communication_post(world, kind="briefing")).context["form"].errors
    assert errors["topic"] == ["Select what the police authority was briefed on"]
    assert not Communication.objects.exists()


def test_briefings_filter_by_topic(world: World, client_for: Any) -> None:
    """The police authority briefings log is the list filtered to briefings on vulnerability."""
    make_communication(world)
    briefing = make_communication(
        world, title="Vulnerability briefing", kind="briefing", topic="vulnerability"
    )
    response = client_for("force_lead").get(
        reverse("engagement:communication-list"), {"kind": "briefing", "topic": "vulnerability"}
    )
    assert [r.pk for r in response.context["page"]] == [briefing.pk]


# -- local projects ------------------------------------------------------------------------------
def project_post(w: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": w.orgs["bcu_a1"].pk,
        "title": "Youth mentoring",
        "lead_partner": w.orgs["la"].pk,
        "funding_source": "pve",
        "amount": "12500",
        "starts_on": "1 5 2026",
        "ends_on": "31 3 2027",
        "outputs": "Forty young people mentored",
        "evaluation_document": "Council evaluation report, November 2026",
        "findings": "Mentored young people report more confidence to seek help",
        "evaluated_on": "10 11 2026",
        "benefits": [make_benefit(w).pk],
        "reported_on": "20 11 2026",
        "owner": w.users["action_owner"].pk,
        "review_on": "31 3 2027",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return data | overrides


def test_lead_records_an_evaluated_project_reported_to_the_authority(
    world: World, client_for: Any
) -> None:
    """A project is recorded with its funding, lead partner, evaluation, linked benefit and the
    date it was reported to the police authority."""
    response = client_for("bcu_lead").post(
        reverse("engagement:project-create"), project_post(world)
    )
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert project.reference == "LP-001"
    assert project.lead_partner == world.orgs["la"]
    assert [b.title for b in project.benefits.all()] == ["Partners confident to refer concerns"]
    assert project.reported_on == date(2026, 11, 20)


def test_project_evaluation_rules(world: World, client_for: Any) -> None:
    """Findings need an evaluation date; a project is reported after it is evaluated; the lead
    partner is a partner of the force area."""
    lead = client_for("bcu_lead")
    url = reverse("engagement:project-create")
    errors = (
        lead.post(
            url, project_post(world, evaluated_on="", lead_partner=world.orgs["partner_b"].pk)
        )
        .context["form"]
        .errors
    )
    assert errors["evaluated_on"] == ["Enter the date the project was evaluated"]
    assert errors["reported_on"] == ["A project is reported once it has been evaluated"]
    assert "lead_partner" in errors
    errors = lead.post(url, project_post(world, reported_on="1 11 2026")).context["form"].errors
    assert errors["reported_on"] == ["The date reported must be on or after the evaluation"]
    assert not Project.objects.exists()


def test_project_list_totals_funding_by_source(world: World, client_for: Any) -> None:
    """The list totals projects and amounts by funding source, with evaluations reported."""
    make_project(world)
    make_project(world, title="Second", amount=7500, evaluated_on=date(2026, 10, 1))
    make_project(world, title="CSR", funding_source="csr", amount=3000)
    response = client_for("oversight_reader").get(reverse("engagement:project-list"))
    funding = {row["funding_source"]: row for row in response.context["funding"]}
    assert funding["pve"]["n"] == 2
    assert funding["pve"]["amount"] == 20000
    assert funding["pve"]["evaluated"] == 1
    assert funding["csr"]["reported"] == 0


# -- posts ---------------------------------------------------------------------------------------
def post_post(w: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": w.orgs["bcu_a1"].pk,
        "kind": "bcu-lead",
        "owner": w.users["bcu_lead"].pk,
        "holder_name": "",
        "since": "1 4 2026",
        "review_on": "1 4 2027",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return data | overrides


def test_lead_records_a_post_titled_by_its_kind(world: World, client_for: Any) -> None:
    """A post is titled by its kind and held by a user of the organisation."""
    response = client_for("bcu_lead").post(reverse("engagement:post-create"), post_post(world))
    assert response.status_code == 302, response.context["form"].errors
    post = Post.objects.get()
    assert (post.reference, post.title, post.holder) == ("PO-001", "BCU Prevent lead", "Bcu Lead")


def test_post_rules(world: World, client_for: Any) -> None:
    """A post is held by a user or a name, not both, unless vacant; an ACPO lead is a force's
    post; a staff name passes the personal-data guard."""
    lead = client_for("bcu_lead")
    url = reverse("engagement:post-create")
    errors = lead.post(url, post_post(world, owner="", kind="acpo-lead")).context["form"].errors
    assert errors["owner"] == ["Choose the holder or enter their name, or say the post is vacant"]
    assert errors["kind"] == ["The ACPO strategic lead is a post of the force"]
    errors = lead.post(url, post_post(world, vacant="on")).context["form"].errors
    assert errors["vacant"] == ["A vacant post has no holder: remove the holder"]
    errors = (
        lead.post(url, post_post(world, owner="", holder_name="Mr Smith")).context["form"].errors
    )
    assert "holder_name" in errors
    assert not Post.objects.exists()


def test_partners_see_only_the_single_points_of_contact_of_their_area(
    world: World, client_for: Any
) -> None:
    """The local authority's partner user lists BCU A1's single point of contact, not its other
    posts; the other force's partners see none of them."""
    spoc = make_post(world)
    make_post(world, kind="ctio", title="CTIO")
    response = client_for("partner_user").get(reverse("engagement:post-list"))
    assert [p.pk for p in response.context["page"]] == [spoc.pk]
    assert world.users["action_owner"].email in response.content.decode()
    assert list(Post.objects.visible_to(world.users["other_force_lead"])) == []


def test_force_dashboard_flags_bcus_without_lead_deputy_or_with_vacancies(
    world: World, client_for: Any
) -> None:
    """The force dashboard lists, for the force and each BCU, the posts missing or vacant."""
    make_post(world, kind="bcu-lead", owner=world.users["bcu_lead"])
    make_post(
        world, kind="ctio", owner=None, vacant=True, since=None, vacant_since=date(2026, 9, 7)
    )
    make_post(world, kind="engagement-officer", owner=None, vacant=True, since=None)
    # A vacant deputy's post is said once, as vacant, not also as "No deputy".
    make_post(
        world,
        organisation=world.orgs["bcu_a2"],
        kind="deputy",
        owner=None,
        vacant=True,
        since=None,
        vacant_since=date(2026, 10, 22),
    )
    response = client_for("force_lead").get(
        reverse("dashboards:dashboard", args=[world.orgs["force_a"].pk])
    )
    gaps = {u.organisation.name: u.gaps for u in response.context["posts"]}
    ctio = "Vacant since 7 September 2026: Counter terrorism intelligence officer"
    assert gaps == {
        "Force A": ["No ACPO strategic lead"],
        "BCU A1": ["No deputy", ctio, "Vacant: Community engagement officer"],
        "BCU A2": ["No Prevent lead", "Vacant since 22 October 2026: Deputy BCU Prevent lead"],
    }
    # each gap a tag of its own line, not squeezed into the tag's usual 160 pixels
    assert f'<li><strong class="govuk-tag govuk-tag--red">{ctio}</strong></li>' in (
        response.content.decode()
    )


def test_a_vacant_post_says_since_when(world: World, client_for: Any, api: Any) -> None:
    """A vacant post needs the date it became vacant, not in the future; the list, its export
    and the API show it; a filled post keeps no such date."""
    lead = client_for("bcu_lead")
    url = reverse("engagement:post-create")
    vacant = post_post(world, kind="deputy", owner="", vacant="on")
    errors = lead.post(url, vacant).context["form"].errors
    assert errors["vacant_since"] == ["Enter the date the post became vacant"]
    errors = lead.post(url, vacant | {"vacant_since": "1 1 2027"}).context["form"].errors
    assert errors["vacant_since"] == ["The date must be today or in the past"]
    response = lead.post(url, vacant | {"vacant_since": "2 10 2026", "since": ""})
    assert response.status_code == 302, response.context["form"].errors
    post = Post.objects.get()
    assert (post.vacant_since, post.holder) == (date(2026, 10, 2), "Vacant since 2 October 2026")
    assert "2 October 2026" in lead.get(reverse("engagement:post-list")).content.decode()
    export = lead.get(reverse("engagement:post-export", args=["csv"])).content.decode()
    header, row = export.splitlines()[3:5]
    assert "Vacant,Vacant since" in header
    assert "Yes,2026-10-02" in row
    body = api("bcu_lead").get(f"/api/v1/posts/{post.pk}").json()
    assert body["vacant_since"] == "2026-10-02"
    filled = post_post(world, vacant_since="2 10 2026", version=post.version)
    response = lead.post(reverse("engagement:post-edit", args=[post.pk]), filled)
    assert response.status_code == 302, response.context["form"].errors
    post.refresh_from_db()
    assert (post.vacant, post.vacant_since) == (False, None)


def test_vacant_since_is_revealed_by_the_vacant_tick_box(world: World, client_for: Any) -> None:
    """ "Vacant since" sits inside a GOV.UK conditional reveal on "Vacant" (open when ticked,
    hidden by the script otherwise, shown without it), not as a field of its own; a date typed
    there and then hidden by unticking "Vacant" is ignored, not refused."""
    lead = client_for("bcu_lead")
    url = reverse("engagement:post-create")
    page = lead.get(url).content.decode()
    tick_box = re.search(r'<input type="checkbox" name="vacant"[^>]*>', page)
    assert tick_box and 'data-aria-controls="conditional-id_vacant"' in tick_box.group()
    hidden = (
        '<div class="govuk-checkboxes__conditional govuk-checkboxes__conditional--hidden" '
        'id="conditional-id_vacant">'
    )
    assert page.count(hidden) == 1
    inside = page.split(hidden)[1].split("</div></div>")[0]
    assert 'id="id_vacant_since"' in inside
    assert page.count('id="id_vacant_since"') == 1  # not again as a field of its own
    # Ticked and refused: the reveal is open, with the error inside it.
    vacant = post_post(world, kind="deputy", owner="", vacant="on")
    page = lead.post(url, vacant | {"vacant_since": "1 1 2027"}).content.decode()
    assert 'class="govuk-checkboxes__conditional" id="conditional-id_vacant"' in page
    # Not ticked: a half-typed date in the hidden field is dropped, and the post is saved.
    response = lead.post(url, post_post(world, vacant_since="31 2 20"))
    assert response.status_code == 302, response.context["form"].errors
    assert Post.objects.get().vacant_since is None


def test_institutions_are_revealed_by_the_education_liaison_radio(
    world: World, client_for: Any
) -> None:
    """The schools, colleges and universities covered sit inside a GOV.UK conditional reveal on
    the "Education liaison officer" radio, not as a field of their own; ticked under another
    post and hidden by choosing it, they are dropped, not refused; under an education liaison
    officer they are kept."""
    lead = client_for("bcu_lead")
    url = reverse("engagement:post-create")
    school = world.orgs["school_a2"]
    page = lead.get(url).content.decode()
    radio = re.search(r'<input[^>]*type="radio" value="education-liaison"[^>]*>', page)
    assert radio, "no education liaison radio"
    controls = re.search(r'data-aria-controls="([^"]+)"', radio.group())
    assert controls, "the education liaison radio reveals nothing"
    hidden = (
        '<div class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        f'id="{controls.group(1)}">'
    )
    assert page.count(hidden) == 1
    inside = page.split(hidden)[1].split("</fieldset></div></div>")[0]
    assert f'name="institutions" type="checkbox" value="{school.pk}"' in inside
    assert page.count('name="institutions"') == 1  # not again as a field of its own
    # Chosen and refused for another reason: the reveal is open, the school still ticked.
    liaison = post_post(world, kind="education-liaison", institutions=[school.pk])
    page = lead.post(url, liaison | {"since": "1 1 2027"}).content.decode()
    assert f'<div class="govuk-radios__conditional" id="{controls.group(1)}">' in page
    assert f'type="checkbox" value="{school.pk}" checked' in page
    # Another post: the school ticked in the hidden list is dropped, and the post is saved.
    response = lead.post(url, post_post(world, kind="ctio", institutions=[school.pk]))
    assert response.status_code == 302, response.context["form"].errors
    assert list(Post.objects.get(kind="ctio").institutions.all()) == []
    response = lead.post(url, liaison)
    assert response.status_code == 302, response.context["form"].errors
    assert list(Post.objects.get(kind="education-liaison").institutions.all()) == [school]


def test_the_api_refuses_what_a_hidden_field_was_sent_but_drops_what_it_held(
    world: World, api: Any
) -> None:
    """Through the API nothing hides a field, so a value sent for a field its control does not
    reveal is refused (422, saying why) rather than dropped unseen; a value the record held is
    dropped when the caller changes the control."""
    client = api("bcu_lead")
    school = world.orgs["school_a2"]
    body = {
        "organisation_id": world.orgs["bcu_a1"].pk,
        "kind": "ctio",
        "owner_id": world.users["bcu_lead"].pk,
        "since": "2026-04-01",
        "review_on": "2027-04-01",
        "marking": "OFFICIAL",
        "status": "open",
    }
    refused = client.post(
        "/api/v1/posts", body | {"institution_ids": [school.pk]}, "application/json"
    )
    assert refused.status_code == 422, refused.content
    detail = refused.json()["detail"]
    assert [d["loc"] for d in detail] == [["body", "institution_ids"]]
    assert "only when" in detail[0]["msg"] and "Education liaison officer" in detail[0]["msg"]
    refused = client.post(
        "/api/v1/posts", body | {"vacant_since": "2026-10-02"}, "application/json"
    )
    assert refused.status_code == 422, refused.content
    # Sent and invalid as well (not an institution that may be chosen): refused all the same,
    # not dropped with its error.
    refused = client.post(
        "/api/v1/posts",
        body | {"institution_ids": [world.orgs["force_b"].pk]},
        "application/json",
    )
    assert refused.status_code == 422, refused.content
    assert "only when" in refused.json()["detail"][0]["msg"]
    assert not Post.objects.exists()
    liaison = client.post(
        "/api/v1/posts",
        body | {"kind": "education-liaison", "institution_ids": [school.pk]},
        "application/json",
    ).json()
    changed = client.patch(
        f"/api/v1/posts/{liaison['id']}",
        {"kind": "ctio", "version": liaison["version"]},
        "application/json",
    )
    assert changed.status_code == 200, changed.content
    assert list(Post.objects.get(pk=liaison["id"]).institutions.all()) == []


# -- training coverage ---------------------------------------------------------------------------
def test_training_is_counts_titled_by_course_and_team(world: World, client_for: Any) -> None:
    """A training record is a count against the establishment; more trained than the team has
    is refused."""
    lead = client_for("bcu_lead")
    data = {
        "organisation": world.orgs["bcu_a1"].pk,
        "course": "ice",
        "team": "Docks neighbourhood team",
        "team_kind": "neighbourhood",
        "establishment": "12",
        "trained": "13",
        "as_at": "1 11 2026",
        "impact": "",
        "review_on": "1 2 2027",
        "marking": "OFFICIAL",
        "status": "open",
    }
    url = reverse("engagement:training-create")
    errors = lead.post(url, data).context["form"].errors
    assert errors["trained"] == ["The number trained cannot be more than the establishment"]
    response = lead.post(url, data | {"trained": "9"})
    assert response.status_code == 302, response.context["form"].errors
    row = Training.objects.get()
    assert (row.title, row.coverage) == (
        "Intelligence and Community Engagement (ICE): Docks neighbourhood team",
        75,
    )


def test_coverage_rolls_up_by_course(world: World, client_for: Any) -> None:
    """Coverage by course adds the teams' establishments and numbers trained, each team once
    with its latest count (an earlier count of the same team is superseded, as PV-02 counts
    it); closed records do not count."""
    make_training(world)
    make_training(world, as_at=date(2026, 6, 1), establishment=18, trained=5)  # earlier count
    make_training(world, team="Response team 1", team_kind="response", establishment=30, trained=12)
    make_training(world, team="Old team", status="closed", establishment=50, trained=0)
    response = client_for("force_lead").get(reverse("engagement:training-list"))
    [row] = response.context["coverage"]
    assert (row["teams"], row["establishment"], row["trained"], row["coverage"]) == (2, 50, 27, 54)


def test_pv02_and_pv03_are_computed_from_the_registers(world: World) -> None:
    """For a BCU that keeps the registers, PV-02 is the Prevent awareness coverage of its
    front-line teams at the end of each quarter (each team's latest figures by then; other
    courses and closed records left out) and PV-03 counts its engagements each month since the
    register was kept; the force above counts its BCUs' records too."""
    from preventplan.performance.figures import readings

    make_training(world, as_at=date(2026, 6, 1), trained=5)  # superseded in the next quarter
    make_training(world)  # 15 of 20 as at 1 November
    make_training(world, course="ice", establishment=10, trained=1)
    make_training(world, team="Old team", status="closed", establishment=50, trained=0)
    make_engagement(world)
    make_engagement(world, held_on=date(2026, 10, 20))
    pv02, pv03 = (Indicator.objects.get(code=c) for c in ("PV-02", "PV-03"))
    year_end = date(2026, 12, 31)  # the last day of Q3 and of December: both complete
    for org in ("bcu_a1", "force_a"):
        by_code = {r.indicator.code: r for r in readings(world.orgs[org], year_end, [pv02, pv03])}
        quarters = {v.period_start: v.value for v in by_code["PV-02"].values}
        assert quarters == {date(2026, 4, 1): 25, date(2026, 7, 1): 25, date(2026, 10, 1): 75}
        months = {v.period_start: v.value for v in by_code["PV-03"].values}
        # months before the register was kept are unknown, not zero
        assert months == {date(2026, 10, 1): 2, date(2026, 11, 1): 0, date(2026, 12, 1): 0}
        assert by_code["PV-03"].values[0].note == "Counted from the engagement register"
    # a BCU without the registers keeps its typed values
    IndicatorValue.objects.create(
        indicator=pv03, organisation=world.orgs["bcu_a2"], period_start=date(2026, 11, 1), value=7
    )
    typed = readings(world.orgs["bcu_a2"], TODAY, [pv03])[0]
    assert typed.latest is not None and typed.latest.value == 7


def test_computed_engagement_indicators_are_not_typed_in(world: World, client_for: Any) -> None:
    """Once BCU A1 keeps engagements, PV-03's value-entry page sends the lead back to the
    series, which says where the values come from."""
    make_engagement(world)
    url = reverse("performance:value-entry", args=[world.orgs["bcu_a1"].pk, "PV-03"])
    lead = client_for("bcu_lead")
    assert lead.get(url).status_code == 302
    series = lead.get(reverse("performance:series", args=[world.orgs["bcu_a1"].pk, "PV-03"]))
    assert "Counted from the engagement register" in series.content.decode()


# -- evidence for benefits and NI35 ---------------------------------------------------------------
def seed_evidence(w: World) -> None:
    """Two events (one a consultation scored 2, one a youth forum scored 4 whose priorities got
    feedback), a partly representative KIN, 15 of 20 trained (after 5 earlier), a project
    evaluated."""
    make_engagement(w, feedback="Routes raised with the council")
    make_engagement(
        w, kind="consultation", held_on=date(2026, 11, 2), attendance=30, feedback_score=2
    )
    make_network(w)
    make_training(w, as_at=date(2026, 6, 1), trained=5)  # the same team's earlier count
    make_training(w)
    make_project(w, evaluated_on=date(2026, 10, 1))


def test_engagement_figures_are_offered_as_a_benefits_value(world: World, client_for: Any) -> None:
    """The benefit's "record a value" page shows the registers' figures of the last twelve
    months (aggregates, no record's text); using one fills the value and its source, and the
    value is recorded as usual."""
    seed_evidence(world)
    benefit = make_benefit(world)
    owner = client_for("action_owner")
    url = reverse("programme:benefit-measure", args=[benefit.pk])
    page = owner.get(url)
    shown = {f.key: f.shown for f in page.context["figures"]}
    assert shown == {
        "engagement-events": "2",
        "engagement-feedback": "3 out of 5",
        "consultation-feedback": "2 out of 5",
        "feedback-given": "50%",
        "networks-refreshed": "100%",
        "networks-representative": "0%",
        "training-prevent-awareness": "75%",
        "projects-evaluated": "100%",
    }
    html = page.content.decode()
    assert "Figures from the registers" in html
    assert "Safer routes home" not in html  # priorities raised are text, never shown
    chosen = owner.get(url, {"figure": "training-prevent-awareness"})
    form = chosen.context["form"]
    assert form.initial["value"] == 75
    note = "Staff trained: Prevent awareness: 75% (15 of 20) (Training coverage register, as at 29 November 2026)"
    assert form.initial["note"] == note
    response = owner.post(url, {"measured_on": "29 11 2026", "value": "75", "note": note})
    assert response.status_code == 302
    assert benefit.values.get().note == note


def test_ni35_strand_offers_the_registers_figures_as_evidence(
    world: World, client_for: Any
) -> None:
    """Scoring strand 1 of the A1 partnership's assessment shows the engagement figures of its
    members for the year; ticking the box adds them to the evidence, once; strand 3 has none."""
    from preventplan.performance.actions import start_assessment

    seed_evidence(world)
    assessment = start_assessment(
        world.users["partner_user"], world.partnership, date(2027, 3, 31), "annual", TODAY
    )
    client = client_for("partner_user")
    url = reverse("performance:ni35-strand", args=[assessment.pk, 1])
    page = client.get(url)
    assert [f.key for f in page.context["figures"]] == [
        "engagement-events",
        "engagement-feedback",
        "consultation-feedback",
        "feedback-given",
        "networks-refreshed",
        "networks-representative",
    ]
    assert "1 April 2026 to 29 November 2026" in page.content.decode()
    score = assessment.scores.get(strand__number=1)
    data = {"score": 3, "evidence": "Forums in every ward.", "version": score.version}
    assert client.post(url, data | {"add_figures": "on"}).status_code == 302
    score.refresh_from_db()
    lines = score.evidence.splitlines()
    assert lines[0] == "Forums in every ward."
    assert lines[1] == (
        "Engagement events held: 2 (48 attending) "
        "(Engagement register, 1 April 2026 to 29 November 2026)"
    )
    assert len(lines) == 7
    data = {"score": 3, "evidence": score.evidence, "version": score.version}
    client.post(url, data | {"add_figures": "on"})
    score.refresh_from_db()
    assert len(score.evidence.splitlines()) == 7  # not added twice
    strand3 = client.get(reverse("performance:ni35-strand", args=[assessment.pk, 3]))
    assert strand3.context["figures"] == []
    assert "add_figures" not in strand3.context["form"].fields


def test_ni35_assessment_page_shows_each_strands_figures(world: World, client_for: Any) -> None:
    """The assessment's page shows, under each strand, the figures its strand page offers (read
    only: no record, no link, no tick box), to those who may complete it, the same after it
    is submitted; someone who only reads it (an action owner of a member BCU) sees none."""
    from preventplan.performance.actions import start_assessment
    from preventplan.performance.models import AssessmentStatus

    seed_evidence(world)
    assessment = start_assessment(
        world.users["partner_user"], world.partnership, date(2027, 3, 31), "annual", TODAY
    )
    url = reverse("performance:ni35-detail", args=[assessment.pk])
    expected = {
        n: client_for("partner_user")
        .get(reverse("performance:ni35-strand", args=[assessment.pk, n]))
        .context["figures"]
        for n in (1, 2, 3, 4)
    }
    assert expected[1] and expected[2] and expected[4] and not expected[3]
    for persona in ("partner_user", "bcu_lead"):
        page = client_for(persona).get(url)
        scores = {s.strand.number: s for s in page.context["scores"]}
        assert {n: s.figures for n, s in scores.items()} == expected
        html = page.content.decode()
        assert html.count(">Figures from the registers</dt>") == len(scores)
        assert "Engagement events held: <strong>2</strong> (48 attending)" in html
        assert "None for this strand" in html
        assert "Routes raised with the council" not in html  # a record's text, never shown
        assert "add_figures" not in html
    reader = client_for("action_owner").get(url)
    assert reader.status_code == 200
    assert not reader.context["figures_shown"]
    assert "Figures from the registers" not in reader.content.decode()
    assert all(s.figures == [] for s in reader.context["scores"])
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save(update_fields=["status"])
    page = client_for("partner_user").get(url)
    assert {s.strand.number: s for s in page.context["scores"]}[1].figures == expected[1]


# -- education coverage --------------------------------------------------------------------------
def test_education_coverage_lists_institutions_and_gaps(world: World, client_for: Any) -> None:
    """The school in force A is a gap until an education liaison post covers it; the other
    force's lead does not see it at all."""
    url = reverse("engagement:education")
    page = client_for("force_lead").get(url)
    assert [r.organisation.name for r in page.context["gaps"]] == ["School near A2"]
    make_post(world, kind="education-liaison", title="Education liaison officer").institutions.set(
        [world.orgs["school_a2"]]
    )
    page = client_for("bcu_lead").get(url)
    assert page.context["gaps"] == []
    assert [r.organisation.name for r in page.context["covered"]] == ["School near A2"]
    other = client_for("other_force_lead").get(url)
    assert other.context["gaps"] == other.context["covered"] == []


def test_education_coverage_with_no_institutions_says_so_once(
    world: World, client_for: Any
) -> None:
    """With no school, college or university recorded the page says so, and what to do, once:
    not "every institution has a liaison officer" next to "none yet"."""
    body = client_for("other_force_lead").get(reverse("engagement:education")).content.decode()
    assert "No schools, colleges or universities have been recorded yet" in body
    assert reverse("organisations:organisation-list") in body
    assert "Every institution has a liaison officer" not in body
    assert "None yet." not in body


# -- reports -------------------------------------------------------------------------------------
def test_board_pack_and_authority_report_gain_the_engagement_sections(world: World) -> None:
    """The board pack shows posts, engagement, training, communications and projects; the
    authority report lists the vulnerability briefings and takes their marking."""
    from preventplan.reports.builders import authority_report, board_pack

    make_engagement(world)
    make_training(world)
    make_project(world, evaluated_on=date(2026, 11, 1))
    make_communication(
        world,
        title="Vulnerability briefing",
        kind="briefing",
        topic="vulnerability",
        marking="OFFICIAL-SENSITIVE",
    )
    force = world.orgs["force_a"]
    pack = board_pack(force, TODAY)
    headings = [s.heading for s in pack.sections]
    for heading in (
        "Prevent posts",
        "Community engagement",
        "Training coverage",
        "Communications",
        "Local projects",
    ):
        assert heading in headings
    report = authority_report(force, TODAY)
    [briefings] = [
        s for s in report.sections if s.heading == "Vulnerability and counter-terrorism briefings"
    ]
    assert briefings.blocks[1].rows[0][2] == "Vulnerability briefing"  # type: ignore[union-attr]
    assert report.marking == "OFFICIAL-SENSITIVE"


def test_posts_sort_by_the_kind_of_post_shown(world: World, client_for: Any) -> None:
    """Sorted by post, the list follows the names shown (Community engagement officer, Counter
    terrorism intelligence officer, Education liaison officer), not the codes stored
    (ctio, education-liaison, engagement-officer)."""
    for kind in ("education-liaison", "ctio", "engagement-officer"):
        make_post(world, kind=kind, title=kind)
    page = client_for("force_lead").get(reverse("engagement:post-list") + "?sort=kind")
    assert [p.kind for p in page.context["page"].object_list] == [
        "engagement-officer",
        "ctio",
        "education-liaison",
    ]


def test_a_projects_amount_is_shown_grouped_in_thousands(world: World, client_for: Any) -> None:
    """Amounts on the register's list and record pages read as the reports write them (12,500),
    not as stored (12500.00 or 12500)."""
    from tests.factories import make_project

    project = make_project(world)
    client = client_for("bcu_lead")
    listing = client.get(reverse("engagement:project-list")).content.decode()
    page = client.get(reverse("engagement:project-detail", args=[project.pk])).content.decode()
    for text in (listing, page):
        assert "12,500" in text and "12500" not in text
