"""The case pages the register pattern does not give: the reason asked before a case is opened,
recording a stage or a review, the review-due queue, and the aggregate figures."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
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


def _gated(request: AuthedRequest, case: Case) -> HttpResponse | None:
    """Recording a stage or review shows the case too: it needs a reason given for it."""
    if given_reason(request, case) is None:
        return ask_reason(request, case, ConsultReasonForm(), "detail")
    return None


@require_http_methods(["GET", "POST"])
def case_stage(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_record_for_user(request.user, Case, pk, update=True)
    if answer := _gated(request, case):
        return answer
    form = StageForm(
        request.POST or None, case=case, initial={"version": case.version, "on": today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_stage(
                request.user,
                case,
                data["stage"],
                data["on"],
                data["outcome"],
                data["version"],
                request,
            )
        except StaleEdit:
            messages.error(
                request,
                f"{case.reference} was changed by someone else. Check its stage and try again.",
            )
            return redirect(CASES.url("detail", case.pk))
        messages.success(request, f"{case.reference} is now at {case.get_stage_display()}.")
        return redirect(CASES.url("detail", case.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Record a stage for {case.reference}",
            "caption": CASES.title,
            "body": f"Currently at {case.get_stage_display()}.",
            "form": form,
            "button": "Record the stage",
            "cancel_url": CASES.url("detail", case.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def case_review(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_record_for_user(request.user, Case, pk, update=True)
    if answer := _gated(request, case):
        return answer
    form = ReviewForm(
        request.POST or None, case=case, initial={"version": case.version, "reviewed_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_review(
                request.user,
                case,
                data["reviewed_on"],
                data["direction"],
                data["next_review_on"],
                data["version"],
                request,
            )
        except StaleEdit:
            messages.error(
                request, f"{case.reference} was changed by someone else. Record the review again."
            )
            return redirect(CASES.url("detail", case.pk))
        messages.success(request, f"The review of {case.reference} has been recorded.")
        return redirect(CASES.url("detail", case.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Review {case.reference}",
            "caption": CASES.title,
            "body": f"At {case.get_stage_display()}.",
            "form": form,
            "button": "Record the review",
            "cancel_url": CASES.url("detail", case.pk),
        },
    )


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
