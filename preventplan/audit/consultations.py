"""Consultations (DPA 2018 s.62): the one way a reading of a record is recorded.

Two kinds of reading are recorded: a staff reading of a record that can hold personal data (case
reviews, tension returns and force assessments, critical incidents, grievances, consequence
plans and their logs), and any reading of a record by someone outside its organisation who reads
it only because it is shared with their partnership. A page or API answer showing one record
leaves one event on it; a list leaves one event per page naming the references it showed, never
one per row. See docs/audit.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction

if TYPE_CHECKING:
    from django.db import models
    from django.http import HttpRequest

    from preventplan.accounts.models import User
    from preventplan.organisations.models import Organisation

SHARED_READ = "Shared with the reader's partnership under a protocol in force"


def reference_of(obj: Any) -> str:
    """What names a record in an event: its reference, or its id."""
    return str(getattr(obj, "reference", "") or obj.pk)


def record_consultation(
    actor: User,
    obj: models.Model,
    event: str,
    request: HttpRequest | None = None,
    *,
    page: str = "",
    shared: bool = False,
    justification: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """One reading of ``obj``: ``page`` names where it was read ("detail", "api", "week"…);
    ``shared`` marks a reading through sharing (its justification is the sharing)."""
    extra = dict(details or {})
    if page:
        extra.setdefault("page", page)
    record(
        actor,
        AuditAction.CONSULT,
        event,
        obj,
        justification=justification or (SHARED_READ if shared else ""),
        details=extra or None,
        request=request,
    )


def record_listing(
    actor: User,
    objs: Iterable[Any],
    event: str,
    request: HttpRequest | None = None,
    *,
    page: str = "list",
    shared: bool = False,
    organisation: Organisation | None = None,
    details: dict[str, Any] | None = None,
) -> bool:
    """One event for a page of records shown together, naming their references (and ids);
    nothing when the page showed none. Returns whether an event was written."""
    shown = list(objs)
    if not shown:
        return False
    record(
        actor,
        AuditAction.CONSULT,
        event,
        organisation=organisation,
        justification=SHARED_READ if shared else "",
        details={
            "page": page,
            "references": [reference_of(o) for o in shown][:500],
            "ids": [o.pk for o in shown][:500],
            **(details or {}),
        },
        request=request,
    )
    return True
