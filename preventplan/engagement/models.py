"""Engagement and delivery registers of a force or BCU (issue 15): community engagement events
and the key individual networks and independent advisory groups they use (activities 1.2, 1.3,
2.1, 4.2, 4.4, ¶16). Each is a register record (``preventplan.records``): an owning
organisation, a reference, an owner, a marking, a review date and a status.

Nothing here names or profiles a member of the public (docs/principles.md): networks are held as
aggregates (a count of members and a self-assessment of how representative they are), and every
free-text field passes the personal-data guard.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from preventplan.records.models import RegisterRecord


def _unique_reference(name: str) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=["organisation", "reference"], name=name)]


# -- key individual networks and independent advisory groups (1.2) -------------------------------
class NetworkKind(models.TextChoices):
    KIN = "kin", "Key individual network (KIN)"
    IAG = "iag", "Independent advisory group (IAG)"


class Representativeness(models.TextChoices):
    REPRESENTATIVE = "representative", "Representative of the community it serves"
    PARTLY = "partly", "Partly representative: gaps identified"
    NOT = "not", "Not representative"
    NOT_ASSESSED = "not-assessed", "Not yet assessed"


class Network(RegisterRecord):
    """A KIN or IAG (1.2): how big it is, when it was last refreshed and how representative its
    own lead judges it. Members are never recorded, only their number."""

    REFERENCE_PREFIX = "KN"

    kind = models.CharField(max_length=10, choices=NetworkKind.choices)
    area = models.CharField(
        "area served", max_length=120, help_text="The neighbourhood, ward or district."
    )
    members = models.PositiveIntegerField(
        "number of members", help_text="A count only: members are never named here."
    )
    refreshed_on = models.DateField("last refreshed")
    representativeness = models.CharField(
        "self-assessed representativeness",
        max_length=20,
        choices=Representativeness.choices,
        default=Representativeness.NOT_ASSESSED,
    )
    mapped = models.BooleanField(
        "mapped against neighbourhood profiles",
        default=False,
        help_text="Activity 1.2 asks that networks are mapped against neighbourhood profiles.",
    )
    gaps = models.TextField(
        "gaps and how they will be filled",
        blank=True,
        help_text="In general terms, for example “young people in the east of the ward”. "
        "Never name or describe a member.",
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = _unique_reference("network_unique_reference")


# -- engagement events (1.2, 1.3, 2.1, 4.2, 4.4, ¶16) --------------------------------------------
class EngagementKind(models.TextChoices):
    KIN_IAG = "kin-iag", "KIN or IAG meeting"
    WOMENS_FORUM = "womens-forum", "Women’s forum"
    YOUTH_FORUM = "youth-forum", "Youth forum"
    CONSULTATION = "consultation", "Consultation on local priorities"
    HE_DIALOGUE = "he-dialogue", "Dialogue with higher education"
    TABLETOP = "tabletop", "Tabletop exercise (for example Operation Nicole)"
    JOB_SHADOWING = "job-shadowing", "Job shadowing"
    SPECIALS = "specials", "Special constables recruitment"
    SURVEY = "survey", "Community survey or user evaluation"
    OTHER = "other", "Other engagement"


class Engagement(RegisterRecord):
    """One engagement event with the community or partners: what kind, when, where (an area,
    never a venue that points at people), who took part (as a count) and what was raised. The
    review date is when feedback on what was raised is due back to the community (4.2)."""

    REFERENCE_PREFIX = "EN"

    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    held_on = models.DateField("date held")
    area = models.CharField(max_length=120, help_text="The neighbourhood, ward or district.")
    network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
        help_text="For a KIN or IAG meeting: the network that met.",
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name="partner organisations",
    )
    attendance = models.PositiveIntegerField("number attending")
    feedback_score = models.PositiveSmallIntegerField(
        "average feedback score",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="From 1 (poor) to 5 (excellent), if those attending gave feedback.",
    )
    priorities = models.TextField("priorities raised", blank=True)
    feedback = models.TextField(
        "feedback given",
        blank=True,
        help_text="What was said back to those who took part, and how.",
    )

    class Meta:
        ordering = ["organisation__name", "-held_on"]
        constraints = _unique_reference("engagement_unique_reference")
        indexes = [models.Index(fields=["organisation", "held_on"], name="engagement_held_idx")]
