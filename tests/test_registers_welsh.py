"""The register pattern in two languages (docs/welsh.md, docs/registers.md): what a register
says is translated, while what is stored, compared or put in a URL stays as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from preventplan.cases.forms import CONSULT_REASONS, ConsultReasonForm
from preventplan.programme.registers import RISKS
from preventplan.records.spec import RegisterSpec, all_registers, source_text
from preventplan.registers.registers import DIP_SAMPLES, GRIEVANCES, LEARNING
from tests.factories import make_grievance
from tests.world import World


def welsh_catalogue_has(text: str) -> bool:
    with translation.override("cy"):
        return gettext(text) != text


@pytest.mark.parametrize("spec", all_registers(), ids=lambda s: s.name)
def test_sort_keys_and_filters_do_not_change_with_the_language(spec: RegisterSpec) -> None:
    """Sort keys and filter names are in the list's URLs: the same in Welsh as in English."""
    sorts, keys = spec.sorts, [c.sort_key for c in spec.list_columns]
    with translation.override("cy"):
        assert spec.sorts == sorts
        assert [c.sort_key for c in spec.list_columns] == keys
        assert [c for c in keys if c.isascii()] == keys


def test_counted_sentences_read_as_before_in_english() -> None:
    """A register's whole sentences, and the words put together for those that give none."""
    translation.activate("en-gb")  # a request earlier in the process may have left Welsh on
    assert GRIEVANCES.count_text(1) == "1 grievance"
    assert GRIEVANCES.count_text(3) == "3 grievances"
    assert GRIEVANCES.overdue_text(1) == "1 open grievance is overdue for review"
    assert DIP_SAMPLES.overdue_text(2) == "2 open dip samples are overdue for follow-up"
    assert LEARNING.a_noun == "a lesson"
    assert RISKS.count_text(2) == "2 risks"
    assert RISKS.overdue_text(2) == "2 open risks are overdue for review"


def test_source_text_is_the_english_a_label_was_written_in() -> None:
    """A lazy label read inside a Welsh request still gives its English source."""
    label = GRIEVANCES.title
    with translation.override("cy"):
        assert source_text(label) == "Grievance register"
    assert source_text("plain") == "plain"


def test_the_reason_for_opening_a_case_is_recorded_in_english() -> None:
    """The audit record keeps the reason as written, whatever the language of the page."""
    with translation.override("cy"):
        form = ConsultReasonForm({"reason": "review"})
        assert form.is_valid()
        assert form.justification == "Carrying out a review"
    assert "panel" in dict(CONSULT_REASONS)


@pytest.mark.skipif(
    not welsh_catalogue_has("Grievance register"),
    reason="the registers' Welsh is not yet merged into the catalogue (locale/cy/fragments)",
)
def test_a_register_list_in_welsh(world: World, client_for: Any) -> None:
    """The register's title, counted caption, filters and sortable columns in Welsh; the sort
    links keep their English keys."""
    make_grievance(world)
    client = client_for("bcu_lead")
    client.post(reverse("core:language"), {"language": "cy", "next": "/"})
    try:
        body = client.get(reverse("registers:grievance-list")).content.decode()
    finally:
        translation.activate("en-gb")
    assert "Cofrestr cwynion" in body
    assert ">1 cwyn</caption>" in body
    assert "Categori" in body
    assert "sort=raised" in body or "sort=-raised" in body


def test_a_date_that_does_not_exist_is_refused_in_welsh(world: World, client_for: Any) -> None:
    """The date field's error is in the page's language, not in the language of the moment
    the form's class was defined (English)."""
    client = client_for("bcu_lead")
    client.post(reverse("core:language"), {"language": "cy", "next": "/"})
    data = {
        "organisation": world.orgs["bcu_a1"].pk,
        "title": "Concern about stops near the station",
        "category": "police-activity",
        "area": "Station ward",
        "source_type": "kin",
        "raised_on": "31 11 2026",
        "summary": "Residents feel stops near the station single out young men.",
        "review_on": "15 1 2030",
        "marking": "OFFICIAL",
        "status": "open",
    }
    try:
        response = client.post(reverse("registers:grievance-create"), data)
    finally:
        translation.activate("en-gb")
    body = response.content.decode()
    assert "Rhowch ddyddiad go iawn, er enghraifft 31 3 2027" in body
    assert "Enter a real date" not in body
