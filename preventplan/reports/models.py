"""Report runs (one requested or scheduled production of a report as a file) and schedules.

A run is produced in its own request or by ``preventplan run_reports``, never in the request
that asks for it, so nobody waits on a hanging page; whoever gets to a queued run first claims
it with a conditional update, so running the job on several servers at once produces each file
once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from preventplan.lib.dates import add_months
from preventplan.lib.report_kinds import ReportKind
from preventplan.organisations.models import Organisation


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"


CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class ReportSchedule(models.Model):
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    fmt = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    next_run_on = models.DateField(_("next produced on"))
    # The day of the month it is produced on, from the first date: a schedule started on the
    # 31st is produced on the last day of shorter months and on the 31st again after them.
    day_of_month = models.PositiveSmallIntegerField(editable=False)
    notify = models.TextField(
        _("tell these people"),
        blank=True,
        help_text=_("E-mail addresses, one per line. They are sent a link, never the file."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["next_run_on", "id"]

    def __str__(self) -> str:
        return gettext("%(report)s for %(organisation)s, %(frequency)s") % {
            "report": self.get_kind_display(),
            "organisation": self.organisation,
            "frequency": str(self.get_frequency_display()).lower(),
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.day_of_month is None:
            self.day_of_month = self.next_run_on.day
        super().save(*args, **kwargs)

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def recipients(self) -> list[str]:
        return [line.strip() for line in self.notify.splitlines() if line.strip()]

    def following(self, after: date) -> date:
        """The next date a month (or a quarter) after ``after``, on the schedule's day."""
        months = 1 if self.frequency == Frequency.MONTHLY else 3
        return add_months(after, months, on_day=self.day_of_month)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", pgettext_lazy("report file", "Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Removed after its keeping period")


class ReportRun(models.Model):
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assessment = models.ForeignKey(
        "performance.Ni35Assessment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    fmt = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    as_of = models.DateField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    title = models.CharField(max_length=300, blank=True)
    marking = models.CharField(max_length=20, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    justification = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    schedule = models.ForeignKey(
        ReportSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="report_run_status_idx")]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} ({self.get_fmt_display()})"

    @property
    def audit_organisation(self) -> Organisation | None:
        if self.organisation is not None:
            return self.organisation
        return self.assessment.partnership.force if self.assessment else None
