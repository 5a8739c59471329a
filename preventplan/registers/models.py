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

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from preventplan.lib.dates import add_months
from preventplan.organisations.models import Organisation, Partnership
from preventplan.records.models import RegisterRecord
from preventplan.registers.policy import SHARED_WITH_PARTNERSHIPS

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
    policy = SHARED_WITH_PARTNERSHIPS

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
    shared_with = models.ManyToManyField(
        Partnership,
        related_name="+",
        blank=True,
        verbose_name="shared with",
        help_text="Partnerships whose members may read it while a protocol in force covers "
        "grievances and organisational learning.",
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="grievance_unique_reference"
            )
        ]


class Power(models.TextChoices):
    """The Terrorism Act 2000 powers monitored for community impact (5.3). Section 44 was
    repealed in 2012; sections 43A and 47A replaced it."""

    SCHEDULE_7 = "sch7", "Schedule 7 (ports and borders)"
    S33 = "s33", "Section 33 cordon"
    S43 = "s43", "Section 43 stop and search"
    S43A = "s43a", "Section 43A stop and search of vehicles (replaced section 44)"
    S47A = "s47a", "Section 47A stop and search in an authorised area (replaced section 44)"


class LearningSource(models.TextChoices):
    PARTNER = "partner", "Partner feedback"
    COMMUNITY = "community", "Community feedback"
    COMPLAINT = "complaint", "Complaint"


class LearningTheme(models.TextChoices):
    ENGAGEMENT = "engagement", "Engagement and consultation"
    COMMUNICATION = "communication", "Communication and messages"
    ENFORCEMENT = "enforcement", "Conduct of enforcement activity"
    INFORMATION = "information", "Information sharing"
    TRAINING = "training", "Training and awareness"
    PARTNERSHIP = "partnership", "Partnership working"
    OTHER = "other", "Other"


class LearningEntry(RegisterRecord):
    """Organisational learning from partner and community feedback and from complaints about
    counter-terrorism enforcement (5.1), and to whom it was disseminated inside the force (7.2):
    teams, never people."""

    REFERENCE_PREFIX = "L"
    policy = SHARED_WITH_PARTNERSHIPS

    source = models.CharField(max_length=20, choices=LearningSource.choices)
    theme = models.CharField(max_length=20, choices=LearningTheme.choices)
    power = models.CharField(
        "power involved",
        max_length=10,
        choices=Power.choices,
        blank=True,
        help_text="Leave blank if no counter-terrorism power was involved.",
    )
    received_on = models.DateField("date received")
    feedback = models.TextField(
        "what was said", help_text="The feedback or complaint in general terms; never who made it."
    )
    learning = models.TextField("what was learnt")
    action = models.TextField("action taken", blank=True)
    disseminated_on = models.DateField("date disseminated", null=True, blank=True)
    disseminated_to = models.TextField(
        "disseminated to",
        blank=True,
        help_text="Teams, units or forums, for example “Neighbourhood teams, City BCU”; not people.",
    )
    shared_with = models.ManyToManyField(
        Partnership,
        related_name="+",
        blank=True,
        verbose_name="shared with",
        help_text="Partnerships whose members may read it while a protocol in force covers "
        "grievances and organisational learning.",
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        verbose_name_plural = "learning entries"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="learning_unique_reference"
            )
        ]

    @property
    def awaiting_dissemination(self) -> bool:
        return self.disseminated_on is None


class ReportType(models.TextChoices):
    CT_INFORMATION = "ct-information", "Counter-terrorism information report"
    PREVENT_REFERRAL = "prevent-referral", "Prevent referral"
    SCHEDULE_7 = "sch7", "Schedule 7 examination record"
    STOP_SEARCH = "stop-search", "Stop and search record (sections 43, 43A, 47A)"


# The minimum standards a sampled report is checked against (6.4): field on DipSample → label.
STANDARDS: dict[str, str] = {
    "met_graded": "Graded, with a handling code",
    "met_source": "Says where the information came from",
    "met_proportionate": "No more personal detail than the purpose needs",
    "met_factual": "Factual: no opinion, assumption or stereotype",
    "met_timely": "Submitted within the time allowed",
}


class FailureCategory(models.TextChoices):
    UNGRADED = "ungraded", "Not graded or no handling code"
    PROVENANCE = "provenance", "Source or provenance missing"
    EXCESSIVE = "excessive", "Excessive personal or sensitive detail"
    OPINION = "opinion", "Opinion or stereotyping"
    LATE = "late", "Submitted late"
    WRONG_ROUTE = "wrong-route", "Sent by the wrong route or system"


