"""Number fields' errors in GOV.UK style, naming the field, on every form (the shared form
mixin, lib/forms.py), in English and Welsh, on the pages and through the API alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django import forms
from django.utils import translation

from preventplan.lib.forms import GovukForm, GovukModelForm
from preventplan.registers.models import DipSample
from tests.factories import dip_sample_body
from tests.world import World

TODAY = date(2026, 11, 29)


class Counts(GovukForm):
    sample_size = forms.IntegerField(label="Sample size", min_value=0)
    score = forms.IntegerField(label="Feedback score (optional)", min_value=1, max_value=5)
    share = forms.DecimalField(label="White population (%)", max_digits=5, decimal_places=2)
    own = forms.IntegerField(label="Own", error_messages={"invalid": "Enter own as digits"})


def errors(data: dict[str, str]) -> dict[str, list[str]]:
    form = Counts({"sample_size": "1", "score": "3", "share": "10", "own": "1"} | data)
    form.is_valid()
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"sample_size": "-1"}, "sample_size", "Sample size must be 0 or more"),
        ({"sample_size": "2.5"}, "sample_size", "Sample size must be a whole number"),
        ({"sample_size": "ten"}, "sample_size", "Sample size must be a whole number"),
        (
            {"sample_size": "99999999999"},
            "sample_size",
            "Sample size must be 2,147,483,647 or fewer",
        ),
        ({"score": "0"}, "score", "Feedback score must be between 1 and 5"),
        ({"share": "lots"}, "share", "Enter white population as a number"),
        ({"share": "1.234"}, "share", "White population must have no more than 2 decimal places"),
        ({"own": "x"}, "own", "Enter own as digits"),
    ],
    ids=["below", "fraction", "words", "too big", "between", "decimal", "places", "own message"],
)
def test_number_errors_name_their_field(data: dict[str, str], field: str, message: str) -> None:
    """Every whole-number and decimal field's error names the field (its label, lower-cased
    inside a sentence, without "(optional)"), not Django's "Enter a whole number." or "Ensure
    this value is greater than or equal to 0."; a message the form gives itself is kept."""
    assert errors(data) == {field: [message]}


def test_number_errors_in_welsh() -> None:
    """The same errors in Welsh, not Django's own Welsh ("Sicrhewch fod y gwerth…")."""
    with translation.override("cy"):
        text = " ".join(errors({"sample_size": "-1"})["sample_size"])
    assert text == "Rhaid i’r gwerth yn “Sample size” fod yn 0 neu fwy"


class SampleSizeForm(GovukModelForm):
    """A model form whose number field comes from a positive integer model field."""

    class Meta:
        model = DipSample
        fields = ["sample_size"]


def test_a_model_forms_number_fields_name_their_label() -> None:
    """A model form's field takes the label from the model and names it."""
    form = SampleSizeForm({"sample_size": "-3"})
    assert not form.is_valid()
    assert form.errors["sample_size"] == ["Sample size must be 0 or more"]


@time_machine.travel(TODAY, tick=False)
def test_the_api_gives_the_pages_number_errors(world: World, api: Any) -> None:
    """The API writes through the same form, so it names the field in the same words."""
    response = api("bcu_lead").post(
        "/api/v1/dip-samples", dip_sample_body(world, sample_size=-1), "application/json"
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    error = {"type": "value_error", "loc": ["body", "sample_size"]}
    assert error | {"msg": "Sample size must be 0 or more"} in detail
    assert "Ensure this value" not in str(detail)
