"""Performance (activities 0.6 and 0.11, document ¶13): a catalogue of indicators with targets and
periodic values per organisation, and the annual NI35 self-assessment of each partnership.

No Prevent-specific national indicator set was published, so the catalogue is data the national
administrator keeps. The NI35 strands, their level descriptors and the rule that turns strand
scores into an overall score are data too (docs/domain.md: the descriptors and the rule are not
confirmed), held in a :class:`Ni35Framework` that an assessment records.
"""

from __future__ import annotations

from decimal import Decimal
from statistics import median
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from preventplan.lib.dates import today
from preventplan.lib.numbers import format_number
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Organisation, Partnership


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percentage")
    NUMBER = "number", _("Number")
    DAYS = "days", _("Days")


class Polarity(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual (financial year)")


class Indicator(models.Model):
    code = models.SlugField(max_length=20, unique=True, help_text=_("For example PV-03."))
    name = models.CharField(max_length=200)
    definition = models.TextField(
        help_text=_("Exactly what is counted or measured, and from where.")
    )
    unit = models.CharField(max_length=10, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    activities = models.CharField(
        _("template activities"), max_length=60, blank=True, help_text=_("For example 0.11, 4.3.")
    )
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def format(self, value: Decimal | None) -> str:
        """A value as shown: to two decimal places at most, thousands grouped (12,345)."""
        if value is None:
            return "—"
        text = format_number(value.quantize(Decimal("0.01")))
        return f"{text}%" if self.unit == Unit.PERCENT else text


class IndicatorTarget(models.Model):
    """An organisation's target for an indicator in one financial year (from 1 April)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year_start = models.DateField(_("financial year starting"))
    target = models.DecimalField(max_digits=12, decimal_places=2)
    tolerance = models.PositiveSmallIntegerField(
        _("amber tolerance (%)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("How far from the target, as a percentage of it, still counts as amber."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "year_start"], name="target_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year_start.year}: {self.target}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class IndicatorValue(models.Model):
    """One period's value. ``period_start`` is the first day of the month, quarter or year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(_("source or comment"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period_start"], name="value_once_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "indicator", "period_start"], name="value_idx")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start}: {self.value}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


# -- NI35 ----------------------------------------------------------------------------------------
class OverallRule(models.TextChoices):
    MEAN = "mean", _("Mean of the strand scores, rounded to the nearest whole number")
    LOWEST = "lowest", _("The lowest strand score")
    MEDIAN = "median", _("Median of the strand scores, rounded down")


class Ni35Framework(models.Model):
    """The strands, level descriptors and overall rule in force for a set of assessments."""

    name = models.CharField(max_length=120)
    rule = models.CharField(_("overall score"), max_length=10, choices=OverallRule.choices)
    provisional = models.BooleanField(
        default=True,
        help_text=_("Shown on every assessment while the descriptors are unconfirmed."),
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_current", "name"]

    def __str__(self) -> str:
        return self.name

    def overall(self, scores: list[int]) -> int | None:
        if not scores:
            return None
        if self.rule == OverallRule.LOWEST:
            return min(scores)
        if self.rule == OverallRule.MEDIAN:
            return int(median(scores))
        return int(Decimal(sum(scores)) / len(scores) + Decimal("0.5"))


class Ni35Strand(models.Model):
    framework = models.ForeignKey(Ni35Framework, on_delete=models.CASCADE, related_name="strands")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text=_("What good evidence looks like."))

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="strand_unique_number")
        ]

    def __str__(self) -> str:
        return gettext("Strand %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }


class Ni35Level(models.Model):
    strand = models.ForeignKey(Ni35Strand, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    descriptor = models.TextField()

    class Meta:
        ordering = ["strand", "score"]
        constraints = [
            models.UniqueConstraint(fields=["strand", "score"], name="level_unique_score")
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.descriptor[:60]}"


class AssessmentKind(models.TextChoices):
    ANNUAL = "annual", _("Annual self-assessment")
    INTERIM = "interim", _("Interim assessment (for local purposes)")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("self-assessment", "Submitted")


class Ni35AssessmentQuerySet(models.QuerySet["Ni35Assessment"]):
    def visible_to(self, user: Any) -> Ni35AssessmentQuerySet:
        """Assessments of the partnerships the user belongs to, and of every partnership of a
        force whose plans they read."""
        scope = scope_for(user)
        if scope.is_national_admin:
            return self.all()
        q = Q(partnership__in=sorted(scope.partnership_ids))
        for path in scope.plan_read_paths:
            q |= Q(partnership__force__path__startswith=path)
        return self.filter(q)


class Ni35Assessment(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="ni35_assessments"
    )
    framework = models.ForeignKey(Ni35Framework, on_delete=models.PROTECT, related_name="+")
    year_ending = models.DateField(help_text=_("The 31 March that ends the reporting year."))
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    assessed_on = models.DateField(default=today)
    summary = models.TextField(_("overall commentary"), blank=True)
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = Ni35AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "-year_ending", "-assessed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year_ending"],
                condition=models.Q(kind="annual"),
                name="ni35_one_annual_per_year",
            )
        ]

    def __str__(self) -> str:
        values = {"year": self.year_label, "partnership": self.partnership}
        if self.kind == AssessmentKind.ANNUAL:
            return gettext("NI35 %(year)s, %(partnership)s") % values
        return gettext("NI35 interim %(year)s, %(partnership)s") % values

    @property
    def year_label(self) -> str:
        return f"{self.year_ending.year - 1}/{str(self.year_ending.year)[-2:]}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.partnership.force

    def overall(self) -> int | None:
        scores = [s.score for s in self.scores.all() if s.score]
        if len(scores) < len(self.scores.all()):
            return None  # not every strand is scored yet
        return self.framework.overall(scores)


class Ni35StrandScore(models.Model):
    assessment = models.ForeignKey(Ni35Assessment, on_delete=models.CASCADE, related_name="scores")
    strand = models.ForeignKey(Ni35Strand, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    evidence = models.TextField(blank=True)
    actions = models.ManyToManyField("plans.Action", related_name="ni35_scores", blank=True)
    benefits = models.ManyToManyField(
        "programme.Benefit", related_name="ni35_scores", blank=True, verbose_name=_("evaluations")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["assessment", "strand__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "strand"], name="score_once_per_strand")
        ]

    def __str__(self) -> str:
        return f"{self.strand}: {self.score or gettext('not scored')}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.assessment.partnership.force
