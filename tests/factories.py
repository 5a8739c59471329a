"""Builders and helpers shared by the test modules, in one place so that no test module imports
another. Records are made through the project's own domain functions (``actions``), as a person
using the service would make them, on top of the persona world of ``tests/world.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import subprocess
import sys
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from preventplan.accounts.actions import create_api_token
from preventplan.cases.models import Case, Intervention, ReferralSource, Stage
from preventplan.catalogue.loader import DEFAULT_TEMPLATE, load_template
from preventplan.catalogue.models import TemplateVersion
from preventplan.engagement.models import (
    Channel,
    Communication,
    CommunicationKind,
    Engagement,
    EngagementKind,
    FundingSource,
    Network,
    NetworkKind,
    Post,
    PostKind,
    Project,
    Representativeness,
    Training,
)
from preventplan.engagement.models import Level as RiskLevel
from preventplan.lib.marking import Marking
from preventplan.performance import actions as performance_actions
from preventplan.performance.models import Ni35Assessment
from preventplan.plans import actions as plan_actions
from preventplan.plans.models import Action, Decision, Plan, ThreatLevel
from preventplan.programme import actions as programme_actions
from preventplan.programme.models import (
    AssessmentKind,
    AssessmentOutcome,
    Benefit,
    Board,
    BoardKind,
    ImpactAssessment,
    Meeting,
    MeetingAction,
    Risk,
    RiskCategory,
)
from preventplan.records import actions as records_actions
from preventplan.registers.models import (
    ConsequencePlan,
    DipSample,
    Grievance,
    GrievanceCategory,
    GrievanceSource,
    LearningEntry,
    LearningSource,
    LearningTheme,
    Power,
    PowersReturn,
)
from preventplan.tension.models import BcuReturn, TensionLevel
from tests.world import World


# -- plans ---------------------------------------------------------------------------------------
def approve_plan(w: World, key: str) -> Plan:
    """Put one of the world's plans in force: owners for the actions that lack one, submitted by
    its lead and approved by its force lead (dashboards count approved plans only)."""
    plan = w.plans[key]
    lead, approver = (
        (w.users["bcu_lead"], w.users["force_lead"])
        if key == "a1"
        else (w.users["other_force_lead"], w.users["other_force_lead"])
    )
    Action.objects.filter(plan=plan, owner=None).exclude(decision=Decision.NOT_APPLICABLE).update(
        owner=lead
    )
    plan_actions.submit_plan(lead, plan)
    plan.refresh_from_db()
    plan_actions.approve_plan(approver, plan)
    plan.refresh_from_db()
    return plan


# -- case reviews -------------------------------------------------------------------------------


def make_case(w: World, **overrides: Any) -> Case:
    """A case of BCU A1, owned by the BCU itself, at screening, with a review due in 2099 and
    mentoring offered; added by the BCU lead through the register's own write."""
    fields: dict[str, Any] = dict(
        bcu=w.orgs["bcu_a1"],
        agency=w.orgs["bcu_a1"],
        referral_source=ReferralSource.EDUCATION,
        referred_on=date(2026, 1, 5),
        stage=Stage.SCREENING,
        stage_on=date(2026, 1, 7),
        review_on=date(2099, 1, 1),
    )
    fields.update(overrides)
    return records_actions.save_record(
        w.users["bcu_lead"],
        Case(**fields),
        {"interventions": list(Intervention.objects.filter(code="mentoring"))},
    )


def case_protocol(
    w: World, *, review_on: date = date(2099, 1, 1), categories: str = "case-reviews"
) -> Any:
    """A signed protocol held by Force A letting the A1 forum (BCU A1 and Local Authority L)
    share case reviews, in force until ``review_on``."""
    from preventplan.sharing.models import LegalBasis, Protocol, ProtocolStatus

    protocol = Protocol.objects.create(
        reference="ISP-CASES",
        title="Case reviews with the local authority",
        owner=w.orgs["force_a"],
        scope="Case reviews",
        legal_basis=LegalBasis.CTSA_S36,
        categories=categories,
        signed_on=date(2020, 1, 1),
        review_on=review_on,
        status=ProtocolStatus.SIGNED,
    )
    protocol.partnerships.set([w.partnership])
    return protocol


