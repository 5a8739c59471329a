"""What the programme registers do beyond the shared register pages (``registers.py`` and
``preventplan.records``): recording a risk's review and a benefit's measured value."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from preventplan.lib.concurrency import StaleEdit
from preventplan.lib.dates import add_months, today
from preventplan.lib.http import AuthedRequest
from preventplan.programme import actions
from preventplan.programme.forms import BenefitValueForm, RiskReviewForm
from preventplan.programme.models import Benefit, Risk
from preventplan.programme.registers import BENEFITS, RISKS
from preventplan.records import evidence
from preventplan.records.access import get_record_for_user
from preventplan.records.actions import RegisterRuleError


@require_http_methods(["GET", "POST"])
def risk_review(request: AuthedRequest, pk: int) -> HttpResponse:
    risk = get_record_for_user(request.user, Risk, pk, update=True)
    form = RiskReviewForm(
        request.POST or None,
        initial={
            "reviewed_on": today(),
            "likelihood": risk.likelihood,
            "impact": risk.impact,
            "version": risk.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_risk(
                request.user, risk, form.save(commit=False), form.cleaned_data["version"], request
            )
        except StaleEdit:
            messages.error(
                request,
                _(
                    "%(reference)s was changed by someone else while you were reviewing it. "
                    "Check its current score and record your review again."
                )
                % {"reference": risk.reference},
            )
            return redirect(RISKS.url("detail", risk.pk))
        messages.success(
            request,
            _("The review of %(reference)s has been recorded.") % {"reference": risk.reference},
        )
        return redirect(RISKS.url("detail", risk.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Review %(reference)s") % {"reference": risk.reference},
            "caption": risk.title,
            "body": _(
                "Current residual score %(residual)s (%(band)s); inherent %(inherent)s; "
                "target %(target)s."
            )
            % {
                "residual": risk.residual_score,
                "band": str(risk.band.label).lower(),
                "inherent": risk.inherent_score,
                "target": risk.target_score,
            },
            "form": form,
            "button": _("Record review"),
            "cancel_url": RISKS.url("detail", risk.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def benefit_measure(request: AuthedRequest, pk: int) -> HttpResponse:
    benefit = get_record_for_user(request.user, Benefit, pk, update=True)
    day = today()
    figures = evidence.figures(
        Q(organisation__path__startswith=benefit.organisation.path),
        add_months(day, -12) + timedelta(days=1),
        day,
    )
    initial: dict[str, object] = {"measured_on": day}
    chosen = next((f for f in figures if f.key == request.GET.get("figure")), None)
    if chosen is not None:
        initial |= {"value": chosen.value, "note": chosen.text}
    form = BenefitValueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_benefit_value(request.user, benefit, form.save(commit=False), request)
        except RegisterRuleError as error:
            form.add_error("measured_on", str(error))
        else:
            messages.success(request, _("The value has been recorded."))
            return redirect(BENEFITS.url("detail", benefit.pk))
    measure = f"{benefit.measure} ({benefit.unit})" if benefit.unit else benefit.measure
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Record a value for %(reference)s") % {"reference": benefit.reference},
            "caption": benefit.title,
            "body": _("Measure: %(measure)s. Baseline %(baseline)s, target %(target)s.")
            % {"measure": measure, "baseline": benefit.baseline, "target": benefit.target},
            "form": form,
            "button": _("Record value"),
            "cancel_url": BENEFITS.url("detail", benefit.pk),
            "figures": figures,
            "figures_intro": evidence.BENEFIT_INTRO % {"organisation": benefit.organisation.name},
            "use_figure": True,
        },
    )
