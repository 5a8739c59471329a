"""Performance indicators (catalogue, targets, values, RAG) and the NI35 self-assessment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.lib.dates import period_label, period_start
from preventplan.lib.rag import indicator_rag
from preventplan.performance import actions
from preventplan.performance.models import (
    AssessmentStatus,
    Indicator,
    IndicatorValue,
    Ni35Assessment,
    Ni35Framework,
    OverallRule,
)
from tests.factories import start_ni35
from tests.world import World

TODAY = date(2026, 11, 29)


def series_url(w: World, code: str = "PV-02", org: str = "bcu_a1", view: str = "series") -> str:
    return reverse(f"performance:{view}", args=[w.orgs[org].pk, code])


@pytest.mark.parametrize(
    ("value", "target", "higher", "expected"),
    [
        ("80", "80", True, "green"),
        ("72", "80", True, "amber"),  # within 10% of 80
        ("71.9", "80", True, "red"),
        ("3", "4", False, "green"),
        ("4.4", "4", False, "amber"),
        ("4.5", "4", False, "red"),
    ],
)
def test_indicator_rag(value: str, target: str, higher: bool, expected: str) -> None:
    """Met is green, within the tolerance is amber, beyond it red, whichever way is better."""
    assert indicator_rag(Decimal(value), Decimal(target), higher, 10) == expected


def test_financial_periods() -> None:
    """Quarters follow the financial year (April to March); labels read as people say them."""
    assert period_start(date(2027, 2, 14), "quarterly") == date(2027, 1, 1)
    assert period_start(date(2027, 2, 14), "annual") == date(2026, 4, 1)
    assert period_label(date(2026, 10, 1), "quarterly") == "Q3 2026/27 (October to December 2026)"
    assert period_label(date(2026, 4, 1), "annual") == "2026/27"


@time_machine.travel(TODAY, tick=False)
def test_lead_enters_values_and_target_and_sees_rag(world: World, client_for: Any) -> None:
    """The BCU lead sets this year's target and enters a value: the organisation's page shows
    the latest value, the target and the RAG between them."""
    client = client_for("bcu_lead")
    target = client.post(
        series_url(world, view="target"), {"year": "2026-04-01", "target": "80", "tolerance": "10"}
    )
    assert target.status_code == 302
    entered = client.post(
        series_url(world, view="value-entry"), {"period": "2026-07-01", "value": "74", "note": "HR"}
    )
    assert entered.status_code == 302
    value = IndicatorValue.objects.get(indicator__code="PV-02")
    assert (value.period_start, value.value, value.entered_by) == (
        date(2026, 7, 1),
        Decimal("74"),
        world.users["bcu_lead"],
    )
    assert AuditEvent.objects.filter(event="indicator.value-recorded").count() == 1
    page = client.get(reverse("performance:organisation", args=[world.orgs["bcu_a1"].pk]))
    reading = next(r for r in page.context["readings"] if r.indicator.code == "PV-02")
    assert (reading.latest.value, reading.target.target, reading.rag) == (74, 80, "amber")
    series = client.get(series_url(world))
    assert series.status_code == 200 and 'role="img"' in series.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_bad_values_are_refused_and_change_nothing(world: World, client_for: Any) -> None:
    """A percentage over 100, a fractional count and a future period are refused with clear
    messages; nothing is recorded."""
    client = client_for("bcu_lead")
    over = client.post(
        series_url(world, view="value-entry"), {"period": "2026-10-01", "value": "140"}
    )
    assert "Enter a percentage between 0 and 100" in over.content.decode()
    fraction = client.post(
        series_url(world, "PV-01", view="value-entry"), {"period": "2026-10-01", "value": "2.5"}
    )
    assert "Enter a whole number for a count" in fraction.content.decode()
    future = client.post(
        series_url(world, view="value-entry"), {"period": "2027-01-01", "value": "5"}
    )
    assert "Select a valid choice" in future.content.decode()
    assert not IndicatorValue.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_value_is_replaced_only_when_asked(world: World, client_for: Any) -> None:
    """Entering a second value for the same period says what is recorded and changes nothing;
    ticking "Replace" replaces it and the audit event keeps the old value."""
    client = client_for("bcu_lead")
    url = series_url(world, view="value-entry")
    client.post(url, {"period": "2026-10-01", "value": "60"})
    again = client.post(url, {"period": "2026-10-01", "value": "65"})
    assert "60% is already recorded for Q3 2026/27" in again.content.decode()
    assert IndicatorValue.objects.get().value == Decimal("60")
    assert (
        client.post(url, {"period": "2026-10-01", "value": "65", "replace": "on"}).status_code
        == 302
    )
    assert IndicatorValue.objects.get().value == Decimal("65")
    event = AuditEvent.objects.filter(event="indicator.value-recorded").latest("id")
    assert event.details["replaced"] == "60.00"


def test_only_national_administrators_change_the_catalogue(world: World, client_for: Any) -> None:
    """A national administrator adds an indicator; a duplicate code is refused."""
    data = {
        "code": "PV-99",
        "name": "Test indicator",
        "definition": "Counted",
        "unit": "count",
        "polarity": "higher",
        "frequency": "monthly",
        "is_active": "on",
    }
    admin = client_for("national_admin")
    assert admin.post(reverse("performance:indicator-create"), data).status_code == 302
    duplicate = admin.post(reverse("performance:indicator-create"), data)
    assert "Another indicator already has that code" in duplicate.content.decode()
    assert Indicator.objects.filter(code="PV-99").count() == 1


# -- NI35 ----------------------------------------------------------------------------------------
@time_machine.travel(TODAY, tick=False)
def test_partner_completes_and_submits_ni35(world: World, client_for: Any) -> None:
    """The local authority's partner user scores every strand with evidence and a linked
    action, and submits; the overall score follows the framework's rule; a second annual
    assessment for the year is refused; a submitted one cannot be changed."""
    client = client_for("partner_user")
    response = client.post(
        reverse("performance:ni35-start"),
        {
            "partnership": world.partnership.pk,
            "year_ending": "2027-03-31",
            "kind": "annual",
            "assessed_on": "1 11 2026",
        },
    )
    assessment = Ni35Assessment.objects.get()
    assert response["Location"] == reverse("performance:ni35-detail", args=[assessment.pk])
    early = client.post(reverse("performance:ni35-submit", args=[assessment.pk]))
    assert early.status_code == 302
    assert Ni35Assessment.objects.get().status == AssessmentStatus.DRAFT
    for number, score in [(1, 3), (2, 2), (3, 4), (4, 4)]:
        s = assessment.scores.get(strand__number=number)
        posted = client.post(
            reverse("performance:ni35-strand", args=[assessment.pk, number]),
            {
                "score": score,
                "evidence": f"Evidence for strand {number}",
                "actions": [world.action("a1", "3.1").pk] if number == 4 else [],
                "version": s.version,
            },
        )
        assert posted.status_code == 302
    assert assessment.overall() == 3  # mean 3.25, rounded
    assert client.post(reverse("performance:ni35-submit", args=[assessment.pk])).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert (
        client.get(reverse("performance:ni35-strand", args=[assessment.pk, 1])).status_code == 403
    )
    with pytest.raises(actions.PerformanceRuleError):
        start_ni35(world)
    Ni35Framework.objects.update(rule=OverallRule.LOWEST)
    assert Ni35Assessment.objects.get().overall() == 2


@time_machine.travel(TODAY, tick=False)
def test_ni35_year_on_year(world: World, client_for: Any) -> None:
    """An assessment shows the partnership's earlier annual scores beside its own."""
    last = actions.start_assessment(
        world.users["partner_user"],
        world.partnership,
        date(2026, 3, 31),
        "annual",
        date(2026, 3, 1),
    )
    for s in last.scores.all():
        s.score = 2
        s.save()
    current = start_ni35(world)
    page = client_for("force_lead").get(reverse("performance:ni35-detail", args=[current.pk]))
    assert page.status_code == 200
    assert [row["before"] for row in page.context["comparison"]] == [[2]] * 4
    assert "2025/26" in page.content.decode()