def give_case_reason(client: Client, case: Case, reason: str = "review") -> None:
    """Answer "Why are you opening this case?" for ``case`` in this client's session."""
    response = client.post(reverse("cases:case-reason", args=[case.pk]), {"reason": reason})
    assert response.status_code == 302, response.status_code


# -- programme registers -------------------------------------------------------------------------


def make_risk(w: World, **overrides: Any) -> Risk:
    """A risk in BCU A1's register (R-001 first), owned by the action owner: residual 3×4."""
    fields: dict[str, Any] = dict(
        organisation=w.orgs["bcu_a1"],
        title="Loss of community confidence in Prevent",
        category=RiskCategory.COMMUNITY,
        cause="Engagement is seen as surveillance",
        effect="Partners withdraw from the forum",
        inherent_likelihood=4,
        inherent_impact=5,
        likelihood=3,
        impact=4,
        target_likelihood=2,
        target_impact=3,
        owner=w.users["action_owner"],
        review_on=date(2027, 1, 15),
    )
    fields.update(overrides)
    return records_actions.save_record(w.users["bcu_lead"], Risk(**fields))


def make_benefit(w: World, **overrides: Any) -> Benefit:
    """A benefit in BCU A1's register, owned by the action owner: from 40% towards 80%."""
    fields: dict[str, Any] = dict(
        organisation=w.orgs["bcu_a1"],
        title="Partners confident to refer concerns",
        description="Partner staff know how and when to raise a concern",
        measure="Share of trained staff who say they are confident",
        unit="%",
        baseline=Decimal("40"),
        baseline_on=date(2026, 4, 1),
        target=Decimal("80"),
        target_on=date(2027, 3, 31),
        owner=w.users["action_owner"],
        review_on=date(2027, 1, 15),
    )
    fields.update(overrides)
    return records_actions.save_record(w.users["bcu_lead"], Benefit(**fields))


def make_assessment(w: World) -> ImpactAssessment:
    """An equality impact assessment of the A1 plan, owned by the action owner."""
    return records_actions.save_record(
        w.users["bcu_lead"],
        ImpactAssessment(
            organisation=w.orgs["bcu_a1"],
            title="Equality impact of the 2026/27 plan",
            kind=AssessmentKind.EQUALITY,
            plan=w.plans["a1"],
            completed_on=date(2026, 6, 30),
            outcome=AssessmentOutcome.ADJUST,
            summary="Engagement events moved to accessible venues.",
            owner=w.users["action_owner"],
            review_on=date(2027, 6, 30),
        ),
    )


# -- community confidence registers --------------------------------------------------------------


def make_grievance(w: World, **overrides: Any) -> Grievance:
    """A grievance in BCU A1's register (G-001 first), owned by the action owner, about stops
    near the station, with Local Authority L informed."""
    fields: dict[str, Any] = dict(
        organisation=w.orgs["bcu_a1"],
        title="Concern about stops near the station",
        category=GrievanceCategory.POLICE_ACTIVITY,
        area="Station ward",
        source_type=GrievanceSource.COMMUNITY,
        raised_on=date(2026, 11, 2),
        summary="Residents at the forum feel stops near the station single out young men.",
        owner=w.users["action_owner"],
        partners_informed_on=date(2026, 11, 5),
        review_on=date(2027, 1, 15),
    )
    fields.update(overrides)
    grievance = records_actions.save_record(w.users["bcu_lead"], Grievance(**fields))
    grievance.partners_informed.set([w.orgs["la"]])
    return grievance


def make_learning(w: World, **overrides: Any) -> LearningEntry:
    """A lesson in BCU A1's log from a complaint about a Schedule 7 examination, owned by the
    action owner, not yet disseminated."""
    fields: dict[str, Any] = dict(
        organisation=w.orgs["bcu_a1"],
        title="Explain Schedule 7 before an examination starts",
        source=LearningSource.COMPLAINT,
        theme=LearningTheme.ENFORCEMENT,
        power=Power.SCHEDULE_7,
        received_on=date(2026, 10, 20),
        feedback="A traveller was not told why they had been stopped until the end.",
        learning="Officers should explain the purpose of the examination at the start.",
        owner=w.users["action_owner"],
        review_on=date(2027, 1, 15),
    )
    fields.update(overrides)
    return records_actions.save_record(w.users["bcu_lead"], LearningEntry(**fields))


