"""Case reviews (activities 3.1–3.3), held pseudonymously (docs/principles.md, principle 2).

A case is a random reference, the BCU, the agency that owns it, where the referral came from,
its stage and the date of each stage, the interventions offered, its reviews (how the risk moved)
and its outcome. Nothing else: no name, date of birth, address, free text about the person, nor
any special-category field (religion, ethnicity, politics). ``tests/test_cases_schema.py`` walks
these models and fails on any field outside its allow-list and on any free-text field.
docs/case-reviews.md says why no more is held.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.cases.policy import CASE_POLICY, CasePolicy
from preventplan.lib.dates import today
from preventplan.lib.marking import Marking
from preventplan.records.models import RecordStatus, RegisterQuerySet

if TYPE_CHECKING:
    from preventplan.organisations.models import Organisation

# Letters and digits that cannot be mistaken for one another when read aloud or copied. A
# reference alternates them (letter, digit, …), so it never looks like a postcode (a digit
# followed by two letters) or any other personal data the guard refuses in free text: a case's
# reference may be written in minutes and notes.
REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_DIGITS = "23456789"
REFERENCE_ALPHABET = REFERENCE_LETTERS + REFERENCE_DIGITS
REFERENCE_LENGTH = 6


def random_reference() -> str:
    """A reference such as CR-K7Q2M9: random (``secrets``), never derived from the person."""
    return "CR-" + "".join(
        secrets.choice(REFERENCE_DIGITS if n % 2 else REFERENCE_LETTERS)
        for n in range(REFERENCE_LENGTH)
    )


class ReferralSource(models.TextChoices):
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    LOCAL_AUTHORITY = "local-authority", _("Local authority")
    POLICE = "police", _("Police")
    COMMUNITY = "community", _("Community")
    FAMILY = "family", _("Family or friends")
    PROBATION = "probation", _("Probation or prisons")
    OTHER_AGENCY = "other-agency", _("Other agency")


class Stage(models.TextChoices):
    """The stages of a case, in order (docs/domain.md, "Channel and case review")."""

    REFERRAL = "referral", _("Referral received")
    SCREENING = "screening", _("Screening")
    PANEL = "panel", _("Panel")
    CONSENT = "consent", _("Consent sought")
    SUPPORT_PLAN = "support-plan", _("Support plan")
    IN_SUPPORT = "in-support", _("In support")
    EXIT = "exit", _("Exit")
    REVIEW_6 = "review-6", _("6-month review")
    REVIEW_12 = "review-12", _("12-month review")
    CLOSED_NFA = "closed-nfa", _("Closed – no further action")
    CLOSED_COMPLETED = "closed-completed", _("Closed – support completed")
    CLOSED_REFERRED = "closed-referred", _("Closed – referred elsewhere")


CLOSED_STAGES = frozenset({Stage.CLOSED_NFA, Stage.CLOSED_COMPLETED, Stage.CLOSED_REFERRED})
STAGE_ORDER = {stage: n for n, stage in enumerate(Stage.values)}


class Outcome(models.TextChoices):
    NOT_ADOPTED = "not-adopted", _("Not adopted: no further action")
    SIGNPOSTED = "signposted", _("Signposted to other services")
    CONSENT_DECLINED = "consent-declined", _("Consent declined")
    RISK_REDUCED = "risk-reduced", _("Support completed: vulnerability reduced")
    ENDED_EARLY = "ended-early", _("Support ended early")
    ESCALATED = "escalated", _("Referred back to the police")


class RiskDirection(models.TextChoices):
    REDUCED = "reduced", _("Reduced")
    UNCHANGED = "unchanged", _("Unchanged")
    INCREASED = "increased", _("Increased")


class Intervention(models.Model):
    """A type of intervention offered (mentoring, education or training, …). Data the national
    administrators keep in the housekeeping admin; seeded by a migration."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CaseQuerySet(RegisterQuerySet):
    def review_due(self, until: date) -> CaseQuerySet:
        """Open cases whose next review is due on or before ``until`` (overdue ones included)."""
        return self.filter(status=RecordStatus.OPEN, review_on__lte=until)


class Case(models.Model):
    """One pseudonymous case. Read and changed under :data:`CASE_POLICY` (``cases/policy.py``)."""

    policy: ClassVar[CasePolicy] = CASE_POLICY

    reference = models.CharField(max_length=12, unique=True, editable=False)
    bcu = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("BCU"),
    )
    agency = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning agency"),
        help_text=_("The BCU itself, or the partner agency that leads the case."),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("case officer"),
        help_text=_(
            "The member of staff named as the case officer. They read and manage this case."
        ),
    )
    referral_source = models.CharField(
        _("referred by"), max_length=20, choices=ReferralSource.choices
    )
    referred_on = models.DateField(_("referral received"))
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REFERRAL)
    stage_on = models.DateField(_("current stage since"))
    interventions = models.ManyToManyField(Intervention, blank=True, related_name="cases")
    review_on = models.DateField(_("next review due"), null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    status = models.CharField(
        max_length=10, choices=RecordStatus.choices, default=RecordStatus.OPEN, editable=False
    )
    closed_on = models.DateField(null=True, blank=True, editable=False)
    marking = models.CharField(
        max_length=20,
        choices=Marking.choices,
        default=Marking.OFFICIAL_SENSITIVE,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        indexes = [models.Index(fields=["bcu", "status", "review_on"])]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.status = RecordStatus.CLOSED if self.is_closed else RecordStatus.OPEN
        self.closed_on = (self.closed_on or self.stage_on) if self.is_closed else None
        created = self.pk is None
        super().save(*args, **kwargs)
        if created:  # a case starts its stage history at the stage it is added in
            CaseStage.objects.create(
                case=self, stage=self.stage, on=self.stage_on, recorded_by=self.created_by
            )

    @property
    def title(self) -> str:
        """What the register pages show as a record's title: only the reference."""
        return gettext("Case %(reference)s") % {"reference": self.reference}

    @property
    def audit_organisation(self) -> Organisation:
        return self.bcu

    @property
    def review_overdue(self) -> bool:
        return (
            self.status == RecordStatus.OPEN
            and self.review_on is not None
            and self.review_on < today()
        )

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @classmethod
    def next_reference(cls, organisation: Any) -> str:
        """A fresh random reference (the register pattern asks each register for its next one;
        a collision with an existing one is retried by ``records.actions``)."""
        reference = random_reference()
        while cls._default_manager.filter(reference=reference).exists():
            reference = random_reference()
        return reference


class CaseStage(models.Model):
    """The history of a case's stages: which stage, from when, who recorded it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_stage_display()} {self.on}"


class CaseReview(models.Model):
    """A review of a case: when, which way the risk moved, and the stage it was at."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("date of review"))
    direction = models.CharField(
        _("risk since the last review"), max_length=10, choices=RiskDirection.choices
    )
    stage = models.CharField(_("stage at the time"), max_length=20, choices=Stage.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.reference} review {self.reviewed_on}"