class DipSample(RegisterRecord):
    """A dip sample of counter-terrorism information reports against minimum standards (6.4),
    with the police authority taking part. The next review date is the follow-up due."""

    REFERENCE_PREFIX = "D"

    sampled_on = models.DateField("date of the sample")
    report_type = models.CharField(max_length=20, choices=ReportType.choices)
    sample_size = models.PositiveSmallIntegerField(help_text="How many reports were read.")
    met_graded = models.PositiveSmallIntegerField(STANDARDS["met_graded"])
    met_source = models.PositiveSmallIntegerField(STANDARDS["met_source"])
    met_proportionate = models.PositiveSmallIntegerField(STANDARDS["met_proportionate"])
    met_factual = models.PositiveSmallIntegerField(STANDARDS["met_factual"])
    met_timely = models.PositiveSmallIntegerField(STANDARDS["met_timely"])
    failures = models.CharField(
        "failure categories", max_length=200, blank=True, help_text="Comma-separated categories."
    )
    findings = models.TextField("what was found", blank=True)
    actions_agreed = models.TextField("actions agreed", blank=True)
    police_authority = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="police authority taking part",
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="dip_sample_unique_reference"
            )
        ]

    @property
    def failure_list(self) -> list[str]:
        return [f for f in self.failures.split(",") if f]

    @property
    def failure_labels(self) -> list[str]:
        labels = dict(FailureCategory.choices)
        return [labels.get(f, f) for f in self.failure_list]

    def standard_rows(self) -> list[tuple[str, int, int | None]]:
        """(standard, number meeting it, percentage of the sample) for each minimum standard."""
        return [
            (label, getattr(self, name), self._percent(getattr(self, name)))
            for name, label in STANDARDS.items()
        ]

    def _percent(self, n: int) -> int | None:
        return round(100 * n / self.sample_size) if self.sample_size else None

    @property
    def lowest_compliance(self) -> int | None:
        """The percentage meeting the least-met standard."""
        return self._percent(min(getattr(self, name) for name in STANDARDS))


class ConsequenceTrigger(models.TextChoices):
    INCIDENT = "incident", "A critical incident"
    OPERATION = "operation", "An enforcement operation"


class ConsequencePlan(RegisterRecord):
    """A consequence management plan (5.4) for a critical incident or a named enforcement
    operation: the neighbourhood's input, the messages planned, and (5.7) a log of the
    information given to partners, key individual networks, independent advisory groups and
    communities during and after it."""

    REFERENCE_PREFIX = "C"

    trigger = models.CharField("what it is for", max_length=10, choices=ConsequenceTrigger.choices)
    incident = models.ForeignKey(
        "tension.CriticalIncident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consequence_plans",
        verbose_name="critical incident",
    )
    operation_name = models.CharField(
        "operation name",
        max_length=120,
        blank=True,
        help_text="The operation's name, for example Operation Larch; never a person's name or "
        "an address.",
    )
    area = models.CharField("area", max_length=120, help_text=AREA_HELP)
    neighbourhood_input = models.TextField(
        "neighbourhood input",
        help_text="What the neighbourhood policing team, partners and community contacts advised.",
    )
    planned_messages = models.TextField(
        "planned messages", help_text="What will be said, to whom and when, before and after."
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="consequence_plan_unique_reference"
            )
        ]

    @property
    def subject(self) -> str:
        if self.trigger == ConsequenceTrigger.INCIDENT:
            return str(self.incident) if self.incident else "Critical incident not linked"
        return self.operation_name


class Audience(models.TextChoices):
    PARTNERS = "partners", "Partners"
    KIN = "kin", "Key individual networks"
    IAG = "iag", "Independent advisory groups"
    COMMUNITIES = "communities", "Communities"


class Channel(models.TextChoices):
    MEETING = "meeting", "Meeting"
    BRIEFING = "briefing", "Briefing or call"
    EMAIL = "email", "E-mail"
    LEAFLET = "leaflet", "Letter or leaflet"
    SOCIAL = "social", "Social media"
    PRESS = "press", "Press release"
    OTHER = "other", "Other"


