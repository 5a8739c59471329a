"""Writes to register records. Each is atomic and records its own audit event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.concurrency import save_if_unchanged

if TYPE_CHECKING:
    from preventplan.accounts.models import User

NOT_EDITABLE = {"id", "reference", "created_by", "created_at", "version"}


class RegisterRuleError(Exception):
    """A change the register's rules do not allow; the message is for the user."""


def editable_fields(model: type[models.Model]) -> list[str]:
    """Fields a change may write: everything but identity, provenance and the version. The
    owning organisation never changes after a record is added."""
    organisation = model.policy.organisation_field  # type: ignore[attr-defined]
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in NOT_EDITABLE | {organisation} and not f.primary_key
    ]


def event_name(obj: Any, what: str) -> str:
    return f"{obj._meta.model_name}.{what}"


def _details(obj: Any, many: dict[str, list[Any]]) -> dict[str, Any]:
    details: dict[str, Any] = {}
    for name in ("status", "review_on"):
        value = getattr(obj, name, None)
        if value is not None:
            details[name] = value.isoformat() if hasattr(value, "isoformat") else value
    for name, values in many.items():
        details[name] = sorted(str(v) for v in values)
    return details


@transaction.atomic
def save_record(
    actor: User,
    obj: Any,
    many: dict[str, list[Any]] | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Any:
    """Add a register record (giving it the next reference if its register numbers them) or save
    a change to one, refusing a stale change (:class:`~preventplan.lib.concurrency.StaleEdit`)."""
    created = obj.pk is None
    if created:
        obj.created_by = actor
        if hasattr(obj, "next_reference"):
            _insert_with_reference(obj)
        else:
            obj.save()
    else:
        if hasattr(obj, "updated_at"):
            obj.updated_at = timezone.now()
        save_if_unchanged(obj, expected_version or 0, editable_fields(type(obj)))
    for name, values in (many or {}).items():
        getattr(obj, name).set(values)
    record(
        actor,
        AuditAction.COLLECT if created else AuditAction.ALTER,
        event_name(obj, "added" if created else "changed"),
        obj,
        details=_details(obj, many or {}),
        request=request,
    )
    return obj


def _insert_with_reference(obj: Any) -> None:
    for _attempt in range(3):
        obj.reference = type(obj).next_reference(getattr(obj, type(obj).policy.organisation_field))
        try:
            with transaction.atomic():
                obj.save()
            return
        except IntegrityError:  # someone took the reference a moment ago
            continue
    raise RegisterRuleError(_("Could not give the record a reference; try again"))
