"""The week's BCU return and force assessment: read, start, edit, submit and correct (each
correction a new version), and the upcoming events and partner contributions added to a return.
A return and an assessment go through the same steps; :class:`Weekly` says what differs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.audit.consultations import record_consultation, record_listing
from preventplan.lib.concurrency import save_or_conflict
from preventplan.lib.dates import format_date
from preventplan.lib.http import AuthedRequest
from preventplan.organisations.access import can_run, scope_for
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.tension import actions
from preventplan.tension.access import get_tension_unit_for_user, week_or_404
from preventplan.tension.deadlines import WeekStatus
from preventplan.tension.forms import ContributionForm, EventForm, ForceForm, ReturnForm, StartForm
from preventplan.tension.models import (
    BcuReturn,
    ForceAssessment,
    ReturnStatus,
    TensionLevel,
    TensionSettings,
)
from preventplan.tension.weeks import force_week_context, section_rows

BCU, FORCE = OrganisationKind.BCU, OrganisationKind.FORCE


@dataclass(frozen=True)
class Weekly:
    """What differs between a BCU return and a force assessment."""

    model: Any
    kind: str
    form: Any
    prefix: str  # URL names: tension:{prefix}-week, -start, -edit, -submit, -correct
    # Whole sentences, not a noun to build them from (a translation may change the noun's form):
    # "start", "heading" (with %(unit)s), "submitted", "submit", "correct".
    words: dict[str, Any]

    def url(self, view: str, unit: Organisation, week: date) -> str:
        return reverse(f"tension:{self.prefix}-{view}", args=[unit.pk, week.isoformat()])


RETURNS = Weekly(
    BcuReturn,
    BCU,
    ReturnForm,
    "bcu",
    {
        "start": gettext_lazy("Start the return"),
        "heading": gettext_lazy("%(unit)s: return"),
        "submitted": gettext_lazy("The return has been submitted."),
        "submit": gettext_lazy("Submit the return?"),
        "correct": gettext_lazy("Correct the submitted return?"),
    },
)
ASSESSMENTS = Weekly(
    ForceAssessment,
    FORCE,
    ForceForm,
    "force",
    {
        "start": gettext_lazy("Start the force assessment"),
        "heading": gettext_lazy("%(unit)s: force assessment"),
        "submitted": gettext_lazy("The force assessment has been submitted."),
        "submit": gettext_lazy("Submit the force assessment?"),
        "correct": gettext_lazy("Correct the submitted force assessment?"),
    },
)


def week_caption(unit: Organisation, week: date) -> str:
    return _("%(unit)s, week commencing %(date)s") % {
        "unit": unit.name,
        "date": format_date(week),
    }


def weekly_view(request: AuthedRequest, spec: Weekly, pk: int, week_text: str) -> HttpResponse:
    unit = get_tension_unit_for_user(request.user, pk, spec.kind)
    week = week_or_404(week_text)
    versions_qs = spec.model.objects.filter(
        **{spec.model.UNIT_FIELD: unit, "week_commencing": week}
    )
    if spec.kind == BCU:
        versions_qs = versions_qs.prefetch_related("counts__indicator", "contributions__partner")
    versions = list(versions_qs.order_by("-number"))
    current = versions[0] if versions else None
    settings_row = TensionSettings.current()
    context: dict[str, Any] = {
        "spec": spec,
        "unit": unit,
        "week": week,
        "previous_week": week - timedelta(days=7),
        "next_week": week + timedelta(days=7),
        "current": current,
        "versions": versions,
        "status": WeekStatus(week, settings_row.due_at(week, force=spec.kind == FORCE), current),
        "can_write": can_run(scope_for(request.user), unit),
        "problems": actions.problems(current) if current and current.is_draft else [],
        "levels_provisional": TensionLevel.objects.filter(provisional=True).exists(),
    }
    if current is not None:  # a return or assessment can hold personal data: each read recorded
        record_consultation(
            request.user,
            current,
            f"{spec.model._meta.model_name}.consulted",
            request,
            page="week",
            details={"versions": [v.pk for v in versions]},
        )
    if spec.kind == BCU:
        context["sections"] = section_rows(current) if current else []
        # Grievances reported in this week's return (registers app, by its reverse relation).
        context["grievances"] = [
            g for v in versions for g in v.grievances.visible_to(request.user).order_by("reference")
        ]
        record_listing(
            request.user, context["grievances"], "grievance.consulted", request, page="week"
        )
        return render(request, "tension/bcu_return.html", context)
    context.update(force_week_context(unit, week))
    record_listing(
        request.user, context["incidents"], "criticalincident.consulted", request, page="week"
    )
    return render(request, "tension/force_week.html", context)


@require_GET
def bcu_week(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_view(request, RETURNS, pk, week)


@require_GET
def force_week(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_view(request, ASSESSMENTS, pk, week)


def weekly_start(request: AuthedRequest, spec: Weekly, pk: int, week_text: str) -> HttpResponse:
    unit = get_tension_unit_for_user(request.user, pk, spec.kind, write=True)
    week = week_or_404(week_text)
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.start(
                request.user,
                spec.model,
                unit,
                week,
                prefill=form.cleaned_data["prefill"],
                request=request,
            )
        except actions.TensionRuleError as error:
            messages.error(request, str(error))
            return redirect(spec.url("week", unit, week))
        return redirect(spec.url("edit", unit, week))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": spec.words["start"],
            "caption": week_caption(unit, week),
            "form": form,
            "button": _("Start"),
            "cancel_url": spec.url("week", unit, week),
        },
    )


def current_draft(spec: Weekly, unit: Organisation, week: date) -> Any:
    current = actions.latest(spec.model, unit, week)
    if current is None:
        raise Http404
    return current


def weekly_edit(request: AuthedRequest, spec: Weekly, pk: int, week_text: str) -> HttpResponse:
    unit = get_tension_unit_for_user(request.user, pk, spec.kind, write=True)
    week = week_or_404(week_text)
    current = current_draft(spec, unit, week)
    back = spec.url("week", unit, week)
    if not current.is_draft:
        messages.error(request, _("A submitted one cannot be changed; start a correction instead."))
        return redirect(back)
    form = spec.form(request.POST or None, instance=current)
    conflict = None
    if request.method == "POST" and form.is_valid():
        extra: dict[str, Any] = {}
        if spec.kind == BCU:
            extra = {"counts": form.counts(), "shared_with": list(form.cleaned_data["shared_with"])}
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_draft(
                request.user,
                form.save(commit=False),
                form.cleaned_data["version"],
                request=request,
                **extra,
            ),
            lambda fresh: spec.form(instance=fresh),
        )
        if conflict is None:
            messages.success(request, _("Saved. Submit it when it is complete."))
            return redirect(back)
    return render(
        request,
        "tension/edit.html",
        {
            "heading": spec.words["heading"] % {"unit": unit.name},
            "caption": (
                _("Week commencing %(date)s, version %(number)s")
                % {"date": format_date(week), "number": current.number}
                if current.number > 1
                else _("Week commencing %(date)s") % {"date": format_date(week)}
            ),
            "form": form,
            "conflict": conflict,
            "cancel_url": back,
        },
    )


def missing_returns_warning(force: Organisation, week: date) -> list[str]:
    """Before a force sends its assessment: which BCU returns are not in (not started, or still
    drafts), so that it is sent without them only on purpose."""
    returns = force_week_context(force, week)["returns"]
    missing = [b.name for b, r, _ in returns if r is None or r.status != ReturnStatus.SUBMITTED]
    if not missing:
        return []
    return [
        ngettext(
            "%(count)s of %(total)s BCU returns is not submitted (%(names)s): the assessment "
            "will go to the NCTT without it.",
            "%(count)s of %(total)s BCU returns are not submitted (%(names)s): the assessment "
            "will go to the NCTT without them.",
            len(missing),
        )
        % {"count": len(missing), "total": len(returns), "names": ", ".join(missing)}
    ]


def weekly_step(
    request: AuthedRequest, spec: Weekly, pk: int, week_text: str, step: str
) -> HttpResponse:
    """Submit, or start a correction of, the week's latest version (confirm, then act)."""
    unit = get_tension_unit_for_user(request.user, pk, spec.kind, write=True)
    week = week_or_404(week_text)
    current = current_draft(spec, unit, week)
    back = spec.url("week", unit, week)
    if request.method == "POST":
        try:
            if step == "submit":
                actions.submit(request.user, current, request)
                messages.success(request, spec.words["submitted"])
                return redirect(back)
            actions.correct(request.user, current, request)
        except actions.TensionRuleError as error:
            messages.error(request, str(error))
            return redirect(back)
        return redirect(spec.url("edit", unit, week))
    due = TensionSettings.current().due_at(week, force=spec.kind == FORCE)
    late = step == "submit" and timezone.now() > due
    warnings = (
        [
            _("It was due %(date)s and will be recorded as late.")
            % {"date": format_date(timezone.localtime(due))}
        ]
        if late
        else []
    )
    if step == "submit" and spec.kind == FORCE:
        warnings += missing_returns_warning(unit, week)
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": spec.words["submit"] if step == "submit" else spec.words["correct"],
            "body": _("Once submitted it cannot be changed; corrections become new versions.")
            if step == "submit"
            else _(
                "A new version is started as a draft, copying this one. "
                "The submitted version is kept."
            ),
            "warning": " ".join(warnings),
            "button": _("Submit") if step == "submit" else _("Start a correction"),
            "cancel_url": back,
        },
    )