def test_ni35_is_hidden_from_other_forces(world: World, client_for: Any) -> None:
    """The other force's lead sees no assessment of force A's partnership."""
    assessment = start_ni35(world)
    assert (
        client_for("other_force_lead")
        .get(reverse("performance:ni35-detail", args=[assessment.pk]))
        .status_code
        == 404
    )
    assert (
        client_for("other_force_lead")
        .get(reverse("performance:ni35-list"))
        .context["page"]
        .paginator.count
        == 0
    )


@pytest.mark.parametrize("code", ["PV-01", "PV-02", "PV-03", "PV-06"])
@pytest.mark.parametrize(
    ("day", "latest_month"),
    [
        (date(2026, 12, 1), {"monthly": 11, "quarterly": 7}),  # December began today
        (date(2026, 12, 31), {"monthly": 12, "quarterly": 10}),  # the last day: complete
    ],
)
def test_a_computed_indicator_reads_its_last_complete_period(
    world: World, code: str, day: date, latest_month: dict[str, int]
) -> None:
    """Every computed indicator leaves out the period still in progress (a month that began
    today, a quarter part-way through): its latest value, the one set against the target, is
    the last complete period's, and no period after it is asked for."""
    from preventplan.performance import figures

    asked: list[tuple[date, date]] = []

    def value(org: Any, first: date, last: date) -> int:
        asked.append((first, last))
        return 0 if first.month == 12 else 9  # a period with nothing in it yet reads 0

    computed = figures.Computed(lambda org: True, value, "Counted")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(figures.COMPUTED, code, computed)
        indicator = Indicator.objects.get(code=code)
        (reading,) = figures.readings(world.orgs["bcu_a1"], day, [indicator])
    assert reading.latest is not None
    assert reading.latest.period_start.month == latest_month[indicator.frequency]
    assert max(last for _, last in asked) <= day
    assert len(reading.values) == figures.COMPUTED_PERIODS
