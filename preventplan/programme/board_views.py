"""Boards and meetings: members, agendas, attendance, decisions and the action log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.lib.concurrency import save_or_conflict
from preventplan.lib.dates import today
from preventplan.lib.http import AuthedRequest
from preventplan.lib.listing import paginate, sorted_by
from preventplan.organisations.access import can_run, organisations_run_by, scope_for
from preventplan.programme import actions
from preventplan.programme.access import (
    get_board_for_user,
    get_meeting_action_for_user,
    get_meeting_for_user,
)
from preventplan.programme.forms import (
    AgendaItemForm,
    BoardForm,
    DecisionForm,
    MeetingActionForm,
    MeetingActionUpdateForm,
    MeetingForm,
    MemberForm,
)
from preventplan.programme.models import (
    Board,
    BoardMember,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
)
from preventplan.programme.registers import TABS


def _form_page(
    request: AuthedRequest,
    form: Any,
    save: Callable[[], Any],
    *,
    heading: str,
    caption: str,
    button: str,
    done_url: str,
    done_message: str,
    fresh_form: Callable[[Any], Any] | None = None,
) -> HttpResponse:
    """Show a form; on a valid POST save it (checking for a stale edit where ``fresh_form`` is
    given) and go back to ``done_url``."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        if fresh_form is None:
            save()
        else:
            form, conflict = save_or_conflict(form, save, fresh_form)
        if conflict is None:
            messages.success(request, done_message)
            return redirect(done_url)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": heading,
            "caption": caption,
            "form": form,
            "button": button,
            "cancel_url": done_url,
            "conflict": conflict,
        },
    )


# -- boards --------------------------------------------------------------------------------------
@require_GET
def board_list(request: AuthedRequest) -> HttpResponse:
    qs = (
        Board.objects.visible_to(request.user)
        .select_related("organisation", "partnership")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            open_actions=Count(
                "meetings__actions",
                filter=Q(meetings__actions__status=MeetingActionStatus.OPEN),
                distinct=True,
            ),
        )
    )
    qs = sorted_by(request, qs, {"name": "name", "organisation": "organisation__name"}, "name")
    return render(
        request,
        "programme/board_list.html",
        {
            "tabs": TABS,
            "page": paginate(request, qs),
            "can_add": bool(organisations_run_by(scope_for(request.user))),
        },
    )


@require_http_methods(["GET", "POST"])
def board_create(request: AuthedRequest) -> HttpResponse:
    orgs = organisations_run_by(scope_for(request.user))
    if not orgs:
        raise PermissionDenied
    form = BoardForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        board = actions.save_board_record(
            request.user, form.board(), "board.added", request=request
        )
        messages.success(request, _("%(board)s has been added.") % {"board": board.name})
        return redirect("programme:board-detail", pk=board.pk)
    return _form_page(
        request,
        form,
        lambda: None,
        heading=_("Add a board"),
        caption=_("Boards and meetings"),
        button=_("Add board"),
        done_url=reverse("programme:board-list"),
        done_message="",
    )


@require_http_methods(["GET", "POST"])
def board_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    board = get_board_for_user(request.user, pk, write=True)
    form = BoardForm(request.POST or None, instance=board, organisations=[board.organisation])
    return _form_page(
        request,
        form,
        lambda: actions.save_board_record(
            request.user,
            form.board(),
            "board.changed",
            fields=["name", "kind", "partnership", "terms_of_reference", "is_active"],
            expected_version=form.cleaned_data["version"],
            request=request,
        ),
        heading=_("Change %(board)s") % {"board": board.name},
        caption=_("Boards and meetings"),
        button=_("Save board"),
        done_url=reverse("programme:board-detail", args=[board.pk]),
        done_message=_("The board has been saved."),
        fresh_form=lambda fresh: BoardForm(instance=fresh, organisations=[board.organisation]),
    )


