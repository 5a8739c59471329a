"""Community confidence and powers accountability (document 5.1, 5.3, 5.4, 5.7, 5.8, 6.4, 7.2):
the grievance register, the learning and complaints log, dip samples of counter-terrorism
information reports, consequence management plans and the monthly TACT powers return.

Each is a register record (``preventplan.records``): it belongs to a force or BCU, carries a
marking, a review date and a version, and is read and run by the same people as that
organisation's plans. None of them holds a person: no complainant, no subject, no officer. Area
fields name a ward or district, never an address, and every free-text field passes the
personal-data guard (docs/privacy.md).
"""

from __future__ import annotations

from django.db import models

from preventplan.organisations.models import Organisation
from preventplan.records.models import RegisterRecord

AREA_HELP = "A ward, neighbourhood or district; never an address."


class GrievanceCategory(models.TextChoices):
    RACE = "race", "Race or religion"
    HATE = "hate", "Hate crime or hate incident"
    ASB = "asb", "Anti-social behaviour"
    HARASSMENT = "harassment", "Harassment"
    POLICE_ACTIVITY = "police-activity", "Police activity"
    OTHER = "other", "Other"


class GrievanceSource(models.TextChoices):
    COMMUNITY = "community", "Community group or forum"
    KIN = "kin", "Key individual network"
    IAG = "iag", "Independent advisory group"
    PARTNER = "partner", "Partner agency"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood policing team"
    MEDIA = "media", "Media or social media"
    OTHER = "other", "Other"


class Grievance(RegisterRecord):
    """A community grievance (5.8): what it is about and where, how it is being addressed, and
    which partners were told. Never who raised it."""

    REFERENCE_PREFIX = "G"

    category = models.CharField(max_length=20, choices=GrievanceCategory.choices)
    area = models.CharField("area or ward", max_length=120, help_text=AREA_HELP)
    source_type = models.CharField(
        "how it was raised", max_length=20, choices=GrievanceSource.choices
    )
    raised_on = models.DateField("date raised")
    summary = models.TextField(
        "what the grievance is about",
        help_text="The concern in general terms. Never who raised it or who it is about.",
    )
    response = models.TextField(
        "how it is being addressed",
        blank=True,
        help_text="What is being done beyond the plan actions linked below.",
    )
    actions = models.ManyToManyField(
        "plans.Action",
        related_name="grievances",
        blank=True,
        verbose_name="actions addressing it",
        help_text="Plan actions that address it; otherwise its owner does.",
    )
    partners_informed = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name="partners informed"
    )
    partners_informed_on = models.DateField("date partners were informed", null=True, blank=True)
    tension_return = models.ForeignKey(
        "tension.BcuReturn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grievances",
        verbose_name="tension return",
        help_text="The BCU's weekly tension return it is reported in.",
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="grievance_unique_reference"
            )
        ]
