"""Who reads and who changes register records. Each register model names its :class:`Policy`;
the pages, exports and API all ask it, through ``Model.objects.visible_to(user)`` and
:func:`get_record_for_user`.

The usual policy (:data:`ORGANISATION_POLICY`) follows plans: people who read an organisation's
plans read its registers, and a record's owner reads it too; the lead who runs the organisation
(force lead of a force, BCU lead of a BCU) adds and changes its records; the lead or the record's
owner records its reviews and measurements. ``docs/permissions.md`` says the same in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from preventplan.organisations.access import (
    Scope,
    can_run,
    organisation_read_q,
    organisations_run_by,
    scope_for,
)

if TYPE_CHECKING:
    from preventplan.organisations.models import Organisation

M = TypeVar("M", bound=Model)


class Policy:
    """The access rules of one kind of record. Subclass and override what differs."""

    organisation_field = "organisation"
    person_field: str | None = "owner"  # the person accountable, who also reads and updates it

    def visible(self, qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
        """The records of ``qs`` this user may read."""
        scope = scope_for(user)
        if scope.is_national_admin:
            return qs
        q = organisation_read_q(scope)
        if user.is_authenticated and self.person_field:
            q |= Q(**{self.person_field: user})
        return qs.filter(q)

    def has_register(self, user: Any) -> bool:
        """Whether the register's list, additions and exports exist for this person at all
        (404 otherwise). Most registers show everyone a list of what they may read; a
        need-to-know register (case reviews) hides itself from people who hold none."""
        return True

    def organisation_of(self, record: Any) -> Organisation:
        return getattr(record, self.organisation_field)

    def can_manage(self, scope: Scope, record: Any) -> bool:
        """May add and change this record (and others of its organisation)."""
        return can_run(scope, self.organisation_of(record))

    def can_update(self, scope: Scope, user: Any, record: Any) -> bool:
        """May record its reviews, measurements and other history."""
        if self.can_manage(scope, record):
            return True
        return bool(self.person_field) and getattr(record, f"{self.person_field}_id") == user.pk

    def read_through_sharing(self, user: Any, records: list[Any]) -> list[Any]:
        """Those of ``records`` that ``user`` reads only because they are shared with their
        partnership, from outside their organisation: such a reading is a consultation to record
        (DPA 2018 s.62). No record of the usual policy is shared."""
        return []

    def organisations_for(self, scope: Scope) -> list[Organisation]:
        """The organisations whose registers this user adds records to."""
        return organisations_run_by(scope)


ORGANISATION_POLICY = Policy()


def get_record_for_user(
    user: Any, model: type[M], pk: int, *, write: bool = False, update: bool = False
) -> M:
    """The record if ``user`` may read it (404 otherwise, so outsiders never learn it exists).
    ``write``: only someone who may change it (403 for other readers); ``update``: someone who
    may record its history, its owner included (403)."""
    policy: Policy = model.policy  # type: ignore[attr-defined]
    record = (
        model._default_manager.visible_to(user)  # type: ignore[attr-defined]
        .filter(pk=pk)
        .select_related(*filter(None, [policy.organisation_field, policy.person_field]))
        .first()
    )
    if record is None:
        raise Http404
    scope = scope_for(user)
    if write and not policy.can_manage(scope, record):
        raise PermissionDenied
    if update and not policy.can_update(scope, user, record):
        raise PermissionDenied
    return record
