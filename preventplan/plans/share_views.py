"""Sharing a plan with partnerships, under the information-sharing protocols in force."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from preventplan.lib.http import AuthedRequest
from preventplan.organisations.models import Partnership
from preventplan.plans import actions
from preventplan.plans.access import get_plan_for_user
from preventplan.plans.forms import ShareForm
from preventplan.sharing.models import ShareCategory, partnerships_with_protocol


@require_http_methods(["GET", "POST"])
def plan_share(request: AuthedRequest, pk: int) -> HttpResponse:
    """Choose the partnerships a plan is shared with; only those a protocol in force covers."""
    plan = get_plan_for_user(request.user, pk, write=True)
    force = plan.organisation.force()
    candidates = Partnership.objects.filter(force=force, is_active=True).order_by("name")
    covered = set(partnerships_with_protocol(ShareCategory.PLANS).values_list("pk", flat=True))
    form = ShareForm(request.POST or None, initial={"partnerships": list(plan.shared_with.all())})
    form.fields["partnerships"].queryset = candidates.filter(pk__in=covered)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            actions.share_plan(request.user, plan, list(form.cleaned_data["partnerships"]), request)
        except actions.PlanRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Sharing has been saved."))
        return redirect("plans:plan-detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_share.html",
        {
            "plan": plan,
            "form": form,
            "uncovered": candidates.exclude(pk__in=covered),
            "covered": candidates.filter(pk__in=covered),
            "shared": set(plan.shared_with.values_list("pk", flat=True)),
        },
    )
