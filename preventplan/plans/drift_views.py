"""A plan against its template: where it differs, and answering a newer version's changes."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from preventplan.lib.http import AuthedRequest
from preventplan.organisations.access import scope_for
from preventplan.plans import actions, drift
from preventplan.plans.access import can_manage_plan, get_plan_for_user
from preventplan.plans.forms import TemplateAnswerForm
from preventplan.plans.models import TemplateChangeDecision


@require_http_methods(["GET", "POST"])
def plan_template(request: AuthedRequest, pk: int) -> HttpResponse:
    """Where the plan differs from its template, and the changes of a newer version to answer.
    Each answer is confirmed on a page of its own before it is saved."""
    plan = get_plan_for_user(request.user, pk, write=request.method == "POST")
    newer = drift.newer_version(plan)
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if newer is None:
            messages.error(request, _("There is no newer version of the template to answer."))
            return redirect("plans:plan-template", pk=plan.pk)
        if answer not in TemplateChangeDecision.Answer.values:
            messages.error(
                request, _("Choose whether to take the change or keep the plan as it is.")
            )
            return redirect("plans:plan-template", pk=plan.pk)
        number = request.POST.get("number", "")
        try:
            change = drift.change_to_answer(plan, newer, number)
        except actions.PlanRuleError as error:
            messages.error(request, str(error))
            return redirect("plans:plan-template", pk=plan.pk)
        accepting = answer == TemplateChangeDecision.Answer.ACCEPT
        form = TemplateAnswerForm(
            request.POST if "confirmed" in request.POST else None,
            plan=plan,
            asks_for_owner=accepting and change.asks_for_owner(plan),
        )
        if form.is_bound and form.is_valid():
            try:
                drift.answer_change(
                    request.user,
                    plan,
                    newer,
                    number,
                    answer,
                    request,
                    owner=form.cleaned_data.get("owner"),
                )
            except actions.PlanRuleError as error:
                messages.error(request, str(error))
            else:
                done = (
                    _("The change to %(number)s has been accepted.")
                    if accepting
                    else _("The change to %(number)s has been declined.")
                )
                messages.success(request, done % {"number": number})
            return redirect("plans:plan-template", pk=plan.pk)
        return render(
            request,
            "plans/template_answer.html",
            {
                "plan": plan,
                "newer": newer,
                "change": change,
                "answer": answer,
                "accepting": accepting,
                "form": form,
            },
        )
    actions.record_shared_reads(request.user, [plan], "template", request)
    return render(
        request,
        "plans/plan_template.html",
        {
            "plan": plan,
            "differences": drift.differences(plan),
            "newer": newer,
            "changes": drift.template_changes(plan, newer) if newer else [],
            "can_manage": can_manage_plan(scope_for(request.user), plan),
        },
    )
