from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.lib.dates import today
from preventplan.lib.forms import GovukModelForm
from preventplan.lib.http import AuthedRequest
from preventplan.reminders import calendar
from preventplan.reminders.models import CalendarFeed, ReminderPreference


class PreferenceForm(GovukModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
        labels = {"frequency": gettext_lazy("How often should we e-mail you about what is due?")}
        error_messages = {"frequency": {"required": gettext_lazy("Select how often")}}


@require_http_methods(["GET", "POST"])
def preferences(request: AuthedRequest) -> HttpResponse:
    pref, __ = ReminderPreference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder setting has been saved."))
        return redirect("accounts:account")
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Reminders"),
            "caption": _("Your account"),
            "body": _(
                "Reminders cover milestones on actions you own, risks you own that need "
                "review, actions from board meetings and your BCU's weekly tension return. Each is "
                "sent once when it becomes due soon and once more if it becomes overdue."
            ),
            "form": form,
            "button": _("Save"),
            "cancel_url": reverse("accounts:account"),
        },
    )


@login_not_required  # its secret address is its authentication
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, reached by its secret address alone (calendar apps cannot sign in)."""
    user = calendar.user_for(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        calendar.feed(user, today()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="preventplan.ics"'
    return response


@require_http_methods(["GET", "POST"])
def calendar_manage(request: AuthedRequest) -> HttpResponse:
    """Make a new secret address (revoking any old one), or revoke it."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(
                request, _("Your calendar address has been revoked; it no longer works.")
            )
            return redirect("accounts:account")
        token = calendar.new_feed(request.user)
        url = settings.SITE_URL.rstrip("/") + reverse("reminders:calendar-feed", args=[token])
        return render(request, "reminders/calendar_created.html", {"url": url})
    return render(
        request,
        "reminders/calendar.html",
        {"has_feed": CalendarFeed.objects.filter(user=request.user).exists()},
    )
