"""The engagement app's own page beyond the registers: education coverage (activity 2.5)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from preventplan.engagement.education import coverage
from preventplan.engagement.registers import TABS
from preventplan.lib.http import AuthedRequest


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
