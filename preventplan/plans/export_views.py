"""The BCU Commander checklist as HTML, PDF, Excel and CSV: filled from a plan, or blank from the
template. Leaving the system is a disclosure: it is recorded, with a reason for a sensitive plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.audit.forms import reason_for_export
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.catalogue.access import get_current_template_version
from preventplan.lib import pdf
from preventplan.lib.http import AuthedRequest
from preventplan.plans import checklist
from preventplan.plans.access import get_plan_for_user
from preventplan.plans.models import Marking, Plan

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _checklist_response(
    request: AuthedRequest, sheet: Any, fmt: str, obj: Any, make: Callable[[str], bytes]
) -> HttpResponse:
    if fmt == "html":
        return render(
            request,
            "plans/checklist.html",
            {"checklist": sheet, "plan": obj if isinstance(obj, Plan) else None},
        )
    if fmt not in FORMATS:
        raise Http404
    justification = ""
    if sheet.marking == Marking.OFFICIAL_SENSITIVE:
        # Sensitive material leaves the system only with a recorded reason (DPA 2018 s.62).
        reason = reason_for_export(
            request,
            caption=sheet.title,
            body=_("The plan is marked %(marking)s.") % {"marking": sheet.marking},
            button=_("Download the %(format)s") % {"format": fmt.upper()},
            cancel_url=reverse("plans:plan-detail", args=[obj.pk]),
        )
        if isinstance(reason, HttpResponse):
            return reason
        justification = reason
    try:
        content = make(fmt)
    except OSError:  # WeasyPrint without the Pango library on this server
        return pdf.unavailable(request, _("Download the checklist as Excel or CSV instead,"))
    record(
        request.user,
        AuditAction.DISCLOSE,
        "checklist.exported",
        obj,
        justification=justification,
        recipients=[request.user.email],
        details={"format": fmt},
        request=request,
    )
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{sheet.filename}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def plan_checklist(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    # "Bilingual (English and Welsh)": the template's texts in both languages, side by side (the
    # kept PDF is checked against its HTML, so a PDF in another language is made afresh).
    sheet = checklist.from_plan(plan, bilingual=request.GET.get("language") == "bilingual")
    return _checklist_response(
        request,
        sheet,
        fmt,
        plan,
        lambda fmt: (
            checklist.plan_pdf(plan, sheet) if fmt == "pdf" else checklist.write(fmt, sheet)
        ),
    )


@require_GET
def template_checklist(request: AuthedRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in checklist.BLANK_KINDS:
        raise Http404
    version = get_current_template_version(request)
    sheet = checklist.blank(version, kind)
    return _checklist_response(
        request, sheet, fmt, version, lambda fmt: checklist.blank_file(version, kind, fmt, sheet)
    )
