"""Local action plans: adopting the template, deciding, delivering, the lifecycle, work lists."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.catalogue.models import Activity
from preventplan.plans import actions as plan_actions
from preventplan.plans.models import (
    Action,
    Decision,
    Evidence,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanChange,
    PlanStatus,
    ThreatLevel,
)
from tests.factories import approve_plan
from tests.world import PERIOD, World

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(date(2026, 11, 29), tick=False):
        yield


def numbers(plan: Plan) -> set[str]:
    return set(plan.actions.values_list("number", flat=True))


def test_adoption_takes_activities_at_the_bcu_level(world: World) -> None:
    """A BCU plan holds every BCU and FORCE/BCU activity and no FORCE one."""
    plan = world.plans["a1"]
    expected = set(
        Activity.objects.filter(
            version=plan.template_version, level__in=["BCU", "FORCE/BCU"]
        ).values_list("number", flat=True)
    )
    assert numbers(plan) == expected
    assert (
        {"0.9", "2.3", "7.5"} <= numbers(plan)
        and "6.1" not in numbers(plan)
        and "0.1" not in numbers(plan)
    )
    assert plan.template_version.number == 1


def test_force_plan_takes_force_level(world: World) -> None:
    """A force plan holds every FORCE and FORCE/BCU activity and no BCU one."""
    plan = plan_actions.create_plan(
        world.users["force_lead"],
        world.orgs["force_a"],
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        threat_level=ThreatLevel.objects.get(code="low"),
    )
    expected = set(
        Activity.objects.filter(
            version=plan.template_version, level__in=["FORCE", "FORCE/BCU"]
        ).values_list("number", flat=True)
    )
    assert numbers(plan) == expected
    assert len(expected) == 27  # 15 FORCE and 12 FORCE/BCU activities
    assert {"0.1", "6.1", "2.3"} <= expected and "0.9" not in expected


def test_suggested_partners_and_milestones(world: World) -> None:
    """Partners come from the partnership by partner type; milestones from the timescale."""
    a = world.action("a1", "3.1")
    assert list(a.delivery_partners.values_list("name", flat=True)) == ["Local Authority L"]
    assert [(m.title, m.due_date) for m in world.action("a1", "2.5").milestones.all()] == [
        ("Trained", date(2026, 10, 31))
    ]
    assert [(m.title, m.due_date) for m in world.action("a1", "5.6").milestones.all()] == [
        ("Review progress", PERIOD[1])
    ]
    assert sorted(a.other_objectives.values_list("number", flat=True)) == []
    assert sorted(world.action("a1", "1.1").other_objectives.values_list("number", flat=True)) == [
        2,
        3,
        4,
    ]


def test_create_plan_page(world: World, client_for: Any) -> None:
    """The plan form refuses a backwards period, a second plan starting on the same date and another
    BCU; a good plan is made by the lead and audited."""
    client = client_for("bcu_lead")
    url = reverse("plans:plan-create")
    bad = client.post(
        url,
        {
            "organisation": world.orgs["bcu_a1"].pk,
            "period_start": "1 4 2027",
            "period_end": "31 3 2027",
            "threat_level": 3,
        },
    )
    assert "The end of the planning period must be after its start" in bad.content.decode()
    again = client.post(
        url,
        {
            "organisation": world.orgs["bcu_a1"].pk,
            "period_start": "1 4 2026",
            "period_end": "31 3 2027",
            "threat_level": 3,
        },
    )
    assert "already has a plan starting on this date" in again.content.decode()
    wrong = client.post(
        url,
        {
            "organisation": world.orgs["bcu_a2"].pk,
            "period_start": "1 4 2027",
            "period_end": "31 3 2028",
            "threat_level": 3,
        },
    )
    assert "Select a valid choice" in wrong.content.decode()
    ok = client.post(
        url,
        {
            "organisation": world.orgs["bcu_a1"].pk,
            "period_start": "1/4/2027",
            "period_end": "31/3/2028",
            "threat_level": 3,
            "vulnerability_summary": "Low",
        },
    )
    plan = Plan.objects.get(organisation=world.orgs["bcu_a1"], period_start=date(2027, 4, 1))
    assert ok["Location"] == reverse("plans:plan-detail", args=[plan.pk])
    assert plan.created_by == world.users["bcu_lead"]
    assert AuditEvent.objects.filter(event="plan.created", record_id=str(plan.pk)).count() == 1


def edit(client: Any, action: Action, **data: Any) -> Any:
    payload = {
        "decision": action.decision,
        "local_text": action.local_text,
        "not_applicable_reason": action.not_applicable_reason,
        "owner": action.owner_id or "",
        "evaluation": action.evaluation,
        "version": action.version,
        "delivery_partners": list(action.delivery_partners.values_list("pk", flat=True)),
        "other_objectives": list(action.other_objectives.values_list("pk", flat=True)),
    }
    payload.update(data)
    return client.post(reverse("plans:action-edit", args=[action.pk]), payload)


def test_not_applicable_needs_a_reason(world: World, client_for: Any) -> None:
    """Making an action not applicable needs a proportionality reason; with one it is saved,
    recorded as a change and audited."""
    client = client_for("bcu_lead")
    action = world.action("a1", "2.6")
    response = edit(client, action, decision="not-applicable", not_applicable_reason="  ")
    assert "Give the proportionality reason" in response.content.decode()
    action.refresh_from_db()
    assert action.decision == Decision.ADOPT
    response = edit(
        client,
        action,
        decision="not-applicable",
        not_applicable_reason="Low local vulnerability; reviewed yearly.",
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.decision == Decision.NOT_APPLICABLE
    assert list(PlanChange.objects.filter(action=action).values_list("what", flat=True)) == [
        "Action 2.6 changed: decision, why it is not applicable"
    ]
    assert AuditEvent.objects.filter(event="plan.changed", record_id=str(action.pk)).count() == 1


def test_adapt_keeps_national_text_beside_local(world: World, client_for: Any) -> None:
    """An adapted action needs local wording, and its page shows it beside the national text."""
    action = world.action("a1", "1.3")
    assert "Adapt" in str(Decision.ADAPT.label)
    response = edit(client_for("bcu_lead"), action, decision="adapt", local_text="")
    assert "Enter the local wording" in response.content.decode()
    edit(
        client_for("bcu_lead"),
        action,
        decision="adapt",
        local_text="Local forums for young people.",
    )
    page = (
        client_for("bcu_lead")
        .get(reverse("plans:action-detail", args=[action.pk]))
        .content.decode()
    )
    assert "Local forums for young people." in page and "National text of activity 1.3" in page


def test_stale_action_edit_refused(world: World, client_for: Any) -> None:
    """An edit made from an old version is refused, keeps what was typed on screen and overwrites
    nothing."""
    action = world.action("a1", "2.7")
    client = client_for("bcu_lead")
    assert edit(client, action, evaluation="First").status_code == 302
    stale = edit(client, action, evaluation="Second")
    assert (
        "Your changes have not been saved" in stale.content.decode()
        and "Second" in stale.content.decode()
    )
    action.refresh_from_db()
    assert action.evaluation == "First"


def test_partners_limited_to_the_force_area(world: World, client_for: Any) -> None:
    """A delivery partner from another force cannot be chosen."""
    action = world.action("a1", "2.7")
    response = edit(client_for("bcu_lead"), action, delivery_partners=[world.orgs["partner_b"].pk])
    assert "Select a valid choice" in response.content.decode()


def test_local_actions_numbered_under_objective(world: World) -> None:
    """Local actions are numbered L1, L2… under their objective and listed after its template
    actions."""
    plan = world.plans["a1"]
    objective = world.action("a1", "2.4").objective
    first = plan_actions.add_local_action(
        world.users["bcu_lead"], plan, objective, text="Youth project"
    )
    second = plan_actions.add_local_action(world.users["bcu_lead"], plan, objective, text="Second")
    assert (first.number, second.number) == ("2.L1", "2.L2")
    assert first.decision == Decision.LOCAL and first.is_local
    ordered = list(plan.actions.filter(objective=objective).values_list("number", flat=True))
    assert ordered[-2:] == ["2.L1", "2.L2"]


def assign_owners(world: World, plan: Plan) -> None:
    plan.actions.filter(owner__isnull=True).update(owner=world.users["bcu_lead"])


def test_lifecycle_and_changes_since_approval(world: World, client_for: Any) -> None:
    """A plan is submitted once every action has an owner and approved only by the force lead;
    changes after approval are counted and listed."""
    plan = world.plans["a1"]
    bcu = client_for("bcu_lead")
    bcu.post(reverse("plans:plan-submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT  # actions without owners
    assign_owners(world, plan)
    bcu.post(reverse("plans:plan-submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_by == world.users["bcu_lead"]
    assert (
        client_for("bcu_lead").post(reverse("plans:plan-approve", args=[plan.pk])).status_code
        == 403
    )
    client_for("force_lead").post(
        reverse("plans:plan-approve", args=[plan.pk]), {"note": "Board 3 March"}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == world.users["force_lead"]
    assert plan.approvals.get().note == "Board 3 March"
    earlier = plan.approved_at - timedelta(minutes=5)  # type: ignore[operator]
    Plan.objects.filter(pk=plan.pk).update(approved_at=earlier)
    PlanChange.objects.filter(plan=plan).update(at=earlier)
    edit(bcu, world.action("a1", "2.7"), evaluation="Feedback forms")
    detail = bcu.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    assert "1 change since approval" in detail
    changes = bcu.get(reverse("plans:plan-changes", args=[plan.pk]))
    assert [c.what for c in changes.context["page"]] == [
        "Action 2.7 changed: how success will be evaluated"
    ]


def test_return_and_close(world: World, client_for: Any) -> None:
    """The force lead returns a plan with a reason; once approved and closed it can be neither
    edited nor added to."""
    plan = world.plans["a1"]
    assign_owners(world, plan)
    plan_actions.submit_plan(world.users["bcu_lead"], plan)
    response = client_for("force_lead").post(
        reverse("plans:plan-return", args=[plan.pk]), {"reason": ""}
    )
    assert "Say what needs to change" in response.content.decode()
    client_for("force_lead").post(
        reverse("plans:plan-return", args=[plan.pk]), {"reason": "Add milestones to 3.1"}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    plan_actions.submit_plan(world.users["bcu_lead"], plan)
    plan_actions.approve_plan(world.users["force_lead"], plan)
    client_for("bcu_lead").post(reverse("plans:plan-close", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    assert client_for("bcu_lead").get(reverse("plans:plan-edit", args=[plan.pk])).status_code == 403
    assert (
        client_for("action_owner")
        .get(reverse("plans:milestone-create", args=[world.action("a1", "3.1").pk]))
        .status_code
        == 403
    )


def test_close_and_roll_forward_are_buttons_apart_from_the_checklist_links(
    world: World, client_for: Any
) -> None:
    """On an approved plan's page "Close the plan" and "Roll forward" are buttons of their own,
    after the checklist's downloads, not links inside the checklist's line."""
    plan = approve_plan(world, "a1")
    page = client_for("bcu_lead").get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    checklist = page[page.index("BCU Commander checklist:") :]
    checklist = checklist[: checklist.index("</p>")]
    assert "CSV" in checklist
    assert "Close the plan" not in checklist and "Roll forward" not in checklist
    for name in ("plans:plan-close", "plans:plan-roll-forward"):
        url = reverse(name, args=[plan.pk])
        assert f'<a class="govuk-button govuk-button--secondary" href="{url}">' in page, name
        assert page.index(url) > page.index("BCU Commander checklist:"), name


def test_closing_a_draft_is_refused(world: World, client_for: Any) -> None:
    """A draft plan cannot be closed; it stays a draft."""
    plan = world.plans["a1"]
    response = client_for("bcu_lead").post(reverse("plans:plan-close", args=[plan.pk]), follow=True)
    assert "cannot be closed now" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_roll_forward_carries_open_actions(world: World, client_for: Any) -> None:
    """Rolling forward makes next year's draft with the open actions, owners kept and milestones a
    year on; done and not-applicable actions stay behind; it happens once."""
    plan = world.plans["a1"]
    done = world.action("a1", "2.5")
    done.milestones.update(status=MilestoneStatus.COMPLETE, completed_on=TODAY)
    Action.objects.filter(pk=world.action("a1", "2.6").pk).update(
        decision=Decision.NOT_APPLICABLE, not_applicable_reason="x"
    )
    response = client_for("bcu_lead").post(reverse("plans:plan-roll-forward", args=[plan.pk]))
    new = Plan.objects.get(rolled_from=plan)
    assert response["Location"] == reverse("plans:plan-detail", args=[new.pk])
    assert (new.period_start, new.period_end, new.status) == (
        date(2027, 4, 1),
        date(2028, 3, 31),
        PlanStatus.DRAFT,
    )
    assert numbers(new) == numbers(plan) - {"2.5", "2.6"}
    carried = Action.objects.get(plan=new, number="3.1")
    assert carried.owner == world.users["action_owner"]
    assert carried.milestones.get().due_date == date(2027, 10, 31)  # 31 October 2026 + 12 months
    again = client_for("bcu_lead").post(
        reverse("plans:plan-roll-forward", args=[plan.pk]), follow=True
    )
    assert "already a plan for the next period" in again.content.decode()


@pytest.mark.parametrize(
    ("name", "persona", "asks"),
    [
        ("plans:plan-submit", "bcu_lead", "Submit {title} for approval?"),
        ("plans:plan-approve", "force_lead", "Note (optional)"),
        ("plans:plan-return", "force_lead", "What needs to change"),
        ("plans:plan-close", "bcu_lead", "A closed plan can be read but no longer changed"),
        ("plans:plan-roll-forward", "bcu_lead", "for 1 April 2027 to 31 March 2028 will carry"),
    ],
)
def test_each_lifecycle_step_asks_before_it_acts(
    world: World, client_for: Any, name: str, persona: str, asks: str
) -> None:
    """Every step of a plan's life (one view, five URL names) first shows its own question, with
    a note or reason field where one is asked for, and changes nothing until confirmed."""
    plan = world.plans["a1"]
    page = client_for(persona).get(reverse(name, args=[plan.pk]))
    assert page.status_code == 200
    assert asks.format(title=plan.title) in page.content.decode()
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, world.plans["a1"].version)
    assert not Plan.objects.filter(rolled_from=plan).exists()


def test_each_lifecycle_step_says_what_it_did(world: World, client_for: Any) -> None:
    """After each step the plan's page says what happened; rolling forward opens the new plan."""
    plan = world.plans["a1"]
    assign_owners(world, plan)
    lead, force_lead = client_for("bcu_lead"), client_for("force_lead")

    def step(client: Any, name: str, data: dict[str, str] | None = None) -> str:
        response = client.post(reverse(name, args=[plan.pk]), data or {}, follow=True)
        return " ".join(str(m) for m in response.context["messages"])

    assert step(lead, "plans:plan-submit") == "The plan has been submitted for approval."
    assert step(force_lead, "plans:plan-return", {"reason": "More"}) == (
        "The plan has been returned to draft."
    )
    step(lead, "plans:plan-submit")
    assert step(force_lead, "plans:plan-approve", {"note": ""}) == "The plan has been approved."
    rolled = step(lead, "plans:plan-roll-forward")
    new = Plan.objects.get(rolled_from=plan)
    assert rolled == (
        f"{new.title} has been created with {new.actions.count()} open actions carried forward."
    )
    assert step(lead, "plans:plan-close") == (
        "The plan has been closed. It can no longer be changed."
    )


