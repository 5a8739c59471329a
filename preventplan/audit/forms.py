"""Why a record is leaving the system: the reason every disclosure of sensitive material asks
for (DPA 2018 s.62), kept with the audit event."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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


def reason_for_export(
    request: HttpRequest, *, caption: str, body: str, button: str, cancel_url: str
) -> str | HttpResponse:
    """The reason for taking sensitive material out of the system, once given and valid (a
    string to record with the disclosure); until then, the page that asks for it."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return form.justification
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": "Why do you need this export?",
            "caption": caption,
            "body": f"{body} Your reason is recorded with the export.",
            "form": form,
            "button": button,
            "cancel_url": cancel_url,
        },
    )
