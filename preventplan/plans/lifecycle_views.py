"""A plan's life: submit, approve, return for changes, close, roll forward. Every step has the
same shape (a confirmation page, with a note or a reason where one is asked for, then the step
itself), so one view takes them all and :data:`TRANSITIONS` says what differs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from preventplan.accounts.models import User
from preventplan.lib.dates import format_date
from preventplan.lib.http import AuthedRequest
from preventplan.plans import actions
from preventplan.plans.access import get_plan_for_user
from preventplan.plans.forms import NoteForm, ReasonForm
from preventplan.plans.models import Plan, PlanStatus

# Wording is a (lazily translated) str, where "%(title)s" is the plan's title, or made from the plan.
Wording = str | Promise | Callable[[Plan], str]
# A step: (who, plan, the form's cleaned data, request) -> the plan to show next (None: this one).
Step = Callable[[User, Plan, dict[str, Any], HttpRequest], Plan | None]


@dataclass(frozen=True)
class Transition:
    heading: Wording
    button: str | Promise
    act: Step
    done: Wording  # the message afterwards, about the plan shown next
    body: Wording = ""
    warning: str | Promise = ""
    form: type[forms.Form] | None = None  # asked for on the confirmation page
    by_approver: bool = False  # the force lead's step (approve, return), not the plan's own lead's
    # Why the step cannot be taken now (empty: it can): the confirmation page is not shown then.
    refused: Callable[[Plan], str] | None = None


def _say(wording: Wording, plan: Plan) -> str:
    if callable(wording):
        return wording(plan)
    return str(wording) % {"title": plan.title} if wording else ""


def _submit_heading(plan: Plan) -> str:
    if plan.status == PlanStatus.APPROVED:
        return gettext("Submit the changes to %(title)s for approval?") % {"title": plan.title}
    return gettext("Submit %(title)s for approval?") % {"title": plan.title}


def _submit_body(plan: Plan) -> str:
    """What submitting does: for an approved plan, that it is approved already and that the force
    lead is asked to approve the changes made since (docs/plans.md)."""
    if plan.status != PlanStatus.APPROVED:
        return gettext(
            "The force Prevent lead will be asked to approve it. You can go on updating "
            "delivery; changes made after approval are listed for readers."
        )
    count = plan.changes_since_approval()
    approved = gettext("This plan was approved on %(date)s by %(who)s.") % {
        "date": format_date(timezone.localdate(plan.approved_at) if plan.approved_at else None),
        "who": plan.approved_by or gettext("someone no longer on the service"),
    }
    changes = ngettext(
        "%(count)s change has been made since approval; submitting asks the force Prevent lead "
        "to approve it.",
        "%(count)s changes have been made since approval; submitting asks the force Prevent lead "
        "to approve them.",
        count,
    ) % {"count": count}
    meanwhile = gettext(
        "Until they do, the plan shows as submitted for approval and you can go on updating "
        "delivery. If they return it for changes, it goes back to draft until it is approved "
        "again."
    )
    return f"{approved} {changes} {meanwhile}"


def _next_period(plan: Plan) -> str:
    start, end = actions.next_period(plan)
    return gettext(
        "A new draft plan for %(start)s to %(end)s will carry every open action with its owner, "
        "partners and open milestones. Complete and not-applicable actions stay in this plan."
    ) % {"start": format_date(start), "end": format_date(end)}


def _rolled(new: Plan) -> str:
    count = new.actions.count()
    return ngettext(
        "%(title)s has been created with %(count)s open action carried forward.",
        "%(title)s has been created with %(count)s open actions carried forward.",
        count,
    ) % {"title": new.title, "count": count}


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        heading=_submit_heading,
        body=_submit_body,
        button=_("Submit for approval"),
        act=lambda user, plan, data, request: actions.submit_plan(user, plan, request),
        done=_("The plan has been submitted for approval."),
        refused=actions.nothing_to_submit,
    ),
    "approve": Transition(
        heading=_("Approve the plan"),
        body=_(
            "Approving records your name and the date. Later changes are listed as changes "
            "since approval."
        ),
        form=NoteForm,
        button=_("Approve plan"),
        act=lambda user, plan, data, request: actions.approve_plan(
            user, plan, data["note"], request
        ),
        done=_("The plan has been approved."),
        by_approver=True,
    ),
    "return": Transition(
        heading=_("Return the plan for changes"),
        form=ReasonForm,
        button=_("Return plan"),
        act=lambda user, plan, data, request: actions.return_plan(
            user, plan, data["reason"], request
        ),
        done=_("The plan has been returned to draft."),
        by_approver=True,
    ),
    "close": Transition(
        heading=_("Close %(title)s?"),
        warning=_(
            "A closed plan can be read but no longer changed. Roll it forward first if open "
            "actions should carry on."
        ),
        button=_("Close plan"),
        act=lambda user, plan, data, request: actions.close_plan(user, plan, request),
        done=_("The plan has been closed. It can no longer be changed."),
    ),
    "roll-forward": Transition(
        heading=_("Roll the plan forward?"),
        body=_next_period,
        button=_("Create next period’s plan"),
        act=lambda user, plan, data, request: actions.roll_forward(user, plan, request),
        done=_rolled,
    ),
}


@require_http_methods(["GET", "POST"])
def plan_transition(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    """The confirmation page of a step in the plan's life (GET), and the step itself (POST)."""
    transition = TRANSITIONS[step]
    plan = get_plan_for_user(
        request.user, pk, write=not transition.by_approver, approve=transition.by_approver
    )
    refused = transition.refused(plan) if transition.refused else ""
    if refused and request.method == "GET":
        messages.error(request, refused)
        return redirect("plans:plan-detail", pk=plan.pk)
    form = transition.form(request.POST or None) if transition.form else None
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            shown = transition.act(request.user, plan, data, request) or plan
        except actions.PlanRuleError as error:
            messages.error(request, str(error))
            return redirect("plans:plan-detail", pk=plan.pk)
        messages.success(request, _say(transition.done, shown))
        return redirect("plans:plan-detail", pk=shown.pk)
    page = {
        "heading": _say(transition.heading, plan),
        "body": _say(transition.body, plan),
        "button": transition.button,
        "cancel_url": reverse("plans:plan-detail", args=[plan.pk]),
    }
    if form is None:
        return render(request, "layouts/confirm.html", {**page, "warning": transition.warning})
    return render(request, "layouts/form_page.html", {**page, "caption": plan.title, "form": form})
