"""Producing reports as files: asking for one, producing it (once, whoever gets there first),
and the schedules that ask on their own."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from preventplan.audit.log import record as audit_record
from preventplan.audit.models import AuditAction
from preventplan.lib.report_kinds import ReportKind
from preventplan.organisations.models import Organisation
from preventplan.performance.models import Ni35Assessment
from preventplan.reports import builders, document
from preventplan.reports.models import ReportRun, ReportSchedule, RunStatus

if TYPE_CHECKING:
    from preventplan.accounts.models import User

logger = logging.getLogger(__name__)


def record(*args: Any, **kwargs: Any) -> None:
    """An audit event, its record's label in the service's language whoever acts (a schedule's
    or a run's name follows the page's language; the audit log keeps one)."""
    with translation.override(settings.LANGUAGE_CODE):
        audit_record(*args, **kwargs)


def build(kind: str, subject: Organisation | Ni35Assessment, day: date) -> document.Report:
    if kind == ReportKind.NI35_PACK:
        assert isinstance(subject, Ni35Assessment)  # noqa: S101 - the caller's contract
        return builders.ni35_pack(subject, day)
    assert isinstance(subject, Organisation)  # noqa: S101 - the caller's contract
    builder = builders.BUILDERS[kind]
    report: document.Report = builder(subject, day)
    return report


def subject_of(run: ReportRun) -> Organisation | Ni35Assessment:
    if run.assessment_id:
        return run.assessment  # type: ignore[return-value]
    return run.organisation  # type: ignore[return-value]


@transaction.atomic
def request_run(
    actor: User | None,
    kind: str,
    subject: Organisation | Ni35Assessment,
    fmt: str,
    day: date,
    *,
    justification: str = "",
    schedule: ReportSchedule | None = None,
    request: HttpRequest | None = None,
) -> ReportRun:
    run = ReportRun.objects.create(
        kind=kind,
        organisation=subject if isinstance(subject, Organisation) else None,
        assessment=subject if isinstance(subject, Ni35Assessment) else None,
        fmt=fmt,
        as_of=day,
        requested_by=actor,
        schedule=schedule,
        justification=justification,
    )
    record(
        actor,
        AuditAction.COMBINE,
        "report.requested",
        run,
        justification=justification,
        details={"kind": kind, "format": fmt, "scheduled": schedule is not None},
        request=request,
        actor_label="" if actor else "scheduled report",
    )
    return run


def claim(run_id: int) -> bool:
    """Take a queued run for producing; False if someone else already has."""
    return bool(
        ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
    )


def language_of(run: ReportRun) -> str:
    """The language a run's file is produced in: that of the person who asked for it (for a
    scheduled run, whoever set up the schedule), or the service's default."""
    asker = run.requested_by or (run.schedule.created_by if run.schedule else None)
    return (asker.language if asker else "") or settings.LANGUAGE_CODE


def produce(run_id: int) -> tuple[ReportRun, bool]:
    """Produce a queued run's file, in the language of whoever asked for it; the flag says
    whether this call produced it (False when someone else had already claimed it)."""
    run = ReportRun.objects.select_related(
        "organisation", "assessment__partnership", "requested_by", "schedule__created_by"
    ).get(pk=run_id)
    if not claim(run_id):
        return run, False
    with translation.override(language_of(run)):
        _produce(run)
    run.refresh_from_db()
    return run, True


def _produce(run: ReportRun) -> None:
    run_id = run.pk
    try:
        report = build(run.kind, subject_of(run), run.as_of)
        content = document.to_pdf(report) if run.fmt == "pdf" else document.to_xlsx(report)
    except Exception as exc:
        logger.exception("Report run %s failed", run_id)
        message = (
            _("This server cannot make PDF files at the moment; ask for the Excel version instead.")
            if isinstance(exc, OSError) and run.fmt == "pdf"
            else _("The report could not be produced. The service team has been told.")
        )
        ReportRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=message, finished_at=timezone.now()
        )
    else:
        ReportRun.objects.filter(pk=run_id).update(
            status=RunStatus.DONE,
            content=content,
            title=report.title,
            marking=report.marking,
            filename=f"{report.filename}.{run.fmt}",
            finished_at=timezone.now(),
        )


