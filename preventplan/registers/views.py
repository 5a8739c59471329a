"""What the registers do beyond the shared register pages (``registers.py`` and
``preventplan.records``): logging information given under a consequence management plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from preventplan.lib.dates import today
from preventplan.lib.http import AuthedRequest
from preventplan.records import reads
from preventplan.records.access import get_record_for_user
from preventplan.registers import actions
from preventplan.registers.forms import InformationGivenForm
from preventplan.registers.models import ConsequencePlan
from preventplan.registers.registers import CONSEQUENCE_PLANS


@require_http_methods(["GET", "POST"])
def information_log(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_record_for_user(request.user, ConsequencePlan, pk, update=True)
    form = InformationGivenForm(request.POST or None, initial={"given_on": today()})
    if request.method == "POST" and form.is_valid():
        actions.log_information(request.user, plan, form.save(commit=False), request)
        messages.success(
            request,
            _("The information given has been added to %(reference)s.")
            % {"reference": plan.reference},
        )
        return redirect(CONSEQUENCE_PLANS.url("detail", plan.pk))
    if request.method == "GET":
        reads.record_reads(request.user, CONSEQUENCE_PLANS, [plan], "log", request)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Log information given"),
            "caption": f"{plan.reference} {plan.title}",
            "body": _(
                "Record what was given to partners, key individual networks, independent "
                "advisory groups or communities, and how. Name groups, never people."
            ),
            "form": form,
            "button": _("Add to the log"),
            "cancel_url": CONSEQUENCE_PLANS.url("detail", plan.pk),
        },
    )
