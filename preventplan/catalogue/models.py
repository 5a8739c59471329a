"""The national template as data: versions, objectives, activities, partner types, glossary."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Where an activity is delivered: the heading above it in the document."""

    FORCE = "FORCE", _("Force")
    FORCE_BCU = "FORCE/BCU", _("Force and BCU")
    BCU = "BCU", "BCU"


class Recurrence(models.TextChoices):
    NONE = "", _("Dated")
    ONGOING = "ongoing", _("Ongoing")
    AS_REQUIRED = "as-required", _("As required")


class ObjectiveKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership, governance and programme management")
    DELIVERY = "delivery", _("Delivery objective")
    ENABLING = "enabling", _("Enabling objective")


class TemplateVersionQuerySet(models.QuerySet["TemplateVersion"]):
    def current(self) -> TemplateVersion | None:
        return self.filter(is_current=True).order_by("-number").first()


class TemplateVersion(models.Model):
    """One published version of the national template (the 2008 England plan is version 1)."""

    code = models.SlugField(max_length=40, help_text="The family, e.g. england-2008 or wales-2009.")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    nation = models.CharField(max_length=40)
    published = models.DateField()
    source = models.TextField(blank=True)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives"
    )
    is_current = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.number})"


class Objective(models.Model):
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="objectives"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ObjectiveKind.choices)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="objective_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.title}"

    @property
    def label(self) -> str:
        if self.number == 0:
            return gettext("Leadership")
        return gettext("Objective %(number)s") % {"number": self.number}


class PartnerType(models.Model):
    """The delivery-partner vocabulary; partner organisations are typed with it too."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="activities"
    )
    number = models.CharField(max_length=8)
    sort_key = models.PositiveIntegerField(
        help_text="objective × 1000 + item, for ordering 0.9 < 0.10"
    )
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="activities")
    level = models.CharField(max_length=10, choices=Level.choices)
    text = models.TextField()
    other_objectives = models.ManyToManyField(
        Objective, related_name="contributing_activities", blank=True
    )
    suggested_timescale = models.CharField(max_length=300, blank=True)
    target_dates = models.JSONField(default=list, blank=True)
    first_target_date = models.DateField(null=True, blank=True)
    recurrence = models.CharField(max_length=20, choices=Recurrence.choices, blank=True)
    delivery_partners_text = models.TextField(blank=True)
    delivery_partners_see = models.CharField(
        max_length=8, blank=True, help_text="The activity whose partners this one shares."
    )
    delivery_partners = models.ManyToManyField(PartnerType, related_name="activities", blank=True)

    class Meta:
        ordering = ["version", "sort_key"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="activity_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"

    @staticmethod
    def sort_key_for(number: str) -> int:
        objective, item = number.split(".")
        return int(objective) * 1000 + int(item)


class Abbreviation(models.Model):
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="abbreviations"
    )
    abbreviation = models.CharField(max_length=20)
    meaning = models.CharField(max_length=200)

    class Meta:
        ordering = ["abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["version", "abbreviation"], name="abbreviation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.abbreviation}: {self.meaning}"


class BlankChecklistFile(models.Model):
    """A blank checklist file made once from a template version and kept: it changes only with
    the template (and the layout, which ``layout`` names). Forgotten whenever the version, its
    objectives or its activities change (``catalogue.signals``), and made again on next request."""

    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="blank_checklists"
    )
    kind = models.CharField(max_length=10, help_text="bcu or force")
    format = models.CharField(max_length=10, help_text="pdf, xlsx or csv")
    layout = models.CharField(
        max_length=64, help_text="Which layout made the file: a new layout makes it again."
    )
    content = models.BinaryField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "format", "layout"], name="blank_checklist_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Blank {self.kind} checklist ({self.format}) of {self.version}"