def produce_queued(limit: int = 50) -> int:
    """Produce every queued run (oldest first); returns how many this call produced."""
    produced = 0
    for run_id in (
        ReportRun.objects.filter(status=RunStatus.QUEUED)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    ):
        run, here = produce(run_id)
        produced += here
        if here:
            notify(run)
    return produced


def run_due_schedules(today: date) -> list[ReportRun]:
    """Queue a run for every schedule due today or earlier. A schedule is claimed by moving its
    next date on with a conditional update, so it is queued once however many servers run this."""
    runs = []
    for schedule in ReportSchedule.objects.filter(
        is_active=True, next_run_on__lte=today
    ).select_related("organisation"):
        following = schedule.following(max(schedule.next_run_on, today))
        claimed = ReportSchedule.objects.filter(
            pk=schedule.pk, next_run_on=schedule.next_run_on
        ).update(next_run_on=following)
        if not claimed:
            continue
        runs.append(
            request_run(
                None, schedule.kind, schedule.organisation, schedule.fmt, today, schedule=schedule
            )
        )
    return runs


@transaction.atomic
def stop_schedule(
    actor: User, schedule: ReportSchedule, request: HttpRequest | None = None
) -> bool:
    """Stop a schedule: no more runs are queued; files already made stay. Recorded once, by
    whoever stops it first (False if it had already stopped)."""
    stopped = ReportSchedule.objects.filter(pk=schedule.pk, is_active=True).update(is_active=False)
    if stopped:
        schedule.is_active = False
        record(
            actor,
            AuditAction.ALTER,
            "report.schedule-stopped",
            schedule,
            details={"kind": schedule.kind, "recipients": len(schedule.recipients)},
            request=request,
        )
    return bool(stopped)


def notify(run: ReportRun) -> int:
    """Tell a schedule's recipients that its report is ready: a link, never the file. Each is
    written to in their own language when they have an account (one message per language)."""
    if run.schedule is None or run.status != RunStatus.DONE or not run.schedule.recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("reports:run", args=[run.pk])
    recipients = run.schedule.recipients
    chosen = dict(
        get_user_model()
        .objects.filter(email__in=[r.lower() for r in recipients])
        .values_list("email", "language")
    )
    by_language: dict[str, list[str]] = {}
    for email in recipients:
        language = chosen.get(email.lower()) or settings.LANGUAGE_CODE
        by_language.setdefault(language, []).append(email)
    sent = 0
    for language, emails in by_language.items():
        with translation.override(language):
            sent += send_mail(
                subject=_("Report ready: %(title)s") % {"title": run.title},
                message=(
                    _("%(title)s (%(format)s) has been produced.")
                    % {"title": run.title, "format": run.get_fmt_display()}
                    + "\n\n"
                    + _("Sign in to download it: %(link)s") % {"link": link}
                    + "\n\n"
                    + _("You can download it only if your role lets you read this report.")
                ),
                from_email=None,
                recipient_list=emails,
            )
    return sent


def download_recorded(actor: Any, run: ReportRun, request: HttpRequest | None = None) -> None:
    record(
        actor,
        AuditAction.DISCLOSE,
        "report.downloaded",
        run,
        justification=run.justification,
        recipients=[actor.email],
        details={"kind": run.kind, "format": run.fmt, "marking": run.marking},
        request=request,
    )


def expire_old_files(now: Any = None) -> int:
    """Remove produced files older than REPORT_FILES_DAYS; each removal is recorded as an
    erasure. Returns how many were removed."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORT_FILES_DAYS)
    removed = 0
    for run in ReportRun.objects.filter(
        status=RunStatus.DONE, finished_at__lt=cutoff
    ).select_related("requested_by", "schedule__created_by"):
        with transaction.atomic(), translation.override(language_of(run)):
            claimed = ReportRun.objects.filter(pk=run.pk, status=RunStatus.DONE).update(
                status=RunStatus.EXPIRED,
                content=None,
                error=_(
                    "The file was removed %(days)s days after it was produced. Open the report "
                    "to produce it again from today's data."
                )
                % {"days": settings.REPORT_FILES_DAYS},
            )
            if claimed:
                record(
                    None,
                    AuditAction.ERASE,
                    "report.file-removed",
                    run,
                    details={"kind": run.kind, "format": run.fmt},
                    actor_label="report files job",
                )
                removed += 1
    return removed
