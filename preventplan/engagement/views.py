"""The engagement app's own pages beyond the registers: the figures the registers give for
indicators PV-02 and PV-03, and education coverage (activity 2.5)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.engagement import indicators
from preventplan.engagement.education import coverage
from preventplan.engagement.registers import TABS
from preventplan.lib.dates import today
from preventplan.lib.http import AuthedRequest, small_int
from preventplan.organisations.access import organisations_run_by, scope_for


@require_http_methods(["GET", "POST"])
def indicator_feed(request: AuthedRequest) -> HttpResponse:
    """The figures for PV-02 and PV-03 worked out from the registers of an organisation the
    person runs; posting records them as the indicators' values."""
    runs = organisations_run_by(scope_for(request.user))
    if not runs:
        raise PermissionDenied
    chosen = small_int(request.POST.get("organisation") or request.GET.get("organisation"))
    org = next((o for o in runs if o.pk == chosen), runs[0])
    day = today()
    if request.method == "POST":
        replace = request.POST.get("replace") == "1"
        n = indicators.record_figures(request.user, org, day, replace=replace, request=request)
        messages.success(
            request,
            f"{n} indicator value{'s' if n != 1 else ''} recorded for {org.name}."
            if n
            else f"The indicator values for {org.name} were already up to date.",
        )
        return redirect(f"{request.path}?organisation={org.pk}")
    return render(
        request,
        "engagement/indicator_feed.html",
        {"tabs": TABS, "runs": runs, "org": org, "figures": indicators.figures(org, day)},
    )


@require_GET
def education(request: AuthedRequest) -> HttpResponse:
    """Every school, college and university of the person's areas with its liaison officer,
    and those without one."""
    rows = coverage(request.user)
    return render(
        request,
        "engagement/education.html",
        {
            "tabs": TABS,
            "covered": [r for r in rows if r.posts],
            "gaps": [r for r in rows if not r.posts],
        },
    )
