"""Programme management (document ¶16, activity 0.7): the risk register with its reviews, the
benefits register with measured values, and equality/community impact assessments.

Every register record belongs to a force or BCU, carries a marking and a version (for optimistic
concurrency), and is read and run by the same people as that organisation's plan
(``programme/access.py``). The registers share :class:`RegisterRecord`, one queryset and one set
of views; what differs is the record's own fields and its history (reviews, measurements).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from preventplan.lib import scoring
from preventplan.lib.dates import today
from preventplan.organisations.models import Organisation
from preventplan.plans.models import Marking

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from preventplan.accounts.models import User

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class RecordStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RegisterQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> RegisterQuerySet:
        from preventplan.programme.access import record_scope_q

        return self.filter(record_scope_q(user))

    def open(self) -> RegisterQuerySet:
        return self.filter(status=RecordStatus.OPEN)


class RegisterRecord(models.Model):
    """What every register record has: an owning organisation, a reference, an owner, a marking,
    a review date, a status and a version."""

    REFERENCE_PREFIX = "X"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20, editable=False)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person accountable for it.",
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    status = models.CharField(
        max_length=10, choices=RecordStatus.choices, default=RecordStatus.OPEN
    )
    review_on = models.DateField("next review date")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def review_overdue(self) -> bool:
        return self.status == RecordStatus.OPEN and self.review_on < today()

    @classmethod
    def next_reference(cls, organisation: Organisation) -> str:
        """The next free reference in the organisation's register: R-001, R-002, …"""
        count = cls._default_manager.filter(organisation=organisation).count()
        taken = set(
            cls._default_manager.filter(organisation=organisation).values_list(
                "reference", flat=True
            )
        )
        n = count + 1
        while f"{cls.REFERENCE_PREFIX}-{n:03d}" in taken:
            n += 1
        return f"{cls.REFERENCE_PREFIX}-{n:03d}"


class RiskCategory(models.TextChoices):
    DELIVERY = "delivery", "Delivery of the programme"
    COMMUNITY = "community", "Community confidence and cohesion"
    PARTNERSHIP = "partnership", "Partnership working"
    REPUTATION = "reputation", "Reputation"
    RESOURCES = "resources", "Funding and resources"
    INFORMATION = "information", "Information management"
    LEGAL = "legal", "Legal and compliance"
    SAFEGUARDING = "safeguarding", "Safeguarding"


class Risk(RegisterRecord):
    """A business risk to Prevent delivery (0.7: the impact of police Prevent activity on other
    aspects of community policing; ¶16: risk management)."""

    REFERENCE_PREFIX = "R"

    category = models.CharField(max_length=20, choices=RiskCategory.choices)
    cause = models.TextField(help_text="What could happen and why.")
    effect = models.TextField(help_text="What it would mean for delivery or for communities.")
    inherent_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    inherent_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    likelihood = models.PositiveSmallIntegerField(
        "residual likelihood", validators=ONE_TO_FIVE, help_text="With the controls in place."
    )
    impact = models.PositiveSmallIntegerField("residual impact", validators=ONE_TO_FIVE)
    target_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    target_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    controls = models.TextField("controls in place", blank=True)
    actions = models.ManyToManyField(
        "plans.Action",
        related_name="risks",
        blank=True,
        verbose_name="mitigating actions",
        help_text="Plan actions that reduce the risk.",
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="risk_unique_reference"
            )
        ]
        indexes = [models.Index(fields=["status", "review_on"], name="risk_review_idx")]

    @property
    def inherent_score(self) -> int:
        return scoring.score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual_score(self) -> int:
        return scoring.score(self.likelihood, self.impact)

    @property
    def target_score(self) -> int:
        return scoring.score(self.target_likelihood, self.target_impact)

    @property
    def band(self) -> scoring.Band:
        return scoring.band(self.residual_score)


class RiskReview(models.Model):
    """A dated review of a risk: the residual score it was given then, and why. The history of
    scores is the list of reviews."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=today)
    likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    note = models.TextField("what was considered")
    next_review_on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]

    def __str__(self) -> str:
        return f"Review of {self.risk.reference} on {self.reviewed_on}"

    @property
    def score(self) -> int:
        return scoring.score(self.likelihood, self.impact)

    @property
    def audit_organisation(self) -> Organisation:
        return self.risk.organisation


class BenefitStatus(models.TextChoices):
    OPEN = "open", "Being tracked"
    CLOSED = "closed", "Closed"


class Benefit(RegisterRecord):
    """A benefit or outcome the programme should bring (¶16), with how it is measured."""

    REFERENCE_PREFIX = "B"

    description = models.TextField(help_text="The change the programme should bring about.")
    measure = models.CharField(
        max_length=200, help_text="How it is measured, for example a community survey question."
    )
    unit = models.CharField(max_length=40, blank=True, help_text="For example %, people, events.")
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    baseline_on = models.DateField("baseline date")
    target = models.DecimalField(max_digits=12, decimal_places=2)
    target_on = models.DateField("target date")
    actions = models.ManyToManyField(
        "plans.Action",
        related_name="benefits",
        blank=True,
        verbose_name="actions that deliver it",
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="benefit_unique_reference"
            )
        ]

    @property
    def latest_value(self) -> BenefitValue | None:
        values = list(self.values.all())
        return max(values, key=lambda v: (v.measured_on, v.pk), default=None)

    @property
    def progress_percent(self) -> int | None:
        """How far the latest value has moved from the baseline towards the target."""
        latest = self.latest_value
        span = self.target - self.baseline
        if latest is None or span == 0:
            return None
        return max(0, min(100, round(100 * (latest.value - self.baseline) / span)))


class BenefitValue(models.Model):
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField("source or comment", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-measured_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "measured_on"], name="benefit_value_once_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.measured_on}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.benefit.organisation


class AssessmentOutcome(models.TextChoices):
    NO_CHANGE = "no-change", "No major change needed"
    ADJUST = "adjust", "Adjust the plan to remove barriers or better promote equality"
    CONTINUE = "continue", "Continue despite a potential adverse impact, with justification"
    STOP = "stop", "Stop and remove the activity"


class AssessmentKind(models.TextChoices):
    EQUALITY = "equality", "Equality impact assessment"
    COMMUNITY = "community", "Community impact assessment"


class ImpactAssessment(RegisterRecord):
    """An equality or community impact assessment done as part of action planning (0.7)."""

    REFERENCE_PREFIX = "IA"

    kind = models.CharField(max_length=20, choices=AssessmentKind.choices)
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_assessments",
        help_text="The action plan it informed.",
    )
    completed_on = models.DateField("date completed")
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices)
    summary = models.TextField(
        "findings",
        help_text="What was found and what will change. Describe effects on groups in general "
        "terms; never name or profile a person, a community or a venue.",
    )

    class Meta:
        ordering = ["organisation__name", "-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="impact_assessment_unique_reference"
            )
        ]
