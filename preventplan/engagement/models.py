"""Engagement and delivery registers of a force or BCU (issue 15): community engagement events
and the key individual networks and independent advisory groups they use (activities 1.2, 1.3,
2.1, 4.2, 4.4, ¶16). Each is a register record (``preventplan.records``): an owning
organisation, a reference, an owner, a marking, a review date and a status.

Nothing here names or profiles a member of the public (docs/principles.md): networks are held as
aggregates (a count of members and a self-assessment of how representative they are), and every
free-text field passes the personal-data guard.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.engagement.policy import POST_POLICY
from preventplan.lib.dates import format_date
from preventplan.records.access import Policy
from preventplan.records.models import RegisterRecord


def _unique_reference(name: str) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=["organisation", "reference"], name=name)]


# -- key individual networks and independent advisory groups (1.2) -------------------------------
class NetworkKind(models.TextChoices):
    KIN = "kin", _("Key individual network (KIN)")
    IAG = "iag", _("Independent advisory group (IAG)")


class Representativeness(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative of the community it serves")
    PARTLY = "partly", _("Partly representative: gaps identified")
    NOT = "not", _("Not representative")
    NOT_ASSESSED = "not-assessed", _("Not yet assessed")


class Network(RegisterRecord):
    """A KIN or IAG (1.2): how big it is, when it was last refreshed and how representative its
    own lead judges it. Members are never recorded, only their number."""

    REFERENCE_PREFIX = "KN"

    kind = models.CharField(max_length=10, choices=NetworkKind.choices)
    area = models.CharField(
        _("area served"), max_length=120, help_text=_("The neighbourhood, ward or district.")
    )
    members = models.PositiveIntegerField(
        _("number of members"), help_text=_("A count only: members are never named here.")
    )
    refreshed_on = models.DateField(_("last refreshed"))
    representativeness = models.CharField(
        _("self-assessed representativeness"),
        max_length=20,
        choices=Representativeness.choices,
        default=Representativeness.NOT_ASSESSED,
    )
    mapped = models.BooleanField(
        _("mapped against neighbourhood profiles"),
        default=False,
        help_text=_("Activity 1.2 asks that networks are mapped against neighbourhood profiles."),
    )
    gaps = models.TextField(
        _("gaps and how they will be filled"),
        blank=True,
        help_text=_(
            "In general terms, for example “young people in the east of the ward”. "
            "Never name or describe a member."
        ),
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = _unique_reference("network_unique_reference")


# -- engagement events (1.2, 1.3, 2.1, 4.2, 4.4, ¶16) --------------------------------------------
class EngagementKind(models.TextChoices):
    KIN_IAG = "kin-iag", _("KIN or IAG meeting")
    WOMENS_FORUM = "womens-forum", _("Women’s forum")
    YOUTH_FORUM = "youth-forum", _("Youth forum")
    CONSULTATION = "consultation", _("Consultation on local priorities")
    HE_DIALOGUE = "he-dialogue", _("Dialogue with higher education")
    TABLETOP = "tabletop", _("Tabletop exercise (for example Operation Nicole)")
    JOB_SHADOWING = "job-shadowing", _("Job shadowing")
    SPECIALS = "specials", _("Special constables recruitment")
    SURVEY = "survey", _("Community survey or user evaluation")
    OTHER = "other", _("Other engagement")


class Engagement(RegisterRecord):
    """One engagement event with the community or partners: what kind, when, where (an area,
    never a venue that points at people), who took part (as a count) and what was raised. The
    review date is when feedback on what was raised is due back to the community (4.2)."""

    REFERENCE_PREFIX = "EN"

    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    held_on = models.DateField(_("date held"))
    area = models.CharField(max_length=120, help_text=_("The neighbourhood, ward or district."))
    network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
        help_text=_("For a KIN or IAG meeting: the network that met."),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("partner organisations"),
    )
    attendance = models.PositiveIntegerField(_("number attending"))
    feedback_score = models.PositiveSmallIntegerField(
        _("average feedback score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("From 1 (poor) to 5 (excellent), if those attending gave feedback."),
    )
    priorities = models.TextField(_("priorities raised"), blank=True)
    feedback = models.TextField(
        _("feedback given"),
        blank=True,
        help_text=_("What was said back to those who took part, and how."),
    )

    class Meta:
        ordering = ["organisation__name", "-held_on"]
        constraints = _unique_reference("engagement_unique_reference")
        indexes = [models.Index(fields=["organisation", "held_on"], name="engagement_held_idx")]


# -- communications (5.5, 7.1, 7.3–7.5) ----------------------------------------------------------
class CommunicationKind(models.TextChoices):
    PLAN = "plan", _("Communications plan item")
    MEDIA = "media", _("Media engagement")
    BRIEFING = "briefing", _("Police authority briefing")


class Channel(models.TextChoices):
    COMMUNITY_MEETING = "community-meeting", _("Community meeting or surgery")
    NEWSLETTER = "newsletter", _("Newsletter or leaflet")
    WEBSITE = "website", _("Website")
    SOCIAL_MEDIA = "social-media", _("Social media")
    PRESS_RELEASE = "press-release", _("Press release or statement")
    INTERVIEW = "interview", _("Broadcast or press interview")
    PARTNER_CHANNELS = "partner-channels", _("Partners’ own channels")
    BRIEFING = "briefing", _("Face-to-face briefing")
    INTERNAL = "internal", _("Internal communications")
    OTHER = "other", _("Other")


class BriefingTopic(models.TextChoices):
    VULNERABILITY = "vulnerability", _("Vulnerability to radicalisation in the force area")
    CT_OPERATION = "ct-operation", _("After a counter-terrorism operation")
    DELIVERY = "delivery", _("Progress with Prevent delivery")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Communication(RegisterRecord):
    """An item of the communications plan, a media engagement or a briefing of the police
    authority: audience, channel, message, the risk of it being manipulated and what reduces
    it, partners' sign-off and the outcome."""

    REFERENCE_PREFIX = "CM"

    kind = models.CharField(max_length=20, choices=CommunicationKind.choices)
    audience = models.CharField(
        max_length=200, help_text=_("Who it is for, for example “parents in Riverside ward”.")
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    topic = models.CharField(
        _("briefing topic"),
        max_length=20,
        choices=BriefingTopic.choices,
        blank=True,
        help_text=_("For a police authority briefing (activity 7.1)."),
    )
    message = models.TextField(_("key message"))
    on = models.DateField(_("date issued or held"))
    manipulation_risk = models.CharField(
        _("risk of the message being manipulated"), max_length=10, choices=Level.choices
    )
    safeguards = models.TextField(
        _("steps to reduce that risk"), blank=True, help_text=_("Activity 7.4.")
    )
    signed_off_by = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("partners who signed it off"),
    )
    signed_off_on = models.DateField(_("date signed off"), null=True, blank=True)
    outcome = models.TextField(
        blank=True, help_text=_("What happened: coverage, questions, reach.")
    )

    class Meta:
        ordering = ["organisation__name", "-on"]
        constraints = _unique_reference("communication_unique_reference")


