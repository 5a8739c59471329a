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
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from preventplan.lib.dates import add_months
from preventplan.organisations.models import Organisation, Partnership
from preventplan.records.models import RegisterRecord
from preventplan.registers.policy import SHARED_WITH_PARTNERSHIPS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

AREA_HELP = _("A ward, neighbourhood or district; never an address.")


class GrievanceCategory(models.TextChoices):
    RACE = "race", _("Race or religion")
    HATE = "hate", _("Hate crime or hate incident")
    ASB = "asb", _("Anti-social behaviour")
    HARASSMENT = "harassment", _("Harassment")
    POLICE_ACTIVITY = "police-activity", _("Police activity")
    OTHER = "other", _("Other")


class GrievanceSource(models.TextChoices):
    COMMUNITY = "community", _("Community group or forum")
    KIN = "kin", _("Key individual network")
    IAG = "iag", _("Independent advisory group")
    PARTNER = "partner", _("Partner agency")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood policing team")
    MEDIA = "media", _("Media or social media")
    OTHER = "other", _("Other")


class Grievance(RegisterRecord):
    """A community grievance (5.8): what it is about and where, how it is being addressed, and
    which partners were told. Never who raised it."""

    REFERENCE_PREFIX = "G"
    policy = SHARED_WITH_PARTNERSHIPS

    category = models.CharField(max_length=20, choices=GrievanceCategory.choices)
    area = models.CharField(_("area or ward"), max_length=120, help_text=AREA_HELP)
    source_type = models.CharField(
        _("how it was raised"), max_length=20, choices=GrievanceSource.choices
    )
    raised_on = models.DateField(_("date raised"))
    summary = models.TextField(
        _("what the grievance is about"),
        help_text=_("The concern in general terms. Never who raised it or who it is about."),
    )
    response = models.TextField(
        _("how it is being addressed"),
        blank=True,
        help_text=_("What is being done beyond the plan actions linked below."),
    )
    actions = models.ManyToManyField(
        "plans.Action",
        related_name="grievances",
        blank=True,
        verbose_name=_("actions addressing it"),
        help_text=_("Plan actions that address it; otherwise its owner does."),
    )
    partners_informed = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("partners informed")
    )
    partners_informed_on = models.DateField(_("date partners were informed"), null=True, blank=True)
    tension_return = models.ForeignKey(
        "tension.BcuReturn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grievances",
        verbose_name=_("tension return"),
        help_text=_("The BCU's weekly tension return it is reported in."),
    )
    shared_with = models.ManyToManyField(
        Partnership,
        related_name="+",
        blank=True,
        verbose_name=_("shared with"),
        help_text=_(
            "Partnerships whose members may read it while a protocol in force covers "
            "grievances and organisational learning."
        ),
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

    SCHEDULE_7 = "sch7", _("Schedule 7 (ports and borders)")
    S33 = "s33", _("Section 33 cordon")
    S43 = "s43", _("Section 43 stop and search")
    S43A = "s43a", _("Section 43A stop and search of vehicles (replaced section 44)")
    S47A = "s47a", _("Section 47A stop and search in an authorised area (replaced section 44)")


class LearningSource(models.TextChoices):
    PARTNER = "partner", _("Partner feedback")
    COMMUNITY = "community", _("Community feedback")
    COMPLAINT = "complaint", _("Complaint")


class LearningTheme(models.TextChoices):
    ENGAGEMENT = "engagement", _("Engagement and consultation")
    COMMUNICATION = "communication", _("Communication and messages")
    ENFORCEMENT = "enforcement", _("Conduct of enforcement activity")
    INFORMATION = "information", _("Information sharing")
    TRAINING = "training", _("Training and awareness")
    PARTNERSHIP = "partnership", _("Partnership working")
    OTHER = "other", _("Other")


class LearningEntry(RegisterRecord):
    """Organisational learning from partner and community feedback and from complaints about
    counter-terrorism enforcement (5.1), and to whom it was disseminated inside the force (7.2):
    teams, never people."""

    REFERENCE_PREFIX = "L"
    policy = SHARED_WITH_PARTNERSHIPS

    source = models.CharField(max_length=20, choices=LearningSource.choices)
    theme = models.CharField(max_length=20, choices=LearningTheme.choices)
    power = models.CharField(
        _("power involved"),
        max_length=10,
        choices=Power.choices,
        blank=True,
        help_text=_("Leave blank if no counter-terrorism power was involved."),
    )
    received_on = models.DateField(_("date received"))
    feedback = models.TextField(
        _("what was said"),
        help_text=_("The feedback or complaint in general terms; never who made it."),
    )
    learning = models.TextField(_("what was learnt"))
    action = models.TextField(_("action taken"), blank=True)
    disseminated_on = models.DateField(_("date disseminated"), null=True, blank=True)
    disseminated_to = models.TextField(
        _("disseminated to"),
        blank=True,
        help_text=_(
            "Teams, units or forums, for example “Neighbourhood teams, City BCU”; not people."
        ),
    )
    shared_with = models.ManyToManyField(
        Partnership,
        related_name="+",
        blank=True,
        verbose_name=_("shared with"),
        help_text=_(
            "Partnerships whose members may read it while a protocol in force covers "
            "grievances and organisational learning."
        ),
    )

    class Meta:
        ordering = ["organisation__name", "reference"]
        verbose_name_plural = _("learning entries")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="learning_unique_reference"
            )
        ]

    @property
    def awaiting_dissemination(self) -> bool:
        return self.disseminated_on is None


