"""API for the programme and performance: risks, indicators with values, boards and meetings,
NI35 self-assessments and the dashboard figures. The access rules are the pages' own getters and
querysets; entering an indicator value goes through the page's form and domain function."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from preventplan.api.auth import api_user
from preventplan.api.pagination import Id, Mapped, PageNumber
from preventplan.api.schemas import GuardedIn
from preventplan.dashboards import rollup
from preventplan.dashboards.access import get_dashboard_organisation_for_user
from preventplan.lib.dates import today
from preventplan.performance import actions as performance_actions
from preventplan.performance.access import (
    get_performance_organisation_for_user,
)
from preventplan.performance.forms import ValueForm
from preventplan.performance.models import Indicator, IndicatorValue, Ni35Assessment
from preventplan.programme.access import get_board_for_user
from preventplan.programme.models import Board, Meeting

router = Router()
PathId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Code = Annotated[str, Path(max_length=20, pattern=r"^[-a-zA-Z0-9_]+$")]


# -- indicators ----------------------------------------------------------------------------------
class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    definition: str
    unit: str
    polarity: str
    frequency: str
    activities: str
    is_active: bool


class ValueOut(Schema):
    indicator: str
    organisation_id: int
    period_start: date
    value: Decimal
    note: str


class ValueIn(GuardedIn):
    organisation_id: Id
    period_start: date = Field(description="The first day of the month, quarter or year.")
    value: Decimal = Field(max_digits=12, decimal_places=2)
    note: str = Field("", max_length=300)
    replace: bool = Field(False, description="Replace a value already recorded for the period.")


def indicator_out(i: Indicator) -> dict[str, Any]:
    return {
        "id": i.pk,
        "code": i.code,
        "name": i.name,
        "definition": i.definition,
        "unit": i.unit,
        "polarity": i.polarity,
        "frequency": i.frequency,
        "activities": i.activities,
        "is_active": i.is_active,
    }


def value_out(v: IndicatorValue) -> dict[str, Any]:
    return {
        "indicator": v.indicator.code,
        "organisation_id": v.organisation_id,
        "period_start": v.period_start,
        "value": Decimal(v.value).quantize(Decimal("0.01")),
        "note": v.note,
    }


def _indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404
    return indicator


@router.get(
    "/indicators",
    response=list[IndicatorOut],
    tags=["performance"],
    summary="The indicator catalogue",
)
@paginate(PageNumber)
def list_indicators(request: HttpRequest) -> Any:
    return Mapped(Indicator.objects.order_by("code"), indicator_out)


@router.get(
    "/indicators/{code}/values",
    response=list[ValueOut],
    tags=["performance"],
    summary="An organisation's values for an indicator, oldest first",
)
@paginate(PageNumber)
def list_values(request: HttpRequest, code: Code, organisation_id: Id) -> Any:
    indicator = _indicator(code)
    org = get_performance_organisation_for_user(request.user, organisation_id)
    qs = (
        IndicatorValue.objects.filter(indicator=indicator, organisation=org)
        .select_related("indicator")
        .order_by("period_start")
    )
    return Mapped(qs, value_out)


@router.post(
    "/indicators/{code}/values",
    response={201: ValueOut},
    tags=["performance"],
    summary="Enter a period's value (the organisation's lead only; 409 if one is recorded)",
)
def create_value(request: HttpRequest, code: Code, body: ValueIn) -> Any:
    indicator = _indicator(code)
    org = get_performance_organisation_for_user(request.user, body.organisation_id, write=True)
    form = ValueForm(
        {"period": body.period_start.isoformat(), "value": str(body.value), "note": body.note},
        indicator=indicator,
    )
    if not form.is_valid():
        problems = [
            f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
        ]
        raise HttpError(422, "; ".join(problems))
    try:
        row = performance_actions.record_value(
            api_user(request),
            indicator,
            org,
            form.cleaned_data["period"],
            form.cleaned_data["value"],
            form.cleaned_data["note"],
            replace=body.replace,
            request=request,
        )
    except performance_actions.PerformanceRuleError as error:
        raise HttpError(409, str(error)) from error
    return 201, value_out(row)


# -- boards and meetings -------------------------------------------------------------------------
class BoardOut(Schema):
    id: int
    organisation_id: int
    name: str
    kind: str
    partnership_id: int | None
    is_active: bool


class MeetingActionOut(Schema):
    id: int
    text: str
    owner: str | None
    due_on: date
    status: str
    done_on: date | None


class MeetingOut(Schema):
    id: int
    board_id: int
    held_on: date
    status: str
    location: str
    agenda: list[str]
    decisions: list[str]
    actions: list[MeetingActionOut]


def meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "board_id": m.board_id,
        "held_on": m.held_on,
        "status": m.status,
        "location": m.location,
        "agenda": [i.title for i in m.items.all()],
        "decisions": [d.text for d in m.decisions.all()],
        "actions": [
            {
                "id": a.pk,
                "text": a.text,
                "owner": a.owner.email if a.owner else None,
                "due_on": a.due_on,
                "status": a.status,
                "done_on": a.done_on,
            }
            for a in m.actions.all()
        ],
    }


@router.get(
    "/boards", response=list[BoardOut], tags=["programme"], summary="Boards the caller may read"
)
@paginate(PageNumber)
def list_boards(request: HttpRequest) -> Any:
    qs = Board.objects.visible_to(request.user).order_by("name", "pk")
    return Mapped(
        qs,
        lambda b: {
            "id": b.pk,
            "organisation_id": b.organisation_id,
            "name": b.name,
            "kind": b.kind,
            "partnership_id": b.partnership_id,
            "is_active": b.is_active,
        },
    )


@router.get(
    "/boards/{board_id}/meetings",
    response=list[MeetingOut],
    tags=["programme"],
    summary="A board's meetings with agenda, decisions and actions, newest first",
)
@paginate(PageNumber)
def list_meetings(request: HttpRequest, board_id: PathId) -> Any:
    board = get_board_for_user(request.user, board_id)
    qs = (
        Meeting.objects.filter(board=board)
        .prefetch_related("items", "decisions", "actions__owner")
        .order_by("-held_on", "pk")
    )
    return Mapped(qs, meeting_out)


# -- NI35 ----------------------------------------------------------------------------------------
class StrandOut(Schema):
    strand: int
    title: str
    score: int | None
    evidence: str
    action_ids: list[int]


class AssessmentOut(Schema):
    id: int
    partnership_id: int
    partnership: str
    year_ending: date
    kind: str
    assessed_on: date
    status: str
    overall: int | None
    framework: str
    provisional: bool
    strands: list[StrandOut]


def assessment_out(a: Ni35Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "partnership_id": a.partnership_id,
        "partnership": a.partnership.name,
        "year_ending": a.year_ending,
        "kind": a.kind,
        "assessed_on": a.assessed_on,
        "status": a.status,
        "overall": a.overall(),
        "framework": a.framework.name,
        "provisional": a.framework.provisional,
        "strands": [
            {
                "strand": s.strand.number,
                "title": s.strand.title,
                "score": s.score,
                "evidence": s.evidence,
                "action_ids": [x.pk for x in s.actions.all()],
            }
            for s in a.scores.all()
        ],
    }


def _assessments(request: HttpRequest) -> Any:
    return (
        Ni35Assessment.objects.visible_to(request.user)
        .select_related("partnership", "framework")
        .prefetch_related("scores__strand", "scores__actions")
    )


@router.get(
    "/ni35-assessments",
    response=list[AssessmentOut],
    tags=["performance"],
    summary="NI35 self-assessments the caller may read",
)
@paginate(PageNumber)
def list_assessments(request: HttpRequest) -> Any:
    return Mapped(_assessments(request).order_by("-year_ending", "pk"), assessment_out)


@router.get("/ni35-assessments/{assessment_id}", response=AssessmentOut, tags=["performance"])
def get_assessment(request: HttpRequest, assessment_id: PathId) -> Any:
    assessment = _assessments(request).filter(pk=assessment_id).first()
    if assessment is None:
        raise Http404
    return assessment_out(assessment)


# -- dashboards ----------------------------------------------------------------------------------
@router.get(
    "/dashboards/{organisation_id}",
    response=dict[str, Any],
    tags=["dashboards"],
    summary="The roll-up figures of a BCU, force, region or nation (as on its dashboard)",
)
def get_dashboard(request: HttpRequest, organisation_id: PathId) -> Any:
    org = get_dashboard_organisation_for_user(request.user, organisation_id)
    return rollup.build(org, today()).as_dict()