def make_dip_sample(w: World, **overrides: Any) -> DipSample:
    """A dip sample of 20 CT information reports in BCU A1's register with Force A's police
    authority taking part, owned by the action owner: 15 of 20 say where the information came
    from (75%)."""
    fields: dict[str, Any] = dict(
        organisation=w.orgs["bcu_a1"],
        title="October sample of information reports",
        sampled_on=date(2026, 10, 28),
        report_type="ct-information",
        sample_size=20,
        met_graded=19,
        met_source=15,
        met_proportionate=18,
        met_factual=20,
        met_timely=17,
        failures="provenance,late",
        police_authority=w.orgs["authority_a"],
        owner=w.users["action_owner"],
        review_on=date(2027, 1, 28),
    )
    fields.update(overrides)
    return records_actions.save_record(w.users["bcu_lead"], DipSample(**fields))


def make_consequence_plan(w: World, **overrides: Any) -> ConsequencePlan:
    """A consequence management plan in BCU A1's register for a named enforcement operation,
    led by the action owner, with nothing logged yet."""
    fields: dict[str, Any] = dict(
        organisation=w.orgs["bcu_a1"],
        title="Community reassurance after Operation Larch",
        trigger="operation",
        operation_name="Operation Larch",
        area="Station ward",
        neighbourhood_input="The neighbourhood team advise briefing the mosque committee first.",
        planned_messages="Holding line for partners on the day; open meeting the week after.",
        owner=w.users["action_owner"],
        review_on=date(2027, 1, 15),
    )
    fields.update(overrides)
    return records_actions.save_record(w.users["bcu_lead"], ConsequencePlan(**fields))


def make_powers_return(w: World, **overrides: Any) -> PowersReturn:
    """Force A's Schedule 7 return for October 2026, owned by the action owner: 40 examinations,
    with Black people 3 times and Asian people 4.8 times as likely as White people to be examined
    against the baseline."""
    fields: dict[str, Any] = dict(
        organisation=w.orgs["force_a"],
        title="Schedule 7, October 2026",
        month=date(2026, 10, 1),
        power=Power.SCHEDULE_7,
        uses=40,
        arrests=1,
        other_outcomes=4,
        no_further_action=35,
        ethnicity_white=20,
        ethnicity_mixed=2,
        ethnicity_asian=12,
        ethnicity_black=3,
        ethnicity_other=1,
        ethnicity_not_stated=2,
        baseline_white=Decimal("80"),
        baseline_mixed=Decimal("3"),
        baseline_asian=Decimal("10"),
        baseline_black=Decimal("4"),
        baseline_other=Decimal("3"),
        baseline_source="2021 Census, Force A area",
        complaints=1,
        community_impact="Travellers' groups report longer waits; no wider tension.",
        owner=w.users["force_lead"],
        review_on=date(2027, 1, 15),
    )
    fields.update(overrides)
    return records_actions.save_record(w.users["force_lead"], PowersReturn(**fields))


def make_protocol(w: World, categories: str, **overrides: Any) -> Any:
    """A signed protocol held by Force A covering the A1 forum for ``categories``, in force from
    2020 to 2099 unless told otherwise."""
    from preventplan.sharing.models import LegalBasis, Protocol, ProtocolStatus

    fields: dict[str, Any] = dict(
        reference=f"ISP-{categories}",
        title="A1 forum sharing",
        owner=w.orgs["force_a"],
        scope="Sharing with the A1 forum",
        legal_basis=LegalBasis.CDA_S115,
        categories=categories,
        signed_on=date(2020, 1, 1),
        review_on=date(2099, 1, 1),
        status=ProtocolStatus.SIGNED,
    )
    fields.update(overrides)
    protocol = Protocol.objects.create(**fields)
    protocol.partnerships.set([w.partnership])
    return protocol


# -- engagement registers ------------------------------------------------------------------------


