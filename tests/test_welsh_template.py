"""The template in Welsh (docs/welsh.md, "The template in Welsh"): Welsh beside every template
text, shown on Welsh pages with English as the fallback; the Welsh variant derived from the
England plan; organisations in Wales adopting it and reporting against its benchmark; bilingual
checklists; the Welsh demo force."""

from __future__ import annotations

import copy
import csv
import importlib.util
import io
import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from preventplan.accounts.models import User
from preventplan.catalogue.loader import (
    DEFAULT_TEMPLATE,
    WALES_TEMPLATE,
    load_template,
    resolve,
)
from preventplan.catalogue.models import WALES, Abbreviation, Activity, TemplateVersion
from preventplan.core.demo import WELSH_BCU, demo_email
from preventplan.organisations import actions as org_actions
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.plans import actions as plan_actions
from preventplan.plans.models import Decision, Plan, ThreatLevel
from preventplan.reports import builders
from tests.world import PERIOD, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards() -> Any:
    """A Welsh page leaves Welsh active in this thread: the next test starts in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def england() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))
    return data


def welsh_page(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


# -- the data file -------------------------------------------------------------------------------
def test_every_template_text_has_welsh_beside_it() -> None:
    """Every objective, activity text, timescale, target date label, partner list, partner type
    and glossary meaning in the England file has its Welsh, and doubtful renderings are listed."""
    data = england()
    assert data["name_cy"]
    missing = [f"objective {o['number']}" for o in data["objectives"] if not o.get("title_cy")]
    for a in data["activities"]:
        for key in ("text", "suggested_timescale", "delivery_partners_text"):
            if a[key] and not a.get(f"{key}_cy"):
                missing.append(f"{a['number']} {key}")
        missing += [
            f"{a['number']} {t['label']}" for t in a["target_dates"] if not t.get("label_cy")
        ]
    for pt in data["partner_types"]:
        for key in ("name", "description"):
            if pt[key] and not pt.get(f"{key}_cy"):
                missing.append(f"partner type {pt['code']} {key}")
    missing += [ab["abbreviation"] for ab in data["abbreviations"] if not ab.get("meaning_cy")]
    assert missing == []
    assert data["cy_review"], "doubtful renderings are listed for a Welsh-language reviewer"


def test_welsh_keeps_the_abbreviations_and_activity_references() -> None:
    """The Welsh keeps the glossary's abbreviations and activity numbers, so the pages still
    link them."""
    """The glossary's abbreviations stay in English inside the Welsh (the page links them), and
    a reference to another activity keeps its number."""
    rows = {a["number"]: a for a in england()["activities"]}
    assert "NI35" in rows["0.11"]["text_cy"]
    assert "CTU/CTIU" in rows["1.1"]["text_cy"]
    assert "0.10" in rows["3.1"]["text_cy"]
    assert rows["7.4"]["delivery_partners_text_cy"] == "Gweler 7.3."


# -- loading and showing -------------------------------------------------------------------------
def test_the_loader_keeps_the_welsh_and_localised_falls_back_to_english() -> None:
    """The loader stores the Welsh; localised gives it on a Welsh page and the English on an
    English page or where the Welsh is missing."""
    activity = Activity.objects.get(version__code="england-2008", number="5.2")
    assert activity.text_cy.startswith("Mae'r heddlu'n cynnal asesiad wythnosol")
    assert activity.localised("text") == activity.text
    with translation.override("cy"):
        assert activity.localised("text") == activity.text_cy
        assert activity.objective.localised("title") == "Mynd i'r afael yn effeithiol â chwynion"
        Activity.objects.filter(pk=activity.pk).update(text_cy="")
        activity.refresh_from_db()
        assert activity.localised("text") == activity.text  # no Welsh: the English
    abbreviation = Abbreviation.objects.get(version__code="england-2008", abbreviation="BCU")
    with translation.override("cy"):
        assert abbreviation.localised("meaning") == "Uned Reoli Sylfaenol"


def test_reloading_adds_the_welsh_to_a_template_loaded_without_it() -> None:
    """Reloading the data file fills in the Welsh of a template loaded before it had any."""
    Activity.objects.filter(version__code="england-2008").update(text_cy="")
    load_template()
    assert not Activity.objects.filter(version__code="england-2008", text_cy="").exists()


def test_template_pages_show_the_welsh_on_a_welsh_page(client_for: Any) -> None:
    """An activity page in Welsh shows the Welsh text and partner types, and in English the
    English."""
    activity = Activity.objects.get(version__code="england-2008", number="2.1")
    url = reverse("catalogue:activity-detail", args=[activity.pk])
    english = client_for("bcu_lead").get(url).content.decode()
    assert "on-going dialogue with staff and students" in english
    welsh = welsh_page(client_for("bcu_lead")).get(url).content.decode()
    assert "deialog barhaus â staff a myfyrwyr" in welsh
    assert "on-going dialogue" not in welsh
    assert "Sefydliadau addysg uwch" in welsh  # the partner type's Welsh name
    dated = Activity.objects.get(version__code="england-2008", number="2.5")
    page = welsh_page(client_for("bcu_lead")).get(
        reverse("catalogue:activity-detail", args=[dated.pk])
    )
    assert "Wedi&#x27;u hyfforddi erbyn Mawrth 2009" in page.content.decode()  # its target date


def test_a_blank_checklist_in_welsh_has_the_templates_welsh(client_for: Any) -> None:
    """The blank checklist downloaded from a Welsh page gives the template's texts in Welsh, as a
    plan's checklist does; from an English page in English."""
    from preventplan.plans.checklist import LEVELS_FOR_KIND

    activity = Activity.objects.filter(
        version__code="england-2008", level__in=LEVELS_FOR_KIND["bcu"]
    ).first()
    assert activity is not None and activity.text_cy
    welsh_text, english_text = activity.text_cy.split("\n")[0][:40], activity.text[:40]
    url = reverse("plans:template-checklist", args=["bcu", "csv"])
    welsh = welsh_page(client_for("bcu_lead")).get(url).content.decode("utf-8-sig")
    assert welsh_text in welsh
    assert english_text not in welsh
    english = client_for("bcu_lead").get(url).content.decode("utf-8-sig")
    assert english_text in english


