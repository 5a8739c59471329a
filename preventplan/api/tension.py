"""API for weekly tension assessments: BCU returns and force assessments, every version, with
the pages' access rules (BCU leads their BCU, force leads their force, oversight their region)."""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from preventplan.api.pagination import Id, Mapped, PageNumber
from preventplan.organisations.access import scope_for
from preventplan.tension.access import read_paths
from preventplan.tension.models import BcuReturn, ForceAssessment, ReturnStatus

router = Router(tags=["tension"])


class TensionOut(Schema):
    id: int
    kind: Literal["bcu", "force"]
    organisation_id: int
    organisation: str
    week_commencing: date
    version: int
    status: ReturnStatus
    submitted_at: datetime | None
    overall_level: int | None
    experienced_level: int | None = None
    evidential_level: int | None = None
    potential_level: int | None = None
    trend: str = ""
    counts: dict[str, int] = Field(default_factory=dict)
    narrative: str = ""


class TensionFilters(Schema):
    kind: Literal["bcu", "force"] = "bcu"
    organisation_id: Id | None = None
    week_commencing: date | None = None
    submitted_only: bool = False


def position(level: Any) -> int | None:
    return level.position if level else None


def bcu_out(r: BcuReturn) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": "bcu",
        "organisation_id": r.bcu_id,
        "organisation": r.bcu.name,
        "week_commencing": r.week_commencing,
        "version": r.number,
        "status": r.status,
        "submitted_at": r.submitted_at,
        "overall_level": position(r.overall_level),
        "experienced_level": position(r.experienced_level),
        "evidential_level": position(r.evidential_level),
        "potential_level": position(r.potential_level),
        "trend": r.trend,
        "counts": {c.indicator.code: c.count for c in r.counts.all()},
    }


def force_out(a: ForceAssessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "kind": "force",
        "organisation_id": a.force_id,
        "organisation": a.force.name,
        "week_commencing": a.week_commencing,
        "version": a.number,
        "status": a.status,
        "submitted_at": a.submitted_at,
        "overall_level": position(a.overall_level),
        "narrative": a.narrative,
    }


@router.get(
    "/tension-assessments",
    response=list[TensionOut],
    summary="BCU returns or force assessments the caller may read, newest week first",
)
@paginate(PageNumber)
def list_tension_assessments(request: Any, filters: Query[TensionFilters]) -> Any:
    field = (BcuReturn if filters.kind == "bcu" else ForceAssessment).UNIT_FIELD
    q = Q(pk__in=[])
    for path in read_paths(scope_for(request.user)):
        q |= Q(**{f"{field}__path__startswith": path})
    fn: Any
    if filters.kind == "bcu":
        qs: Any = (
            BcuReturn.objects.filter(q)
            .prefetch_related("counts__indicator")
            .select_related(
                "bcu", "overall_level", "experienced_level", "evidential_level", "potential_level"
            )
        )
        fn = bcu_out
    else:
        qs = ForceAssessment.objects.filter(q).select_related("force", "overall_level")
        fn = force_out
    if filters.organisation_id:
        qs = qs.filter(**{f"{field}_id": filters.organisation_id})
    if filters.week_commencing:
        qs = qs.filter(week_commencing=filters.week_commencing)
    if filters.submitted_only:
        qs = qs.filter(status=ReturnStatus.SUBMITTED)
    return Mapped(qs.order_by("-week_commencing", f"{field}__name", "-number", "pk"), fn)
