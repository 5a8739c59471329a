"""The national template is reference material: every signed-in user may read it.

It has no owner organisation and holds nothing sensitive, so its getters only check that the
record exists in a loaded version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest

from preventplan.catalogue.models import ENGLAND, WALES, Activity, Objective, TemplateVersion

# The nation whose template the template pages show, chosen with ?nation= and kept for the visit.
NATION_SESSION_KEY = "template_nation"
# The nations a reader may choose there (each has the current version of its own, or England's).
NATIONS = (ENGLAND, WALES)


def chosen_nation(request: HttpRequest) -> str:
    """The nation chosen on a template page this visit (``?nation=Wales``); before any choice, the
    nation of the person's organisations when they all lie in Wales, otherwise England."""
    asked = request.GET.get("nation")
    if asked in NATIONS:
        request.session[NATION_SESSION_KEY] = asked
        return asked
    kept = request.session.get(NATION_SESSION_KEY)
    if kept in NATIONS:
        return kept
    return _home_nation(request)


def _home_nation(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ENGLAND
    return home_nation_of(user)


# The nation of a person's organisations: given by the organisations app, which sits above this
# one (as accounts is given the two-factor rule); England until then.
_home_rule: Callable[[Any], str] | None = None


def home_nation_of(user: Any) -> str:
    return _home_rule(user) if _home_rule is not None else ENGLAND


def home_nation_from(rule: Callable[[Any], str]) -> None:
    """Take the rule for a person's nation from the app that knows their organisations."""
    global _home_rule  # set once, when Django starts
    _home_rule = rule


def get_current_template_version(request: HttpRequest | None = None) -> TemplateVersion:
    """The current template: for the nation chosen on the template pages when given the request
    (a nation without a variant of its own has the England plan), else the England plan."""
    nation = chosen_nation(request) if request is not None else ENGLAND
    version = TemplateVersion.objects.current(nation)
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