def test_milestones_are_titled_in_the_language_the_plan_is_made_in(world: World) -> None:
    """A plan made in Welsh titles its suggested milestones from the template's Welsh target
    dates (date words taken out, "erbyn" too), the defaults in Welsh; made in English, as before.
    The blank checklist in Welsh titles them likewise."""
    from preventplan.plans import checklist
    from preventplan.plans.actions import create_plan

    Plan.objects.filter(organisation=world.orgs["bcu_b1"]).delete()
    with translation.override("cy"):
        plan = create_plan(
            world.users["force_lead"],
            world.orgs["bcu_b1"],
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            threat_level=world.plans["a1"].threat_level,
        )
    titles = {a.number: [m.title for m in a.milestones.all()] for a in plan.actions.all()}
    assert titles["2.5"] == ["Wedi'u hyfforddi"]  # "Wedi'u hyfforddi erbyn Mawrth 2009"
    assert titles["1.2"] == ["Ar waith"]  # "Ar waith erbyn Rhag 2008"
    assert titles["5.6"] == ["Adolygu cynnydd"]  # no target date
    assert [m.title for m in world.action("a1", "2.5").milestones.all()] == ["Trained"]
    version = plan.template_version
    with translation.override("cy"):
        rows = {r.number: r for s in checklist.blank(version, "bcu").sections for r in s.rows}
    assert [title for title, _, _ in rows["2.5"].milestones] == ["Wedi'u hyfforddi"]


def test_a_plan_shows_the_templates_welsh_only_where_it_did_not_change_the_text(
    world: World, client_for: Any
) -> None:
    """A plan in Welsh shows the template's Welsh for an adopted activity and the plan's own
    wording for an adapted one; English pages are unchanged."""
    adopted = world.action("a1", "2.6")
    adapted = world.action("a1", "1.1")
    adapted.decision, adapted.local_text = Decision.ADAPT, "Our own wording for 1.1."
    adapted.save(update_fields=["decision", "local_text"])
    client = welsh_page(client_for("bcu_lead"))
    page = client.get(reverse("plans:action-detail", args=[adopted.pk])).content.decode()
    assert "i nodi lleoliadau neu fannau yn y gymdogaeth" in page
    page = client.get(reverse("plans:action-detail", args=[adapted.pk])).content.decode()
    assert "Our own wording for 1.1." in page
    with translation.override("cy"):
        assert adapted.localised_text == "Our own wording for 1.1."
        assert adopted.localised_text == adopted.activity.text_cy  # type: ignore[union-attr]
    with translation.override("en-gb"):
        assert adopted.localised_text == adopted.text  # English pages: as before


