"""Why a record is leaving the system: the reason every disclosure of sensitive material asks
for (DPA 2018 s.62), kept with the audit event."""

from __future__ import annotations

from typing import Any

from django import forms

from preventplan.lib.forms import GovukForm

REASONS = [
    ("subject-access", "A subject access request or a request from the Information Commissioner"),
    ("complaint", "Investigating a complaint or possible misconduct"),
    ("security", "A security incident"),
    ("self-monitoring", "Routine self-monitoring of lawfulness"),
    ("proceedings", "Criminal proceedings"),
    ("other", "Another reason"),
]


class ReasonForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why do you need this?",
        choices=REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need this"},
    )
    detail = forms.CharField(
        label="Details",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="For example, the request or case reference. Required for another reason.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == "other" and not data.get("detail", "").strip():
            self.add_error("detail", "Say why you need this")
        return data

    @property
    def justification(self) -> str:
        label = dict(REASONS)[self.cleaned_data["reason"]]
        detail = self.cleaned_data.get("detail", "").strip()
        return f"{label}: {detail}" if detail else label
