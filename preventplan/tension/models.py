"""The weekly community tension assessment (activities 5.2, 5.6, 6.3, 6.6) on the Experienced /
Evidential / Potential (EEP) model.

Each BCU returns an assessment for the week commencing Monday; the force compiles its own from
every BCU's return with global, national and local events, for the National Community Tension
Team (NCTT); critical incidents are recorded and notified at once. A submitted return or
assessment is never edited: a correction is a new version that supersedes it.

No personal data: narratives describe places and events in general terms, counts are numbers,
events have an area and never an address (docs/principles.md). The level scale and the indicator types
are data the administrator keeps; the level labels are provisional (docs/domain.md).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.lib.dates import format_date
from preventplan.organisations.models import Organisation, Partnership

NO_PERSONAL_DATA = _(
    "Describe places, events and patterns in general terms. Never name or describe a person, "
    "and never give an address."
)


class Section(models.TextChoices):
    EXPERIENCED = "experienced", _("Experienced")
    EVIDENTIAL = "evidential", _("Evidential")
    POTENTIAL = "potential", _("Potential")


SECTION_HINTS = {
    Section.EXPERIENCED: _(
        "What has happened: reported incidents, hate crime and incidents, "
        "disorder, anti-social behaviour."
    ),
    Section.EVIDENTIAL: _(
        "Information showing tension exists: feedback from key individual "
        "networks, independent advisory groups and partners; graffiti, leaflets, rumour."
    ),
    Section.POTENTIAL: _(
        "Known future triggers: marches, trials, anniversaries, and global, "
        "national or local events."
    ),
}


# The sections of a return partners may be shared, as words in a sentence ("Experienced,
# overall with ...").
SHARED_SECTION_WORDS = {
    "experienced": _("experienced"),
    "evidential": _("evidential"),
    "potential": _("potential"),
    "overall": _("overall"),
}


class TensionLevel(models.Model):
    """One step on the ordinal tension scale (data; the labels are provisional)."""

    position = models.PositiveSmallIntegerField(unique=True)
    label = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True)
    provisional = models.BooleanField(default=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        suffix = " " + gettext("(provisional)") if self.provisional else ""
        return f"{self.position} {self.label}{suffix}"


class IndicatorType(models.Model):
    """A structured count in a return, such as hate crimes or protests (data)."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100)
    section = models.CharField(max_length=12, choices=Section.choices)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["section", "position", "name"]

    def __str__(self) -> str:
        return self.name


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class TensionSettings(models.Model):
    """When returns are due and who is told of critical incidents. One row."""

    due_weekday = models.PositiveSmallIntegerField(
        _("BCU returns due on"),
        default=2,
        choices=WEEKDAYS,
        help_text=_("The day of the week, commencing Monday, that BCU returns are due."),
    )
    due_time = models.TimeField(_("BCU returns due at"), default=time(12, 0))
    force_due_weekday = models.PositiveSmallIntegerField(
        _("force assessments due on"),
        default=3,
        choices=WEEKDAYS,
        help_text=_(
            "The force compiles its assessment from the BCU returns, so usually a day later."
        ),
    )
    force_due_time = models.TimeField(_("force assessments due at"), default=time(12, 0))
    nctt_email = models.EmailField(
        _("NCTT address"),
        default="nctt@nctt.invalid",
        help_text=_("Told at once of critical incidents."),
    )
    force_alert_emails = models.TextField(
        blank=True,
        help_text=_(
            "Further addresses told of every critical incident, one per line (the force "
            "leads of the incident's force are always told)."
        ),
    )

    class Meta:
        verbose_name_plural = _("tension settings")

    def __str__(self) -> str:
        return "Tension settings"

    @classmethod
    def current(cls) -> TensionSettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row

    def due_at(self, week_commencing: date, *, force: bool = False) -> datetime:
        """When a BCU return (or the force assessment) for the week is due, in UK time (British
        Summer Time included)."""
        weekday, at = (
            (self.force_due_weekday, self.force_due_time)
            if force
            else (self.due_weekday, self.due_time)
        )
        day = week_commencing + timedelta(days=weekday)
        return timezone.make_aware(datetime.combine(day, at))

    @property
    def bcu_due(self) -> str:
        """For example "Wednesday at 12:00"."""
        return gettext("%(day)s at %(time)s") % {
            "day": WEEKDAYS[self.due_weekday][1],
            "time": f"{self.due_time:%H:%M}",
        }

    @property
    def force_due(self) -> str:
        return gettext("%(day)s at %(time)s") % {
            "day": WEEKDAYS[self.force_due_weekday][1],
            "time": f"{self.force_due_time:%H:%M}",
        }

    @property
    def extra_addresses(self) -> list[str]:
        return [line.strip() for line in self.force_alert_emails.splitlines() if line.strip()]


