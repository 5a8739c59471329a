"""Information-sharing protocols (activities 0.8 and 0.10): the agreements under which the police
share information with partnerships. Nothing is shared with a partnership unless a protocol that
covers it and that kind of information is in force today; when a protocol lapses (its review date
passes) or is withdrawn, partner access stops on the next request."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from preventplan.organisations.models import Organisation, Partnership
from preventplan.records.models import RegisterQuerySet
from preventplan.sharing.policy import PROTOCOL_POLICY


class LegalBasis(models.TextChoices):
    DPA_PART_3 = "dpa-part-3", "Data Protection Act 2018, Part 3 (law enforcement processing)"
    CDA_S115 = "cda-s115", "Crime and Disorder Act 1998, section 115"
    CTSA_S36 = "ctsa-s36", "Counter-Terrorism and Security Act 2015, section 36 (Channel)"
    PUBLIC_TASK = "public-task", "UK GDPR article 6(1)(e): public task"
    CONSENT = "consent", "Consent"


class ShareCategory(models.TextChoices):
    PLANS = "plans", "Action plans and their delivery"
    TENSION = "tension", "Community tension indicators"
    CASE_AGGREGATES = "case-aggregates", "Aggregate case review figures"
    CASE_REVIEWS = "case-reviews", "Case reviews owned by the partner agency (pseudonymous)"
    PERFORMANCE = "performance", "Performance indicators and reports"


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ProtocolQuerySet(RegisterQuerySet):
    def in_force(self, on: date | None = None) -> ProtocolQuerySet:
        today = on or timezone.localdate()
        return self.filter(status=ProtocolStatus.SIGNED, signed_on__lte=today, review_on__gte=today)

    def covering(self, category: str) -> ProtocolQuerySet:
        return self.filter(categories__icontains=category)


class Protocol(models.Model):
    """An information-sharing protocol: a register record (``sharing/registers.py``) whose
    reference is the protocol's own and whose holder is a police organisation."""

    policy = PROTOCOL_POLICY

    reference = models.CharField(max_length=60, help_text="For example, NMP-ISP-2026-03.")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="protocols",
        help_text="The police organisation that holds the protocol.",
    )
    partnerships = models.ManyToManyField(
        Partnership,
        related_name="protocols",
        help_text="The partnerships it lets information be shared with.",
    )
    scope = models.TextField(help_text="What the sharing is for.")
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    categories = models.CharField(
        "what may be shared", max_length=200, help_text="Comma-separated share categories."
    )
    signed_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(
        "review date", help_text="The protocol lapses after this date unless it is reviewed."
    )
    status = models.CharField(
        max_length=20, choices=ProtocolStatus.choices, default=ProtocolStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["review_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "reference"], name="protocol_unique_reference")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.owner

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]

    @property
    def category_labels(self) -> list[str]:
        labels = dict(ShareCategory.choices)
        return [labels.get(c, c) for c in self.category_list]

    def is_in_force(self, on: date | None = None) -> bool:
        today = on or timezone.localdate()
        return (
            self.status == ProtocolStatus.SIGNED
            and self.signed_on is not None
            and self.signed_on <= today <= self.review_on
        )

    @property
    def state(self) -> str:
        if self.status == ProtocolStatus.SIGNED:
            return (
                "In force"
                if self.is_in_force()
                else (
                    "Lapsed"
                    if self.review_on < timezone.localdate()
                    else "Signed, not yet in force"
                )
            )
        return self.get_status_display()


def partnerships_with_protocol(
    category: str, on: date | None = None
) -> models.QuerySet[Partnership]:
    """Partnerships covered today by a protocol in force that allows ``category``."""
    protocols = Protocol.objects.in_force(on).filter(categories__icontains=category)
    return Partnership.objects.filter(protocols__in=protocols).distinct()
