"""Why a record is leaving the system: the reason every disclosure of sensitive material asks
for (DPA 2018 s.62), kept with the audit event."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from preventplan.lib.forms import GovukForm

REASONS = [
    ("report", _("A board, partnership or management report")),
    ("sharing", _("Sharing with a partner under an information sharing agreement")),
    (
        "subject-access",
        _("A subject access request or a request from the Information Commissioner"),
    ),
    ("complaint", _("Investigating a complaint or possible misconduct")),
    ("security", _("A security incident")),
    ("self-monitoring", _("Routine self-monitoring of lawfulness")),
    ("proceedings", _("Criminal proceedings")),
    ("other", _("Another reason")),
]


class ReasonForm(GovukForm):
    reason = forms.ChoiceField(
        label=_("Why do you need this?"),
        choices=REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select why you need this")},
    )
    detail = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("For example, the request or case reference. Required for another reason."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == "other" and not data.get("detail", "").strip():
            self.add_error("detail", _("Say why you need this"))
        return data

    @property
    def justification(self) -> str:
        # Kept in the audit log as written: in the service's own language, whatever the page's.
        with translation.override(settings.LANGUAGE_CODE):
            label = str(dict(REASONS)[self.cleaned_data["reason"]])
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
            "heading": _("Why do you need this export?"),
            "caption": caption,
            "body": format_lazy("{} {}", body, _("Your reason is recorded with the export.")),
            "form": form,
            "button": button,
            "cancel_url": cancel_url,
        },
    )
