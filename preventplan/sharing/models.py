"""Information-sharing protocols (activities 0.8 and 0.10): the agreements under which the police
share information with partnerships. Nothing is shared with a partnership unless a protocol that
covers it and that kind of information is in force today; when a protocol lapses (its review date
passes) or is withdrawn, partner access stops on the next request."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preventplan.organisations.models import Organisation, Partnership
from preventplan.records.models import RegisterQuerySet
from preventplan.sharing.policy import PROTOCOL_POLICY


class LegalBasis(models.TextChoices):
    DPA_PART_3 = "dpa-part-3", _("Data Protection Act 2018, Part 3 (law enforcement processing)")
    CDA_S115 = "cda-s115", _("Crime and Disorder Act 1998, section 115")
    CTSA_S36 = "ctsa-s36", _("Counter-Terrorism and Security Act 2015, section 36 (Channel)")
    PUBLIC_TASK = "public-task", _("UK GDPR article 6(1)(e): public task")
    CONSENT = "consent", _("Consent")


class ShareCategory(models.TextChoices):
    PLANS = "plans", _("Action plans and their delivery")
    TENSION = "tension", _("Community tension indicators")
    CASE_AGGREGATES = "case-aggregates", _("Aggregate case review figures")
    CASE_REVIEWS = "case-reviews", _("Case reviews owned by the partner agency (pseudonymous)")
    PERFORMANCE = "performance", _("Performance indicators and reports")
    COMMUNITY = "community", _("Grievances and organisational learning")


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


STATES = {
    "in-force": _("In force"),
    "lapsed": _("Lapsed"),
    "not-yet-in-force": _("Signed, not yet in force"),
}


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

    reference = models.CharField(max_length=60, help_text=_("For example, NMP-ISP-2026-03."))
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="protocols",
        help_text=_("The police organisation that holds the protocol."),
    )
    partnerships = models.ManyToManyField(
        Partnership,
        related_name="protocols",
        help_text=_("The partnerships it lets information be shared with."),
    )
    scope = models.TextField(help_text=_("What the sharing is for."))
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    categories = models.CharField(
        _("what may be shared"), max_length=200, help_text=_("Comma-separated share categories.")
    )
    signed_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(
        _("review date"), help_text=_("The protocol lapses after this date unless it is reviewed.")
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
        return [str(labels.get(c, c)) for c in self.category_list]

    def is_in_force(self, on: date | None = None) -> bool:
        today = on or timezone.localdate()
        return (
            self.status == ProtocolStatus.SIGNED
            and self.signed_on is not None
            and self.signed_on <= today <= self.review_on
        )

    @property
    def state_key(self) -> str:
        """Where the protocol stands today, for code: "in-force", "lapsed", "not-yet-in-force",
        or the status ("draft", "withdrawn")."""
        if self.status == ProtocolStatus.SIGNED:
            if self.is_in_force():
                return "in-force"
            return "lapsed" if self.review_on < timezone.localdate() else "not-yet-in-force"
        return self.status

    @property
    def state(self) -> str:
        """Where the protocol stands today, in words in the page's language."""
        return str(STATES.get(self.state_key) or self.get_status_display())


def partnerships_with_protocol(
    category: str, on: date | None = None
) -> models.QuerySet[Partnership]:
    """Partnerships covered today by a protocol in force that allows ``category``."""
    protocols = Protocol.objects.in_force(on).filter(categories__icontains=category)
    return Partnership.objects.filter(protocols__in=protocols).distinct()
