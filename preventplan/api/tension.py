"""API for weekly tension assessments: BCU returns and force assessments, every version, with
the pages' access rules (BCU leads their BCU, force leads their force, oversight their region;
partners the returns shared with their partnership under a protocol in force, with only the
shared sections, each reading recorded as the shared page records it)."""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from preventplan.api.pagination import Id, PageNumber, Recorded
from preventplan.audit.consultations import record_consultation, record_listing
from preventplan.organisations.access import scope_for
from preventplan.tension.access import read_paths, shared_returns_for
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
    shared_sections: list[str] | None = Field(
        None,
        description="For a return shared with the caller's partnership: the sections shared "
        "(the others are left out). None when the caller reads the whole return.",
    )


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


def shared_out(r: BcuReturn) -> dict[str, Any]:
    """A return as a partner sees it on the shared page: only the shared sections' levels and
    counts, the overall level and trend only if "overall" is shared."""
    only = r.shared_sections
    full = bcu_out(r)
    return {
        **full,
        "overall_level": full["overall_level"] if "overall" in only else None,
        "trend": r.trend if "overall" in only else "",
        **{
            f"{section}_level": full[f"{section}_level"] if section in only else None
            for section in ("experienced", "evidential", "potential")
        },
        "counts": {
            c.indicator.code: c.count for c in r.counts.all() if c.indicator.section in only
        },
        "shared_sections": only,
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


SHARED_TENSION = "Shared with the reader's partnership under a protocol in force (6.3)"


@router.get(
    "/tension-assessments",
    response=list[TensionOut],
    summary="BCU returns or force assessments the caller may read, newest week first",
)
@paginate(PageNumber)
def list_tension_assessments(request: Any, filters: Query[TensionFilters]) -> Any:
    field = (BcuReturn if filters.kind == "bcu" else ForceAssessment).UNIT_FIELD
    paths = read_paths(scope_for(request.user))
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__path__startswith": path})
    fn: Any
    if filters.kind == "bcu":
        # The same returns the pages show: those read in full, and those shared with the
        # caller's partnership (tension.access.shared_returns_for, as the shared page uses).
        shared = shared_returns_for(request.user).values("pk")
        qs: Any = (
            BcuReturn.objects.filter(q | Q(pk__in=shared))
            .prefetch_related("counts__indicator")
            .select_related(
                "bcu", "overall_level", "experienced_level", "evidential_level", "potential_level"
            )
        )

        def fn(r: BcuReturn) -> dict[str, Any]:
            if any(r.bcu.path.startswith(p) for p in paths):
                return bcu_out(r)
            record_consultation(
                request.user,
                r,
                "bcureturn.consulted-shared",
                request,
                page="api",
                justification=SHARED_TENSION,
                details={"sections": r.shared_sections, "via": "api"},
            )
            return shared_out(r)

    else:
        qs = ForceAssessment.objects.filter(q).select_related("force", "overall_level")
        fn = force_out
    if filters.organisation_id:
        qs = qs.filter(**{f"{field}_id": filters.organisation_id})
    if filters.week_commencing:
        qs = qs.filter(week_commencing=filters.week_commencing)
    if filters.submitted_only:
        qs = qs.filter(status=ReturnStatus.SUBMITTED)
    event = f"{qs.model._meta.model_name}.consulted"

    def own(objs: list[Any]) -> None:
        """Staff reads (returns can hold personal data): one event for the page's own records."""
        mine = [o for o in objs if any(o.unit.path.startswith(p) for p in paths)]
        record_listing(request.user, mine, event, request, page="api-list")

    return Recorded(qs.order_by("-week_commencing", f"{field}__name", "-number", "pk"), fn, own)
