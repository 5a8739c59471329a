"""The case-review register (activities 3.1–3.3) as a spec on the register pattern, with the two
hooks that make it need-to-know: every opening of a case asks why, for that case, once every
:data:`REASON_MINUTES`, and records the reading with the reason; every list page records the
references it showed (DPA 2018 s.62)."""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from preventplan.cases import actions
from preventplan.cases.forms import CaseForm, ConsultReasonForm
from preventplan.cases.models import Case, Stage
from preventplan.organisations.models import Role
from preventplan.records.models import RecordStatus
from preventplan.records.spec import Column, RegisterSpec, Retention

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REASON_MINUTES = 30
SESSION_KEY = "case_reasons"

TABS = (
    ("cases:case-list", _("Cases")),
    ("cases:review-queue", _("Reviews due")),
)


def review_overdue(on: date) -> Q:
    return Q(status=RecordStatus.OPEN, review_on__lt=on)


def _review_tag(case: Any) -> Any:
    if case.review_overdue:
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">{}</strong>', gettext("Overdue")
        )
    return None


# -- why is this case being opened ---------------------------------------------------------------
def given_reason(request: HttpRequest, case: Case) -> str | None:
    """The reason given for opening this case in this session, while still fresh."""
    entry = request.session.get(SESSION_KEY, {}).get(str(case.pk))
    if entry and time.time() - entry[1] < REASON_MINUTES * 60:
        return str(entry[0])
    return None


def remember_reason(request: HttpRequest, case: Case, reason: str) -> None:
    now = time.time()
    reasons = {
        pk: entry
        for pk, entry in request.session.get(SESSION_KEY, {}).items()
        if now - entry[1] < REASON_MINUTES * 60
    }
    reasons[str(case.pk)] = [reason, now]
    request.session[SESSION_KEY] = reasons


def ask_reason(
    request: HttpRequest, case: Case, form: ConsultReasonForm, page: str
) -> HttpResponse:
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": gettext("Why are you opening this case?"),
            "caption": case.title,
            "body": gettext(
                "Every opening of a case is recorded with its reason. You will not be asked "
                "again for this case for %(minutes)s minutes."
            )
            % {"minutes": REASON_MINUTES},
            "form": form,
            "button": gettext("Open the case"),
            "cancel_url": reverse("cases:case-list"),
            "action": reverse("cases:case-reason", args=[case.pk]),
            "next": page,
        },
    )


def consult(request: HttpRequest, case: Case, page: str) -> HttpResponse | None:
    """Before a case is shown: ask why, or record this reading with the reason given."""
    reason = given_reason(request, case)
    if reason is None:
        return ask_reason(request, case, ConsultReasonForm(), page)
    if request.method == "GET":
        actions.consulted(request.user, case, reason, page, request)  # type: ignore[arg-type]
    return None


def shown(request: HttpRequest, cases: list[Any]) -> None:
    actions.listed(
        request.user,  # type: ignore[arg-type]
        cases,
        cases[0].bcu if cases else None,
        request.GET.dict(),
        request,
    )


def detail_context(request: HttpRequest, case: Any) -> dict[str, Any]:
    return {
        "stages": case.stages.select_related("recorded_by"),
        "reviews": case.reviews.select_related("recorded_by"),
        "tabs": TABS,
    }


def _interventions(case: Any) -> str:
    return "; ".join(i.name for i in case.interventions.all()) or gettext("None yet")


# "Closed cases: no further action", in the language of the page it is shown on.
_closed_label = lazy(lambda how: gettext("Closed cases: %(how)s") % {"how": how}, str)


def _closed(stage: Stage, label: StrOrPromise, months: int, basis: StrOrPromise) -> Retention:
    return Retention(
        f"cases.case.{stage.value.removeprefix('closed-')}",
        _closed_label(label),
        months=months,
        when=Q(stage=stage, closed_on__isnull=False),
        clock="closed_on",
        basis=cast(str, basis),  # a lazy translation, made text where it is shown
        reviewer=Role.BCU_LEAD,  # the BCU's lead holds its cases: nobody else sees a reference
    )


# By how they closed (docs/case-reviews.md): three years for no further action and referrals
# elsewhere (as the 2023 Independent Review of Prevent recommended for no-further-action data,
# rather than six), six when support was completed.
CASE_RETENTION = (
    _closed(
        Stage.CLOSED_NFA,
        _("no further action"),
        36,
        _("Review three years after the case closed."),
    ),
    _closed(
        Stage.CLOSED_REFERRED,
        _("referred elsewhere"),
        36,
        _("Review three years after the case closed."),
    ),
    _closed(
        Stage.CLOSED_COMPLETED,
        _("support completed"),
        72,
        _("Review six years after the case closed."),
    ),
)


CASES = RegisterSpec(
    model=Case,
    form=CaseForm,
    namespace="cases",
    name="case",
    path="cases",
    noun=_("case"),
    plural=_("cases"),
    counted=ngettext_lazy("%(count)s case", "%(count)s cases", "count"),
    overdue_counted=ngettext_lazy(
        "%(count)s open case is overdue for review",
        "%(count)s open cases are overdue for review",
        "count",
    ),
    title=_("Case reviews"),
    intro=_(
        "Pseudonymous case references, their stages, interventions and reviews (activities "
        "3.1–3.3). A case holds no name, date of birth, address or description of the person: "
        "the case itself stays in the owning agency's own system. Opening a case asks why."
    ),
    columns=(
        Column(_("Reference"), "reference", sort="reference"),
        Column(_("BCU"), "bcu.name", sort="bcu__name", key="bcu"),
        Column(_("Owning agency"), "agency.name", sort="agency__name", key="agency"),
        "referral_source",
        Column(_("Referral received"), "referred_on", sort="referred_on", key="referred"),
        Column(_("Stage"), "get_stage_display", sort="stage", key="stage"),
        Column(_("Stage since"), "stage_on", sort="stage_on", key="since"),
        Column(_("Interventions"), _interventions, page=False),
        Column(
            _("Next review due"), "review_on", sort="review_on", key="review", secondary=_review_tag
        ),
        Column(_("Outcome"), "get_outcome_display", page=False),
        Column(_("Closed"), "closed_on", page=False),
        Column(_("Marking"), "marking", page=False),
    ),
    facts=(
        Column(_("Stage"), "get_stage_display"),
        Column(_("Stage since"), "stage_on"),
        Column(_("BCU"), "bcu.name"),
        Column(_("Owning agency"), "agency.name"),
        Column(
            _("Case officer"), lambda c: c.officer.full_name if c.officer else gettext("Not named")
        ),
        "referral_source",
        Column(_("Referral received"), "referred_on"),
        Column(_("Interventions"), _interventions),
        Column(_("Next review due"), lambda c: c.review_on or gettext("None (closed)")),
        Column(_("Outcome"), lambda c: c.get_outcome_display() or gettext("Not yet known")),
    ),
    search=("reference",),
    filters=("stage", "referral_source"),
    filter_labels={"stage": _("Stage")},
    default_sort="review",
    overdue=review_overdue,
    select_related=("agency",),
    prefetch=("interventions",),
    tabs=TABS,
    detail_template="cases/case_detail.html",
    detail_context=detail_context,
    consult=consult,
    shown=shown,
    retention=CASE_RETENTION,
    api=False,  # an API read would skip the reason asked before a case is opened
)