@require_GET
def board_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    board = get_board_for_user(request.user, pk)
    meetings = list(
        board.meetings.annotate(decision_count=Count("decisions")).order_by("-held_on", "pk")
    )
    open_actions = (
        MeetingAction.objects.filter(meeting__board=board).open().select_related("owner", "meeting")
    )
    return render(
        request,
        "programme/board_detail.html",
        {
            "board": board,
            "members": board.members.filter(is_active=True).select_related(
                "member_organisation", "user"
            ),
            "meetings": meetings,
            "open_actions": open_actions,
            "can_manage": can_run(scope_for(request.user), board.organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def member_create(request: AuthedRequest, pk: int) -> HttpResponse:
    board = get_board_for_user(request.user, pk, write=True)
    form = MemberForm(request.POST or None, board=board)

    def save() -> None:
        member = form.save(commit=False)
        member.board = board
        actions.save_board_record(request.user, member, "board.member-added", request=request)

    return _form_page(
        request,
        form,
        save,
        heading=_("Add a member"),
        caption=board.name,
        button=_("Add member"),
        done_url=reverse("programme:board-detail", args=[board.pk]),
        done_message=_("The member has been added."),
    )


@require_http_methods(["GET", "POST"])
def member_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    member = BoardMember.objects.filter(pk=pk, is_active=True).first()
    if member is None:
        raise Http404
    board = get_board_for_user(request.user, member.board_id, write=True)
    back = reverse("programme:board-detail", args=[board.pk])
    if request.method == "POST":
        member.is_active = False
        actions.save_board_record(
            request.user, member, "board.member-removed", fields=None, request=request
        )
        messages.success(
            request, _("%(member)s is no longer listed as a member.") % {"member": member.name}
        )
        return redirect(back)
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": _("Remove %(member)s from %(board)s?")
            % {"member": member.name, "board": board.name},
            "body": _("They stay in the attendance of past meetings."),
            "button": _("Remove member"),
            "cancel_url": back,
        },
    )


def meeting_label(meeting: Meeting) -> str:
    """The meeting's name in the page's language ("Force board on 05 March 2026"). Its
    ``__str__`` stays English: the audit log records it."""
    return _("%(board)s on %(date)s") % {
        "board": meeting.board,
        "date": dateformat.format(meeting.held_on, "d F Y"),
    }


# -- meetings ------------------------------------------------------------------------------------
def _meeting_save(request: AuthedRequest, form: MeetingForm, board: Board, event: str) -> Any:
    meeting: Meeting = form.save(commit=False)
    meeting.board = board
    many = {
        "attendees": list(form.cleaned_data["attendees"]),
        "apologies": list(form.cleaned_data["apologies"]),
    }
    if meeting.pk:
        return actions.save_board_record(
            request.user,
            meeting,
            event,
            fields=["held_on", "location", "status", "minutes"],
            expected_version=form.cleaned_data["version"],
            many=many,
            request=request,
        )
    meeting.created_by = request.user
    return actions.save_board_record(request.user, meeting, event, many=many, request=request)


@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthedRequest, pk: int) -> HttpResponse:
    board = get_board_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, board=board, initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        meeting = _meeting_save(request, form, board, "meeting.added")
        messages.success(request, _("The meeting has been added. Add its agenda next."))
        return redirect("programme:meeting-detail", pk=meeting.pk)
    return _form_page(
        request,
        form,
        lambda: None,
        heading=_("Add a meeting"),
        caption=board.name,
        button=_("Add meeting"),
        done_url=reverse("programme:board-detail", args=[board.pk]),
        done_message="",
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, board=meeting.board)
    return _form_page(
        request,
        form,
        lambda: _meeting_save(request, form, meeting.board, "meeting.changed"),
        heading=_("Attendance and minutes"),
        caption=meeting_label(meeting),
        button=_("Save meeting"),
        done_url=reverse("programme:meeting-detail", args=[meeting.pk]),
        done_message=_("The meeting has been saved."),
        fresh_form=lambda fresh: MeetingForm(instance=fresh, board=meeting.board),
    )


@require_GET
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    return render(
        request,
        "programme/meeting_detail.html",
        {
            "meeting": meeting,
            "meeting_label": meeting_label(meeting),
            "items": meeting.items.select_related("plan", "risk__organisation", "indicator"),
            "decisions": meeting.decisions.select_related("item"),
            "actions": meeting.actions.select_related("owner", "item"),
            "attendees": meeting.attendees.all(),
            "apologies": meeting.apologies.all(),
            "can_manage": can_run(scope_for(request.user), meeting.board.organisation),
        },
    )


def _meeting_child(
    request: AuthedRequest,
    pk: int,
    form_class: Any,
    event: str,
    words: tuple[str, str, str],
    **extra: Any,
) -> HttpResponse:
    """Add an agenda item, a decision or an action to a meeting. ``words``: the heading, the
    button and the message once added."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = form_class(request.POST or None, meeting=meeting, **extra)

    def save() -> None:
        obj = form.save(commit=False)
        obj.meeting = meeting
        if hasattr(obj, "position") and not obj.position:
            obj.position = meeting.items.count() + 1
        actions.save_board_record(request.user, obj, event, request=request)

    return _form_page(
        request,
        form,
        save,
        heading=words[0],
        caption=meeting_label(meeting),
        button=words[1],
        done_url=reverse("programme:meeting-detail", args=[meeting.pk]),
        done_message=words[2],
    )


@require_http_methods(["GET", "POST"])
def item_create(request: AuthedRequest, pk: int) -> HttpResponse:
    words = (_("Add an agenda item"), _("Add agenda item"), _("The agenda item has been added."))
    return _meeting_child(request, pk, AgendaItemForm, "meeting.item-added", words)


@require_http_methods(["GET", "POST"])
def decision_create(request: AuthedRequest, pk: int) -> HttpResponse:
    words = (_("Add a decision"), _("Add decision"), _("The decision has been added."))
    return _meeting_child(request, pk, DecisionForm, "meeting.decision-recorded", words)


@require_http_methods(["GET", "POST"])
def meeting_action_create(request: AuthedRequest, pk: int) -> HttpResponse:
    return _meeting_child(
        request,
        pk,
        MeetingActionForm,
        "meeting.action-agreed",
        (_("Add an action"), _("Add action"), _("The action has been added.")),
        initial={"due_on": today()},
    )


@require_http_methods(["GET", "POST"])
def meeting_action_update(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_meeting_action_for_user(request.user, pk)
    form = MeetingActionUpdateForm(request.POST or None, instance=action)

    def save() -> None:
        updated = form.save(commit=False)
        updated.done_on = today() if updated.status == MeetingActionStatus.DONE else None
        actions.save_board_record(
            request.user,
            updated,
            "meeting.action-updated",
            fields=["status", "update", "done_on"],
            expected_version=form.cleaned_data["version"],
            request=request,
        )

    sees_meeting = Board.objects.visible_to(request.user).filter(pk=action.meeting.board_id)
    done_url = (
        reverse("programme:meeting-detail", args=[action.meeting_id])
        if sees_meeting.exists()
        else reverse("core:action-list") + "?view=mine"
    )
    return _form_page(
        request,
        form,
        save,
        heading=_("Update the action"),
        caption=action.text[:120],
        button=_("Save"),
        done_url=done_url,
        done_message=_("The action has been updated."),
        fresh_form=lambda fresh: MeetingActionUpdateForm(instance=fresh),
    )
