"""Who may see and run boards, meetings and meeting actions. (The programme registers — risks,
benefits, impact assessments — follow the register pattern's policy, ``records/access.py``.)

Reading follows plans: national administrators, oversight, force leads, BCU leads and oversight
readers read the records of the organisations in the subtree they read; a record's owner reads
it too. Running follows plans as well: the lead who holds the matching role in the owning
organisation (force lead for a force, BCU lead for a BCU) adds and changes its records. A
record's owner may also record its reviews and measurements. ``docs/permissions.md`` says the
same in words.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from preventplan.organisations.access import can_run, organisation_read_q, scope_for
from preventplan.programme.models import Board, Meeting, MeetingAction


def board_scope_q(user: Any, prefix: str = "") -> Q:
    """Boards of organisations whose plans the user reads, and boards the user sits on."""
    scope = scope_for(user)
    if scope.is_national_admin:
        return Q()
    q = organisation_read_q(scope, prefix)
    if user.is_authenticated:
        q |= Q(**{f"{prefix}members__user": user, f"{prefix}members__is_active": True})
    return q


def get_board_for_user(user: Any, pk: int, *, write: bool = False) -> Board:
    board = Board.objects.visible_to(user).filter(pk=pk).select_related("organisation").first()
    if board is None:
        raise Http404
    if write and not can_run(scope_for(user), board.organisation):
        raise PermissionDenied
    return board


def get_meeting_for_user(user: Any, pk: int, *, write: bool = False) -> Meeting:
    meeting = Meeting.objects.filter(pk=pk).select_related("board").first()
    if meeting is None:
        raise Http404
    meeting.board = get_board_for_user(user, meeting.board_id, write=write)
    return meeting


def get_meeting_action_for_user(user: Any, pk: int) -> MeetingAction:
    """A meeting action its owner or the board's organisation's lead may update (403 for other
    readers, 404 for everyone else)."""
    action = (
        MeetingAction.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("meeting__board__organisation", "owner")
        .first()
    )
    if action is None:
        raise Http404
    if action.owner_id != user.pk and not can_run(
        scope_for(user), action.meeting.board.organisation
    ):
        raise PermissionDenied
    return action