def make_a1_record(w: World, model: type[Any], **fields: Any) -> Any:
    """A record of ``model`` in BCU A1's register, owned by the action owner, added by the BCU
    lead through the register's domain function."""
    base: dict[str, Any] = dict(
        organisation=w.orgs["bcu_a1"], owner=w.users["action_owner"], review_on=date(2027, 1, 15)
    )
    return records_actions.save_record(w.users["bcu_lead"], model(**(base | fields)))


def make_network(w: World, **overrides: Any) -> Network:
    """A key individual network of BCU A1: 24 members, partly representative."""
    fields: dict[str, Any] = dict(
        title="Riverside key individual network",
        kind=NetworkKind.KIN,
        area="Riverside ward",
        members=24,
        refreshed_on=date(2026, 9, 1),
        representativeness=Representativeness.PARTLY,
        gaps="Few young people",
    )
    return make_a1_record(w, Network, **(fields | overrides))


def make_engagement(w: World, **overrides: Any) -> Engagement:
    """A youth forum held by BCU A1 in October 2026: 18 attending, feedback score 4."""
    fields: dict[str, Any] = dict(
        title="Riverside youth forum",
        kind=EngagementKind.YOUTH_FORUM,
        held_on=date(2026, 10, 14),
        area="Riverside ward",
        attendance=18,
        feedback_score=4,
        priorities="Safer routes home from the youth centre",
    )
    return make_a1_record(w, Engagement, **(fields | overrides))


def make_communication(w: World, **overrides: Any) -> Communication:
    """A communications plan item of BCU A1: a newsletter to parents, low risk of manipulation."""
    fields: dict[str, Any] = dict(
        title="Prevent explained to parents",
        kind=CommunicationKind.PLAN,
        audience="Parents in Riverside ward",
        channel=Channel.NEWSLETTER,
        message="What Prevent is, and is not, and how to ask for help",
        on=date(2026, 10, 1),
        manipulation_risk=RiskLevel.LOW,
    )
    return make_a1_record(w, Communication, **(fields | overrides))


def make_project(w: World, **overrides: Any) -> Project:
    """A PVE-funded project of BCU A1 led by Local Authority L, £12,500, not yet evaluated."""
    fields: dict[str, Any] = dict(
        title="Riverside youth mentoring",
        lead_partner=w.orgs["la"],
        funding_source=FundingSource.PVE,
        amount=Decimal("12500"),
        starts_on=date(2026, 5, 1),
        outputs="Forty young people mentored over the year",
    )
    return make_a1_record(w, Project, **(fields | overrides))


def make_post(w: World, **overrides: Any) -> Post:
    """BCU A1's single point of contact for partners, held by the action owner since May 2026."""
    fields: dict[str, Any] = dict(
        title="Single point of contact for partners", kind=PostKind.SPOC, since=date(2026, 5, 1)
    )
    return make_a1_record(w, Post, **(fields | overrides))


def make_training(w: World, **overrides: Any) -> Training:
    """BCU A1's Riverside neighbourhood team: 15 of 20 trained in Prevent awareness."""
    fields: dict[str, Any] = dict(
        title="Prevent awareness: Riverside neighbourhood team",
        course="prevent-awareness",
        team="Riverside neighbourhood team",
        team_kind="neighbourhood",
        establishment=20,
        trained=15,
        as_at=date(2026, 11, 1),
    )
    return make_a1_record(w, Training, **(fields | overrides))


# -- boards and meetings -------------------------------------------------------------------------


def make_board(w: World) -> Board:
    """A partnership forum run by BCU A1, with no members yet."""
    return programme_actions.save_board_record(
        w.users["bcu_lead"],
        Board(
            organisation=w.orgs["bcu_a1"], name="A1 Prevent forum", kind=BoardKind.PARTNERSHIP_FORUM
        ),
        "board.added",
    )


def make_meeting(w: World) -> Meeting:
    """A meeting of a new A1 board held on 2 November 2026."""
    return programme_actions.save_board_record(
        w.users["bcu_lead"],
        Meeting(board=make_board(w), held_on=date(2026, 11, 2)),
        "meeting.added",
    )


