"""The personal-data guard (docs/principles.md, docs/privacy.md): what it catches, what ordinary
programme text it lets through, and that every form, API write and import uses it."""

from __future__ import annotations

import copy
import csv
import importlib
import io
import json
import pkgutil
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

import preventplan
from preventplan.accounts.actions import create_api_token
from preventplan.lib.forms import GovukFormMixin, is_free_text, is_guarded
from preventplan.lib.privacy import find_personal_data, no_personal_data
from preventplan.performance.models import Ni35StrandScore
from preventplan.plans import importer
from preventplan.plans.models import Action, Evidence, Milestone, PlanImport, ProgressUpdate
from preventplan.programme.models import Meeting, Risk
from preventplan.tension.models import BcuReturn
from tests.factories import make_board, risk_post, tension_url
from tests.factories import start_ni35 as start
from tests.factories import tension_form_data as form_data
from tests.world import World

ROOT = Path(__file__).resolve().parent.parent

# -- the patterns ---------------------------------------------------------------------------------
CAUGHT = [
    # postcodes, any separator or none
    ("Lives at NM1 2AB", "a postcode"),
    ("NM1-2AB", "a postcode"),
    ("nm12ab", "a postcode"),
    ("SW1A 1AA", "a postcode"),
    ("EC1A.1BB", "a postcode"),
    ("B33 8TH", "a postcode"),
    # telephone numbers, any separators
    ("Call 0161 496 0000", "a telephone number"),
    ("0161.496.0000", "a telephone number"),
    ("(0161) 496-0000", "a telephone number"),
    ("+44 (0)161 496 0000", "a telephone number"),
    ("mobile 07700 900123", "a telephone number"),
    ("+447700900123", "a telephone number"),
    ("020 7946 0000", "a telephone number"),
    # dates of birth
    ("b. 1/2/1985", "a date of birth"),
    ("DOB 01/02/1985", "a date of birth"),
    ("d.o.b. 1 Feb 1985", "a date of birth"),
    ("born 1 February 1985", "a date of birth"),
    ("born in 1985", "a date of birth"),
    ("born on the 1st of February 1985", "a date of birth"),
    ("his date of birth is known", "a date of birth"),
    # National Insurance numbers
    ("QQ123456C", "a National Insurance number"),
    ("NI QQ 12 34 56 C", "a National Insurance number"),
    ("qq123456c", "a National Insurance number"),
    # e-mail addresses of non-staff
    ("contact jo.bloggs@gmail.com", "an e-mail address"),
    ("someone@hotmail.co.uk", "an e-mail address"),
    # names with a title
    ("Mr Smith attended", "a person’s name with a title"),
    ("Mrs. A. Khan", "a person’s name with a title"),
    ("spoke to Ms Jones", "a person’s name with a title"),
    ("Miss O'Neill", "a person’s name with a title"),
    ("Dr Patel", "a person’s name with a title"),
    ("Mx Taylor", "a person’s name with a title"),
    ("MR SMITH", "a person’s name with a title"),
]

ORDINARY = [
    "NM1",
    "Engagement across the NM1 area and Riverside ward",
    "2009–2010",
    "In 2009-2010 the forum met six times",
    "£10,000 of PVE funding",
    "1,234,567 leaflets",
    "0.10",
    "Activities 3.1–3.3 are tracked as actions",
    "Activities 0.1 0.2 0.3 0.4 0.5 and 0.10 are in place",
    "Risk R-001 and protocol ISP-2009-01, indicator PV-01",
    "PV-07 2026-07-01: 75",
    "week 07",
    "Attendance rose to 45%",
    "Meeting at 09:30, and again 09.00-10.00 11.00-12.00",
    "by 31/03/2009",
    "due 5 March 2009",
    "Reviewed 01.02.2009-03.04.2010",
    "From 01 04 2026 - 31 03 2027",
    "For example, 31 3 2027",
    "Ten young people aged 14-17; one aged 17",
    "KS2 3rd year pupils; Q1 2nd review",
    "Mr and Mrs",
    "Meeting held on MS Teams",
    "Sent to bcu.lead@demo.example and Prevent@acpo.pnn.police.uk",
    "copied to prevent@northmoor.gov.uk",
    "up 12 34 56 a",
    "NI35 self-assessment",
    "Chief Constable Sir Norman Bettison, ACPO PREVENT Lead",
    "The 2009/10 plan and Q3 2009/10",
    "Local action 2.L1",
    "Posters give the Anti-Terrorist Hotline 0800 789 321 and 0300 123 4567",
]