class InformationGiven(models.Model):
    """One entry in a consequence management plan's log: information given to an audience on a
    day, by a channel (5.7). Audiences are groups, never people."""

    plan = models.ForeignKey(ConsequencePlan, on_delete=models.CASCADE, related_name="log")
    given_on = models.DateField("date given")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    summary = models.TextField("what was said")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        verbose_name_plural = "information given"

    def __str__(self) -> str:
        return f"{self.get_audience_display()}, {self.given_on:%d %B %Y}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.plan.organisation


# Self-defined ethnicity groups (the Home Office's five, as in the stop and search statistics):
# group → label. Each return counts the uses per group (plus those not stated) and states the
# population baseline (per cent) it compares them with.
ETHNIC_GROUPS: dict[str, str] = {
    "white": "White",
    "mixed": "Mixed",
    "asian": "Asian",
    "black": "Black",
    "other": "Other ethnic group",
}
RETURN_DUE_DAY = 10  # a month's return is due on this day of the following month


def _count(label: str) -> models.PositiveIntegerField[int, int]:
    return models.PositiveIntegerField(label, default=0)


def _baseline(label: str) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(f"{label} population (%)", max_digits=5, decimal_places=2)


class PowersReturn(RegisterRecord):
    """The monthly return of one counter-terrorism power's use in a force (or a BCU where the
    force returns by BCU), 5.3: counts, outcomes, self-defined ethnicity against a stated
    population baseline, complaints, quality findings and community impact. Aggregates only:
    never a person, never a single stop."""

    REFERENCE_PREFIX = "P"

    month = models.DateField(help_text="The first day of the month the return covers.")
    power = models.CharField(max_length=10, choices=Power.choices)
    uses = models.PositiveIntegerField(
        "times used", help_text="Stops, searches, examinations or cordons in the month."
    )
    arrests = _count("arrests")
    other_outcomes = _count("other further action")
    no_further_action = _count("no further action")
    ethnicity_white = _count("White")
    ethnicity_mixed = _count("Mixed")
    ethnicity_asian = _count("Asian")
    ethnicity_black = _count("Black")
    ethnicity_other = _count("Other ethnic group")
    ethnicity_not_stated = _count("not stated")
    baseline_white = _baseline("White")
    baseline_mixed = _baseline("Mixed")
    baseline_asian = _baseline("Asian")
    baseline_black = _baseline("Black")
    baseline_other = _baseline("Other ethnic group")
    baseline_source = models.CharField(
        "population baseline", max_length=200, help_text="For example, 2021 Census, force area."
    )
    complaints = _count("complaints")
    quality_findings = models.TextField("quality findings from dip samples", blank=True)
    community_impact = models.TextField("community impact")

    class Meta:
        ordering = ["-month", "organisation__name", "power"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="powers_return_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["organisation", "month", "power"], name="powers_return_once_a_month"
            ),
        ]

    @property
    def due_on(self) -> date:
        return due_on(self.month)

    @property
    def returned_on(self) -> date:
        return timezone.localdate(self.created_at)

    @property
    def is_late(self) -> bool:
        return self.returned_on > self.due_on

    def ethnicity_rows(self) -> list[dict[str, object]]:
        """Per group: uses, share of uses with ethnicity stated, baseline, and the ratio of the
        group's rate to the White group's (how many times as likely to be subject to the power,
        against the stated baseline; None where it cannot be worked out)."""
        stated = sum(getattr(self, f"ethnicity_{g}") for g in ETHNIC_GROUPS)
        white = self._rate("white")
        rows = []
        for group, label in ETHNIC_GROUPS.items():
            n = getattr(self, f"ethnicity_{group}")
            rate = self._rate(group)
            rows.append(
                {
                    "group": label,
                    "count": n,
                    "share": round(100 * n / stated, 1) if stated else None,
                    "baseline": getattr(self, f"baseline_{group}"),
                    "ratio": round(rate / white, 1) if rate is not None and white else None,
                }
            )
        return rows

    def _rate(self, group: str) -> float | None:
        baseline = getattr(self, f"baseline_{group}")
        if not baseline:
            return None
        return float(getattr(self, f"ethnicity_{group}")) / float(baseline)

    @property
    def highest_ratio(self) -> float | None:
        """The highest disproportionality ratio of any group against the White group."""
        ratios = [
            float(r["ratio"])  # type: ignore[arg-type]
            for r in self.ethnicity_rows()[1:]
            if r["ratio"] is not None
        ]
        return max(ratios) if ratios else None


def due_on(month: date) -> date:
    """When a month's powers return is due."""
    return add_months(month, 1, on_day=RETURN_DUE_DAY)