@require_http_methods(["GET", "POST"])
def bcu_start(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_start(request, RETURNS, pk, week)


@require_http_methods(["GET", "POST"])
def bcu_edit(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_edit(request, RETURNS, pk, week)


@require_http_methods(["GET", "POST"])
def bcu_submit(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_step(request, RETURNS, pk, week, "submit")


@require_http_methods(["GET", "POST"])
def bcu_correct(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_step(request, RETURNS, pk, week, "correct")


@require_http_methods(["GET", "POST"])
def force_start(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_start(request, ASSESSMENTS, pk, week)


@require_http_methods(["GET", "POST"])
def force_edit(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_edit(request, ASSESSMENTS, pk, week)


@require_http_methods(["GET", "POST"])
def force_submit(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_step(request, ASSESSMENTS, pk, week, "submit")


@require_http_methods(["GET", "POST"])
def force_correct(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    return weekly_step(request, ASSESSMENTS, pk, week, "correct")


def return_item(
    request: AuthedRequest,
    pk: int,
    week_text: str,
    form_class: Any,
    words: tuple[str, str, str],
    event: str,
) -> HttpResponse:
    """Add an upcoming event or a partner contribution to the week's draft return. ``words``:
    the heading, the button and the message once added."""
    bcu = get_tension_unit_for_user(request.user, pk, BCU, write=True)
    week = week_or_404(week_text)
    current = current_draft(RETURNS, bcu, week)
    back = RETURNS.url("week", bcu, week)
    kwargs = {"bcu": bcu} if form_class is ContributionForm else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_to_return(request.user, current, form.save(commit=False), event, request)
        except actions.TensionRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, words[2])
        return redirect(back)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": words[0],
            "caption": week_caption(bcu, week),
            "form": form,
            "button": words[1],
            "cancel_url": back,
        },
    )


@require_http_methods(["GET", "POST"])
def event_add(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    words = (
        _("Add an upcoming event"),
        _("Add upcoming event"),
        _("The upcoming event has been added."),
    )
    return return_item(request, pk, week, EventForm, words, "bcureturn.event-added")


@require_http_methods(["GET", "POST"])
def contribution_add(request: AuthedRequest, pk: int, week: str) -> HttpResponse:
    words = (
        _("Add a partner contribution"),
        _("Add partner contribution"),
        _("The partner contribution has been added."),
    )
    return return_item(request, pk, week, ContributionForm, words, "bcureturn.contribution-added")
