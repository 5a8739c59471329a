"""The checklist's exports and the plan's history read well (issue 16, item 6)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from preventplan.catalogue.models import Activity, TemplateVersion
from preventplan.plans.models import Action, PlanChange
from tests.factories import needs_pdf
from tests.world import World


def xlsx(client: Any, url: str) -> Any:
    """The Checklist sheet of a downloaded workbook."""
    return load_workbook(io.BytesIO(client.get(url).content))["Checklist"]


def test_excel_has_dropdowns_and_real_dates(world: World, client_for: Any) -> None:
    """Decision and Status offer their choices as dropdowns; the next milestone's due date is a
    real date."""
    plan = world.plans["a1"]
    ws = xlsx(client_for("bcu_lead"), reverse("plans:plan-checklist", args=[plan.pk, "xlsx"]))
    rules = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["F"].type == "list" and "Not applicable" in rules["F"].formula1
    assert rules["K"].type == "list" and "Amber" in rules["K"].formula1
    assert ws["M5"].value == "Next milestone due"
    row = next(r for r in ws.iter_rows(min_row=6) if r[0].value == "2.4")
    next_due = plan.actions.get(number="2.4").milestones.order_by("due_date").first()
    assert isinstance(row[12].value, datetime)
    assert row[12].value.date() == next_due.due_date  # type: ignore[union-attr]


def test_blank_checklist_suggests_milestones(client_for: Any) -> None:
    """The blank checklist carries the template's suggested milestones."""
    ws = xlsx(client_for("partner_user"), reverse("plans:template-checklist", args=["bcu", "xlsx"]))
    rows = [r for r in ws.iter_rows(min_row=6, values_only=True) if r[0] and r[0][0].isdigit()]
    dated = {
        a.number
        for a in Activity.objects.filter(
            version=TemplateVersion.objects.current(), level__in=["BCU", "FORCE/BCU"]
        )
        if a.target_dates
    }
    assert dated and {r[0] for r in rows if r[9]} == dated
    assert all(" — " in r[9] for r in rows if r[9])


@needs_pdf
def test_pdf_has_the_evaluation_column(world: World, client_for: Any) -> None:
    """The PDF checklist shows how success will be evaluated."""
    plan = world.plans["a1"]
    Action.objects.filter(plan=plan, number="2.4").update(evaluation="Feedback from schools")
    content = client_for("bcu_lead").get(reverse("plans:plan-checklist", args=[plan.pk, "pdf"]))
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content.content)).pages).split()
    )
    assert "How success will be evaluated" in text and "Feedback from schools" in text


def test_history_shows_field_labels(world: World, client_for: Any) -> None:
    """The history names fields in words, for new entries and for older ones stored with raw
    field names."""
    plan = world.plans["a1"]
    action = plan.actions.get(number="2.7")
    PlanChange.objects.create(
        plan=plan, action=action, what="Action 2.7 changed: local_text, not_applicable_reason"
    )
    page = client_for("bcu_lead").get(reverse("plans:plan-changes", args=[plan.pk]) + "?all=1")
    text = page.content.decode()
    assert "Action 2.7 changed: local wording, why it is not applicable" in text
    assert "local_text" not in text and "not_applicable_reason" not in text


@needs_pdf
@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_the_checklist_pdf_table_fits_within_the_page(world: World, language: str) -> None:
    """Every column of the checklist PDF's tables lies within the page's margins: the cells'
    padding had pushed the last column ("How success will be evaluated") off the paper."""
    import weasyprint
    from django.utils import translation

    from preventplan.plans import checklist

    plan = world.plans["a1"]
    with translation.override(language):
        html = checklist.to_html(checklist.from_plan(plan))
    document = weasyprint.HTML(string=html).render()
    tables = 0
    for page in document.pages:
        box = page._page_box
        right = box.margin_width() - box.margin_right  # the page's content edge, in CSS px
        for child in box.descendants():
            if type(child).__name__ == "TableBox":
                tables += 1
                edge = child.position_x + child.margin_width()
                assert edge <= right + 0.5, (edge, right)
    assert tables


@needs_pdf
def test_a_plan_keeps_its_checklist_pdf_in_each_language(world: World) -> None:
    """A Welsh or bilingual download keeps its PDF beside the English one instead of pushing it
    out: each asked for again is the kept one."""
    from unittest import mock

    from django.utils import translation

    from preventplan.plans import checklist

    plan = world.plans["a1"]
    english = checklist.plan_pdf(plan, checklist.from_plan(plan))
    with translation.override("cy"):
        welsh = checklist.plan_pdf(plan, checklist.from_plan(plan))
    both = checklist.plan_pdf(plan, checklist.from_plan(plan, bilingual=True))
    assert len({english, welsh, both}) == 3
    with mock.patch.object(checklist, "html_to_pdf", side_effect=AssertionError("made again")):
        assert checklist.plan_pdf(plan, checklist.from_plan(plan)) == english
        with translation.override("cy"):
            assert checklist.plan_pdf(plan, checklist.from_plan(plan)) == welsh
        assert checklist.plan_pdf(plan, checklist.from_plan(plan, bilingual=True)) == both


@needs_pdf
def test_plan_pdf_is_kept_until_its_checklist_reads_differently(world: World) -> None:
    """A plan's checklist PDF asked for again is the one kept, not made again; once anything in
    the checklist differs (here an owner's new name, which is no write to the plan) it is made
    again, and it shows the change."""
    from unittest import mock

    from preventplan.plans import checklist
    from preventplan.plans.models import ChecklistFile

    plan = world.plans["a1"]
    first = checklist.plan_pdf(plan, checklist.from_plan(plan))
    with mock.patch.object(checklist, "html_to_pdf", side_effect=AssertionError("made again")):
        assert checklist.plan_pdf(plan, checklist.from_plan(plan)) == first
    kept = ChecklistFile.objects.get(plan=plan)
    owner = plan.actions.exclude(owner=None).select_related("owner")[0].owner
    assert owner is not None
    owner.full_name = "Renamed Owner"
    owner.save(update_fields=["full_name"])
    again = checklist.plan_pdf(plan, checklist.from_plan(plan))
    assert again != first
    assert ChecklistFile.objects.get(plan=plan).digest != kept.digest
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(again)).pages).split())
    assert "Renamed Owner" in text
