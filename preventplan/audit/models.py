"""Audit events: who did what to which record, when and why (DPA 2018 s.62)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """The s.62 processing operations, plus the sign-in events that security monitoring needs."""

    COLLECT = "collect", _("Collection")
    ALTER = "alter", _("Alteration")
    CONSULT = "consult", _("Consultation")
    DISCLOSE = "disclose", _("Disclosure")
    COMBINE = "combine", _("Combination")
    ERASE = "erase", _("Erasure")
    SIGN_IN = "sign-in", _("Sign-in")
    SIGN_IN_FAILED = "sign-in-failed", _("Failed sign-in")
    SIGN_OUT = "sign-out", _("Sign-out")


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No database constraint and no cascade: the log is append-only, so nothing may rewrite it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text=_("The organisation that owns the record, where there is one."),
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    event = models.CharField(max_length=60, help_text=_("What happened, e.g. membership.granted."))
    record_type = models.CharField(max_length=60, blank=True)
    record_id = models.CharField(max_length=40, blank=True)
    record_label = models.CharField(max_length=300, blank=True)
    justification = models.TextField(blank=True)
    recipients = models.JSONField(default=list, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(
        max_length=64, blank=True, help_text=_("Chains each event to the one before.")
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="audit_record_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.event}"

    @property
    def records_listed(self) -> str:
        """The references of the records a list, export or API page showed together (one event
        for the page, its references in the details), or nothing for an event about one."""
        references = (
            (self.details or {}).get("references") if isinstance(self.details, dict) else None
        )
        return ", ".join(str(r) for r in references) if isinstance(references, list) else ""


class AuditChainHead(models.Model):
    """One row, locked while an event is appended, so the hash chain never forks."""

    last_hash = models.CharField(max_length=64, blank=True)
    count = models.BigIntegerField(default=0)
    key_id = models.CharField(
        max_length=16,
        blank=True,
        help_text=_("Names the key the chain is made with (not the key)."),
    )

    def __str__(self) -> str:
        return f"{self.count} events"


class RetentionRule(models.Model):
    """How long a kind of record is kept before someone must review it (MOPI; editable data)."""

    class RecordType(models.TextChoices):
        CLOSED_PLAN = "plans.plan", _("Closed action plans")
        EVIDENCE = "plans.evidence", _("Evidence files")

    # The plans' own kinds (RecordType), or a register's (its spec's ``retention``): the retention
    # review page lists every kind with its label and what its period is counted from.
    record_type = models.CharField(
        max_length=40,
        unique=True,
        help_text=_(
            "For example plans.plan, plans.evidence or programme.risk: the retention "
            "review page lists every kind."
        ),
    )
    review_after_months = models.PositiveIntegerField(
        help_text=_("Counted from when the record closed, or the file was uploaded.")
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.record_type}: review after {self.review_after_months} months"


class RetentionDecision(models.Model):
    """A reviewer's decision on one record: keep it until the next review, or dispose of it."""

    class Decision(models.TextChoices):
        RETAIN = "retain", _("Retain")
        DISPOSE = "dispose", _("Dispose")

    record_type = models.CharField(max_length=40)
    record_id = models.CharField(max_length=40)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="retention_record_idx")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.record_type} {self.record_id}"
