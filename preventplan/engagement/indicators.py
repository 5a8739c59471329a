"""The two indicators computed from the engagement registers, for an organisation that keeps
them (``EngagementConfig.ready`` hands them to ``performance.figures.COMPUTED``):

- PV-02, front-line officers trained in Prevent awareness: a percentage at the end of each
  period, from the training coverage register;
- PV-03, community engagement events held: a count each month, from the engagement register.

Both cover the organisation and the units under it. Performance sits below engagement and never
reads these registers itself (docs/architecture.md, "Layers")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q, QuerySet

from preventplan.engagement.models import FRONT_LINE, Course, Engagement, Training
from preventplan.organisations.models import Organisation
from preventplan.records.models import RecordStatus


def in_subtree(org: Organisation) -> Q:
    return Q(organisation__path__startswith=org.path)


def _front_line_training() -> Q:
    return Q(
        status=RecordStatus.OPEN,
        course=Course.PREVENT_AWARENESS,
        team_kind__in=FRONT_LINE,
    )


class Coverage(NamedTuple):
    """A course's coverage over teams: how many teams, their establishment and number trained."""

    teams: int
    establishment: int
    trained: int


# -- PV-02 ---------------------------------------------------------------------------------------
def keeps_training(org: Organisation) -> bool:
    """Whether PV-02 comes from the organisation's training coverage: it (or a unit under it)
    records Prevent awareness training of neighbourhood or response teams."""
    return Training.objects.filter(in_subtree(org), _front_line_training()).exists()


def latest_by_team(records: QuerySet[Training], end: date | None = None) -> dict[str, Coverage]:
    """Teams, establishment and number trained by course over the open training ``records``:
    each team (of an organisation, for a course) counts once, with its latest record (dated on
    or before ``end``, when given), so a later count replaces an earlier one. One query."""
    records = records.filter(status=RecordStatus.OPEN)
    if end is not None:
        records = records.filter(as_at__lte=end)
    latest: dict[tuple[int, str, str], tuple[date, int, int]] = {}
    for org_id, course, team, as_at, establishment, trained in records.values_list(
        "organisation_id", "course", "team", "as_at", "establishment", "trained"
    ):
        key = (org_id, course, team.strip().lower())
        if key not in latest or as_at >= latest[key][0]:
            latest[key] = (as_at, establishment, trained)
    totals: dict[str, Coverage] = {}
    for (_, course, _), (_, establishment, trained) in sorted(latest.items()):
        so_far = totals.get(course, Coverage(0, 0, 0))
        totals[course] = Coverage(
            so_far.teams + 1, so_far.establishment + establishment, so_far.trained + trained
        )
    return dict(sorted(totals.items()))


def front_line_coverage(org: Organisation, start: date, end: date) -> Decimal | None:
    """PV-02 at the end of the period (``end``): neighbourhood and response officers trained in
    Prevent awareness as a percentage of their establishment, each team with its latest open
    record by then (:func:`latest_by_team`); ``None`` when no team has figures by then."""
    front_line = Training.objects.filter(in_subtree(org), team_kind__in=FRONT_LINE)
    found = latest_by_team(front_line, end).get(Course.PREVENT_AWARENESS)
    if found is None or not found.establishment:
        return None
    return round(Decimal(100) * found.trained / found.establishment, 1)


# -- PV-03 ---------------------------------------------------------------------------------------
def keeps_engagements(org: Organisation) -> bool:
    """Whether PV-03 comes from the organisation's engagement register (it has an event)."""
    return Engagement.objects.filter(in_subtree(org)).exists()


def engagements_held(org: Organisation, start: date, end: date) -> int | None:
    """PV-03: engagement events held from ``start`` to ``end`` (inclusive) by the organisation
    and the units under it. Periods that end before the month of the first event recorded are
    unknown (``None``), not zero. Two queries."""
    events = Engagement.objects.filter(in_subtree(org))
    first = events.order_by("held_on").values_list("held_on", flat=True).first()
    if first is None or end < first.replace(day=1):
        return None
    return events.filter(held_on__range=(start, end)).count()
