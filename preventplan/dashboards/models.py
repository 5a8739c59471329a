"""Figures kept so the roll-up need not recount every action on every request.

A :class:`PlanFigures` row holds one plan's counts for one day: actions by RAG status and
milestone figures for each objective, milestones due and completed by month for the trend, and
which of its milestones come first among the overdue and the due soon.
The roll-up adds these rows up instead of aggregating every action, milestone and progress update
beneath an organisation (about 9,000 current actions for England).

A row is used only while it is still true:

* ``as_of`` is the day it was worked out for. RAG and "overdue" depend on the day, so a new day
  means new figures.
* ``plan_version`` is the plan's version when it was worked out. Every write under a plan goes
  through :mod:`preventplan.plans.actions` (or the importer and template upgrade, which use it),
  and each bumps the plan's version in the same transaction (``record_change``), so any change
  to the plan, its actions, milestones or progress updates makes the row stale.

A row from an earlier day at the plan's current version is not used as it stands, but its
milestones due and completed in the months before that day's month are: nothing in those months
can have changed without a write to the plan, so the next day counts only the months from there on
(``dashboards.rollup.work_out``).

Nothing here is a record of anything: the table can be emptied at any time and the dashboards
fill it again (``dashboards.rollup.plan_figures``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from preventplan.plans.models import Plan


class PlanFigures(models.Model):
    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, primary_key=True, related_name="kept_figures"
    )
    as_of = models.DateField()
    plan_version = models.PositiveIntegerField()
    # dashboards.rollup.PlanTotals as JSON: a tally per objective, milestones due and completed
    # by month, and the first overdue and due-soon milestones (to list by name).
    figures = models.JSONField(default=dict)
    # The shape of ``figures``; rows of another shape (kept by an earlier release) are ignored.
    layout = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name_plural = _("plan figures")

    def __str__(self) -> str:
        return f"Figures for plan {self.plan_id} on {self.as_of:%-d %B %Y}"


class OrganisationFigures(models.Model):
    """One organisation's whole roll-up for one day, added up from its plans' figures, so a
    dashboard read again that day adds nothing up (:func:`preventplan.dashboards.rollup.build`).

    A row is used only for the same day, layout and ``fingerprint``: a hash of the id, version,
    status, start and organisation path of every plan in its period beneath the organisation, and
    of the units compared. Any write under a plan bumps its version, so it changes the fingerprint
    and the next reader adds the plans' figures up again (counting only the plan that changed).
    Like :class:`PlanFigures`, a cache that can be emptied at any time."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="kept_figures",
    )
    as_of = models.DateField()
    fingerprint = models.CharField(max_length=64)
    # Counts only (ids, never names): dashboards.rollup.build reads names afresh.
    figures = models.JSONField(default=dict)
    layout = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name_plural = "organisation figures"

    def __str__(self) -> str:
        return f"Figures for organisation {self.organisation_id} on {self.as_of:%-d %B %Y}"
