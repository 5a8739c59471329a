"""The programme registers: risks with reviews and a heat map, benefits with measured values, and
equality/community impact assessments (document ¶16, activity 0.7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import time_machine
from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.plans.models import Marking
from preventplan.programme.models import (
    AssessmentKind,
    AssessmentOutcome,
    Benefit,
    BenefitValue,
    ImpactAssessment,
    Risk,
    RiskReview,
)
from tests.factories import make_benefit, make_risk, risk_post
from tests.world import World

TODAY = date(2026, 11, 29)


@time_machine.travel(TODAY, tick=False)
def test_lead_adds_a_risk_with_mitigating_actions(world: World, client_for: Any) -> None:
    """The BCU lead adds a risk: it gets the register's next reference, its scores, its linked
    action, and an audit event."""
    response = client_for("bcu_lead").post(reverse("programme:risk-create"), risk_post(world))
    risk = Risk.objects.get(title="Partners withdraw")
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:risk-detail", args=[risk.pk])
    assert risk.reference == "R-001"
    assert (risk.inherent_score, risk.residual_score, risk.target_score) == (16, 9, 4)
    assert risk.band.label == "Medium"
    assert list(risk.actions.values_list("number", flat=True)) == ["3.1"]
    assert AuditEvent.objects.filter(event="risk.added", record_id=str(risk.pk)).count() == 1
    second = make_risk(world)
    assert second.reference == "R-002"


@time_machine.travel(TODAY, tick=False)
def test_bad_risk_scores_are_refused_and_nothing_is_saved(world: World, client_for: Any) -> None:
    """A residual score above the inherent score, a review date in the past and an action from
    another organisation's plan are each a clear error; no risk is added."""
    response = client_for("bcu_lead").post(
        reverse("programme:risk-create"),
        risk_post(
            world,
            likelihood=5,
            impact=5,
            review_on="1 1 2020",
            actions=[world.action("b1", "3.1").pk],
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The residual score cannot be higher than the inherent score" in body
    assert "Next review date must be today or in the future" in body
    assert "Select a valid choice" in body  # another force's action is not offered at all
    assert not Risk.objects.filter(title="Partners withdraw").exists()


@time_machine.travel(TODAY, tick=False)
def test_stale_risk_edit_shows_what_differs_and_changes_nothing(
    world: World, client_for: Any
) -> None:
    """Two people change the same risk: the second sees what differs and overwrites nothing."""
    risk = make_risk(world)
    url = reverse("programme:risk-edit", args=[risk.pk])
    first = risk_post(world, title="First title", version=risk.version)
    second = risk_post(world, title="Second title", version=risk.version)
    client = client_for("bcu_lead")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    assert "First title" in response.content.decode()
    risk.refresh_from_db()
    assert risk.title == "First title"


@time_machine.travel(TODAY, tick=False)
def test_owner_records_a_review_which_rescored_the_risk(world: World, client_for: Any) -> None:
    """The risk's owner records a review: the residual score and next review date change, the
    review joins the history, and the change is audited."""
    risk = make_risk(world)
    response = client_for("action_owner").post(
        reverse("programme:risk-review", args=[risk.pk]),
        {
            "reviewed_on": "29 11 2026",
            "likelihood": 2,
            "impact": 4,
            "note": "Forum attendance recovered after the autumn workshops.",
            "next_review_on": "28 2 2027",
            "version": risk.version,
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, risk.residual_score) == (2, 4, 8)
    assert risk.review_on == date(2027, 2, 28)
    review = RiskReview.objects.get(risk=risk)
    assert review.by == world.users["action_owner"]
    assert AuditEvent.objects.filter(event="risk.reviewed", record_id=str(risk.pk)).count() == 1
    page = client_for("bcu_lead").get(reverse("programme:risk-detail", args=[risk.pk]))
    assert "Forum attendance recovered" in page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_review_dates_are_checked(world: World, client_for: Any) -> None:
    """A review in the future, or a next review not after it, is refused; the risk is unchanged."""
    risk = make_risk(world)
    response = client_for("bcu_lead").post(
        reverse("programme:risk-review", args=[risk.pk]),
        {
            "reviewed_on": "1 12 2026",
            "likelihood": 1,
            "impact": 1,
            "note": "x",
            "next_review_on": "1 12 2026",
            "version": risk.version,
        },
    )
    body = response.content.decode()
    assert "The date of the review must be today or in the past" in body
    assert "The next review date must be after the review" in body
    risk.refresh_from_db()
    assert risk.residual_score == 12
    assert not RiskReview.objects.exists()


def test_overdue_reviews_are_flagged_and_heat_map_counts_open_risks(
    world: World, client_for: Any
) -> None:
    """The register warns of risks past their review date and offers them as a filter; the
    heat map's table counts open risks by residual likelihood and impact."""
    with time_machine.travel(date(2026, 10, 1), tick=False):
        make_risk(world, title="Overdue one", review_on=date(2026, 11, 1))
        make_risk(world, title="Fine one", likelihood=1, impact=1)
        make_risk(world, title="Closed one", status="closed", likelihood=5, impact=4)
    with time_machine.travel(TODAY, tick=False):
        response = client_for("force_lead").get(reverse("programme:risk-list"))
        body = response.content.decode()
        assert "1 open risk is overdue for review" in body
        overdue = client_for("force_lead").get(reverse("programme:risk-list") + "?overdue=1")
    rows = overdue.context["page"].object_list
    assert [r.title for r in rows] == ["Overdue one"]
    heat = {row["likelihood"]: row["cells"] for row in response.context["heat_rows"]}
    assert heat["3 Possible"] == [0, 0, 0, 1, 0]
    assert heat["1 Rare"] == [1, 0, 0, 0, 0]
    assert heat["5 Almost certain"] == [0, 0, 0, 0, 0]  # the closed risk is not counted
    assert 'role="img"' in body and "<table" in body


@time_machine.travel(TODAY, tick=False)
def test_benefit_values_over_time(world: World, client_for: Any) -> None:
    """Values are recorded against a benefit; a second value for the same date is refused; the
    progress towards the target comes from the latest value."""
    benefit = make_benefit(world)
    url = reverse("programme:benefit-measure", args=[benefit.pk])
    client = client_for("action_owner")
    assert client.post(url, {"measured_on": "30 9 2026", "value": "60"}).status_code == 302
    again = client.post(url, {"measured_on": "30 9 2026", "value": "61"})
    assert "A value has already been recorded for that date" in again.content.decode()
    future = client.post(url, {"measured_on": "1 1 2027", "value": "70"})
    assert "must be today or in the past" in future.content.decode()
    assert list(BenefitValue.objects.values_list("value", flat=True)) == [Decimal("60")]
    benefit = Benefit.objects.get(pk=benefit.pk)
    assert benefit.progress_percent == 50
    page = client_for("bcu_lead").get(reverse("programme:benefit-detail", args=[benefit.pk]))
    assert "50% of the way from the baseline" in page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_impact_assessment_links_only_its_own_plans(world: World, client_for: Any) -> None:
    """An assessment records the date completed and outcome; a plan from elsewhere is refused."""
    data = {
        "organisation": world.orgs["bcu_a1"].pk,
        "kind": AssessmentKind.COMMUNITY,
        "title": "Community impact of school engagement",
        "plan": world.plans["b1"].pk,
        "completed_on": "1 10 2026",
        "outcome": AssessmentOutcome.NO_CHANGE,
        "summary": "No adverse impact found.",
        "review_on": "1 10 2027",
        "marking": Marking.OFFICIAL,
        "status": "open",
    }
    client = client_for("bcu_lead")
    refused = client.post(reverse("programme:assessment-create"), data)
    assert refused.status_code == 200
    assert not ImpactAssessment.objects.exists()
    data["plan"] = world.plans["a1"].pk
    assert client.post(reverse("programme:assessment-create"), data).status_code == 302
    assessment = ImpactAssessment.objects.get()
    assert (assessment.reference, assessment.completed_on) == ("IA-001", date(2026, 10, 1))


def test_lists_show_only_what_the_reader_may_see(world: World, client_for: Any) -> None:
    """The other force's lead sees none of force A's records in the register list."""
    make_risk(world)
    assert (
        client_for("other_force_lead")
        .get(reverse("programme:risk-list"))
        .context["page"]
        .paginator.count
        == 0
    )
    assert (
        client_for("oversight_reader")
        .get(reverse("programme:risk-list"))
        .context["page"]
        .paginator.count
        == 1
    )


@time_machine.travel(TODAY, tick=False)
def test_home_page_counts_the_owners_work(world: World, client_for: Any) -> None:
    """The risk owner's home page counts the risk due for review soon, and the register's
    "only those I own" filter lists it."""
    make_risk(world, review_on=date(2026, 12, 5))
    make_risk(world, review_on=date(2027, 3, 1))
    home = client_for("action_owner").get(reverse("core:home"))
    assert home.context["work"]["risk_reviews"] == 1
    mine = client_for("action_owner").get(reverse("programme:risk-list") + "?mine=1")
    assert mine.context["page"].paginator.count == 2
    assert (
        client_for("bcu_lead")
        .get(reverse("programme:risk-list") + "?mine=1")
        .context["page"]
        .paginator.count
        == 0
    )