def make_meeting_action(w: World) -> MeetingAction:
    """An action agreed at a new meeting, for the action owner, due on 5 December 2026."""
    return programme_actions.save_board_record(
        w.users["bcu_lead"],
        MeetingAction(
            meeting=make_meeting(w),
            text="Confirm attendance figures",
            owner=w.users["action_owner"],
            due_on=date(2026, 12, 5),
        ),
        "meeting.action-agreed",
    )


# -- performance ---------------------------------------------------------------------------------


def start_ni35(w: World, persona: str = "partner_user") -> Ni35Assessment:
    """A draft annual NI35 self-assessment of the A1 forum for the year ending March 2027."""
    return performance_actions.start_assessment(
        w.users[persona], w.partnership, date(2027, 3, 31), "annual", date(2026, 11, 1)
    )


# -- the template --------------------------------------------------------------------------------


def load_template_version_2(directory: Path) -> TemplateVersion:
    """Version 2 of the template: 2.4 reworded, 2.6 removed, a new BCU activity 2.8, and 1.1's
    other objectives changed to 2 and 4. The file is written in ``directory``."""
    data = json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))
    data["version"] = 2
    data["name"] = "Police implementation plan — test revision"
    rows = {a["number"]: a for a in data["activities"]}
    rows["2.4"]["text"] = "A liaison officer is available to every school and college."
    rows["1.1"]["other_objectives"] = [2, 4]
    del rows["2.6"]
    new = dict(
        rows["2.7"],
        number="2.8",
        text="BCU works with online platforms to report extremist content.",
    )
    rows["2.8"] = new
    data["activities"] = list(rows.values())
    path = directory / "v2.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_template(path).version


# -- clients -------------------------------------------------------------------------------------


