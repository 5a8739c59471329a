"""Boards and meetings (document ¶12, ¶14–15): members, attendance, agenda, decisions and actions
that reach their owners' work lists."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine
from django.urls import reverse

from preventplan.audit.models import AuditEvent
from preventplan.programme import actions
from preventplan.programme.models import (
    Board,
    BoardMember,
    Meeting,
    MeetingActionStatus,
)
from tests.factories import make_board, make_meeting, make_meeting_action
from tests.world import World

TODAY = date(2026, 11, 29)


@time_machine.travel(TODAY, tick=False)
def test_lead_runs_a_meeting_with_decisions_and_actions(world: World, client_for: Any) -> None:
    """The BCU lead adds a board, a member, a meeting with attendance, an agenda item linked to
    the plan, a decision and an action for the action owner; every step is audited."""
    client = client_for("bcu_lead")
    response = client.post(
        reverse("programme:board-create"),
        {
            "organisation": world.orgs["bcu_a1"].pk,
            "name": "A1 forum",
            "kind": "partnership-forum",
            "is_active": "on",
        },
    )
    board = Board.objects.get(name="A1 forum")
    assert response["Location"] == reverse("programme:board-detail", args=[board.pk])
    client.post(
        reverse("programme:member-create", args=[board.pk]),
        {"name": "Jo Smith", "role": "Chair", "user": world.users["partner_user"].pk},
    )
    member = BoardMember.objects.get(board=board)
    response = client.post(
        reverse("programme:meeting-create", args=[board.pk]),
        {"held_on": "20 11 2026", "status": "held", "attendees": [member.pk], "location": "Hall"},
    )
    meeting = Meeting.objects.get(board=board)
    assert list(meeting.attendees.all()) == [member]
    detail = reverse("programme:meeting-detail", args=[meeting.pk])
    client.post(
        reverse("programme:item-create", args=[meeting.pk]),
        {"title": "Plan progress", "plan": world.plans["a1"].pk},
    )
    item = meeting.items.get()
    assert item.position == 1
    client.post(
        reverse("programme:decision-create", args=[meeting.pk]),
        {"item": item.pk, "text": "Adopt the revised engagement plan."},
    )
    client.post(
        reverse("programme:meeting-action-create", args=[meeting.pk]),
        {
            "item": item.pk,
            "text": "Circulate the plan",
            "owner": world.users["action_owner"].pk,
            "due_on": "1 12 2026",
        },
    )
    page = client.get(detail).content.decode()
    assert "Adopt the revised engagement plan." in page and "Circulate the plan" in page
    events = set(
        AuditEvent.objects.filter(record_type__startswith="programme.").values_list(
            "event", flat=True
        )
    )
    assert {
        "board.added",
        "board.member-added",
        "meeting.added",
        "meeting.item-added",
        "meeting.decision-recorded",
        "meeting.action-agreed",
    } == events


@time_machine.travel(TODAY, tick=False)
def test_attendance_and_dates_are_checked(world: World, client_for: Any) -> None:
    """Nobody is both present and giving apologies; a future meeting cannot have been held."""
    board = make_board(world)
    member = actions.save_board_record(
        world.users["bcu_lead"], BoardMember(board=board, name="Pat"), "board.member-added"
    )
    response = client_for("bcu_lead").post(
        reverse("programme:meeting-create", args=[board.pk]),
        {
            "held_on": "1 1 2027",
            "status": "held",
            "attendees": [member.pk],
            "apologies": [member.pk],
        },
    )
    body = response.content.decode()
    assert "Someone cannot be both present and giving apologies: Pat" in body
    assert "A meeting in the future cannot have been held yet" in body
    assert not Meeting.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_meeting_action_reaches_the_owners_work_list(world: World, client_for: Any) -> None:
    """The action appears in the owner's "My actions" and "Due" views; the owner marks it done,
    which takes it off the list. Someone else who reads the board cannot change it."""
    action = make_meeting_action(world)
    owner = client_for("action_owner")
    for view in ["mine", "due"]:
        page = owner.get(reverse("core:action-list") + f"?view={view}")
        assert list(page.context["meeting_actions"]) == [action], view
    assert (
        list(owner.get(reverse("core:action-list") + "?view=overdue").context["meeting_actions"])
        == []
    )
    url = reverse("programme:meeting-action-update", args=[action.pk])
    assert client_for("force_lead").get(url).status_code == 403
    response = owner.post(url, {"status": "done", "update": "Sent", "version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.done_on) == (MeetingActionStatus.DONE, TODAY)
    page = owner.get(reverse("core:action-list") + "?view=mine")
    assert list(page.context["meeting_actions"]) == []


@time_machine.travel(TODAY, tick=False)
def test_stale_meeting_edit_is_refused(world: World, client_for: Any) -> None:
    """Two people record minutes at once: the second sees the conflict; the first is kept."""
    meeting = make_meeting(world)
    url = reverse("programme:meeting-edit", args=[meeting.pk])
    client = client_for("bcu_lead")
    base = {"held_on": "2 11 2026", "status": "held", "version": meeting.version}
    assert client.post(url, {**base, "minutes": "First"}).status_code == 302
    second = client.post(url, {**base, "minutes": "Second"})
    assert second.status_code == 200 and "First" in second.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "First"


def test_board_members_read_the_board(world: World, client_for: Any) -> None:
    """A partner user who sits on the board reads it (and its meetings); before that, 404."""
    meeting = make_meeting(world)
    url = reverse("programme:meeting-detail", args=[meeting.pk])
    assert client_for("partner_user").get(url).status_code == 404
    actions.save_board_record(
        world.users["bcu_lead"],
        BoardMember(board=meeting.board, name="Partner", user=world.users["partner_user"]),
        "board.member-added",
    )
    assert client_for("partner_user").get(url).status_code == 200


def test_removing_a_member_keeps_past_attendance(world: World, client_for: Any) -> None:
    """Removing a member takes them off the board's list after a confirmation, but a meeting
    they attended still lists them."""
    meeting = make_meeting(world)
    member = actions.save_board_record(
        world.users["bcu_lead"], BoardMember(board=meeting.board, name="Pat"), "board.member-added"
    )
    meeting.attendees.set([member])
    client = client_for("bcu_lead")
    url = reverse("programme:member-remove", args=[member.pk])
    assert "Remove Pat" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    board_page = client.get(reverse("programme:board-detail", args=[meeting.board.pk]))
    assert list(board_page.context["members"]) == []
    meeting_page = client.get(reverse("programme:meeting-detail", args=[meeting.pk]))
    assert "Pat" in meeting_page.content.decode()
    assert client.get(url).status_code == 404  # already removed


@time_machine.travel(TODAY, tick=False)
def test_board_page_lists_meetings_newest_first(world: World, client_for: Any) -> None:
    """The board's meetings come by date, newest first, whatever order they were added in."""
    board = make_board(world)
    for held_on in (date(2026, 10, 4), date(2027, 1, 2), date(2026, 12, 1)):
        actions.save_board_record(
            world.users["bcu_lead"], Meeting(board=board, held_on=held_on), "meeting.added"
        )
    page = client_for("bcu_lead").get(reverse("programme:board-detail", args=[board.pk]))
    assert [m.held_on for m in page.context["meetings"]] == [
        date(2027, 1, 2),
        date(2026, 12, 1),
        date(2026, 10, 4),
    ]


def test_an_agenda_item_names_its_risk_with_its_organisation(world: World, client_for: Any) -> None:
    """References are per organisation (each BCU has its R-001), so an agenda item about a risk
    names the risk's organisation and title beside its reference."""
    from tests.factories import make_risk

    meeting = make_meeting(world)
    risk = make_risk(world)
    meeting.items.create(position=1, title="Top risks", risk=risk)
    page = client_for("bcu_lead").get(reverse("programme:meeting-detail", args=[meeting.pk]))
    assert f"{risk.reference}</a>, {risk.organisation.name}: {risk.title}" in page.content.decode()