def test_the_bilingual_checklist_gives_both_texts(world: World, client_for: Any) -> None:
    """The bilingual checklist holds the English and the Welsh of each activity; the ordinary
    one only the page's language."""
    plan = world.plans["a1"]
    url = reverse("plans:plan-checklist", args=[plan.pk, "csv"])
    rows = list(
        csv.reader(
            io.StringIO(client_for("bcu_lead").get(url + "?language=bilingual").content.decode())
        )
    )
    activity = Activity.objects.get(version=plan.template_version, number="2.6")
    cells = [row[1] for row in rows]
    assert f"{activity.text}\n\n{activity.text_cy}" in cells
    plain = client_for("bcu_lead").get(url).content.decode()
    assert activity.text in plain and activity.text_cy not in plain
    html = client_for("bcu_lead").get(
        reverse("plans:plan-checklist", args=[plan.pk, "html"]) + "?language=bilingual"
    )
    assert "i nodi lleoliadau neu fannau yn y gymdogaeth" in html.content.decode()


def test_the_bilingual_checklist_marks_each_language(world: World, client_for: Any) -> None:
    """In the bilingual checklist (page and PDF) the Welsh carries ``lang="cy"`` on an English
    page, and the English ``lang="en-GB"`` on a Welsh page, so screen readers say each right;
    the words in the page's own language are not marked."""
    from django.utils.html import escape

    from preventplan.plans import checklist

    plan = world.plans["a1"]
    activity = Activity.objects.get(version=plan.template_version, number="2.6")
    objective = activity.objective
    english, welsh = escape(activity.text), escape(activity.text_cy)
    url = reverse("plans:plan-checklist", args=[plan.pk, "html"]) + "?language=bilingual"
    page = client_for("bcu_lead").get(url).content.decode()
    assert f'<td class="govuk-table__cell">{english}<br><br><span lang="cy">{welsh}</span>' in page
    heading = f"Objective {objective.number}: {escape(objective.title)}<br><br>"
    assert f'{heading}<span lang="cy">{escape(objective.title_cy)}</span></h2>' in page
    assert 'lang="en-GB"' not in page.split("<main")[1]
    page = welsh_page(client_for("bcu_lead")).get(url).content.decode()
    assert f'<span lang="en-GB">{english}</span><br><br>{welsh}' in page
    assert 'lang="cy"' not in page.split("<main")[1]
    sheet = checklist.from_plan(plan, bilingual=True)
    with translation.override("en-gb"):
        pdf_html = checklist.to_html(sheet)
    assert f'<td>{english}<br><br><span lang="cy">{welsh}</span>' in pdf_html
    with translation.override("cy"):
        pdf_html = checklist.to_html(checklist.from_plan(plan, bilingual=True))
    assert pdf_html.startswith('<!DOCTYPE html>\n<html lang="cy">')
    assert f'<td><span lang="en-GB">{english}</span><br><br>{welsh}' in pdf_html


# -- the Welsh variant ---------------------------------------------------------------------------
@pytest.fixture
def wales() -> TemplateVersion:
    return load_template(WALES_TEMPLATE).version


def test_the_welsh_variant_is_derived_from_the_england_plan(wales: TemplateVersion) -> None:
    """The Welsh variant is the England plan with Welsh partnership arrangements: no NI35,
    Local Service Boards and Local Health Boards, its own abbreviations and benchmark."""
    assert wales.code == "wales-2008" and wales.nation == WALES
    assert wales.derived_from == TemplateVersion.objects.get(code="england-2008", number=1)
    assert wales.activities.count() == 50
    assert wales.name_cy.startswith("Cynllun gweithredu'r heddlu — Cymru")
    for activity in wales.activities.all():
        assert "NI35" not in activity.text and "NI35" not in activity.text_cy
        assert "primary care trust" not in activity.delivery_partners_text.lower()
        assert activity.text_cy
    first = wales.activities.get(number="0.1")
    codes = set(first.delivery_partners.values_list("code", flat=True))
    assert {"local-service-board", "local-health-board"} <= codes
    assert "primary-care-trust" not in codes
    assert "Local Service Boards" in first.text
    # What the variant does not change is the England plan's, Welsh included.
    same = Activity.objects.get(version__code="england-2008", number="2.1")
    assert wales.activities.get(number="2.1").text_cy == same.text_cy
    abbreviations = set(wales.abbreviations.values_list("abbreviation", flat=True))
    assert {"LSB", "LHB"} <= abbreviations and "NI" not in abbreviations
    assert [m["number"] for m in wales.benchmark["measures"]] == [1, 2, 3, 4, 5]