def api_client(w: World, persona: str) -> Client:
    """A client that calls the API with a new bearer token of the persona's."""
    _, key = create_api_token(w.users[persona], "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def sign_in(client: Client, email: str, password: str, ip: str = "10.0.0.1", **headers: str) -> Any:
    """Post the sign-in form from the address ``ip``; the response is the form or a redirect."""
    post: Any = client.post  # extra WSGI variables, which the stubs do not describe
    return post(
        reverse("accounts:sign-in"),
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def parallel_sign_in_claims(email: str, ip: str, n: int) -> int:
    """``n`` threads, each on its own database connection, released together, each counting one
    sign-in attempt for ``email`` from ``ip``; returns how many were let through. Every thread's
    work is committed (it is outside the test's transaction)."""
    from django.db import connections

    from preventplan.accounts import throttle

    barrier = threading.Barrier(n)
    allowed: list[bool] = []

    def attempt() -> None:
        try:
            barrier.wait()
            allowed.append(throttle.claim(email, ip) is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(allowed) == n, "a thread failed"
    return sum(allowed)


# -- PDF -----------------------------------------------------------------------------------------


def weasyprint_available() -> bool:
    """Whether WeasyPrint can load (it needs the Pango library from the operating system)."""
    try:
        import weasyprint  # noqa: F401  (imported only to learn whether Pango loads)
    except OSError:  # the Pango library is missing
        return False
    return True


# CI (REQUIRE_BROWSER=1) installs Pango, so there a missing library fails the PDF tests.
needs_pdf = pytest.mark.skipif(
    not weasyprint_available() and os.environ.get("REQUIRE_BROWSER") != "1",
    reason="PDF export needs the Pango library (apt-get install libpango-1.0-0)",
)


def text_of(pdf: bytes) -> str:
    """The text of every page of a PDF, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def risk_post(w: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": w.orgs["bcu_a1"].pk,
        "title": "Partners withdraw",
        "category": RiskCategory.PARTNERSHIP,
        "cause": "Funding ends",
        "effect": "Fewer referrals",
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "controls": "Quarterly forum",
        "likelihood": 3,
        "impact": 3,
        "target_likelihood": 2,
        "target_impact": 2,
        "actions": [w.action("a1", "3.1").pk],
        "owner": w.users["action_owner"].pk,
        "review_on": "31 1 2027",
        "marking": Marking.OFFICIAL,
        "status": "open",
    }
    data.update(overrides)
    return data


def dip_sample_body(w: World, **overrides: Any) -> dict[str, Any]:
    """A valid API body adding a dip sample of 10 information reports, all meeting every
    standard, to BCU A1's register."""
    return {
        "organisation_id": w.orgs["bcu_a1"].pk,
        "title": "November sample",
        "sampled_on": "2026-11-20",
        "report_type": "ct-information",
        "sample_size": 10,
        "met_graded": 10,
        "met_source": 10,
        "met_proportionate": 10,
        "met_factual": 10,
        "met_timely": 10,
        "review_on": "2027-01-28",
        "marking": "OFFICIAL",
        "status": "open",
    } | overrides


def risk_body(w: World, **overrides: Any) -> dict[str, Any]:
    """A valid API body adding a risk to BCU A1's register (mitigated by action 3.1)."""
    body: dict[str, Any] = {
        "organisation_id": w.orgs["bcu_a1"].pk,
        "title": "Partners withdraw from the forum",
        "category": "partnership",
        "cause": "Funding ends",
        "effect": "Fewer concerns raised early",
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "likelihood": 3,
        "impact": 3,
        "target_likelihood": 2,
        "target_impact": 2,
        "mitigating_action_ids": [w.action("a1", "3.1").pk],
        "owner_id": w.users["action_owner"].pk,
        "review_on": "2027-01-31",
        "marking": "OFFICIAL",
        "status": "open",
    }
    return body | overrides


# -- tension ----------------------------------------------------------------------------------
WEEK = date(2026, 11, 23)  # a Monday


def tension_url(name: str, org: Any, week: date = WEEK, *extra: str) -> str:
    return reverse(f"tension:{name}", args=[org.pk, week.isoformat(), *extra])


def shared_tension_return(w: World) -> BcuReturn:
    """BCU A1's submitted return for WEEK, its Experienced section shared with the A1 forum under
    a tension protocol in force."""
    from preventplan.tension import actions as tension_actions
    from preventplan.tension.models import IndicatorType

    make_protocol(w, "tension", reference="ISP-TENSION")
    lead = w.users["bcu_lead"]
    ret = tension_actions.start(lead, BcuReturn, w.orgs["bcu_a1"], WEEK)
    level = TensionLevel.objects.get(position=2)
    ret.experienced, ret.evidential, ret.potential = "Calm", "Rumours online", "March planned"
    ret.experienced_level = ret.evidential_level = ret.potential_level = level
    ret.overall_level, ret.trend = level, "stable"
    counts = {IndicatorType.objects.get(code="protests"): 2}
    tension_actions.save_draft(lead, ret, ret.version, counts=counts)
    tension_actions.submit(lead, ret)
    BcuReturn.objects.filter(pk=ret.pk).update(share_sections="experienced")
    ret.shared_with.set([w.partnership])
    return ret


def tension_form_data(w: World, ret: BcuReturn, **overrides: Any) -> dict[str, Any]:
    level = TensionLevel.objects.get(position=2).pk
    data: dict[str, Any] = {
        "experienced": "Two incidents near the market",
        "experienced_level": level,
        "evidential": "Feedback from community contacts",
        "evidential_level": level,
        "potential": "A march next week",
        "potential_level": level,
        "overall_level": level,
        "trend": "rising",
        "count_hate-crimes": "3",
        "count_protests": "1",
        "version": ret.version,
    }
    data.update(overrides)
    return data


# -- the app in another process, with production settings -------------------------------------
ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    drop = {"DEBUG", "DATABASE_URL", "SECRET_KEY", "AUDIT_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(64),
        AUDIT_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="preventplan.example",
        SITE_URL="https://preventplan.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


# -- plan imports --------------------------------------------------------------------------------
def csv_file(*rows: list[str]) -> bytes:
    """A CSV upload made of the given rows."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def next_year_plan(world: World) -> Plan:
    """A new draft for BCU A1's next year, just started from the template: every action not
    reviewed."""
    a1 = world.plans["a1"]
    return plan_actions.create_plan(
        world.users["bcu_lead"],
        world.orgs["bcu_a1"],
        period_start=a1.period_start.replace(year=a1.period_start.year + 1),
        period_end=a1.period_end.replace(year=a1.period_end.year + 1),
        threat_level=ThreatLevel.objects.get(code="substantial"),
        partnership=world.partnerships["a1"],
    )
