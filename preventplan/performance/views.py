"""Indicators (catalogue, values, targets) and the NI35 self-assessment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.lib import charts
from preventplan.lib.concurrency import StaleEdit, save_or_conflict
from preventplan.lib.dates import financial_year_start, period_label, today
from preventplan.lib.http import AuthedRequest
from preventplan.lib.listing import paginate, sorted_by
from preventplan.organisations.access import can_run, scope_for
from preventplan.organisations.models import Organisation
from preventplan.performance import actions
from preventplan.performance.access import (
    can_complete,
    get_assessment_for_user,
    get_performance_organisation_for_user,
    partnerships_to_assess,
    performance_organisations_for,
)
from preventplan.performance.figures import (
    computed_for,
    ni35_evidence,
    ni35_evidence_by_strand,
    readings,
)
from preventplan.performance.forms import (
    AssessmentStartForm,
    IndicatorForm,
    StrandForm,
    TargetForm,
    ValueForm,
)
from preventplan.performance.models import (
    AssessmentStatus,
    Indicator,
    IndicatorTarget,
    Ni35Assessment,
    Ni35StrandScore,
)
from preventplan.records import evidence


# -- the catalogue -------------------------------------------------------------------------------
@require_GET
def indicator_list(request: AuthedRequest) -> HttpResponse:
    qs = Indicator.objects.all()
    if request.GET.get("all") != "1":
        qs = qs.filter(is_active=True)
    qs = sorted_by(request, qs, {"code": "code", "name": "name", "frequency": "frequency"}, "code")
    return render(
        request,
        "performance/indicator_list.html",
        {
            "page": paginate(request, qs),
            "can_edit": scope_for(request.user).is_national_admin,
            "show_all": request.GET.get("all") == "1",
            "organisations": performance_organisations_for(scope_for(request.user)),
        },
    )


def _national_admin(request: AuthedRequest) -> None:
    if not scope_for(request.user).is_national_admin:
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def indicator_create(request: AuthedRequest) -> HttpResponse:
    _national_admin(request)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = actions.save_indicator(request.user, form.save(commit=False), request=request)
        messages.success(
            request, _("%(code)s has been added to the catalogue.") % {"code": indicator.code}
        )
        return redirect("performance:indicator-list")
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Add an indicator"),
            "caption": _("Performance indicators"),
            "form": form,
            "button": _("Add indicator"),
            "cancel_url": reverse("performance:indicator-list"),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    _national_admin(request)
    indicator = Indicator.objects.filter(pk=pk).first()
    if indicator is None:
        raise Http404
    form = IndicatorForm(request.POST or None, instance=indicator)
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_indicator(
                request.user, form.save(commit=False), form.cleaned_data["version"], request
            ),
            lambda fresh: IndicatorForm(instance=fresh),
        )
        if conflict is None:
            messages.success(request, _("%(code)s has been saved.") % {"code": indicator.code})
            return redirect("performance:indicator-list")
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Change %(code)s") % {"code": indicator.code},
            "caption": indicator.name,
            "form": form,
            "button": _("Save indicator"),
            "cancel_url": reverse("performance:indicator-list"),
            "conflict": conflict,
        },
    )


# -- an organisation's figures -------------------------------------------------------------------
@require_GET
def performance_index(request: AuthedRequest) -> HttpResponse:
    orgs = performance_organisations_for(scope_for(request.user))
    if len(orgs) == 1:
        return redirect("performance:organisation", pk=orgs[0].pk)
    return redirect("performance:indicator-list")


@require_GET
def organisation_performance(request: AuthedRequest, pk: int) -> HttpResponse:
    org = get_performance_organisation_for_user(request.user, pk)
    return render(
        request,
        "performance/organisation.html",
        {
            "org": org,
            "readings": readings(org, today()),
            "can_enter": can_run(scope_for(request.user), org),
            "year": period_label(financial_year_start(today()), "annual"),
        },
    )


def _indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404
    return indicator


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@require_GET
def indicator_series(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    org = get_performance_organisation_for_user(request.user, pk)
    indicator = _indicator(code)
    reading = readings(org, today(), [indicator])[0]
    targets = {
        t.year_start: t.target
        for t in IndicatorTarget.objects.filter(indicator=indicator, organisation=org)
    }
    points = reading.values[-24:]
    chart = None
    if points:
        # A year without a target is a gap in the target line, not a target of 0.
        target_line = [_float(targets.get(financial_year_start(v.period_start))) for v in points]
        series = [(_("Value"), "#1d70b8", [_float(v.value) for v in points])]
        if any(t is not None for t in target_line):
            series.append((_("Target"), "#00703c", target_line))
        chart = charts.line_chart(
            [date_format(v.period_start, "M y") for v in points],
            series,
            _("%(code)s %(name)s: values and targets for %(organisation)s")
            % {"code": indicator.code, "name": indicator.name, "organisation": org.name},
            maximum=max([v for s in series for v in s[2] if v is not None] + [0]) * 1.15 or 1,
        )
    rows = [
        {
            "value": v,
            "label": period_label(v.period_start, indicator.frequency),
            "target": targets.get(financial_year_start(v.period_start)),
        }
        for v in reversed(reading.values)
    ]
    return render(
        request,
        "performance/series.html",
        {
            "org": org,
            "indicator": indicator,
            "reading": reading,
            "chart": chart,
            "rows": rows,
            "targets": sorted(targets.items(), reverse=True),
            "can_enter": can_run(scope_for(request.user), org),
            "computed": computed_for(indicator, org),
        },
    )


@require_http_methods(["GET", "POST"])
def value_entry(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    org = get_performance_organisation_for_user(request.user, pk, write=True)
    indicator = _indicator(code)
    series_url = reverse("performance:series", args=[org.pk, indicator.code])
    if (computed := computed_for(indicator, org)) is not None:
        source = str(computed.source)
        messages.info(
            request,
            _("%(code)s is %(source)s: it is not typed in.")
            % {"code": indicator.code, "source": source[:1].lower() + source[1:]},
        )
        return redirect(series_url)
    form = ValueForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_value(
                request.user,
                indicator,
                org,
                data["period"],
                data["value"],
                data["note"],
                replace=data["replace"],
                request=request,
            )
        except actions.PerformanceRuleError as error:
            form.add_error("period", str(error))
        else:
            messages.success(
                request,
                _("%(value)s has been recorded for %(period)s.")
                % {
                    "value": indicator.format(data["value"]),
                    "period": period_label(data["period"], indicator.frequency),
                },
            )
            return redirect(series_url)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Enter a value for %(code)s") % {"code": indicator.code},
            "caption": f"{org.name} · {indicator.name}",
            "body": indicator.definition,
            "form": form,
            "button": _("Record value"),
            "cancel_url": series_url,
        },
    )


@require_http_methods(["GET", "POST"])
def target_set(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    org = get_performance_organisation_for_user(request.user, pk, write=True)
    indicator = _indicator(code)
    form = TargetForm(request.POST or None, indicator=indicator)
    series_url = reverse("performance:series", args=[org.pk, indicator.code])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.set_target(
            request.user, indicator, org, data["year"], data["target"], data["tolerance"], request
        )
        messages.success(request, _("The target has been saved."))
        return redirect(series_url)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Set the target for %(code)s") % {"code": indicator.code},
            "caption": f"{org.name} · {indicator.name}",
            "body": _("%(polarity)s. A year's target replaces any set before for that year.")
            % {"polarity": indicator.get_polarity_display()},
            "form": form,
            "button": _("Save target"),
            "cancel_url": series_url,
        },
    )


# -- NI35 ----------------------------------------------------------------------------------------
@require_GET
def assessment_list(request: AuthedRequest) -> HttpResponse:
    qs = (
        Ni35Assessment.objects.visible_to(request.user)
        .select_related("partnership")
        .prefetch_related("scores", "framework")
    )
    qs = sorted_by(
        request,
        qs,
        {"partnership": "partnership__name", "year": "year_ending", "assessed": "assessed_on"},
        "-year",
    )
    return render(
        request,
        "performance/ni35_list.html",
        {
            "page": paginate(request, qs),
            "can_start": bool(partnerships_to_assess(scope_for(request.user))),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_start(request: AuthedRequest) -> HttpResponse:
    partnerships = partnerships_to_assess(scope_for(request.user))
    if not partnerships:
        raise PermissionDenied
    form = AssessmentStartForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = actions.start_assessment(
                request.user,
                data["partnership"],
                data["year_ending"],
                data["kind"],
                data["assessed_on"],
                request,
            )
        except actions.PerformanceRuleError as error:
            form.add_error("year_ending", str(error))
        else:
            return redirect("performance:ni35-detail", pk=assessment.pk)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Start an NI35 self-assessment"),
            "caption": _("NI35: building resilience to violent extremism"),
            "body": _(
                "Every local partnership in England assesses itself once a year against the "
                "four strands; interim assessments can be made at any time for local purposes."
            ),
            "form": form,
            "button": _("Start assessment"),
            "cancel_url": reverse("performance:ni35-list"),
        },
    )


def is_welsh(assessment: Ni35Assessment) -> bool:
    nation = Organisation.objects.filter(
        pk__in=assessment.partnership.force.ancestor_ids(), kind="nation"
    ).first()
    return nation is not None and nation.name == "Wales"


@require_GET
def assessment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    scores = list(
        assessment.scores.select_related("strand").prefetch_related(
            "strand__levels", "actions__plan__organisation", "benefits"
        )
    )
    scope = scope_for(request.user)
    # The registers' figures for each strand, as on the strand's page and to the same people:
    # those who may complete the assessment (aggregates only, never a record).
    figures_shown = can_complete(scope, assessment.partnership)
    by_strand = ni35_evidence_by_strand(assessment, today()) if figures_shown else {}
    for s in scores:
        s.descriptor = next(  # type: ignore[attr-defined]
            (lvl.descriptor for lvl in s.strand.levels.all() if lvl.score == s.score), ""
        )
        s.figures = by_strand.get(s.strand.number, [])  # type: ignore[attr-defined]
    earlier = list(
        Ni35Assessment.objects.filter(
            partnership=assessment.partnership,
            kind="annual",
            year_ending__lt=assessment.year_ending,
        )
        .prefetch_related("scores__strand")
        .order_by("-year_ending")[:4]
    )
    comparison = [
        {
            "strand": s.strand,
            "now": s.score,
            "before": [
                next(
                    (e.score for e in old.scores.all() if e.strand.number == s.strand.number), None
                )
                for old in earlier
            ],
        }
        for s in scores
    ]
    return render(
        request,
        "performance/ni35_detail.html",
        {
            "assessment": assessment,
            "scores": scores,
            "overall": assessment.overall(),
            "earlier": earlier,
            "comparison": comparison,
            "welsh": is_welsh(assessment),
            "can_complete": assessment.status == AssessmentStatus.DRAFT and figures_shown,
            "figures_shown": figures_shown,
            "figures_intro": evidence.NI35_DETAIL_INTRO,
        },
    )


@require_http_methods(["GET", "POST"])
def strand_edit(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, complete=True)
    score = (
        Ni35StrandScore.objects.filter(assessment=assessment, strand__number=number)
        .select_related("strand", "assessment__partnership")
        .first()
    )
    if score is None:
        raise Http404
    figures = ni35_evidence(score, today())
    form = StrandForm(request.POST or None, instance=score, figures=figures)
    conflict = None
    detail_url = reverse("performance:ni35-detail", args=[assessment.pk])
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_strand(
                request.user,
                form.save(commit=False),
                form.cleaned_data["version"],
                list(form.cleaned_data["actions"]),
                list(form.cleaned_data["benefits"]),
                request,
            ),
            lambda fresh: StrandForm(instance=fresh, figures=figures),
        )
        if conflict is None:
            messages.success(request, _("Strand %(number)s has been saved.") % {"number": number})
            return redirect(detail_url)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Strand %(number)s") % {"number": number},
            "caption": str(assessment),
            "body": score.strand.title,
            "form": form,
            "button": _("Save strand"),
            "cancel_url": detail_url,
            "conflict": conflict,
            "figures": figures,
            "figures_intro": evidence.NI35_INTRO,
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, complete=True)
    detail_url = reverse("performance:ni35-detail", args=[assessment.pk])
    if request.method == "POST":
        try:
            actions.submit_assessment(request.user, assessment, request)
        except (actions.PerformanceRuleError, StaleEdit) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The self-assessment has been submitted."))
        return redirect(detail_url)
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": _("Submit the %(assessment)s?") % {"assessment": assessment},
            "body": _(
                "Once submitted it cannot be changed. Start an interim assessment to record "
                "later progress."
            ),
            "button": _("Submit self-assessment"),
            "cancel_url": detail_url,
        },
    )
