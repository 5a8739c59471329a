"""Programme management (document ¶12–16, activity 0.7): the risk register with its reviews, the
benefits register with measured values, equality/community impact assessments, and the boards
that oversee delivery with their meetings, decisions and actions.

Every register record belongs to a force or BCU, carries a marking and a version (for optimistic
concurrency), and is read and run by the same people as that organisation's plan. The registers
are built on the register pattern (``preventplan.records``: :class:`RegisterRecord`, one policy,
one spec each in ``registers.py``); what differs is the record's own fields and its history
(reviews, measurements).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preventplan.lib import scoring
from preventplan.lib.dates import today
from preventplan.lib.report_kinds import ReportKind
from preventplan.organisations.models import Organisation
from preventplan.records.models import RegisterRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from preventplan.accounts.models import User

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskCategory(models.TextChoices):
    DELIVERY = "delivery", _("Delivery of the programme")
    COMMUNITY = "community", _("Community confidence and cohesion")
    PARTNERSHIP = "partnership", _("Partnership working")
    REPUTATION = "reputation", _("Reputation")
    RESOURCES = "resources", _("Funding and resources")
    INFORMATION = "information", _("Information management")
    LEGAL = "legal", _("Legal and compliance")
    SAFEGUARDING = "safeguarding", _("Safeguarding")


class Risk(RegisterRecord):
    """A business risk to Prevent delivery (0.7: the impact of police Prevent activity on other
    aspects of community policing; ¶16: risk management)."""

    REFERENCE_PREFIX = "R"

    category = models.CharField(max_length=20, choices=RiskCategory.choices)
    cause = models.TextField(help_text=_("What could happen and why."))
    effect = models.TextField(help_text=_("What it would mean for delivery or for communities."))
    inherent_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    inherent_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), validators=ONE_TO_FIVE, help_text=_("With the controls in place.")
    )
    impact = models.PositiveSmallIntegerField(_("residual impact"), validators=ONE_TO_FIVE)
    target_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    target_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    controls = models.TextField(_("controls in place"), blank=True)
    actions = models.ManyToManyField(
        "plans.Action",
        related_name="risks",
        blank=True,
        verbose_name=_("mitigating actions"),
        help_text=_("Plan actions that reduce the risk."),
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
    note = models.TextField(_("what was considered"))
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


class Benefit(RegisterRecord):
    """A benefit or outcome the programme should bring (¶16), with how it is measured."""

    REFERENCE_PREFIX = "B"

    description = models.TextField(help_text=_("The change the programme should bring about."))
    measure = models.CharField(
        max_length=200, help_text=_("How it is measured, for example a community survey question.")
    )
    unit = models.CharField(
        max_length=40, blank=True, help_text=_("For example %, people, events.")
    )
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    baseline_on = models.DateField(_("baseline date"))
    target = models.DecimalField(max_digits=12, decimal_places=2)
    target_on = models.DateField(_("target date"))
    actions = models.ManyToManyField(
        "plans.Action",
        related_name="benefits",
        blank=True,
        verbose_name=_("actions that deliver it"),
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
    note = models.TextField(_("source or comment"), blank=True)
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
    NO_CHANGE = "no-change", _("No major change needed")
    ADJUST = "adjust", _("Adjust the plan to remove barriers or better promote equality")
    CONTINUE = "continue", _("Continue despite a potential adverse impact, with justification")
    STOP = "stop", _("Stop and remove the activity")


class AssessmentKind(models.TextChoices):
    EQUALITY = "equality", _("Equality impact assessment")
    COMMUNITY = "community", _("Community impact assessment")


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
        help_text=_("The action plan it informed."),
    )
    completed_on = models.DateField(_("date completed"))
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices)
    summary = models.TextField(
        "findings",
        help_text=_(
            "What was found and what will change. Describe effects on groups in general "
            "terms; never name or profile a person, a community or a venue."
        ),
    )

    class Meta:
        ordering = ["organisation__name", "-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="impact_assessment_unique_reference"
            )
        ]


# -- boards and meetings (document ¶12, ¶14–15) --------------------------------------------------
class BoardKind(models.TextChoices):
    FORCE_BOARD = "force-board", _("Force Prevent or CONTEST board")
    PARTNERSHIP_FORUM = "partnership-forum", _("Local partnership Prevent forum")
    AUTHORITY_COMMITTEE = "authority-committee", _("Police authority committee")
    OTHER = "other", _("Other board or meeting")


class BoardQuerySet(models.QuerySet["Board"]):
    def visible_to(self, user: User | AnonymousUser) -> BoardQuerySet:
        # access.py imports these models: importing it here, not at the top, breaks the cycle
        from preventplan.programme.access import board_scope_q

        return self.filter(board_scope_q(user)).distinct()


class Board(models.Model):
    """A board that monitors delivery: the force board (¶15), a partnership forum (¶12), the
    police authority's committee (¶17)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The force or BCU that runs its business."),
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=BoardKind.choices)
    partnership = models.ForeignKey(
        "organisations.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boards",
    )
    terms_of_reference = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="board_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation


class BoardMember(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=150)
    role = models.CharField(_("role on the board"), max_length=150, blank=True)
    member_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_memberships",
        help_text=_("If they use this service, they see the board's meetings."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["board", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name

    @property
    def audit_organisation(self) -> Organisation:
        return self.board.organisation


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    attendees = models.ManyToManyField(BoardMember, related_name="attended", blank=True)
    apologies = models.ManyToManyField(BoardMember, related_name="apologised", blank=True)
    minutes = models.TextField(_("summary of the minutes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.board} on {self.held_on:%d %B %Y}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.board.organisation


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    risk = models.ForeignKey(
        Risk, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    indicator = models.ForeignKey(
        "performance.Indicator", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.CharField(max_length=20, choices=ReportKind.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.meeting.board.organisation


class BoardDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_organisation(self) -> Organisation:
        return self.meeting.board.organisation


class MeetingActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class MeetingActionQuerySet(models.QuerySet["MeetingAction"]):
    def visible_to(self, user: User | AnonymousUser) -> MeetingActionQuerySet:
        # access.py imports these models: importing it here, not at the top, breaks the cycle
        from preventplan.programme.access import board_scope_q

        q = models.Q(owner=user) if user.is_authenticated else models.Q(pk__in=[])
        boards = Board.objects.filter(board_scope_q(user)).values("pk")
        return self.filter(q | models.Q(meeting__board__in=boards))

    def open(self) -> MeetingActionQuerySet:
        return self.filter(status=MeetingActionStatus.OPEN)


class MeetingAction(models.Model):
    """An action agreed at a meeting, with an owner and a due date; it appears in the owner's
    work list until done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_actions",
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        max_length=10, choices=MeetingActionStatus.choices, default=MeetingActionStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)
    update = models.TextField(_("progress"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="meeting_action_owner_idx")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_organisation(self) -> Organisation:
        return self.meeting.board.organisation

    @property
    def overdue(self) -> bool:
        return self.status == MeetingActionStatus.OPEN and self.due_on < today()
