"""What the tension pages show for a week: the latest version of each unit's return or
assessment, the recent weeks, a return's sections, and the BCUs' returns beside the force's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from preventplan.lib.dates import week_commencing
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.tension.deadlines import WeekStatus
from preventplan.tension.models import BcuReturn, CriticalIncident, Section, TensionSettings

WEEKS_SHOWN = 12


def latest_by_week(
    model: Any, units: list[Organisation], weeks: list[date]
) -> dict[tuple[int, date], Any]:
    """The latest version of each unit's record for each week (one query)."""
    found: dict[tuple[int, date], Any] = {}
    levels = ["overall_level"]
    if model is BcuReturn:
        levels += ["experienced_level", "evidential_level", "potential_level"]
    for row in (
        model.objects.filter(**{f"{model.UNIT_FIELD}__in": units, "week_commencing__in": weeks})
        .select_related(*levels)
        .order_by("number")
    ):
        found[(getattr(row, f"{model.UNIT_FIELD}_id"), row.week_commencing)] = row
    return found


def recent_weeks(day: date, count: int = WEEKS_SHOWN) -> list[date]:
    this = week_commencing(day)
    return [this - timedelta(days=7 * n) for n in range(count)]


def section_rows(ret: BcuReturn, only: list[str] | None = None) -> list[dict[str, Any]]:
    counts = list(ret.counts.all())  # prefetch counts__indicator and contributions__partner
    contributions = list(ret.contributions.all())
    return [
        {
            "key": section,
            "label": label,
            "text": ret.text_for(section),
            "level": ret.level_for(section),
            "counts": [c for c in counts if c.indicator.section == section],
            "contributions": [c for c in contributions if c.section == section],
        }
        for section, label in Section.choices
        if only is None or section in only
    ]


def force_week_context(force: Organisation, week: date) -> dict[str, Any]:
    bcus = list(
        Organisation.objects.filter(
            parent=force, kind=OrganisationKind.BCU, is_active=True
        ).order_by("name")
    )
    found = latest_by_week(BcuReturn, bcus, [week])
    due = TensionSettings.current().due_at(week)
    returns = [
        (b, found.get((b.pk, week)), WeekStatus(week, due, found.get((b.pk, week)))) for b in bcus
    ]
    incidents = CriticalIncident.objects.filter(
        force=force,
        occurred_at__date__gte=week - timedelta(days=7),
        occurred_at__date__lt=week + timedelta(days=7),
    ).select_related("bcu")
    return {
        "returns": returns,
        "missing": [b.name for b, r, s in returns if s.state_key == "missing"],
        "incidents": incidents,
    }
