"""The work lists (/actions/): all the plan actions a person can see, theirs, those due soon or
overdue and those their organisation helps deliver, with their own actions from board meetings."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from preventplan.core.work import due_soon_q, meeting_actions_for
from preventplan.lib.dates import DUE_SOON_DAYS, today
from preventplan.lib.http import AuthedRequest, small_int
from preventplan.lib.listing import paginate, sorted_by
from preventplan.organisations.access import scope_for
from preventplan.plans.models import Action, Milestone, PlanStatus
from preventplan.plans.progress import annotate

VIEWS = {
    "all": _("All actions you can see"),
    "mine": _("My actions"),
    "due": lazy(lambda: _("Due in the next %(days)s days") % {"days": DUE_SOON_DAYS}, str)(),
    "overdue": _("Overdue"),
    "partner": _("Where my organisation is a delivery partner"),
}


def _has_milestone(when: Q) -> Exists:
    """The action has an open milestone matching ``when``: looked up in the milestones' index by
    action, status and due date for each action in view."""
    return Exists(Milestone.objects.open().filter(when, action=OuterRef("pk")))


@require_GET
def action_list(request: AuthedRequest) -> HttpResponse:
    """One list for every work view: mine, due soon, overdue, cross-cutting and partner."""
    scope = scope_for(request.user)
    view = request.GET.get("view", "all")
    view = view if view in VIEWS else "all"
    qs = (
        Action.objects.visible_to(request.user)
        .exclude(plan__status=PlanStatus.CLOSED)
        .exclude(decision="not-applicable")
    )
    now = today()
    # Every filter is a subquery or an EXISTS, never a join to many rows, so no action comes
    # twice and the list needs no DISTINCT (which made the database sort whole rows).
    if view == "mine":
        qs = qs.filter(owner=request.user)
    elif view == "partner":
        qs = qs.filter(
            pk__in=Action.delivery_partners.through.objects.filter(
                organisation__in=sorted(scope.own_organisation_ids)
            ).values("action_id")
        )
    elif view == "due":
        qs = qs.filter(_has_milestone(due_soon_q("due_date", now)))
    elif view == "overdue":
        qs = qs.filter(_has_milestone(Q(due_date__lt=now)))
    objective = request.GET.get("objective", "")
    cross = request.GET.get("cross") == "1"
    number = small_int(objective)
    if number is not None:
        contributing = Action.other_objectives.through.objects.filter(
            objective__number=number
        ).values("action_id")
        qs = (
            qs.filter(Q(objective__number=number) | Q(pk__in=contributing))
            if cross
            else qs.filter(objective__number=number)
        )
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(local_text__icontains=query)
            | Q(activity__text__icontains=query)
            | Q(plan__organisation__name__icontains=query)
        )
    qs = sorted_by(
        request,
        qs,
        {"number": "sort_key", "plan": "plan__organisation__name", "owner": "owner__full_name"},
        "plan",
    )
    # Every matching id in order, in one query (the database sorts only ids and the sort
    # column), then the page's actions by id. Counting in a query of its own cost more than
    # reading the ids: the count and the page each probed every action's milestones again.
    page = paginate(request, list(qs.values_list("pk", flat=True)))
    by_id = Action.objects.with_delivery().in_bulk(page.object_list)
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    annotate(page.object_list)
    return render(
        request,
        "plans/action_list.html",
        {
            "meeting_actions": meeting_actions_for(request.user, view, now),
            "page": page,
            "view": view,
            "views": VIEWS,
            "objective": objective,
            "cross": cross,
            "query": query,
            "objectives": range(8),
        },
    )
