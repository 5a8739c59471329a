"""The national template is reference material: every signed-in user may read it.

It has no owner organisation and holds nothing sensitive, so its getters only check that the
record exists in a loaded version.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from preventplan.catalogue.models import Activity, Objective, TemplateVersion


def get_current_template_version() -> TemplateVersion:
    version = TemplateVersion.objects.current()
    if version is None:
        raise Http404("No template has been loaded")
    return version


def get_activity_for_user(user: Any, pk: int) -> Activity:
    activity = (
        Activity.objects.filter(pk=pk)
        .select_related("objective", "version")
        .prefetch_related("other_objectives", "delivery_partners")
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def get_objective_for_user(user: Any, version: TemplateVersion, number: int) -> Objective:
    objective = Objective.objects.filter(version=version, number=number).first()
    if objective is None:
        raise Http404
    return objective
