from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from preventplan.lib.forms import GovukModelForm
from preventplan.lib.http import AuthedRequest
from preventplan.reminders.models import ReminderPreference


class PreferenceForm(GovukModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
        labels = {"frequency": "How often should we e-mail you about what is due?"}
        error_messages = {"frequency": {"required": "Select how often"}}


@require_http_methods(["GET", "POST"])
def preferences(request: AuthedRequest) -> HttpResponse:
    pref, _ = ReminderPreference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your reminder setting has been saved.")
        return redirect("accounts:account")
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": "Reminders",
            "caption": "Your account",
            "body": "Reminders cover milestones on actions you own, risks you own that need "
            "review, actions from board meetings and your BCU's weekly tension return. Each is "
            "sent once when it becomes due soon and once more if it becomes overdue.",
            "form": form,
            "button": "Save",
            "cancel_url": reverse("accounts:account"),
        },
    )