class Trend(models.TextChoices):
    RISING = "rising", _("Rising")
    STABLE = "stable", _("Stable")
    FALLING = "falling", _("Falling")


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class VersionedWeekly(models.Model):
    """What BCU returns and force assessments share: a week, a version, a lifecycle."""

    # The foreign key to the BCU or force whose record it is, and the fields people edit (which a
    # new week copies from last week's record when asked to).
    UNIT_FIELD: ClassVar[str]
    EDITABLE_FIELDS: ClassVar[list[str]]

    week_commencing = models.DateField(db_index=True)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    overall_level = models.ForeignKey(
        TensionLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    class Meta:
        abstract = True

    @property
    def unit(self) -> Organisation:
        unit: Organisation = getattr(self, self.UNIT_FIELD)
        return unit

    @property
    def is_draft(self) -> bool:
        return self.status == ReturnStatus.DRAFT

    @property
    def week_label(self) -> str:
        return gettext("week commencing %(date)s") % {"date": format_date(self.week_commencing)}

    def is_late(self, due: datetime) -> bool:
        return self.submitted_at is not None and self.submitted_at > due


class BcuReturn(VersionedWeekly):
    UNIT_FIELD = "bcu"
    EDITABLE_FIELDS = [
        "experienced",
        "experienced_level",
        "evidential",
        "evidential_level",
        "potential",
        "potential_level",
        "overall_level",
        "trend",
        "actions_taken",
        "share_sections",
    ]

    bcu = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tension_returns")
    experienced = models.TextField(blank=True, help_text=SECTION_HINTS[Section.EXPERIENCED])
    experienced_level = models.ForeignKey(
        TensionLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidential = models.TextField(blank=True, help_text=SECTION_HINTS[Section.EVIDENTIAL])
    evidential_level = models.ForeignKey(
        TensionLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    potential = models.TextField(blank=True, help_text=SECTION_HINTS[Section.POTENTIAL])
    potential_level = models.ForeignKey(
        TensionLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    trend = models.CharField(
        _("trend against last week"), max_length=10, choices=Trend.choices, blank=True
    )
    actions_taken = models.TextField(
        _("action taken to mitigate risks"),
        blank=True,
        help_text=_("What the BCU has done, or will do, about the risks it assessed (5.6)."),
    )
    share_sections = models.CharField(
        _("sections partners may see"),
        max_length=60,
        blank=True,
        help_text=_("Comma-separated: experienced, evidential, potential, overall."),
    )
    shared_with = models.ManyToManyField(Partnership, related_name="tension_returns", blank=True)

    class Meta:
        ordering = ["-week_commencing", "bcu__name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bcu", "week_commencing", "number"], name="bcu_return_version_once"
            )
        ]

    def __str__(self) -> str:
        v = f", version {self.number}" if self.number > 1 else ""
        # English, like every record's name in the audit log
        return f"{self.bcu} tension return, week commencing {self.week_commencing:%-d %B %Y}{v}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.bcu

    @property
    def shared_sections(self) -> list[str]:
        return [s for s in self.share_sections.split(",") if s]

    @property
    def shared_section_labels(self) -> list[str]:
        """The shared sections in words, in the page's language."""
        return [str(SHARED_SECTION_WORDS.get(s, s)) for s in self.shared_sections]

    def level_for(self, section: str) -> TensionLevel | None:
        return getattr(self, f"{section}_level")

    def text_for(self, section: str) -> str:
        return getattr(self, section)


class ReturnCount(models.Model):
    bcu_return = models.ForeignKey(BcuReturn, on_delete=models.CASCADE, related_name="counts")
    indicator = models.ForeignKey(IndicatorType, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["indicator__section", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["bcu_return", "indicator"], name="count_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.count}"


class UpcomingEvent(models.Model):
    bcu_return = models.ForeignKey(BcuReturn, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    area = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("A ward, town centre or district; never an address."),
    )

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class PartnerContribution(models.Model):
    """Information a partner agency gave for the return, recorded as theirs."""

    bcu_return = models.ForeignKey(
        BcuReturn, on_delete=models.CASCADE, related_name="contributions"
    )
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=12, choices=Section.choices)
    summary = models.TextField(help_text=NO_PERSONAL_DATA)

    class Meta:
        ordering = ["section", "id"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.summary[:60]}"


class ForceAssessment(VersionedWeekly):
    UNIT_FIELD = "force"
    EDITABLE_FIELDS = [
        "narrative",
        "global_events",
        "national_events",
        "local_events",
        "actions_taken",
        "overall_level",
    ]

    force = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="tension_assessments"
    )
    narrative = models.TextField(_("force assessment"), blank=True, help_text=NO_PERSONAL_DATA)
    global_events = models.TextField(_("global events"), blank=True)
    national_events = models.TextField(_("national events"), blank=True)
    local_events = models.TextField(_("local events"), blank=True)
    actions_taken = models.TextField(_("action taken to mitigate risks"), blank=True)

    class Meta:
        ordering = ["-week_commencing", "force__name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "week_commencing", "number"], name="force_assessment_version_once"
            )
        ]

    def __str__(self) -> str:
        v = f", version {self.number}" if self.number > 1 else ""
        # English, like every record's name in the audit log
        return (
            f"{self.force} tension assessment, week commencing {self.week_commencing:%-d %B %Y}{v}"
        )

    @property
    def audit_organisation(self) -> Organisation:
        return self.force


class CriticalIncident(models.Model):
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    bcu = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when it happened"))
    area = models.CharField(
        max_length=120, help_text=_("A ward, town centre or district; never an address.")
    )
    summary = models.TextField(help_text=NO_PERSONAL_DATA)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)
    notified = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return (
            f"Critical incident, {self.area}, {timezone.localtime(self.occurred_at):%d %B %Y %H:%M}"
        )

    @property
    def audit_organisation(self) -> Organisation:
        return self.force
