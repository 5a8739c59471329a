"""Only auditors read the audit log, and only for their own part of the organisation tree."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from preventplan.audit.models import AuditEvent
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Membership, OrganisationKind, Role


def auditor_paths(user: Any) -> list[tuple[str, str]]:
    return [(r.path, r.kind) for r in scope_for(user).held(Role.AUDITOR)]


def events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    """Events about records owned in the auditor's subtree, or done by people who work there.
    A national auditor also sees events with no organisation and no known person; anyone who
    is not an auditor sees none (the pages answer 404: :func:`require_auditor`)."""
    q = Q(pk__in=[])
    paths = auditor_paths(user)
    for path, kind in paths:
        members = Membership.objects.filter(organisation__path__startswith=path).values("user_id")
        q |= Q(organisation__path__startswith=path) | Q(actor_id__in=members)
        if kind == OrganisationKind.NATION:
            q |= Q(organisation__isnull=True, actor__isnull=True)
    return AuditEvent.objects.filter(q)


def require_auditor(user: Any) -> None:
    """The audit log's pages exist only for auditors: everyone else gets 404."""
    if not auditor_paths(user):
        raise Http404
