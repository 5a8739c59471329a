"""Kept blank checklists are forgotten when the template version they were made from changes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from preventplan.catalogue.models import (
    Activity,
    BlankChecklistFile,
    Objective,
    TemplateVersion,
)


def forget_blank_checklists(version_id: int | None) -> None:
    """Drop every kept blank checklist of the version; the next request makes them again."""
    if version_id is not None:
        BlankChecklistFile.objects.filter(version_id=version_id).delete()


def _version_changed(sender: Any, instance: TemplateVersion, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        forget_blank_checklists(instance.pk)


def _part_changed(sender: Any, instance: Activity | Objective, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        forget_blank_checklists(instance.version_id)


def _links_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, Activity):
        forget_blank_checklists(instance.version_id)


def connect() -> None:
    post_save.connect(_version_changed, sender=TemplateVersion, dispatch_uid="blank-tv-save")
    for model in (Activity, Objective):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"blank-{model.__name__}-save")
        post_delete.connect(
            _part_changed, sender=model, dispatch_uid=f"blank-{model.__name__}-delete"
        )
    for through in (Activity.other_objectives.through, Activity.delivery_partners.through):
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"blank-{through.__name__}"
        )