# Real sentences from the seed document (the 2008 Summary for Partners), with their activity
# numbers, timescales, page references and the one e-mail address it gives.
SEED = [
    "In April 2008, the Association of Chief Police Officers (ACPO), published The Policing "
    "Response to the Prevention of Terrorism and Violent Extremism.",
    "This is due to come into effect in April 2009 and will look across the police and others "
    "responsible for local public services (<http://www.audit-commission.gov.uk/caa/index.asp>).",
    "For further information on any aspect of this document, or on the national policing "
    "response to Prevent more generally please e-mail Prevent@acpo.pnn.police.uk.",
    "Objective 2: Disrupt Those Who Promote Violent Extremism And Strengthen Vulnerable "
    "Institutions\t11",
    "0.2\tForce, working with the police authority, ensures there is a Prevent lead in each BCU "
    "who is accountable for the embedding of police Prevent activities on each BCU, particularly "
    "through neighbourhood policing.\tOctober 2008\tBCUs, police authority.",
    "0.12\tBCU supports the local authority and other partners to develop a strategy for the use "
    'of "Prevent Violent Extremism" funding in support of the Prevent strategy.\tOngoing\tLocal '
    "authority, local partnership forum.",
    "1.1\tNeighbourhood policing teams, supported by CTU/CTIU, develop knowledge of local faith "
    "groups and community groups.\t2,3,4\tOct 2008\tCTU/CTIU, local authority, faith groups",
    "2.7\tBCU, working with the CTU/CTIU, supports local authority to advise local organisations "
    "and communities about how they may be vulnerable to violent extremism.\t3,4\tFeb 2009",
    "3.3\tIn support of 3.1, a process is in place to keep the progress of individual cases "
    "under review and assess and manage risk following interventions.\t\tMarch 2009\t",
    "4.2\tBCU has in place a broad and ongoing community engagement strategy on Prevent.\t5\t"
    "Strategy in place by Jan 2009.\tCommunity/faith groups, local authority",
    "5.3\tForce Prevent lead oversees a process to monitor the quantity and quality of Schedule 7 "
    "Port TACT Examinations, S33 TACT cordons, S44 & S43 TACT stops.\t6\tMarch 2009",
    "7.4\tForce/BCU ensures that the style, language and content of communications are "
    "appropriate for the audience.\t1,2,4,5\tMarch 2009\tSee 7.3.",
    "11. At a local level, BCUs, together with local authorities and other partners are expected "
    "to play a key role. Programmes should be in place by January 2009. Paragraphs 11 to 17 ",
]


@pytest.mark.parametrize(("text", "what"), CAUGHT)
def test_personal_data_is_caught(text: str, what: str) -> None:
    """Each form of each kind of personal data is recognised and described."""
    assert find_personal_data(text) == what


@pytest.mark.parametrize("text", ORDINARY + SEED)
def test_ordinary_programme_text_passes(text: str) -> None:
    """Areas, years, ranges, amounts, activity numbers, references, due dates, ages, staff
    e-mail addresses and the seed document's own sentences are not personal data."""
    assert find_personal_data(text) is None


def test_every_template_text_passes() -> None:
    """Every string of the national template (activity texts, timescales, partners,
    abbreviations) passes: they are what plans are made of."""
    data = json.loads(
        (ROOT / "preventplan/catalogue/data/template-england-2008-v1.json").read_text()
    )
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    assert len(texts) > 200
    assert [(t[:80], find_personal_data(t)) for t in texts if find_personal_data(t)] == []


def test_staff_email_domains_are_configurable(settings: Any) -> None:
    """Addresses in a staff domain or its subdomains pass; others are refused; the setting
    decides."""
    assert find_personal_data("lead@northmoor.police.uk") is None
    assert find_personal_data("lead@police.uk.example.com") == "an e-mail address"
    settings.STAFF_EMAIL_DOMAINS = ["northmoor.example"]
    assert find_personal_data("x@northmoor.example") is None
    assert find_personal_data("x@schools.northmoor.example") is None
    assert find_personal_data("lead@northmoor.police.uk") == "an e-mail address"


