"""Reports: read on screen, produced as PDF or Excel (with progress while the file is made),
downloaded, and scheduled."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from preventplan.audit.forms import ReasonForm
from preventplan.dashboards.access import dashboards_for
from preventplan.lib.dates import today
from preventplan.lib.forms import GovukDateField, GovukModelForm
from preventplan.lib.http import AuthedRequest
from preventplan.lib.report_kinds import ReportKind, reports_about
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Organisation
from preventplan.performance.models import Ni35Assessment
from preventplan.plans.models import Marking
from preventplan.reports import builders, runs
from preventplan.reports.access import get_report_subject_for_user, get_run_for_user
from preventplan.reports.models import (
    CONTENT_TYPES,
    ReportFormat,
    ReportRun,
    ReportSchedule,
    RunStatus,
)


def available(user: Any) -> list[dict[str, Any]]:
    """Each report this user may produce, by organisation: what the index page lists."""
    roots = dashboards_for(scope_for(user))
    orgs: list[Organisation] = []
    for root in roots:
        orgs.extend(
            Organisation.objects.filter(
                path__startswith=root.path, kind__in=["region", "force", "bcu"]
            ).order_by("path")
        )
    rows = []
    for org in dict.fromkeys(orgs):
        kinds = reports_about(org.kind)
        if kinds:
            rows.append({"organisation": org, "kinds": kinds})
    return rows


@require_GET
def report_index(request: AuthedRequest) -> HttpResponse:
    assessments = Ni35Assessment.objects.visible_to(request.user).select_related("partnership")[:20]
    return render(
        request,
        "reports/index.html",
        {
            "available": available(request.user)[:60],
            "assessments": assessments,
            "recent": ReportRun.objects.filter(requested_by=request.user)[:10],
            "schedules": ReportSchedule.objects.filter(is_active=True, created_by=request.user),
        },
    )


@require_GET
def report_view(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    subject = get_report_subject_for_user(request.user, kind, pk)
    report = runs.build(kind, subject, today())
    return render(
        request,
        "reports/view.html",
        {"report": report, "kind": kind, "subject": subject, "formats": ReportFormat.choices},
    )


@require_http_methods(["GET", "POST"])
def report_request(request: AuthedRequest, kind: str, pk: int, fmt: str) -> HttpResponse:
    """Ask for a report as a file. A sensitive report asks for the reason first (DPA 2018 s.62);
    the file is then made in its own request while a progress page is shown."""
    subject = get_report_subject_for_user(request.user, kind, pk)
    if fmt not in ReportFormat.values:
        raise Http404
    report_url = reverse("reports:view", args=[kind, pk])
    marking = builders.report_marking(kind, subject, today())  # without building the report
    form = ReasonForm(request.POST or None)
    sensitive = marking == Marking.OFFICIAL_SENSITIVE
    if request.method == "POST" and (not sensitive or form.is_valid()):
        run = runs.request_run(
            request.user,
            kind,
            subject,
            fmt,
            today(),
            justification=form.justification if sensitive else "",
            request=request,
        )
        return redirect("reports:run", pk=run.pk)
    return render(
        request,
        "reports/request.html",
        {
            "form": form if sensitive else None,
            "sensitive": sensitive,
            "heading": _("Download the %(report)s as %(format)s")
            % {"report": str(ReportKind(kind).label).lower(), "format": ReportFormat(fmt).label},
            "caption": str(subject),
            "marking": marking,
            "cancel_url": report_url,
        },
    )


@require_GET
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request.user, pk)
    return render(
        request,
        "reports/run.html",
        {"run": run, "waiting": run.status in {RunStatus.QUEUED, RunStatus.RUNNING}},
    )


@require_POST
def run_build(request: AuthedRequest, pk: int) -> HttpResponse:
    """Make the file now (the progress page calls this, or its button without JavaScript)."""
    run = get_run_for_user(request.user, pk)
    if run.status == RunStatus.QUEUED:
        run, _made = runs.produce(run.pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"status": run.status})
    return redirect("reports:run", pk=run.pk)


@require_GET
def run_download(request: AuthedRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request.user, pk)
    if run.status != RunStatus.DONE or run.content is None:
        raise Http404
    runs.download_recorded(request.user, run, request)
    response = HttpResponse(bytes(run.content), content_type=CONTENT_TYPES[ReportFormat(run.fmt)])
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response


class ScheduleForm(GovukModelForm):
    personal_data_allowed = {"notify"}  # recipients: one e-mail address a line, checked
    next_run_on = GovukDateField(
        label=gettext_lazy("First produced on"),
        error_messages={"required": gettext_lazy("Enter the first date")},
    )

    class Meta:
        model = ReportSchedule
        fields = ["fmt", "frequency", "next_run_on", "notify"]
        widgets = {
            "fmt": forms.RadioSelect(attrs={"inline": True}),
            "frequency": forms.RadioSelect(attrs={"inline": True}),
            "notify": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"frequency": gettext_lazy("Frequency")}
        error_messages = {
            "fmt": {"required": gettext_lazy("Select the format")},
            "frequency": {"required": gettext_lazy("Select how often")},
        }

    def clean_next_run_on(self) -> Any:
        value = self.cleaned_data["next_run_on"]
        if value < today():
            raise forms.ValidationError(_("The first date must be today or in the future"))
        return value

    def clean_notify(self) -> str:
        text: str = self.cleaned_data["notify"]
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line in lines:
            try:
                validate_email(line)
            except ValidationError:
                raise forms.ValidationError(
                    _("Enter one e-mail address per line, like name@example.org (not “%(line)s”)")
                    % {"line": line[:60]}
                ) from None
        return "\n".join(lines)


@require_http_methods(["GET", "POST"])
def schedule_create(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    subject = get_report_subject_for_user(request.user, kind, pk)
    if not isinstance(subject, Organisation):
        raise Http404  # evidence packs are produced when asked for
    form = ScheduleForm(request.POST or None, initial={"next_run_on": today(), "fmt": "pdf"})
    if request.method == "POST" and form.is_valid():
        schedule = form.save(commit=False)
        schedule.kind, schedule.organisation, schedule.created_by = kind, subject, request.user
        schedule.save()
        messages.success(
            request,
            _("The %(schedule)s will be produced from %(date)s.")
            % {"schedule": schedule, "date": date_format(schedule.next_run_on, "d F Y")},
        )
        return redirect("reports:index")
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Schedule the %(report)s")
            % {"report": str(ReportKind(kind).label).lower()},
            "caption": subject.name,
            "body": _(
                "It is produced by the reports job on the date given and then every month "
                "or quarter. The people listed are sent a link; they download it only if their "
                "role lets them read the report."
            ),
            "form": form,
            "button": _("Schedule report"),
            "cancel_url": reverse("reports:view", args=[kind, pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def schedule_stop(request: AuthedRequest, pk: int) -> HttpResponse:
    schedule = ReportSchedule.objects.filter(pk=pk, is_active=True).first()
    if schedule is None or schedule.created_by_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        runs.stop_schedule(request.user, schedule, request)
        messages.success(request, _("The schedule has been stopped."))
        return redirect("reports:index")
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": _("Stop producing the %(schedule)s?") % {"schedule": schedule},
            "body": _("Reports already produced stay available."),
            "button": _("Stop schedule"),
            "cancel_url": reverse("reports:index"),
        },
    )
