"""The national template as data: versions, objectives, activities, partner types, glossary."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from preventplan.lib.i18n import InLanguages


def welsh_wanted() -> bool:
    """True while the page (or e-mail, or export) is being made in Welsh."""
    return (get_language() or "").startswith("cy")


class Bilingual:
    """A template record that carries Welsh beside its English: ``field_cy`` beside ``field``."""

    def localised(self, field: str) -> str:
        """The text in the active language: the Welsh when the page is in Welsh and the template
        has Welsh for it, otherwise the English."""
        english: str = getattr(self, field)
        if welsh_wanted():
            return getattr(self, f"{field}_cy", "") or english
        return english

    def bilingual(self, field: str) -> str:
        """English and Welsh together (for a bilingual export): the Welsh under the English, or
        the English alone when the template has no Welsh for it."""
        english: str = getattr(self, field)
        welsh: str = getattr(self, f"{field}_cy", "")
        if welsh and welsh != english:  # each part knows its language (for ``lang`` on pages)
            return InLanguages.english_and_welsh(english, welsh)
        return english


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


ENGLAND = "England"
WALES = "Wales"


class TemplateVersionQuerySet(models.QuerySet["TemplateVersion"]):
    def current(self, nation: str = ENGLAND) -> TemplateVersion | None:
        """The current version for ``nation``: the England plan unless a nation has a variant of
        its own (Wales); a nation without one uses the England plan."""
        mine = self.filter(is_current=True, nation=nation).order_by("-number").first()
        if mine is None and nation != ENGLAND:
            return self.current(ENGLAND)
        return mine


class TemplateVersion(Bilingual, models.Model):
    """One published version of the national template (the 2008 England plan is version 1)."""

    code = models.SlugField(
        max_length=40, help_text=_("The family, e.g. england-2008 or wales-2009.")
    )
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    name_cy = models.CharField(max_length=200, blank=True)
    nation = models.CharField(max_length=40)
    published = models.DateField()
    source = models.TextField(blank=True)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives"
    )
    is_current = models.BooleanField(default=True)
    benchmark = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "A variant's own performance benchmark in place of NI35: its name and measures, "
            "each measure with the activities that evidence it (the Welsh variant has one)."
        ),
    )
    loaded_at = models.DateTimeField(default=timezone.now)

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.number})"


class Objective(Bilingual, models.Model):
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="objectives"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=ObjectiveKind.choices)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="objective_unique_number")
        ]

    def __str__(self) -> str:
        return self.title if self.number == 0 else f"{self.label}: {self.title}"

    @property
    def label(self) -> str:
        if self.number == 0:
            return gettext("Leadership")
        return gettext("Objective %(number)s") % {"number": self.number}

    @property
    def heading(self) -> str:
        """ "Objective 3: …" in the page's language; the leadership objective by its title alone
        (not "Leadership: Leadership, governance and programme management")."""
        title = self.localised("title")
        if self.number == 0:
            return title
        return gettext("%(label)s: %(title)s") % {"label": self.label, "title": title}


class PartnerType(Bilingual, models.Model):
    """The delivery-partner vocabulary; partner organisations are typed with it too."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    name_cy = models.CharField(max_length=120, blank=True)
    description = models.CharField(max_length=300, blank=True)
    description_cy = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Activity(Bilingual, models.Model):
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="activities"
    )
    number = models.CharField(max_length=8)
    sort_key = models.PositiveIntegerField(
        help_text=_("objective × 1000 + item, for ordering 0.9 < 0.10")
    )
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="activities")
    level = models.CharField(max_length=10, choices=Level.choices)
    text = models.TextField()
    text_cy = models.TextField(blank=True)
    other_objectives = models.ManyToManyField(
        Objective, related_name="contributing_activities", blank=True
    )
    suggested_timescale = models.CharField(max_length=300, blank=True)
    suggested_timescale_cy = models.CharField(max_length=300, blank=True)
    target_dates = models.JSONField(default=list, blank=True)
    first_target_date = models.DateField(null=True, blank=True)
    recurrence = models.CharField(max_length=20, choices=Recurrence.choices, blank=True)
    delivery_partners_text = models.TextField(blank=True)
    delivery_partners_text_cy = models.TextField(blank=True)
    delivery_partners_see = models.CharField(
        max_length=8, blank=True, help_text=_("The activity whose partners this one shares.")
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

    def localised_target_dates(self) -> list[dict[str, str]]:
        """The target dates with each label in the active language (``label_cy`` in Welsh)."""
        welsh = welsh_wanted()
        return [
            {**t, "label": (t.get("label_cy") or t["label"]) if welsh else t["label"]}
            for t in self.target_dates
        ]

    @staticmethod
    def sort_key_for(number: str) -> int:
        objective, item = number.split(".")
        return int(objective) * 1000 + int(item)


class Abbreviation(Bilingual, models.Model):
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="abbreviations"
    )
    abbreviation = models.CharField(max_length=20)
    meaning = models.CharField(max_length=200)
    meaning_cy = models.CharField(max_length=200, blank=True)

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
    kind = models.CharField(max_length=10, help_text=_("bcu or force"))
    format = models.CharField(max_length=10, help_text=_("pdf, xlsx or csv"))
    layout = models.CharField(
        max_length=64, help_text=_("Which layout made the file: a new layout makes it again.")
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
