from __future__ import annotations

from functools import reduce
from operator import and_
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from preventplan.catalogue.access import (
    get_activity_for_user,
    get_current_template_version,
    get_objective_for_user,
)
from preventplan.catalogue.models import Activity, Level, Objective, PartnerType, TemplateVersion
from preventplan.lib.http import AuthedRequest, small_int
from preventplan.lib.listing import paginate, sorted_by

SEARCH_FIELDS = [
    "number",
    "text",
    "suggested_timescale",
    "delivery_partners_text",
    "text_cy",
    "suggested_timescale_cy",
    "delivery_partners_text_cy",
]


def glossary(version: TemplateVersion) -> dict[str, str]:
    """Each abbreviation's meaning, in Welsh on a Welsh page when the template has it."""
    return {a.abbreviation: a.localised("meaning") for a in version.abbreviations.all()}


def search(qs: QuerySet[Activity], query: str) -> QuerySet[Activity]:
    """Every word of ``query`` must appear in the number, text, timescale or partners."""
    words = query.split()
    if not words:
        return qs
    per_word = [
        reduce(lambda a, b: a | b, (Q(**{f"{f}__icontains": w}) for f in SEARCH_FIELDS))
        for w in words
    ]
    return qs.filter(reduce(and_, per_word))


def _activities(version: TemplateVersion) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(version=version)
        .select_related("objective")
        .prefetch_related("other_objectives", "delivery_partners")
    )


# What each level's filter lists: the force's or the BCU's activities include those delivered by
# force and BCU together, which are theirs too; "Force and BCU" lists the shared ones alone.
LEVEL_FILTER = {
    Level.FORCE: [Level.FORCE, Level.FORCE_BCU],
    Level.BCU: [Level.BCU, Level.FORCE_BCU],
    Level.FORCE_BCU: [Level.FORCE_BCU],
}


@require_GET
def activity_list(request: AuthedRequest) -> HttpResponse:
    version = get_current_template_version(request)
    qs = _activities(version)
    filters: dict[str, Any] = {
        "objective": request.GET.get("objective", ""),
        "level": request.GET.get("level", ""),
        "partner": request.GET.get("partner", ""),
        "q": request.GET.get("q", "").strip(),
    }
    objective = small_int(filters["objective"])
    if objective is not None:
        qs = qs.filter(objective__number=objective)
    if filters["level"] in Level.values:
        qs = qs.filter(level__in=LEVEL_FILTER[Level(filters["level"])])
    if filters["partner"]:
        qs = qs.filter(delivery_partners__code=filters["partner"])
    qs = search(qs, filters["q"])
    qs = sorted_by(
        request,
        qs,
        {"number": "sort_key", "level": "level", "date": "first_target_date"},
        "number",
    )
    page = paginate(request, qs)
    active = [v for v in filters.values() if v]
    return render(
        request,
        "catalogue/activity_list.html",
        {
            "version": version,
            "page": page,
            "filters": filters,
            "filtered": bool(active),
            "objectives": version.objectives.all(),
            "levels": Level.choices,
            "partner_types": PartnerType.objects.all(),
            "glossary": glossary(version),
        },
    )


@require_GET
def activity_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    neighbours = Activity.objects.filter(version=activity.version)
    previous = neighbours.filter(sort_key__lt=activity.sort_key).order_by("-sort_key").first()
    following = neighbours.filter(sort_key__gt=activity.sort_key).order_by("sort_key").first()
    return render(
        request,
        "catalogue/activity_detail.html",
        {
            "activity": activity,
            "version": activity.version,
            "glossary": glossary(activity.version),
            "previous": previous,
            "next": following,
        },
    )


@require_GET
def objective_detail(request: AuthedRequest, number: int) -> HttpResponse:
    version = get_current_template_version(request)
    objective = get_objective_for_user(request.user, version, number)
    return render(
        request,
        "catalogue/objective_detail.html",
        {
            "version": version,
            "objective": objective,
            "activities": _activities(version).filter(objective=objective),
            "contributing": _activities(version).filter(other_objectives=objective),
            "glossary": glossary(version),
        },
    )


@require_GET
def objective_list(request: AuthedRequest) -> HttpResponse:
    version = get_current_template_version(request)
    objectives: list[Objective] = list(version.objectives.all())
    counts: dict[tuple[int, str], int] = {}
    for number, level in Activity.objects.filter(version=version).values_list(
        "objective__number", "level"
    ):
        counts[(number, level)] = counts.get((number, level), 0) + 1
    rows = [
        {
            "objective": o,
            "levels": [counts.get((o.number, level), 0) for level in Level.values],
            "total": sum(counts.get((o.number, level), 0) for level in Level.values),
        }
        for o in objectives
    ]
    return render(
        request,
        "catalogue/objective_list.html",
        {"version": version, "rows": rows, "levels": Level.choices},
    )


@require_GET
def abbreviation_list(request: AuthedRequest) -> HttpResponse:
    version = get_current_template_version(request)
    return render(
        request,
        "catalogue/abbreviation_list.html",
        {"version": version, "abbreviations": version.abbreviations.all()},
    )


@require_GET
def print_view(request: AuthedRequest) -> HttpResponse:
    version = get_current_template_version(request)
    activities = list(_activities(version))
    sections = [
        {"objective": o, "activities": [a for a in activities if a.objective_id == o.pk]}
        for o in version.objectives.all()
    ]
    return render(
        request,
        "catalogue/print.html",
        {
            "version": version,
            "sections": sections,
            "glossary": glossary(version),
            "abbreviations": version.abbreviations.all(),
        },
    )
