"""Blank checklists are made once per template version and kept (issue 18, item 3)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from preventplan.catalogue.loader import load_template
from preventplan.catalogue.models import Activity, BlankChecklistFile, TemplateVersion
from preventplan.plans import checklist
from tests.world import World


def url(kind: str, fmt: str) -> str:
    return reverse("plans:template-checklist", args=[kind, fmt])


def test_blank_checklist_is_made_once_and_served_from_the_kept_copy(
    world: World, client_for: Any, monkeypatch: Any
) -> None:
    """The first download makes the file and keeps it; the next is the kept file, not made
    again, and each download is still recorded."""
    client = client_for("partner_user")
    first = client.get(url("bcu", "csv"))
    assert first.status_code == 200
    kept = BlankChecklistFile.objects.get(kind="bcu", format="csv")
    assert bytes(kept.content) == first.content

    def refuse(sheet: Any) -> bytes:
        raise AssertionError("made again")

    monkeypatch.setattr(checklist, "to_csv", refuse)
    second = client.get(url("bcu", "csv"))
    assert second.content == first.content
    assert BlankChecklistFile.objects.count() == 1


def test_kept_files_are_per_kind_and_format(world: World, client_for: Any) -> None:
    """A force checklist and an Excel checklist are kept apart from the BCU CSV."""
    client = client_for("partner_user")
    bcu = client.get(url("bcu", "csv")).content
    force = client.get(url("force", "csv")).content
    client.get(url("bcu", "xlsx"))
    assert bcu != force
    assert set(BlankChecklistFile.objects.values_list("kind", "format")) == {
        ("bcu", "csv"),
        ("force", "csv"),
        ("bcu", "xlsx"),
    }


def test_changing_the_template_forgets_the_kept_files(world: World, client_for: Any) -> None:
    """Editing an activity of the version, or loading the template again, drops the kept files,
    and the next download shows the change."""
    client = client_for("partner_user")
    client.get(url("bcu", "csv"))
    version = TemplateVersion.objects.current()
    activity = Activity.objects.filter(version=version, level__in=["BCU", "FORCE/BCU"]).first()
    assert activity is not None
    activity.text = "Reworded for the new edition of the template"
    activity.save()
    assert not BlankChecklistFile.objects.exists()
    assert "Reworded for the new edition" in client.get(url("bcu", "csv")).content.decode()
    assert BlankChecklistFile.objects.count() == 1
    load_template()
    assert not BlankChecklistFile.objects.exists()


def test_a_new_layout_makes_the_file_again(world: World, client_for: Any, monkeypatch: Any) -> None:
    """Files made by an earlier layout are not served once the layout changes."""
    client = client_for("partner_user")
    client.get(url("force", "csv"))
    monkeypatch.setattr(checklist, "LAYOUT_VERSION", "test-next")
    client.get(url("force", "csv"))
    assert BlankChecklistFile.objects.filter(kind="force", format="csv").count() == 2
