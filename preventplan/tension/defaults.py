"""The starting tension scale, indicator types and settings, loaded by a data migration. All are
data: the administrator changes them in housekeeping. The level labels are provisional (the
national "three-tier, six-level" labels were not found; docs/domain.md)."""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps

LEVELS = [
    (1, "Normal", "No more tension than usual."),
    (2, "Low", "Some tension noticed; no effect on the community yet."),
    (3, "Guarded", "Tension is affecting parts of the community."),
    (4, "Elevated", "Tension is widespread or rising quickly."),
    (5, "High", "Disorder is likely without action."),
    (6, "Critical", "Disorder is happening or imminent."),
]
INDICATORS = [
    ("hate-crimes", "Hate crimes recorded", "experienced", 1),
    ("hate-incidents", "Hate incidents (not crimes)", "experienced", 2),
    ("asb", "Anti-social behaviour with a tension element", "experienced", 3),
    ("disorder", "Disorder incidents", "experienced", 4),
    ("protests", "Protests and demonstrations held", "experienced", 5),
    (
        "community-feedback",
        "Reports of tension from community contacts and partners",
        "evidential",
        1,
    ),
    ("graffiti-leaflets", "Graffiti, leaflets or online material reported", "evidential", 2),
    ("planned-events", "Planned marches, protests or significant events", "potential", 1),
]


def load(apps: Any) -> None:
    """Create what is missing; change nothing that exists (safe to run again)."""
    level = apps.get_model("tension", "TensionLevel")
    for position, label, description in LEVELS:
        level.objects.get_or_create(
            position=position, defaults={"label": label, "description": description}
        )
    indicator = apps.get_model("tension", "IndicatorType")
    for code, name, section, position in INDICATORS:
        indicator.objects.get_or_create(
            code=code, defaults={"name": name, "section": section, "position": position}
        )
    apps.get_model("tension", "TensionSettings").objects.get_or_create(pk=1)


def ensure_defaults() -> None:
    load(global_apps)
