"""Filtering the audit log, and a retention decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from preventplan.audit.models import AuditAction
from preventplan.lib.dates import today
from preventplan.lib.forms import GovukForm


class AuditFilterForm(GovukForm):
    # A search of the log, itself logged: staff names ("Dr Patel") are what auditors look for.
    person_names_allowed = {"q"}
    q = forms.CharField(label=_("Person, record or event"), required=False, max_length=200)
    action = forms.ChoiceField(
        label=_("Processing"), required=False, choices=[("", _("Any")), *AuditAction.choices]
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("For example, 1 11 2026"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("For example, 30 11 2026"),
    )


class RetentionForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("retain", _("Keep it until the next review")),
            (
                "dispose",
                _("Dispose of it now (deletes the record and its files; this cannot be undone)"),
            ),
        ],
        error_messages={"required": _("Select whether to keep or dispose of the record")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Why it is still needed, or why it no longer is."),
        error_messages={"required": _("Give the reason for your decision")},
    )
    next_review_on = forms.DateField(
        label=_("Next review date"),
        required=False,
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("For keeping only. For example, 30 11 2027"),
        widget=forms.DateInput(format="%d %m %Y", attrs={"class": "govuk-input--width-10"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "retain":
            review = data.get("next_review_on")
            if review is None:
                self.add_error("next_review_on", _("Enter the next review date"))
            elif review <= today():
                self.add_error("next_review_on", _("The next review date must be in the future"))
        return data