def test_validator_message_names_the_field_and_the_kind() -> None:
    """The message says which field, what looked personal and what to do instead."""
    with pytest.raises(forms.ValidationError) as caught:
        no_personal_data("Meet at NM1-2AB", "Narrative")
    assert caught.value.messages == [
        "Narrative must not contain a postcode – give the area or ward instead"
    ]


def test_long_text_is_checked_up_to_the_cap() -> None:
    """Text longer than any field allows is checked only up to the cap (fields refuse it by
    length first), so a huge post cannot make the check slow."""
    assert find_personal_data("x " * 10_000 + "NM1 2AB") is None
    assert find_personal_data("x " * 9_000 + "NM1 2AB") == "a postcode"


# -- every form -----------------------------------------------------------------------------------
# Every opted-out field, reviewed. "unchecked" fields are not checked at all; "names" fields may
# hold a staff member's or office holder's name with a title but nothing else personal. Each is
# explained in docs/privacy.md.
OPTED_OUT = {
    ("SignInForm", "username", "unchecked"),
    ("TwoFactorCodeForm", "code", "unchecked"),
    ("TwoFactorSetupForm", "code", "unchecked"),
    ("ReauthenticateForm", "code", "unchecked"),
    ("ScheduleForm", "notify", "unchecked"),
    ("OrganisationForm", "name", "names"),
    ("OrganisationForm", "short_name", "names"),
    ("PartnershipForm", "name", "names"),
    ("InviteForm", "full_name", "names"),
    ("AcceptInvitationForm", "full_name", "names"),
    ("AcceptInvitationForm", "job_title", "names"),
    ("MemberForm", "name", "names"),
    ("AuditFilterForm", "q", "names"),
}


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project (every module imported first)."""
    for info in pkgutil.walk_packages(preventplan.__path__, "preventplan."):
        if ".migrations" in info.name or info.name.endswith(("urls", "wsgi", "__main__")):
            continue
        importlib.import_module(info.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("preventplan.") and sub not in found:
                found.append(sub)
    return found


def test_every_free_text_field_of_every_form_is_guarded_or_opted_out() -> None:
    """Walk every form class: each has the guard (GovukFormMixin), each free-text field is
    checked unless opted out, the opt-outs are exactly the reviewed list and each is documented.
    A new form or field cannot forget the guard."""
    classes = project_form_classes()
    assert len(classes) > 40
    opted_out: set[tuple[str, str, str]] = set()
    for cls in classes:
        fields = cls.base_fields  # type: ignore[attr-defined]
        if not issubclass(cls, GovukFormMixin):
            prose = [n for n, f in fields.items() if is_free_text(f)]
            assert prose == [], f"{cls.__name__} has free text but no guard (GovukFormMixin)"
            continue
        for name in cls.personal_data_allowed:
            assert name in fields, f"{cls.__name__}.personal_data_allowed names {name}"
            opted_out.add((cls.__name__, name, "unchecked"))
        for name in cls.person_names_allowed:
            assert name in fields, f"{cls.__name__}.person_names_allowed names {name}"
            opted_out.add((cls.__name__, name, "names"))
        # The form as validation sees it (constructors differ; the hook is in full_clean).
        form = cls.__new__(cls)
        form.fields = copy.deepcopy(fields)
        form.is_bound = False
        form.renderer = None  # type: ignore[assignment]
        form.full_clean()
        for name, field in form.fields.items():
            if not is_free_text(field) or name in cls.personal_data_allowed:
                continue
            assert is_guarded(field), f"{cls.__name__}.{name} is not guarded"
            with pytest.raises(forms.ValidationError):
                field.clean("Call 07700 900123")
            if name in cls.person_names_allowed:
                field.clean("Dr Patel")
    assert opted_out == OPTED_OUT
    docs = (ROOT / "docs/privacy.md").read_text()
    for cls_name, name, _ in OPTED_OUT:
        assert f"`{cls_name}.{name}`" in docs, f"{cls_name}.{name} is not in docs/privacy.md"


def test_fields_added_after_init_are_guarded_too() -> None:
    """A field a form adds in its own ``__init__`` (after the mixin's) is checked when the form
    is validated."""

    class Late(GovukFormMixin, forms.Form):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["late"] = forms.CharField(label="Late notes")

    form = Late({"late": "Spoke to Mr Smith"})
    assert not form.is_valid()
    assert form.errors["late"] == [
        "Late notes must not contain a person’s name with a title – refer to people by their "
        "role, not their name"
    ]


# -- a form per area refuses and saves nothing ----------------------------------------------------
TODAY = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def errors_of(response: Any) -> str:
    assert response.status_code in (200, 422), response.status_code
    return str(response.content.decode())


@time_machine.travel(TODAY, tick=False)
def test_progress_update_with_personal_data_is_refused(world: World, client_for: Any) -> None:
    """The reported case: a progress update naming a person with their date of birth, address,
    telephone and NI number is refused with the field named; nothing is recorded."""
    action = world.action("a1", "3.1")
    response = client_for("action_owner").post(
        reverse("plans:progress-create", args=[action.pk]),
        {
            "reported_on": "20 11 2026",
            "rag": "amber",
            "narrative": "Referral for Mr Ali Khan, DOB 01/02/2007, 12 High St NM1 2AB, "
            "07700 900123, QQ123456C",
        },
    )
    assert (
        "Progress must not contain a person’s name with a title – refer to people by their role"
        in errors_of(response)
    )
    assert not ProgressUpdate.objects.filter(action=action).exists()


def test_action_edit_with_personal_data_is_refused(world: World, client_for: Any) -> None:
    """Local wording with a telephone number is refused; the action is unchanged."""
    action = world.action("a1", "2.4")
    response = client_for("bcu_lead").post(
        reverse("plans:action-edit", args=[action.pk]),
        {
            "decision": "adapt",
            "local_text": "Ring the youth worker on 0161.496.0000",
            "not_applicable_reason": "",
            "owner": "",
            "evaluation": "",
            "version": action.version,
        },
    )
    assert "Local wording must not contain a telephone number" in errors_of(response)
    action.refresh_from_db()
    assert (action.decision, action.local_text) == ("adopt", "")


def test_milestone_with_personal_data_is_refused(world: World, client_for: Any) -> None:
    """A milestone naming a member of the public is refused; no milestone is added."""
    action = world.action("a1", "3.1")
    before = Milestone.objects.count()
    response = client_for("bcu_lead").post(
        reverse("plans:milestone-create", args=[action.pk]),
        {"title": "Visit Mrs. A. Khan", "due_date": "31 1 2027", "status": "not-started"},
    )
    assert "Milestone must not contain a person’s name with a title" in errors_of(response)
    assert Milestone.objects.count() == before


@time_machine.travel(date(2026, 11, 29), tick=False)
def test_risk_with_personal_data_is_refused(world: World, client_for: Any) -> None:
    """A risk whose cause gives a date of birth is refused; no risk is added."""
    response = client_for("bcu_lead").post(
        reverse("programme:risk-create"),
        risk_post(world, cause="Young man born 3 March 2008 at risk"),
    )
    assert "Cause must not contain a date of birth" in errors_of(response)
    assert not Risk.objects.exists()


@time_machine.travel(date(2026, 11, 29), tick=False)
def test_meeting_minutes_with_personal_data_are_refused(world: World, client_for: Any) -> None:
    """Minutes with a non-staff e-mail address are refused; no meeting is added."""
    board = make_board(world)
    response = client_for("bcu_lead").post(
        reverse("programme:meeting-create", args=[board.pk]),
        {"held_on": "20 11 2026", "status": "held", "minutes": "Write to parent@gmail.com"},
    )
    assert "Summary of the minutes must not contain an e-mail address" in errors_of(response)
    assert not Meeting.objects.exists()


@time_machine.travel(date(2026, 11, 29), tick=False)
def test_ni35_evidence_with_personal_data_is_refused(world: World, client_for: Any) -> None:
    """NI35 strand evidence with a National Insurance number is refused; the score is
    unchanged."""
    assessment = start(world)
    score = assessment.scores.get(strand__number=1)
    response = client_for("partner_user").post(
        reverse("performance:ni35-strand", args=[assessment.pk, 1]),
        {"score": 3, "evidence": "Case QQ 12 34 56 C supported", "version": score.version},
    )
    assert "Evidence must not contain a National Insurance number" in errors_of(response)
    assert Ni35StrandScore.objects.get(pk=score.pk).evidence == ""


@time_machine.travel(TODAY, tick=False)
def test_tension_narrative_with_personal_data_is_refused(world: World, client_for: Any) -> None:
    """A tension narrative with a hyphenated postcode (which passed before) is refused."""
    client = client_for("bcu_lead")
    bcu = world.orgs["bcu_a1"]
    client.post(tension_url("bcu-start", bcu), {})
    ret = BcuReturn.objects.get()
    response = client.post(
        tension_url("bcu-edit", bcu), form_data(world, ret, experienced="Graffiti at NM1-2AB")
    )
    assert "Experienced must not contain a postcode – give the area or ward instead" in (
        errors_of(response)
    )
    ret.refresh_from_db()
    assert ret.experienced == ""


def test_staff_names_are_allowed_where_opted_in_but_not_contact_details(
    world: World, client_for: Any
) -> None:
    """An invitation may name a member of staff with a title, but a telephone number in the
    name is still refused."""
    url = reverse("organisations:invite", args=[world.orgs["bcu_a1"].pk])
    client = client_for("force_lead")
    refused = client.post(
        url, {"email": "new@test.example", "full_name": "07700 900123", "role": "bcu-lead"}
    )
    assert "Full name must not contain a telephone number" in errors_of(refused)
    accepted = client.post(
        url, {"email": "new@test.example", "full_name": "Dr Jo Patel", "role": "bcu-lead"}
    )
    assert accepted.status_code == 302


# -- evidence uploads -----------------------------------------------------------------------------
@time_machine.travel(TODAY, tick=False)
def test_evidence_upload_needs_the_confirmation(
    world: World, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    """The page warns against documents that identify people; a file without the tick-box is
    refused with the error on the box; a file name that looks personal is refused; with both
    right the evidence is kept."""
    settings.MEDIA_ROOT = tmp_path
    action = world.action("a1", "3.1")
    url = reverse("plans:progress-create", args=[action.pk])
    client = client_for("action_owner")
    assert "Do not upload documents that identify members of the public" in (
        client.get(url).content.decode()
    )

    def post(name: str, **extra: str) -> Any:
        return client.post(
            url,
            {
                "reported_on": "20 11 2026",
                "rag": "green",
                "narrative": "Panel met",
                "evidence_file": SimpleUploadedFile(name, b"%PDF-1.4\n"),
                "evidence_title": "Panel minutes",
                **extra,
            },
        )

    unticked = errors_of(post("minutes.pdf"))
    assert 'id="id_evidence_confirmed-error"' in unticked
    assert "Confirm that the file does not identify any member of the public" in unticked
    named = errors_of(post("Referral Mr Smith.pdf", evidence_confirmed="on"))
    assert "The file name must not contain a person’s name with a title" in named
    described = errors_of(
        post("minutes.pdf", evidence_confirmed="on", evidence_title="Letter to Ms Jones")
    )
    assert "What the evidence is must not contain a person’s name with a title" in described
    assert not ProgressUpdate.objects.filter(action=action).exists()
    assert not Evidence.objects.exists()
    assert post("minutes.pdf", evidence_confirmed="on").status_code == 302
    assert Evidence.objects.get().original_name == "minutes.pdf"


# -- the API --------------------------------------------------------------------------------------
def api_client(world: World, persona: str) -> Client:
    _, key = create_api_token(world.users[persona], "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_api_write_with_personal_data_is_refused(world: World) -> None:
    """A local action or an action change with personal data is refused with 422 naming the
    field, in the same shape as the API's other validation errors; nothing changes."""
    client = api_client(world, "bcu_lead")
    plan = world.plans["a1"]
    before = plan.actions.count()
    refused = client.post(
        f"/api/v1/plans/{plan.pk}/actions",
        {"objective": 3, "text": "Mentoring for Miss O'Neill"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    [error] = refused.json()["detail"]
    assert error["loc"][-1] == "text" and error["type"] == "personal_data"
    assert error["msg"] == (
        "text must not contain a person’s name with a title – refer to people by their role, "
        "not their name"
    )
    too_long = client.post(
        f"/api/v1/plans/{plan.pk}/actions",
        {"objective": 3, "text": "x" * 5001},
        content_type="application/json",
    )
    assert too_long.status_code == 422
    assert set(too_long.json()["detail"][0]) >= set(error) - {"ctx"}
    assert plan.actions.count() == before
    action = world.action("a1", "2.4")
    patched = client.patch(
        f"/api/v1/plans/{plan.pk}/actions/{action.pk}",
        {"version": action.version, "evaluation": "Ask parent@hotmail.co.uk"},
        content_type="application/json",
    )
    assert patched.status_code == 422
    assert patched.json()["detail"][0]["loc"][-1] == "evaluation"
    action.refresh_from_db()
    assert action.evaluation == ""


# -- the plan import ------------------------------------------------------------------------------
def csv_file(*rows: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@time_machine.travel(date(2026, 11, 29), tick=False)
def test_import_with_personal_data_is_refused_row_by_row(world: World, client_for: Any) -> None:
    """Each cell the plan would keep is checked: each failure is an error naming the row and
    column, nothing is applied, and the uploaded file is not kept."""
    plan = world.plans["a1"]
    content = csv_file(
        ["No.", "Decision", "Local wording", "Evaluation", "Milestones"],
        ["2.4", "Adapt", "Schools in the NM1 area", "", ""],
        ["2.5", "Adapt", "Call 0161 496 0000", "", ""],
        ["2.6", "", "", "Feedback from Mr Smith", "Visit b. 1/2/2008 — 31/01/2027"],
    )
    result = importer.build_preview(plan, "plan.csv", content)
    assert [str(e) for e in result.errors] == [
        "Row 3, Local wording: This cell must not contain a telephone number – this record must "
        "not hold personal data",
        "Row 4, Evaluation: This cell must not contain a person’s name with a title – refer to "
        "people by their role, not their name",
        "Row 4, Milestones: This cell must not contain a date of birth – this record must not "
        "hold personal data",
    ]
    client = client_for("bcu_lead")
    response = client.post(
        reverse("plans:plan-import", args=[plan.pk]),
        {"file": SimpleUploadedFile("plan.csv", content)},
    )
    page = client.get(response["Location"])
    assert page.status_code == 422
    assert "Row 3, Local wording: This cell must not contain a telephone number" in (
        page.content.decode()
    )
    assert not PlanImport.objects.exists()
    assert Action.objects.get(plan=plan, number="2.4").local_text == ""


def test_import_file_name_with_personal_data_is_refused(world: World, client_for: Any) -> None:
    """A file name that looks personal is refused before the file is kept (names are kept in
    the plan's history)."""
    response = client_for("bcu_lead").post(
        reverse("plans:plan-import", args=[world.plans["a1"].pk]),
        {"file": SimpleUploadedFile("plan NM1 2AB.csv", csv_file(["No.", "RAG"], ["2.4", "A"]))},
    )
    assert "The file name must not contain a postcode" in errors_of(response)
    assert not PlanImport.objects.exists()
    with pytest.raises(importer.ImportFileError, match="The file name must not contain"):
        importer.build_preview(world.plans["a1"], "Mr Smith.csv", b"No.,RAG\n2.4,A\n")


# -- the demo data ----------------------------------------------------------------------------------
SECRETS = {"password", "key_hash", "secret", "stored_name"}
# Hex digests of the audit chain: not text, and a run of digits in one can look like a number.
DIGESTS = {"hash", "previous_hash", "last_hash"}


def test_demo_data_holds_nothing_the_guard_refuses(world: World) -> None:
    """The demo loads, and no text it stores, in any model, looks like personal data."""
    call_command("seed_demo", stdout=StringIO())
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("preventplan."):
            continue
        names = [
            f.name
            for f in model._meta.fields
            if isinstance(f, models.CharField | models.TextField)
            and not isinstance(f, models.EmailField | models.URLField | models.SlugField)
            and f.name not in SECRETS | DIGESTS
        ]
        for row in model._default_manager.values_list(*names) if names else []:
            for name, value in zip(names, row, strict=True):
                if value and find_personal_data(value):
                    found.append((model.__name__, name, value[:80], find_personal_data(value)))
    assert found == []
