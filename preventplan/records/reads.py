"""Which readings of register records are consultations (DPA 2018 s.62), recorded through
``audit.consultations``: every reading of a register whose spec says ``reads_recorded`` (records
that can hold personal data), and every reading of a record by someone who reads it only because
it is shared with their partnership. The list pages and API, the detail and change pages all come
here; a page of records is one event naming those shown, not one per row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from preventplan.audit.consultations import record_consultation, record_listing

if TYPE_CHECKING:
    from django.http import HttpRequest

    from preventplan.records.spec import RegisterSpec


def record_reads(
    user: Any, spec: RegisterSpec, records: Iterable[Any], page: str, request: HttpRequest
) -> None:
    """Record what of ``records`` this reading showed: the records read through sharing as one
    ``<model>.consulted-shared`` event and, for a register whose reads are recorded, the others
    as one ``<model>.consulted`` event (on the record itself when there is only one)."""
    shown = list(records)
    shared = spec.policy.read_through_sharing(user, shown)
    staff = [r for r in shown if r not in shared] if spec.reads_recorded else []
    for group, suffix in ((shared, "consulted-shared"), (staff, "consulted")):
        if not group:
            continue
        event = f"{spec.event_prefix}.{suffix}"
        is_shared = suffix == "consulted-shared"
        if page in {"list", "api-list"}:
            record_listing(user, group, event, request, page=page, shared=is_shared)
        else:
            for r in group:
                record_consultation(user, r, event, request, page=page, shared=is_shared)
