"""Throw odd input at every kind of form: control characters, very long strings, huge and
negative numbers, impossible dates, other organisations' ids. Nothing may cause a server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_benefit, make_board, make_meeting, make_risk, start_ni35
from tests.world import World

ODD = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=10),
    st.just("x" * 200_000),
    st.integers().map(str),
    st.sampled_from(
        [
            "9" * 40,
            "-1",
            "0",
            "31 2 2027",
            "1 13 2027",
            "0 0 0",
            "2027-02-30",
            "",
            " ",
            "NaN",
            "1e308",
        ]
    ),
)


def tension_draft_url(w: World) -> str:
    from preventplan.lib.dates import today, week_commencing
    from preventplan.tension import actions as tension_actions
    from preventplan.tension.models import BcuReturn

    week = week_commencing(today())
    tension_actions.start(w.users["bcu_lead"], BcuReturn, w.orgs["bcu_a1"], week)
    return reverse("tension:bcu-edit", args=[w.orgs["bcu_a1"].pk, week.isoformat()])


# (persona, url builder, field names)
FORMS: list[tuple[str, Callable[[World], str], list[str]]] = [
    (
        "force_lead",
        lambda w: reverse("organisations:organisation-create") + f"?parent={w.orgs['force_a'].pk}",
        ["name", "short_name", "kind", "partner_type", "email"],
    ),
    (
        "force_lead",
        lambda w: reverse("organisations:invite", args=[w.orgs["bcu_a1"].pk]),
        ["email", "full_name", "role"],
    ),
    (
        "force_lead",
        lambda w: reverse("organisations:partnership-create"),
        ["name", "kind", "reports_to", "members"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("plans:plan-create"),
        ["organisation", "period_start", "period_end", "threat_level", "partnership"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("plans:action-edit", args=[w.action("a1", "2.4").pk]),
        [
            "decision",
            "local_text",
            "not_applicable_reason",
            "owner",
            "delivery_partners",
            "version",
        ],
    ),
    (
        "bcu_lead",
        lambda w: reverse("plans:milestone-create", args=[w.action("a1", "2.4").pk]),
        ["title", "due_date", "status"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("plans:progress-create", args=[w.action("a1", "2.4").pk]),
        ["reported_on", "rag", "narrative", "evidence_url", "evidence_title"],
    ),
    (
        "force_lead",
        lambda w: reverse("sharing:protocol-create"),
        [
            "reference",
            "title",
            "owner",
            "partnerships",
            "legal_basis",
            "shared",
            "signed_on",
            "review_on",
            "status",
        ],
    ),
    (
        "bcu_lead",
        lambda w: reverse("programme:risk-create"),
        [
            "organisation",
            "title",
            "category",
            "inherent_likelihood",
            "likelihood",
            "impact",
            "target_impact",
            "actions",
            "owner",
            "review_on",
            "marking",
        ],
    ),
    (
        "bcu_lead",
        lambda w: reverse("programme:benefit-create"),
        ["organisation", "title", "baseline", "baseline_on", "target", "target_on", "owner"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("programme:assessment-create"),
        ["organisation", "kind", "plan", "completed_on", "outcome", "review_on"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("programme:risk-review", args=[make_risk(w).pk]),
        ["reviewed_on", "likelihood", "impact", "note", "next_review_on", "version"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("programme:benefit-measure", args=[make_benefit(w).pk]),
        ["measured_on", "value", "note"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("performance:value-entry", args=[w.orgs["bcu_a1"].pk, "PV-01"]),
        ["period", "value", "note", "replace"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("performance:target", args=[w.orgs["bcu_a1"].pk, "PV-02"]),
        ["year", "target", "tolerance"],
    ),
    (
        "national_admin",
        lambda w: reverse("performance:indicator-create"),
        ["code", "name", "definition", "unit", "polarity", "frequency"],
    ),
    (
        "partner_user",
        lambda w: reverse("performance:ni35-start"),
        ["partnership", "year_ending", "kind", "assessed_on"],
    ),
    (
        "partner_user",
        lambda w: reverse("performance:ni35-strand", args=[start_ni35(w).pk, 2]),
        ["score", "evidence", "actions", "benefits", "version"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("programme:meeting-create", args=[make_board(w).pk]),
        ["held_on", "location", "status", "attendees", "apologies", "minutes"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("programme:meeting-action-create", args=[make_meeting(w).pk]),
        ["item", "text", "owner", "due_on"],
    ),
    (
        "bcu_lead",
        lambda w: reverse("programme:item-create", args=[make_meeting(w).pk]),
        ["title", "plan", "risk", "indicator", "report"],
    ),
    (
        "force_lead",
        lambda w: reverse("reports:schedule", args=["board-pack", w.orgs["force_a"].pk]),
        ["fmt", "frequency", "next_run_on", "notify"],
    ),
    (
        "bcu_lead",
        tension_draft_url,
        [
            "experienced",
            "experienced_level",
            "overall_level",
            "trend",
            "count_protests",
            "shared",
            "shared_with",
            "version",
        ],
    ),
    (
        "bcu_lead",
        lambda w: reverse("tension:incident-create"),
        ["force", "bcu", "occurred_on", "occurred_time", "area", "summary"],
    ),
    ("bcu_lead", lambda w: reverse("accounts:account"), ["name"]),
    ("auditor", lambda w: reverse("audit:event-list"), ["q", "action", "since", "until"]),
]


@pytest.mark.parametrize(
    ("persona", "url", "fields"), FORMS, ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(FORMS)]
)
def test_forms_never_fail(
    world: World, client_for: Any, persona: str, url: Callable[[World], str], fields: list[str]
) -> None:
    """Odd values in every field of the form never cause a server error."""
    client = client_for(persona)
    target = url(world)
    method = client.get if "audit" in target else client.post

    @settings(
        max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(st.fixed_dictionaries({name: ODD for name in fields}))
    def run(data: dict[str, str]) -> None:
        response = method(target, data)
        assert response.status_code < 500, (target, data)

    run()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/plans/99999999999999999999999/", 404),
        ("/organisations/1" + "0" * 30 + "/", 404),
        ("/organisations/new?parent=" + "9" * 30, 404),
        ("/template/?objective=" + "9" * 30, 200),
        ("/actions/?objective=" + "9" * 30 + "&cross=1", 200),
        ("/retention/plans.plan/" + "9" * 30, 404),
        ("/risks/?organisation=" + "9" * 30 + "&status=bogus&sort=nonsense&page=" + "9" * 30, 200),
        ("/tension/bcu/1/99999-01-01/", 404),
        ("/tension/force/1/2026-02-30/", 404),
    ],
)
def test_huge_numbers_in_addresses(world: World, client_for: Any, path: str, expected: int) -> None:
    """Numbers too big for the database are not found (404) or ignored (200), never a server
    error."""
    assert client_for("force_lead").get(path).status_code == expected
