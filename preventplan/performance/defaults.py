"""The starting catalogue of indicators and the NI35 framework, loaded by a data migration.

Both are data: the national administrator changes indicators on the Indicators page and the
NI35 framework in housekeeping. The NI35 level descriptors and the overall rule are provisional
(docs/domain.md: not confirmed) and every assessment says so until a framework is marked confirmed.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps

# code, name, definition, unit, polarity, frequency, template activities
INDICATORS = [
    (
        "PV-01",
        "Concerns referred by partners",
        "Concerns about people who may be vulnerable to radicalisation passed to the police by "
        "partner agencies in the period (counted in the force's own case system; no details "
        "are held here).",
        "count",
        "higher",
        "quarterly",
        "0.11, 3.1",
    ),
    (
        "PV-02",
        "Front-line officers trained in Prevent awareness",
        "Neighbourhood and response officers who have completed Prevent awareness training, as "
        "a percentage of all such officers at the end of the period.",
        "percent",
        "higher",
        "quarterly",
        "2.1, 2.5",
    ),
    (
        "PV-03",
        "Community engagement events held",
        "Engagement events with communities on Prevent, including tabletop exercises and youth "
        "forums, held in the period.",
        "count",
        "higher",
        "monthly",
        "4.1, 4.2",
    ),
    (
        "PV-04",
        "Plan milestones delivered on time",
        "Milestones completed by their due date, as a percentage of milestones due in the period.",
        "percent",
        "higher",
        "quarterly",
        "0.11",
    ),
    (
        "PV-05",
        "Complaints about Prevent-related policing",
        "Complaints recorded in the period that concern Prevent activity or counter-terrorism "
        "powers.",
        "count",
        "lower",
        "quarterly",
        "5.1, 5.3",
    ),
    (
        "PV-06",
        "Days from a concern to multi-agency discussion",
        "Median working days between a concern being received and its first discussion with "
        "partners, for concerns discussed in the period.",
        "days",
        "lower",
        "quarterly",
        "3.1",
    ),
    (
        "PV-07",
        "Partner agencies attending the Prevent forum",
        "Member agencies represented at the local Prevent forum's meetings in the period, as a "
        "percentage of member agencies.",
        "percent",
        "higher",
        "quarterly",
        "0.8",
    ),
]

NI35_STRANDS = [
    (
        1,
        "Understanding of, and engagement with, local communities",
        "Evidence: engagement plans and records, community reference groups, feedback.",
    ),
    (
        2,
        "Knowledge and understanding of the drivers and causes of violent extremism and of the "
        "Prevent objectives",
        "Evidence: training delivered, local profile (in general terms), briefings to partners.",
    ),
    (
        3,
        "Development of a risk-based preventing violent extremism action plan in support of the "
        "Prevent objectives",
        "Evidence: the partnership's action plan and its risk register.",
    ),
    (
        4,
        "Effective oversight, delivery and evaluation of projects and actions",
        "Evidence: milestones delivered, evaluations (6.8), board and forum minutes.",
    ),
]
NI35_LEVELS = [
    (1, "Little or no activity yet."),
    (2, "Early steps taken; activity is planned or limited to a few partners."),
    (3, "Established activity across the main partners, with some evidence of effect."),
    (4, "Well established across partners, with good evidence of effect."),
    (5, "Embedded, evaluated and improving, with strong evidence of effect."),
]


def load(apps: Any) -> None:
    """Create what is missing; change nothing that exists (safe to run again)."""
    indicator = apps.get_model("performance", "Indicator")
    for code, name, definition, unit, polarity, frequency, activities in INDICATORS:
        indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "definition": definition,
                "unit": unit,
                "polarity": polarity,
                "frequency": frequency,
                "activities": activities,
            },
        )
    framework_model = apps.get_model("performance", "Ni35Framework")
    if framework_model.objects.exists():
        return
    framework = framework_model.objects.create(
        name="NI35 (England, 2008): provisional descriptors", rule="mean", provisional=True
    )
    strand_model = apps.get_model("performance", "Ni35Strand")
    level_model = apps.get_model("performance", "Ni35Level")
    for number, title, guidance in NI35_STRANDS:
        strand = strand_model.objects.create(
            framework=framework, number=number, title=title, guidance=guidance
        )
        for score, descriptor in NI35_LEVELS:
            level_model.objects.create(strand=strand, score=score, descriptor=descriptor)


def ensure_defaults() -> None:
    """The same, outside a migration (for a database emptied by a test or a restore)."""
    load(global_apps)