def test_progress_with_evidence_file(
    world: World, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    """An owner records progress with a PDF; it is stored under a generated name and served as
    an attachment to people who may see the action, and to no one else."""
    settings.MEDIA_ROOT = tmp_path
    action = world.action("a1", "3.1")
    upload = SimpleUploadedFile(
        "../../etc/passwd minutes.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf"
    )
    response = client_for("action_owner").post(
        reverse("plans:progress-create", args=[action.pk]),
        {
            "reported_on": "20 11 2026",
            "rag": "green",
            "narrative": "Panel met",
            "evidence_file": upload,
            "evidence_title": "Panel minutes",
            "evidence_confirmed": "on",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(update__action=action)
    assert evidence.file.name == f"evidence/{evidence.stored_name}"
    assert "passwd" not in evidence.file.name
    download = client_for("partner_user").get(
        reverse("plans:evidence-download", args=[evidence.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        client_for("other_force_lead")
        .get(reverse("plans:evidence-download", args=[evidence.pk]))
        .status_code
        == 404
    )
    assert (
        AuditEvent.objects.filter(
            event="evidence.downloaded", actor=world.users["partner_user"]
        ).count()
        == 1
    )
    # A server whose storage lacks the file (uploads not on shared storage) says so, and
    # records no disclosure.
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    missing = client_for("bcu_lead").get(reverse("plans:evidence-download", args=[evidence.pk]))
    assert missing.status_code == 503
    assert "file was not found on this server" in missing.content.decode()
    assert not AuditEvent.objects.filter(
        event="evidence.downloaded", actor=world.users["bcu_lead"]
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.pdf", b"<html><script>alert(1)</script></html>", "not a real PDF file"),
        ("tool.exe", b"MZ\x90\x00", "must be a PDF, Word"),
        ("notes.txt", b"<script>alert(1)</script>", "not a real TXT file"),
        ("report.docx", b"PK\x03\x04 not really a zip", "not a real DOCX file"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_bad_evidence_rejected(
    world: World, client_for: Any, name: str, content: bytes, message: str
) -> None:
    """An evidence file of a refused type, whose content is not what its name says, or empty, is
    refused and no update is saved."""
    action = world.action("a1", "3.1")
    response = client_for("bcu_lead").post(
        reverse("plans:progress-create", args=[action.pk]),
        {
            "reported_on": "20 11 2026",
            "rag": "green",
            "narrative": "x",
            "evidence_file": SimpleUploadedFile(name, content),
            "evidence_title": "x",
        },
    )
    assert message in response.content.decode()
    assert not action.updates.exists()


def test_progress_validation(world: World, client_for: Any, settings: Any) -> None:
    """A progress update is refused for a future or impossible date, a link that is not https or an
    oversized file; nothing is saved."""
    action = world.action("a1", "3.1")
    url = reverse("plans:progress-create", args=[action.pk])
    client = client_for("action_owner")
    future = client.post(url, {"reported_on": "1 1 2027", "rag": "green", "narrative": "x"})
    assert "must be today or in the past" in future.content.decode()
    nodate = client.post(url, {"reported_on": "31 2 2026", "rag": "green", "narrative": "x"})
    assert "Enter a real date" in nodate.content.decode()
    http = client.post(
        url,
        {
            "reported_on": "1 11 2026",
            "rag": "green",
            "narrative": "x",
            "evidence_url": "http://example.org/x",
            "evidence_title": "x",
        },
    )
    assert "starting https://" in http.content.decode()
    settings.EVIDENCE_MAX_BYTES = 10
    big = client.post(
        url,
        {
            "reported_on": "1 11 2026",
            "rag": "green",
            "narrative": "x",
            "evidence_file": SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20),
            "evidence_title": "x",
        },
    )
    assert "must be smaller than" in big.content.decode()
    assert not action.updates.exists()


def test_milestones_add_change_remove(world: World, client_for: Any) -> None:
    """The owner adds a milestone, completes it (dated today) and removes it; a stale edit is
    refused; the removal is recorded."""
    action = world.action("a1", "3.1")
    client = client_for("action_owner")
    client.post(
        reverse("plans:milestone-create", args=[action.pk]),
        {"title": "Panel set up", "due_date": "31 1 2027", "status": "not-started"},
    )
    m = action.milestones.get(title="Panel set up")
    client.post(
        reverse("plans:milestone-edit", args=[m.pk]),
        {
            "title": "Panel set up",
            "due_date": "31 1 2027",
            "status": "complete",
            "version": m.version,
        },
    )
    m.refresh_from_db()
    assert m.status == MilestoneStatus.COMPLETE and m.completed_on == TODAY
    stale = client.post(
        reverse("plans:milestone-edit", args=[m.pk]),
        {"title": "Renamed", "due_date": "31 1 2027", "status": "complete", "version": 1},
    )
    assert "Your changes have not been saved" in stale.content.decode()
    client.post(reverse("plans:milestone-delete", args=[m.pk]))
    assert not Milestone.objects.filter(pk=m.pk).exists()
    assert list(
        PlanChange.objects.filter(plan=action.plan, what__contains="removed").values_list(
            "what", flat=True
        )
    ) == ["Milestone “Panel set up” removed from 3.1"]


def test_rag_override_needs_reason(world: World, client_for: Any) -> None:
    """A RAG override needs a reason; with one it is saved with who set it, and the action page
    shows the reason."""
    action = world.action("a1", "3.1")
    url = reverse("plans:rag-override", args=[action.pk])
    client = client_for("bcu_lead")
    assert (
        "Give the reason"
        in client.post(
            url, {"rag": "red", "reason": "", "version": action.version}
        ).content.decode()
    )
    client.post(url, {"rag": "red", "reason": "Partner withdrew", "version": action.version})
    action.refresh_from_db()
    assert (action.rag_override, action.rag_override_by) == ("red", world.users["bcu_lead"])
    page = client.get(reverse("plans:action-detail", args=[action.pk])).content.decode()
    assert "Set by a person: Partner withdrew" in page


def list_numbers(client: Any, **params: Any) -> list[str]:
    response = client.get(reverse("core:action-list"), params)
    return [a.number for a in response.context["page"].object_list]


def test_action_owner_sees_only_their_work(world: World, client_for: Any) -> None:
    """The action owner's lists hold only the action they own; they see no plan and cannot open
    one."""
    owner = client_for("action_owner")
    assert list_numbers(owner) == ["3.1"]
    assert list_numbers(owner, view="mine") == ["3.1"]
    assert owner.get(reverse("plans:plan-list")).context["page"].paginator.count == 0
    assert owner.get(reverse("plans:plan-detail", args=[world.plans["a1"].pk])).status_code == 404


def test_partner_view(world: World, client_for: Any) -> None:
    """A partner sees exactly the actions their organisation helps deliver."""
    expected = sorted(
        Action.objects.filter(delivery_partners=world.orgs["la"]).values_list("number", flat=True)
    )
    # The BCU's actions whose template partners include local authorities (sorted as text).
    assert expected == [
        "0.10",
        "0.11",
        "0.12",
        "0.9",
        "1.1",
        "1.3",
        "2.4",
        "2.5",
        "2.6",
        "2.7",
        "3.1",
        "4.2",
        "4.4",
        "5.4",
        "5.6",
        "5.7",
        "5.8",
        "6.3",
        "6.8",
        "7.3",
        "7.4",
        "7.5",
    ]
    assert sorted(list_numbers(client_for("partner_user"), view="partner")) == expected
    assert sorted(list_numbers(client_for("partner_user"))) == expected


def test_due_and_overdue_views(world: World, client_for: Any) -> None:
    """The overdue view lists the action with a late milestone, the due view the one with a
    milestone due within 14 days."""
    plan = world.plans["a1"]
    Milestone.objects.filter(action__plan=plan).update(due_date=date(2027, 3, 31))
    Milestone.objects.filter(action=world.action("a1", "2.4")).update(
        due_date=TODAY - timedelta(days=3)
    )
    Milestone.objects.filter(action=world.action("a1", "2.5")).update(
        due_date=TODAY + timedelta(days=10)
    )
    client = client_for("bcu_lead")
    assert list_numbers(client, view="overdue") == ["2.4"]
    assert list_numbers(client, view="due") == ["2.5"]


def test_cross_cutting_view(world: World, client_for: Any) -> None:
    """Objective 3 with cross-cutting: actions filed under 3 and those that also contribute to it."""
    client = client_for("bcu_lead")
    filed = list_numbers(client, objective=3)
    assert filed == ["3.1", "3.2", "3.3"]
    both = list_numbers(client, objective=3, cross=1)
    assert both == ["1.1", "2.3", "2.4", "2.5", "2.7", "3.1", "3.2", "3.3", "6.2"]


def test_query_count_of_plan_page_does_not_grow(
    world: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    """The plan overview's queries do not grow with milestones and updates."""
    client = client_for("bcu_lead")
    url = reverse("plans:plan-detail", args=[world.plans["a1"].pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for action in world.plans["a1"].actions.all():
        for n in range(3):
            Milestone.objects.create(action=action, title=f"Extra {n}", due_date=TODAY)
        plan_actions.add_progress_update(
            world.users["bcu_lead"], action, reported_on=TODAY, rag="green", narrative="x"
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_leadership_objective_is_headed_by_its_title_alone(
    world: World, client_for: Any
) -> None:
    """The plan page heads objective 0 "Leadership, governance and programme management", not
    "Leadership: Leadership, …"; the others "Objective 3: …"."""
    page = client_for("bcu_lead").get(reverse("plans:plan-detail", args=[world.plans["a1"].pk]))
    text = page.content.decode()
    assert 'id="objective-0">Leadership, governance and programme management</h2>' in text
    assert "Leadership: Leadership" not in text
    assert re.search(r'id="objective-3">Objective 3: [A-Z]', text)


def set_aside(world: World, number: str, operation: str = "not-applicable") -> Action:
    """Set A1's action aside as not applicable (or adopt it again) as the plan's lead does."""
    action = world.action("a1", number)
    plan_actions.bulk_update_actions(
        world.users["bcu_lead"], [(action, action.version)], operation, reason="No venues at risk"
    )
    action.refresh_from_db()
    return action


def plan_row(client: Any, plan: Plan, number: str) -> Any:
    page = client.get(reverse("plans:plan-detail", args=[plan.pk]))
    return next(a for s in page.context["sections"] for a in s["actions"] if a.number == number)


def test_set_aside_action_has_nothing_due_and_offers_nothing_to_add(
    world: World, client_for: Any
) -> None:
    """An action set aside keeps its overdue milestone stored, but the plan page shows no next
    milestone for it, the owner's home count, reminders and calendar leave it out, and its page
    shows the milestone as set aside with no "Add a milestone" or "Record progress"; adopting it
    again brings all of it back."""
    from preventplan.core.work import your_work
    from preventplan.reminders.calendar import feed
    from preventplan.reminders.collect import items_for

    plan, owner = world.plans["a1"], world.users["action_owner"]
    action = world.action("a1", "3.1")
    milestone = action.milestones.get()
    assert milestone.due_date < TODAY  # overdue
    assert your_work(owner)["milestones_overdue"] == 1
    assert [i for i in items_for(owner, TODAY) if i.key.startswith("milestone:")]
    assert f"milestone-{milestone.pk}" in feed(owner, TODAY)
    lead = client_for("bcu_lead")
    assert plan_row(lead, plan, "3.1").next_milestone == milestone

    set_aside(world, "3.1")
    assert action.milestones.get() == milestone  # kept
    assert plan_row(lead, plan, "3.1").next_milestone is None
    assert your_work(owner)["milestones_overdue"] == 0
    assert not [i for i in items_for(owner, TODAY) if i.key.startswith("milestone:")]
    assert f"milestone-{milestone.pk}" not in feed(owner, TODAY)
    for client in (lead, client_for("action_owner")):
        page = client.get(reverse("plans:action-detail", args=[action.pk])).content.decode()
        assert milestone.title in page
        assert "its milestones are set aside with it: they are not due" in page
        assert "Not started" not in page
        for url in (
            reverse("plans:milestone-create", args=[action.pk]),
            reverse("plans:progress-create", args=[action.pk]),
        ):
            assert url not in page

    set_aside(world, "3.1", "adopt")
    assert plan_row(lead, plan, "3.1").next_milestone == milestone
    assert your_work(owner)["milestones_overdue"] == 1
    page = lead.get(reverse("plans:action-detail", args=[action.pk])).content.decode()
    assert reverse("plans:milestone-create", args=[action.pk]) in page
    assert reverse("plans:progress-create", args=[action.pk]) in page


def test_set_aside_action_refuses_milestones_and_progress(
    world: World, client_for: Any, api: Any
) -> None:
    """Adding a milestone or progress to a set-aside action is refused by the server with a
    message saying why (pages and API), and nothing is written; its kept milestone may still be
    changed."""
    action = set_aside(world, "3.1")
    milestone = action.milestones.get()
    before = (Milestone.objects.count(), action.updates.count(), PlanChange.objects.count())
    owner = client_for("action_owner")
    why = "Action 3.1 is set aside as not applicable: milestones and progress cannot be added"
    for url, data in [
        (
            reverse("plans:milestone-create", args=[action.pk]),
            {"title": "Venues", "due_date": "31 1 2027", "status": "not-started"},
        ),
        (
            reverse("plans:progress-create", args=[action.pk]),
            {"reported_on": "29 11 2026", "rag": "green", "narrative": "Met the venues"},
        ),
    ]:
        for response in (owner.get(url, follow=True), owner.post(url, data, follow=True)):
            assert response.redirect_chain == [
                (reverse("plans:action-detail", args=[action.pk]), 302)
            ]
            assert why in response.content.decode()
    refused = api("action_owner").post(
        "/api/v1/milestones",
        {"action_id": action.pk, "title": "Venues", "due_date": "2027-01-31"},
        content_type="application/json",
    )
    assert refused.status_code == 409 and why in refused.json()["detail"]
    with pytest.raises(plan_actions.PlanRuleError):
        plan_actions.add_progress_update(
            world.users["bcu_lead"], action, reported_on=TODAY, rag="green", narrative="x"
        )
    assert (
        Milestone.objects.count(),
        action.updates.count(),
        PlanChange.objects.count(),
    ) == before
    owner.post(
        reverse("plans:milestone-edit", args=[milestone.pk]),
        {
            "title": milestone.title,
            "due_date": "31 10 2026",
            "status": "complete",
            "version": milestone.version,
        },
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.COMPLETE
