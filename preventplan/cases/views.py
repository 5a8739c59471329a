"""The case pages the register pattern does not give: the reason asked before a case is opened,
recording a stage or a review, the review-due queue, and the aggregate figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.cases import actions, figures
from preventplan.cases.forms import ConsultReasonForm, ReviewForm, StageForm
from preventplan.cases.models import Case
from preventplan.cases.registers import (
    CASES,
    TABS,
    ask_reason,
    given_reason,
    remember_reason,
)
from preventplan.lib.concurrency import StaleEdit
from preventplan.lib.dates import due_soon_until, today
from preventplan.lib.http import AuthedRequest
from preventplan.organisations.access import reads_plans_of, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.records.access import get_record_for_user

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FIGURE_KINDS = {
    OrganisationKind.NATION,
    OrganisationKind.REGION,
    OrganisationKind.FORCE,
    OrganisationKind.BCU,
}


@require_http_methods(["GET", "POST"])
def case_reason(request: AuthedRequest, pk: int) -> HttpResponse:
    """Why the case is being opened; remembered for this case for a while, then straight on."""
    case = get_record_for_user(request.user, Case, pk)
    page = "edit" if request.POST.get("next", request.GET.get("next")) == "edit" else "detail"
    form = ConsultReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        remember_reason(request, case, form.justification)
        return redirect(CASES.url(page, case.pk))
    return ask_reason(request, case, form, page)


@dataclass(frozen=True)
class HistoryStep:
    """One of the two things a case's holders record: a stage or a review."""

    form: type[StageForm | ReviewForm]
    date_field: str
    save: Callable[[AuthedRequest, Case, dict[str, Any]], object]
    # Each with the case's reference as %(reference)s.
    heading: StrOrPromise
    button: StrOrPromise
    done: StrOrPromise
    stale: StrOrPromise


STEPS = {
    "stage": HistoryStep(
        StageForm,
        "on",
        lambda request, case, d: actions.record_stage(
            request.user, case, d["stage"], d["on"], d["outcome"], d["version"], request
        ),
        _("Record a stage for %(reference)s"),
        _("Record the stage"),
        _("%(reference)s has been moved to its new stage."),
        _("%(reference)s was changed by someone else. Check its stage and try again."),
    ),
    "review": HistoryStep(
        ReviewForm,
        "reviewed_on",
        lambda request, case, d: actions.record_review(
            request.user,
            case,
            d["reviewed_on"],
            d["direction"],
            d["next_review_on"],
            d["version"],
            request,
        ),
        _("Review %(reference)s"),
        _("Record the review"),
        _("The review of %(reference)s has been recorded."),
        _("%(reference)s was changed by someone else. Record the review again."),
    ),
}


def record_history(request: AuthedRequest, pk: int, step: HistoryStep) -> HttpResponse:
    """Record a stage or a review: by whoever may update the case, once they have said why they
    are opening it (the page shows the case's stage)."""
    case = get_record_for_user(request.user, Case, pk, update=True)
    if given_reason(request, case) is None:
        return ask_reason(request, case, ConsultReasonForm(), "detail")
    ref = {"reference": case.reference}
    initial = {"version": case.version, step.date_field: today()}
    form = step.form(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            step.save(request, case, form.cleaned_data)
        except StaleEdit:
            messages.error(request, step.stale % ref)
        else:
            messages.success(request, step.done % ref)
        return redirect(CASES.url("detail", case.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": step.heading % ref,
            "caption": CASES.title,
            "body": gettext("Currently at %(stage)s.") % {"stage": case.get_stage_display()},
            "form": form,
            "button": step.button,
            "cancel_url": CASES.url("detail", case.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def case_stage(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_history(request, pk, STEPS["stage"])


@require_http_methods(["GET", "POST"])
def case_review(request: AuthedRequest, pk: int) -> HttpResponse:
    return record_history(request, pk, STEPS["review"])


@require_GET
def review_queue(request: AuthedRequest) -> HttpResponse:
    """Open cases the person may read whose review is overdue or due soon, soonest first."""
    if not CASES.policy.has_register(request.user):
        raise Http404  # only people who hold cases have a queue
    on = today()
    cases = list(
        Case.objects.review_due(due_soon_until(on))
        .visible_to(request.user)
        .select_related("bcu", "agency")
        .order_by("review_on", "reference")[:500]
    )
    CASES.shown(request, cases)  # type: ignore[misc]
    return render(
        request,
        "cases/review_queue.html",
        {
            "cases": cases,
            "overdue": [c for c in cases if c.review_on < on],
            "due_soon": [c for c in cases if c.review_on >= on],
            "tabs": TABS,
            "until": due_soon_until(on),
        },
    )


@require_GET
def case_figures(request: AuthedRequest, pk: int) -> HttpResponse:
    """The aggregate figures for an organisation's subtree: counts only, never a case."""
    org = Organisation.objects.filter(pk=pk, kind__in=FIGURE_KINDS).first()
    if org is None or not reads_plans_of(scope_for(request.user), org):
        raise Http404
    data = figures.build(org, today())
    return render(request, "cases/figures.html", {"figures": data, "organisation": org})