def test_the_variant_loads_with_load_template_any_number_of_times(wales: TemplateVersion) -> None:
    """load_template loads the variant (and --all both) any number of times, and England keeps
    its own current template."""
    out = StringIO()
    call_command("load_template", str(WALES_TEMPLATE), stdout=out)
    assert "Checked Police implementation plan — Wales" in out.getvalue()
    out = StringIO()
    call_command("load_template", "--all", stdout=out)
    assert out.getvalue().count("Checked") == 2
    assert TemplateVersion.objects.filter(code="wales-2008").count() == 1
    # The England plan stays the current template for England.
    assert TemplateVersion.objects.current().code == "england-2008"  # type: ignore[union-attr]
    assert TemplateVersion.objects.current(WALES) == wales


def test_the_template_pages_show_the_welsh_variant_when_chosen(
    client_for: Any, wales: TemplateVersion
) -> None:
    """The template pages show the England plan until Wales is chosen, then the variant for the
    rest of the visit."""
    client = client_for("bcu_lead")
    assert (
        "England and Wales (September 2008)"
        in client.get(reverse("catalogue:objective-list")).content.decode()
    )
    page = client.get(reverse("catalogue:activity-list") + "?nation=Wales").content.decode()
    assert "Police implementation plan — Wales" in page
    # Kept for the visit: the next template page shows the variant too.
    page = client.get(reverse("catalogue:abbreviation-list")).content.decode()
    assert "Local Service Board" in page and "Primary Care Trust" not in page
    page = client.get(reverse("catalogue:objective-list") + "?nation=England").content.decode()
    assert "England and Wales (September 2008)" in page


def test_every_benchmark_activity_is_in_the_variant() -> None:
    """Each benchmark area names only activities the variant has, and has its Welsh title."""
    data = resolve(json.loads(WALES_TEMPLATE.read_text(encoding="utf-8")))
    numbers = {a["number"] for a in data["activities"]}
    for measure in data["benchmark"]["measures"]:
        assert set(measure["activities"]) <= numbers
        assert measure["title_cy"]


# -- organisations in Wales ----------------------------------------------------------------------
def welsh_force(world: World) -> tuple[Organisation, Organisation]:
    admin = world.users["national_admin"]
    nation = org_actions.create_organisation(
        admin, Organisation(name="Wales", kind=OrganisationKind.NATION, nation=WALES)
    )
    region = org_actions.create_organisation(
        admin, Organisation(name="Wales Test Region", kind=OrganisationKind.REGION, parent=nation)
    )
    force = org_actions.create_organisation(
        admin, Organisation(name="Heddlu Prawf", kind=OrganisationKind.FORCE, parent=region)
    )
    bcu = org_actions.create_organisation(
        admin, Organisation(name="BCU Prawf", kind=OrganisationKind.BCU, parent=force)
    )
    return force, bcu


def test_an_organisation_takes_its_nation_from_above(world: World, client_for: Any) -> None:
    """A BCU takes its nation from the organisations above it; England when none has one."""
    _force, bcu = welsh_force(world)
    assert bcu.template_nation() == WALES and bcu.in_wales
    page = client_for("national_admin").get(
        reverse("organisations:organisation-detail", args=[bcu.pk])
    )
    assert "Wales (the Welsh variant)" in page.content.decode()
    assert world.orgs["bcu_a1"].template_nation() == "England"
    assert not world.orgs["bcu_a1"].in_wales


def test_people_in_wales_see_the_welsh_variant_until_they_choose_otherwise(
    world: World, wales: TemplateVersion
) -> None:
    """Before any choice, the template pages and the blank checklist are the Welsh variant's for
    someone whose organisations are all in Wales; England's for everyone else."""
    from django.test import Client

    from preventplan.accounts.two_factor import SESSION_KEY
    from preventplan.organisations.models import Membership, Role

    _force, bcu = welsh_force(world)
    person = User.objects.create_user("arweinydd@test.example", "not-used", full_name="Arweinydd")
    Membership.objects.create(user=person, organisation=bcu, role=Role.BCU_LEAD)
    client = Client()
    client.force_login(person)
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    page = client.get(reverse("catalogue:objective-list")).content.decode()
    assert "Police implementation plan — Wales" in page
    sheet = client.get(reverse("plans:template-checklist", args=["bcu", "csv"]))
    assert "Local Service Board" in sheet.content.decode("utf-8-sig")
    page = client.get(reverse("catalogue:objective-list") + "?nation=England").content.decode()
    assert "England and Wales (September 2008)" in page
    english = Client()
    english.force_login(world.users["bcu_lead"])
    session = english.session
    session[SESSION_KEY] = True
    session.save()
    page = english.get(reverse("catalogue:objective-list")).content.decode()
    assert "England and Wales (September 2008)" in page


