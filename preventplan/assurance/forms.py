"""Filtering the audit log, and a retention decision."""

from __future__ import annotations

from typing import Any

from django import forms

from preventplan.audit.models import AuditAction
from preventplan.lib.dates import today
from preventplan.lib.forms import GovukForm


class AuditFilterForm(GovukForm):
    # A search of the log, itself logged: staff names ("Dr Patel") are what auditors look for.
    person_names_allowed = {"q"}
    q = forms.CharField(label="Person, record or event", required=False, max_length=200)
    action = forms.ChoiceField(
        label="Processing", required=False, choices=[("", "Any"), *AuditAction.choices]
    )
    since = forms.DateField(
        label="From",
        required=False,
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 1 11 2026",
    )
    until = forms.DateField(
        label="To",
        required=False,
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example, 30 11 2026",
    )


class RetentionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[
            ("retain", "Keep it until the next review"),
            (
                "dispose",
                "Dispose of it now (deletes the record and its files; this cannot be undone)",
            ),
        ],
        error_messages={"required": "Select whether to keep or dispose of the record"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Why it is still needed, or why it no longer is.",
        error_messages={"required": "Give the reason for your decision"},
    )
    next_review_on = forms.DateField(
        label="Next review date",
        required=False,
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"],
        help_text="For keeping only. For example, 30 11 2027",
        widget=forms.DateInput(format="%d %m %Y", attrs={"class": "govuk-input--width-10"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "retain":
            review = data.get("next_review_on")
            if review is None:
                self.add_error("next_review_on", "Enter the next review date")
            elif review <= today():
                self.add_error("next_review_on", "The next review date must be in the future")
        return data
