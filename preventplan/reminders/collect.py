"""What is due soon or overdue for one person: milestones on actions they own, risks they own
that need review, actions from board meetings, reviews of the cases they hold (named only by
their reference), their BCUs' weekly tension returns and their forces' weekly assessments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from preventplan.cases.models import Case
from preventplan.lib.dates import format_date, week_commencing
from preventplan.organisations.models import Membership
from preventplan.plans.models import Milestone
from preventplan.programme.models import MeetingAction, Risk
from preventplan.records.models import RecordStatus
from preventplan.tension.deadlines import WEEKLY_DUTIES
from preventplan.tension.models import ReturnStatus, TensionSettings

SOON = timedelta(days=7)


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    path: str
    due: date
    overdue: bool


def _state(due: date, today: date) -> tuple[str, bool]:
    overdue = due < today
    return ("overdue" if overdue else "due"), overdue


def items_for(user: Any, today: date) -> list[Item]:
    found: list[Item] = []
    for m in (
        Milestone.objects.due_for_delivery()
        .filter(action__owner=user, due_date__lte=today + SOON)
        .select_related("action__plan__organisation")
    ):
        state, late = _state(m.due_date, today)
        found.append(
            Item(
                f"milestone:{m.pk}:{state}",
                (
                    _(
                        "Milestone “%(title)s” for action %(number)s (%(organisation)s) was due %(date)s"
                    )
                    if late
                    else _(
                        "Milestone “%(title)s” for action %(number)s (%(organisation)s) is due %(date)s"
                    )
                )
                % {
                    "title": m.title,
                    "number": m.action.number,
                    "organisation": m.action.plan.organisation,
                    "date": format_date(m.due_date),
                },
                reverse("plans:action-detail", args=[m.action_id]),
                m.due_date,
                late,
            )
        )
    for r in Risk.objects.filter(owner=user, status=RecordStatus.OPEN, review_on__lte=today + SOON):
        state, late = _state(r.review_on, today)
        found.append(
            Item(
                f"risk:{r.pk}:{r.review_on.isoformat()}:{state}",
                (
                    _("Risk %(reference)s “%(title)s” was due for review %(date)s")
                    if late
                    else _("Risk %(reference)s “%(title)s” is due for review %(date)s")
                )
                % {"reference": r.reference, "title": r.title, "date": format_date(r.review_on)},
                reverse("programme:risk-detail", args=[r.pk]),
                r.review_on,
                late,
            )
        )
    for a in MeetingAction.objects.filter(owner=user, due_on__lte=today + SOON).open():
        state, late = _state(a.due_on, today)
        found.append(
            Item(
                f"meeting-action:{a.pk}:{state}",
                (
                    _("Meeting action “%(text)s” was due %(date)s")
                    if late
                    else _("Meeting action “%(text)s” is due %(date)s")
                )
                % {"text": a.text[:80], "date": format_date(a.due_on)},
                reverse("programme:meeting-action-update", args=[a.pk]),
                a.due_on,
                late,
            )
        )
    found += case_items(user, today)
    found += tension_items(user, today)
    return sorted(found, key=lambda i: (not i.overdue, i.due))


def case_items(user: Any, today: date) -> list[Item]:
    """Reviews due soon or overdue of the cases this person holds (their BCU's, as its lead; the
    cases they are named officer on; their agency's, under a protocol). Only the reference is
    named: a reminder is an e-mail."""
    items = []
    for case in Case.objects.review_due(today + SOON).visible_to(user).order_by("review_on"):
        state, late = _state(case.review_on, today)
        items.append(
            Item(
                f"case:{case.pk}:{case.review_on.isoformat()}:{state}",
                (
                    _("Case %(reference)s was due for review %(date)s")
                    if late
                    else _("Case %(reference)s is due for review %(date)s")
                )
                % {"reference": case.reference, "date": format_date(case.review_on)},
                reverse("cases:case-detail", args=[case.pk]),
                case.review_on,
                late,
            )
        )
    return items


def tension_items(user: Any, today: date) -> list[Item]:
    """This week's return for each BCU the person leads, and the assessment for each force they
    lead, once it is due within a day and until it is submitted."""
    settings_row = TensionSettings.current()
    week = week_commencing(today)
    now = timezone.now()
    items = []
    for duty in WEEKLY_DUTIES:
        due = settings_row.due_at(week, force=duty.force)
        if now < due - timedelta(days=1):
            continue
        units = [
            m.organisation
            for m in Membership.objects.current()
            .filter(user=user, role=duty.role)
            .select_related("organisation")
        ]
        submitted = set(
            duty.model._default_manager.filter(
                **{f"{duty.model.UNIT_FIELD}__in": units},
                week_commencing=week,
                status=ReturnStatus.SUBMITTED,
            ).values_list(f"{duty.model.UNIT_FIELD}_id", flat=True)
        )
        late = now > due
        items += [
            Item(
                f"{duty.key}:{unit.pk}:{week.isoformat()}:{'overdue' if late else 'due'}",
                (
                    _("The %(unit)s %(noun)s for the week commencing %(week)s was due %(due)s")
                    if late
                    else _("The %(unit)s %(noun)s for the week commencing %(week)s is due %(due)s")
                )
                % {
                    "unit": unit,
                    "noun": duty.noun,
                    "week": format_date(week),
                    "due": format_date(timezone.localtime(due)),
                },
                reverse(duty.url_name, args=[unit.pk, week.isoformat()]),
                due.date(),
                late,
            )
            for unit in units
            if unit.pk not in submitted
        ]
    return items
