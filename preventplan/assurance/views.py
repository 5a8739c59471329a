"""The audit log for auditors (search, and export with a reason) and the retention review."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, time
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.assurance import retention
from preventplan.assurance.access import events_visible_to, require_auditor
from preventplan.assurance.forms import AuditFilterForm, RetentionForm
from preventplan.audit.forms import ReasonForm
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction, AuditEvent
from preventplan.lib.dates import add_months, format_date, today
from preventplan.lib.http import AuthedRequest
from preventplan.lib.listing import paginate
from preventplan.lib.spreadsheets import safe_cell


def filtered(request: AuthedRequest) -> tuple[QuerySet[AuditEvent], AuditFilterForm]:
    require_auditor(request.user)
    qs = events_visible_to(request.user).order_by("-at", "-id")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"]
            qs = qs.filter(
                Q(actor_label__icontains=q)
                | Q(record_label__icontains=q)
                | Q(event__icontains=q)
                | Q(justification__icontains=q)
                # the references of a page of records read together (a list, export or API page)
                | Q(details__references__icontains=q)
            )
        if data["action"]:
            qs = qs.filter(action=data["action"])
        tz = timezone.get_current_timezone()
        if data["since"]:
            qs = qs.filter(at__gte=datetime.combine(data["since"], time.min, tzinfo=tz))
        if data["until"]:
            qs = qs.filter(at__lte=datetime.combine(data["until"], time.max, tzinfo=tz))
    return qs, form


def _filters(form: AuditFilterForm) -> dict[str, Any]:
    return {
        k: str(v)
        for k, v in (form.cleaned_data.items() if form.is_bound and form.is_valid() else [])
        if v
    }


@require_GET
def event_list(request: AuthedRequest) -> HttpResponse:
    qs, form = filtered(request)
    page = paginate(request, qs, per_page=50)
    # An auditor's reading of the log is itself recorded.
    record(
        request.user,
        AuditAction.CONSULT,
        "audit.consulted",
        details={"filters": _filters(form), "page": page.number},
        request=request,
    )
    return render(
        request,
        "audit/event_list.html",
        {"page": page, "form": form, "query": request.GET.urlencode()},
    )


@require_http_methods(["GET", "POST"])
def event_export(request: AuthedRequest) -> HttpResponse:
    qs, filter_form = filtered(request)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "When (UTC)",
                "Person",
                "Organisation",
                "Processing",
                "Event",
                "Record type",
                "Record id",
                "Record",
                "Justification",
                "Recipients",
                "Address",
                "Hash",
                "Records listed",
                "Details",
            ]
        )
        count = 0
        for e in qs.select_related("organisation").iterator(chunk_size=2000):
            writer.writerow(
                [
                    safe_cell(str(c))
                    for c in [
                        e.at.astimezone(UTC).isoformat(),
                        e.actor_label,
                        e.organisation or "",
                        e.get_action_display(),
                        e.event,
                        e.record_type,
                        e.record_id,
                        e.record_label,
                        e.justification,
                        "; ".join(e.recipients),
                        e.ip_address or "",
                        e.hash,
                        e.records_listed,
                        json.dumps(e.details or {}, ensure_ascii=False, sort_keys=True),
                    ]
                ]
            )
            count += 1
        record(
            request.user,
            AuditAction.DISCLOSE,
            "audit.exported",
            justification=form.justification,
            recipients=[request.user.email],
            details={"filters": _filters(filter_form), "events": count},
            request=request,
        )
        response = HttpResponse(
            out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="audit-log-{timezone.localdate():%Y-%m-%d}.csv"'
        )
        return response
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Export the audit log"),
            "caption": _("Audit log"),
            "body": _(
                "The export holds personal data. Say why you need it: the export and your reason are recorded in the log."
            ),
            "form": form,
            "button": _("Export as CSV"),
            "cancel_url": reverse("audit:event-list")
            + ("?" + request.GET.urlencode() if request.GET else ""),
        },
    )


# -- retention review -----------------------------------------------------------------------------
@require_GET
def retention_queue(request: AuthedRequest) -> HttpResponse:
    if not retention.reviews_anything(request.user):
        raise Http404
    return render(
        request,
        "audit/retention_queue.html",
        {
            "page": paginate(request, retention.due_records(request.user)),
            "rules": retention.rule_list(),
        },
    )


@require_http_methods(["GET", "POST"])
def retention_decide(request: AuthedRequest, record_type: str, record_id: str) -> HttpResponse:
    item = retention.get_due_record_for_user(request.user, record_type, record_id)
    form = RetentionForm(request.POST or None, initial={"next_review_on": add_months(today(), 12)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "retain":
            retention.retain(request.user, item, data["reason"], data["next_review_on"], request)
            messages.success(
                request,
                _("“%(record)s” will be kept until its next review.") % {"record": item.label},
            )
        else:
            retention.dispose(request.user, item, data["reason"], request)
            messages.success(
                request,
                _("“%(record)s” has been disposed of. The log records that it was.")
                % {"record": item.label},
            )
        return redirect("audit:retention-queue")
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Review “%(record)s”") % {"record": item.label},
            "caption": f"{item.type_label} · {item.organisation}",
            "body": _("Due for review since %(due)s (kept since %(since)s).")
            % {"due": format_date(item.due_on), "since": format_date(item.clock)},
            "form": form,
            "button": _("Save decision"),
            "cancel_url": reverse("audit:retention-queue"),
        },
    )
