"""Importing a force's own layout loses nothing silently (issue 16, item 2): every recognised
column is imported or refused with a reason, every other column is listed as not imported,
every error of a row is reported, impossible dates are errors and dates outside the plan's
period are warnings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from preventplan.plans import importer
from preventplan.plans.models import Action, Milestone, MilestoneStatus
from tests.factories import csv_file
from tests.world import World

FORCE_LAYOUT = [
    "Ref",
    "Activity",
    "Lead officer",
    "Partners",
    "Target date",
    "Status (RAG)",
    "Comments",
]


def force_file(*rows: list[str]) -> bytes:
    """A CSV in the force's own layout."""
    return csv_file(FORCE_LAYOUT, *rows)


def test_every_column_is_accounted_for(world: World) -> None:
    """Owner, partners, target date and RAG are imported; the activity text is refused with a
    reason; Comments is listed as not imported."""
    result = importer.build_preview(
        world.plans["a1"],
        "force.csv",
        force_file(
            [
                "2.4",
                "Liaison",
                "Bcu Lead",
                "School near A2; Local Authority L",
                "31/01/2027",
                "Amber",
                "x",
            ]
        ),
    )
    assert result.errors == []
    use = dict(result.column_use)
    assert use["Lead officer"] == "Imported as the owner"
    assert use["Partners"] == "Imported as each action's delivery partners"
    assert use["Target date"] == "Imported as the milestone “Target date”"
    assert use["Status (RAG)"].startswith("Imported as a progress update")
    assert use["Activity"].startswith("Not imported: the national template's wording is kept")
    assert use["Comments"] == "Not imported: not a column this service uses"
    (change,) = result.changes
    assert change.fields["owner"] == world.users["bcu_lead"]
    assert sorted(o.name for o in change.partners or []) == ["Local Authority L", "School near A2"]
    assert [(m.title, m.due_date) for m in change.add_milestones] == [
        ("Target date", date(2027, 1, 31))
    ]
    assert change.rag == "amber"
    importer.apply_preview(
        world.users["bcu_lead"], world.plans["a1"], result, world.plans["a1"].version
    )
    action = Action.objects.get(plan=world.plans["a1"], number="2.4")
    assert sorted(o.name for o in action.delivery_partners.all()) == [
        "Local Authority L",
        "School near A2",
    ]
    assert action.milestones.filter(
        title="Target date", due_date=date(2027, 1, 31), status=MilestoneStatus.NOT_STARTED
    ).exists()


def test_every_error_of_a_row_is_reported(world: World) -> None:
    """A row with a bad owner, an unknown partner, an impossible date and a bad RAG has four
    errors, all reported; nothing can be applied."""
    result = importer.build_preview(
        world.plans["a1"],
        "force.csv",
        force_file(["2.4", "", "Nobody Here", "Acme Ltd", "31/02/2009", "Purple", ""]),
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Lead officer"),
        (2, "Partners"),
        (2, "Target date"),
        (2, "Status (RAG)"),
    ]
    assert "“31/02/2009” is not a real date" in str(result.errors[2])
    assert not result.ok


def test_impossible_date_is_always_an_error(world: World) -> None:
    """31/02/2009 in a due-date column is an error even when the milestone names its own date."""
    result = importer.build_preview(
        world.plans["a1"],
        "m.csv",
        csv_file(["No.", "Milestones", "Due date"], ["2.4", "Briefed — 31/01/2027", "31/02/2009"]),
    )
    assert [str(e) for e in result.errors] == [
        "Row 2, Due date: “31/02/2009” is not a real date; write it like 31/03/2027"
    ]


def test_date_outside_the_period_is_a_warning(world: World, client_for: Any) -> None:
    """A target date after the plan's period can still be imported, with a warning in the
    preview."""
    plan = world.plans["a1"]
    client = client_for("bcu_lead")
    response = client.post(
        reverse("plans:plan-import", args=[plan.pk]),
        {
            "file": SimpleUploadedFile(
                "f.csv", force_file(["2.5", "", "", "", "15/06/2027", "", ""])
            )
        },
    )
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 date outside the plan’s period" in text
    assert "Row 2, Target date: 15 June 2027 is outside the plan’s period" in text
    assert "Not imported: Comments" in text
    client.post(response["Location"])
    assert Milestone.objects.filter(
        action__plan=plan, action__number="2.5", due_date=date(2027, 6, 15)
    ).exists()