# -- local projects (0.12, 6.8) ------------------------------------------------------------------
class FundingSource(models.TextChoices):
    PVE = "pve", _("Preventing Violent Extremism (PVE) fund")
    CSR = "csr", _("Comprehensive Spending Review (CSR) funding")
    OTHER = "other", _("Other funding")


class Project(RegisterRecord):
    """A local Prevent project: its funding, lead partner and outputs, and its formal evaluation
    (findings, the benefits it delivers) and when that was reported to the police authority
    (activity 6.8)."""

    REFERENCE_PREFIX = "LP"

    lead_partner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation that runs the project."),
    )
    funding_source = models.CharField(max_length=10, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (£)"), max_digits=12, decimal_places=2)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    outputs = models.TextField(help_text=_("What the project delivers, counted where it can be."))
    evaluation_document = models.CharField(
        _("evaluation report"),
        max_length=200,
        blank=True,
        help_text=_("Its title and where it is held, for example the council’s document number."),
    )
    findings = models.TextField(_("evaluation findings"), blank=True)
    evaluated_on = models.DateField(_("date evaluated"), null=True, blank=True)
    benefits = models.ManyToManyField(
        "programme.Benefit",
        blank=True,
        related_name="projects",
        verbose_name=_("benefits it delivers"),
    )
    reported_on = models.DateField(
        _("date reported to the police authority"), null=True, blank=True
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = _unique_reference("project_unique_reference")


# -- posts (0.1–0.3, 0.9, 0.10, 2.4, 2.7) --------------------------------------------------------
class PostKind(models.TextChoices):
    ACPO_LEAD = "acpo-lead", _("ACPO strategic lead")
    BCU_LEAD = "bcu-lead", _("BCU Prevent lead")
    DEPUTY = "deputy", _("Deputy BCU Prevent lead")
    CTIO = "ctio", _("Counter terrorism intelligence officer")
    ENGAGEMENT_OFFICER = "engagement-officer", _("Community engagement officer")
    SPOC = "spoc", _("Single point of contact for partners")
    EDUCATION_LIAISON = "education-liaison", _("Education liaison officer")


# Which posts belong to which kind of organisation (the others may be in either).
FORCE_ONLY = {PostKind.ACPO_LEAD}
BCU_ONLY = {PostKind.BCU_LEAD, PostKind.DEPUTY}


class Post(RegisterRecord):
    """A Prevent post of a force or BCU and who holds it: a user of the service (the record's
    owner) or, for staff who do not use it, their name. Staff only: never a member of the
    public. The title is the post's kind."""

    REFERENCE_PREFIX = "PO"
    policy: ClassVar[Policy] = POST_POLICY

    kind = models.CharField(_("post"), max_length=20, choices=PostKind.choices)
    holder_name = models.CharField(
        _("holder’s name, if they do not use this service"),
        max_length=150,
        blank=True,
        help_text=_("Police officers and staff only, for example “PC Sam Ashdown”."),
    )
    since = models.DateField(_("in post since"), null=True, blank=True)
    vacant = models.BooleanField(_("the post is vacant"), default=False)
    vacant_since = models.DateField(
        _("vacant since"), null=True, blank=True, help_text=_("Required when the post is vacant.")
    )
    institutions = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("schools, colleges and universities covered"),
        help_text=_("For an education liaison officer (activities 2.4 and 2.5)."),
    )

    class Meta:
        ordering = ["organisation__name", "kind", "reference"]
        constraints = _unique_reference("post_unique_reference")

    @property
    def holder(self) -> str:
        if self.vacant:
            if self.vacant_since:
                return gettext("Vacant since %(date)s") % {"date": format_date(self.vacant_since)}
            return gettext("Vacant")
        if self.owner_id:
            return self.owner.full_name or self.owner.email  # type: ignore[union-attr]
        return self.holder_name or gettext("Not recorded")


# -- training coverage (2.5, 4.3) ----------------------------------------------------------------
class Course(models.TextChoices):
    PREVENT_AWARENESS = "prevent-awareness", _("Prevent awareness")
    ICE = "ice", _("Intelligence and Community Engagement (ICE)")
    EDUCATION_TOOLKIT = "education-toolkit", _("DCSF education toolkit on violent extremism")
    BRIEFING = "briefing", _("Prevent briefing and tasking")
    OTHER = "other", _("Other course")


class TeamKind(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood policing team")
    RESPONSE = "response", _("Response officers")
    CONTACT = "contact", _("Contact staff (front counter, call handling)")
    EDUCATION = "education", _("Officers working with schools, colleges and universities")
    OTHER = "other", _("Other team")


# Teams counted by indicator PV-02 ("front-line officers trained in Prevent awareness").
FRONT_LINE = (TeamKind.NEIGHBOURHOOD, TeamKind.RESPONSE)


class Training(RegisterRecord):
    """How many of a team have completed a course, as counts: the team's establishment and the
    number trained on a date (activities 2.5 and 4.3), and what the training changed."""

    REFERENCE_PREFIX = "TR"

    course = models.CharField(max_length=20, choices=Course.choices)
    team = models.CharField(
        max_length=120, help_text=_("For example “Riverside neighbourhood team”.")
    )
    team_kind = models.CharField(_("kind of team"), max_length=20, choices=TeamKind.choices)
    establishment = models.PositiveIntegerField(help_text=_("How many people the team has."))
    trained = models.PositiveIntegerField(_("number trained"))
    as_at = models.DateField(_("figures as at"))
    impact = models.TextField(
        _("impact of the training"),
        blank=True,
        help_text=_("How the impact is monitored and what it shows (activity 4.3)."),
    )

    class Meta:
        ordering = ["organisation__name", "course", "team"]
        constraints = _unique_reference("training_unique_reference")

    @property
    def coverage(self) -> int:
        return round(100 * self.trained / self.establishment) if self.establishment else 0