def test_plans_in_wales_adopt_the_variant_and_report_its_benchmark(
    world: World, wales: TemplateVersion
) -> None:
    """A plan in Wales adopts the Welsh variant, and the force's authority report has the Welsh
    benchmark, with figures, in place of NI35; England's keeps NI35."""
    force, bcu = welsh_force(world)
    plan = plan_actions.create_plan(
        world.users["national_admin"],
        bcu,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        threat_level=ThreatLevel.objects.get(code="substantial"),
    )
    assert plan.template_version == wales
    assert plan.actions.get(number="0.11").activity.version == wales  # type: ignore[union-attr]
    # An English BCU still adopts the England plan.
    assert world.plans["a1"].template_version.code == "england-2008"

    day = date(2026, 6, 1)
    report = builders.authority_report(force, day)
    headings = [s.heading for s in report.sections]
    assert "Welsh Prevent benchmark" in headings and "NI35 self-assessments" not in headings
    assert "NI35" not in report.sections[0].blocks[0].paragraphs[0]  # type: ignore[union-attr]
    Plan.objects.filter(pk=plan.pk).update(status="approved")
    section = next(
        s
        for s in builders.authority_report(force, day).sections
        if s.heading == "Welsh Prevent benchmark"
    )
    table = section.blocks[1]
    assert table.rows[0][:3] == [  # type: ignore[union-attr]
        "1. Partnership leadership through the Local Service Board",
        "0.1, 0.2, 0.9, 0.12",
        2,  # a BCU plan has the BCU activities 0.9 and 0.12
    ]
    with translation.override("cy"):
        headings = [s.heading for s in builders.authority_report(force, day).sections]
    assert "Meincnod Prevent Cymru" in headings
    english = [s.heading for s in builders.authority_report(world.orgs["force_a"], day).sections]
    assert "NI35 self-assessments" in english and "Welsh Prevent benchmark" not in english


# -- the demo ------------------------------------------------------------------------------------
def test_the_demo_has_a_welsh_force_with_a_plan_on_the_variant() -> None:
    """seed_demo makes the Welsh force's BCU plan on the variant, approved and part-delivered,
    and a Welsh-speaking user it prints."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    plan = Plan.objects.get(organisation__name=WELSH_BCU)
    assert plan.template_version.code == "wales-2008"
    assert plan.status == "approved"
    assert plan.actions.filter(milestones__status="complete").exists()
    assert plan.actions.filter(updates__isnull=False).exists()
    speaker = User.objects.get(email=demo_email("arweinydd.bcu"))
    assert speaker.language == "cy"
    assert "arweinydd.bcu@demo.example" in out.getvalue()
    assert "Cymraeg" in out.getvalue()


def test_transcribing_the_template_again_keeps_the_welsh_of_unchanged_texts() -> None:
    """scripts/transcribe_template.py carries each Welsh text over from the file it replaces,
    unless the English beside it changed."""
    spec = importlib.util.spec_from_file_location(
        "transcribe", DEFAULT_TEMPLATE.parents[3] / "scripts" / "transcribe_template.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    old = england()

    def english_only(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: english_only(v)
                for k, v in value.items()
                if not k.endswith("_cy") and k != "cy_review"
            }
        if isinstance(value, list):
            return [english_only(v) for v in value]
        return value

    fresh = english_only(old)
    assert json.dumps(script.keep_welsh(copy.deepcopy(fresh), old)) == json.dumps(old)
    fresh["activities"][0]["text"] = "A new wording."
    kept = script.keep_welsh(fresh, old)
    assert "text_cy" not in kept["activities"][0]
    assert kept["activities"][0]["suggested_timescale_cy"]


def test_the_activity_list_names_each_level_in_welsh(client_for: Any) -> None:
    """The level column keeps the source's FORCE / BCU headings in English and names them in
    Welsh on a Welsh page."""
    url = reverse("catalogue:activity-list")
    english = client_for("bcu_lead").get(url).content.decode()
    assert '<td class="govuk-table__cell">FORCE/BCU</td>' in english
    welsh = welsh_page(client_for("bcu_lead")).get(url).content.decode()
    assert '<td class="govuk-table__cell">Heddlu a BCU</td>' in welsh
    assert '<td class="govuk-table__cell">FORCE/BCU</td>' not in welsh