class ReportType(models.TextChoices):
    CT_INFORMATION = "ct-information", _("Counter-terrorism information report")
    PREVENT_REFERRAL = "prevent-referral", _("Prevent referral")
    SCHEDULE_7 = "sch7", _("Schedule 7 examination record")
    STOP_SEARCH = "stop-search", _("Stop and search record (sections 43, 43A, 47A)")


# The minimum standards a sampled report is checked against (6.4): field on DipSample → label.
STANDARDS: dict[str, StrOrPromise] = {
    "met_graded": _("Graded, with a handling code"),
    "met_source": _("Says where the information came from"),
    "met_proportionate": _("No more personal detail than the purpose needs"),
    "met_factual": _("Factual: no opinion, assumption or stereotype"),
    "met_timely": _("Submitted within the time allowed"),
}


class FailureCategory(models.TextChoices):
    UNGRADED = "ungraded", _("Not graded or no handling code")
    PROVENANCE = "provenance", _("Source or provenance missing")
    EXCESSIVE = "excessive", _("Excessive personal or sensitive detail")
    OPINION = "opinion", _("Opinion or stereotyping")
    LATE = "late", _("Submitted late")
    WRONG_ROUTE = "wrong-route", _("Sent by the wrong route or system")


class DipSample(RegisterRecord):
    """A dip sample of counter-terrorism information reports against minimum standards (6.4),
    with the police authority taking part. The next review date is the follow-up due."""

    REFERENCE_PREFIX = "D"

    sampled_on = models.DateField(_("date of the sample"))
    report_type = models.CharField(max_length=20, choices=ReportType.choices)
    sample_size = models.PositiveSmallIntegerField(help_text=_("How many reports were read."))
    met_graded = models.PositiveSmallIntegerField(STANDARDS["met_graded"])
    met_source = models.PositiveSmallIntegerField(STANDARDS["met_source"])
    met_proportionate = models.PositiveSmallIntegerField(STANDARDS["met_proportionate"])
    met_factual = models.PositiveSmallIntegerField(STANDARDS["met_factual"])
    met_timely = models.PositiveSmallIntegerField(STANDARDS["met_timely"])
    failures = models.CharField(
        _("failure categories"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated categories."),
    )
    findings = models.TextField(_("what was found"), blank=True)
    actions_agreed = models.TextField(_("actions agreed"), blank=True)
    police_authority = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("police authority taking part"),
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
        return [str(labels.get(f, f)) for f in self.failure_list]

    def standard_rows(self) -> list[tuple[str, int, int | None]]:
        """(standard, number meeting it, percentage of the sample) for each minimum standard."""
        return [
            (str(label), getattr(self, name), self._percent(getattr(self, name)))
            for name, label in STANDARDS.items()
        ]

    def _percent(self, n: int) -> int | None:
        return round(100 * n / self.sample_size) if self.sample_size else None

    @property
    def lowest_compliance(self) -> int | None:
        """The percentage meeting the least-met standard."""
        return self._percent(min(getattr(self, name) for name in STANDARDS))


class ConsequenceTrigger(models.TextChoices):
    INCIDENT = "incident", _("A critical incident")
    OPERATION = "operation", _("An enforcement operation")


class ConsequencePlan(RegisterRecord):
    """A consequence management plan (5.4) for a critical incident or a named enforcement
    operation: the neighbourhood's input, the messages planned, and (5.7) a log of the
    information given to partners, key individual networks, independent advisory groups and
    communities during and after it."""

    REFERENCE_PREFIX = "C"

    trigger = models.CharField(
        _("what it is for"), max_length=10, choices=ConsequenceTrigger.choices
    )
    incident = models.ForeignKey(
        "tension.CriticalIncident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consequence_plans",
        verbose_name=_("critical incident"),
    )
    operation_name = models.CharField(
        _("operation name"),
        max_length=120,
        blank=True,
        help_text=_(
            "The operation's name, for example Operation Larch; never a person's name or "
            "an address."
        ),
    )
    area = models.CharField(_("area"), max_length=120, help_text=AREA_HELP)
    neighbourhood_input = models.TextField(
        _("neighbourhood input"),
        help_text=_(
            "What the neighbourhood policing team, partners and community contacts advised."
        ),
    )
    planned_messages = models.TextField(
        _("planned messages"), help_text=_("What will be said, to whom and when, before and after.")
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
            return str(self.incident) if self.incident else gettext("Critical incident not linked")
        return self.operation_name


class Audience(models.TextChoices):
    PARTNERS = "partners", _("Partners")
    KIN = "kin", _("Key individual networks")
    IAG = "iag", _("Independent advisory groups")
    COMMUNITIES = "communities", _("Communities")


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    BRIEFING = "briefing", _("Briefing or call")
    EMAIL = "email", _("E-mail")
    LEAFLET = "leaflet", _("Letter or leaflet")
    SOCIAL = "social", _("Social media")
    PRESS = "press", _("Press release")
    OTHER = "other", _("Other")


class InformationGiven(models.Model):
    """One entry in a consequence management plan's log: information given to an audience on a
    day, by a channel (5.7). Audiences are groups, never people."""

    plan = models.ForeignKey(ConsequencePlan, on_delete=models.CASCADE, related_name="log")
    given_on = models.DateField(_("date given"))
    audience = models.CharField(max_length=20, choices=Audience.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    summary = models.TextField(_("what was said"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        verbose_name_plural = _("information given")

    def __str__(self) -> str:
        return f"{self.get_audience_display()}, {self.given_on:%d %B %Y}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.plan.organisation


# Self-defined ethnicity groups (the Home Office's five, as in the stop and search statistics):
# group → label. Each return counts the uses per group (plus those not stated) and states the
# population baseline (per cent) it compares them with.
ETHNIC_GROUPS: dict[str, StrOrPromise] = {
    "white": _("White"),
    "mixed": _("Mixed"),
    "asian": _("Asian"),
    "black": _("Black"),
    "other": _("Other ethnic group"),
}
RETURN_DUE_DAY = 10  # a month's return is due on this day of the following month


def _count(label: StrOrPromise) -> models.PositiveIntegerField[int, int]:
    return models.PositiveIntegerField(label, default=0)


# "White population (%)", in the language of the page it is shown on.
population_label = lazy(lambda group: gettext("%(group)s population (%%)") % {"group": group}, str)


def _baseline(label: StrOrPromise) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(population_label(label), max_digits=5, decimal_places=2)


class PowersReturn(RegisterRecord):
    """The monthly return of one counter-terrorism power's use in a force (or a BCU where the
    force returns by BCU), 5.3: counts, outcomes, self-defined ethnicity against a stated
    population baseline, complaints, quality findings and community impact. Aggregates only:
    never a person, never a single stop."""

    REFERENCE_PREFIX = "P"

    month = models.DateField(help_text=_("The first day of the month the return covers."))
    power = models.CharField(max_length=10, choices=Power.choices)
    uses = models.PositiveIntegerField(
        _("times used"), help_text=_("Stops, searches, examinations or cordons in the month.")
    )
    arrests = _count(_("arrests"))
    other_outcomes = _count(_("other further action"))
    no_further_action = _count(_("no further action"))
    ethnicity_white = _count(ETHNIC_GROUPS["white"])
    ethnicity_mixed = _count(ETHNIC_GROUPS["mixed"])
    ethnicity_asian = _count(ETHNIC_GROUPS["asian"])
    ethnicity_black = _count(ETHNIC_GROUPS["black"])
    ethnicity_other = _count(ETHNIC_GROUPS["other"])
    ethnicity_not_stated = _count(_("not stated"))
    baseline_white = _baseline(ETHNIC_GROUPS["white"])
    baseline_mixed = _baseline(ETHNIC_GROUPS["mixed"])
    baseline_asian = _baseline(ETHNIC_GROUPS["asian"])
    baseline_black = _baseline(ETHNIC_GROUPS["black"])
    baseline_other = _baseline(ETHNIC_GROUPS["other"])
    baseline_source = models.CharField(
        _("population baseline"),
        max_length=200,
        help_text=_("For example, 2021 Census, force area."),
    )
    complaints = _count(_("complaints"))
    quality_findings = models.TextField(_("quality findings from dip samples"), blank=True)
    community_impact = models.TextField(_("community impact"))

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
