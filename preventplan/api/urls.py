"""/api/v1: the JSON API. Every endpoint uses the same access rules as the pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.pagination import paginate

from preventplan.api.auth import BearerToken
from preventplan.api.pagination import Mapped, PageNumber
from preventplan.api.plans import install_handlers
from preventplan.api.plans import router as plans_router
from preventplan.api.programme import router as programme_router
from preventplan.api.registers import router_for
from preventplan.api.schemas import ActivityOut, OrganisationOut
from preventplan.api.tension import router as tension_router
from preventplan.catalogue.models import Activity, Level, TemplateVersion
from preventplan.catalogue.views import search
from preventplan.organisations.models import Organisation, OrganisationKind
from preventplan.records.spec import all_registers

api = NinjaAPI(
    title="Prevent Delivery Planner API",
    version="1.0.0",
    description="Read and write access to plans and registers, scoped to the caller's organisations. "
    "Authenticate with `Authorization: Bearer <token>`; create a token on your account page or "
    "with `preventplan create_api_token EMAIL`.",
    auth=BearerToken(),
    urls_namespace="api-1.0.0",
)

catalogue = Router(tags=["catalogue"])
organisations = Router(tags=["organisations"])


class ActivityFilters(Schema):
    objective: int | None = Field(None, ge=0, le=99)
    level: Level | None = None
    partner: str | None = None
    q: str | None = None


def activity_out(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "number": a.number,
        "objective": a.objective.number,
        "objective_title": a.objective.title,
        "level": a.level,
        "text": a.text,
        "other_objectives": sorted(o.number for o in a.other_objectives.all()),
        "suggested_timescale": a.suggested_timescale,
        "target_dates": a.target_dates,
        "recurrence": a.recurrence,
        "delivery_partners": [p.code for p in a.delivery_partners.all()],
        "delivery_partners_text": a.delivery_partners_text,
        "template_version": a.version.number,
    }


@catalogue.get(
    "/activities", response=list[ActivityOut], summary="Activities of the current national template"
)
@paginate(PageNumber)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> Any:
    version = TemplateVersion.objects.current()
    qs: QuerySet[Activity] = (
        Activity.objects.filter(version=version)
        .select_related("objective", "version")
        .prefetch_related("other_objectives", "delivery_partners")
        .order_by("sort_key")
    )
    if filters.objective is not None:
        qs = qs.filter(objective__number=filters.objective)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.partner:
        qs = qs.filter(delivery_partners__code=filters.partner)
    if filters.q:
        qs = search(qs, filters.q)
    return Mapped(qs, activity_out)


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = None
    q: str | None = None


def organisation_out(o: Organisation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "name": o.name,
        "short_name": o.short_name,
        "kind": o.kind,
        "parent_id": o.parent_id,
        "partner_type": o.partner_type.code if o.partner_type else None,
        "is_active": o.is_active,
    }


@organisations.get("", response=list[OrganisationOut], summary="Organisations the caller may see")
@paginate(PageNumber)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    qs = (
        Organisation.objects.visible_to(request.user)
        .select_related("partner_type")
        .order_by("name", "pk")
    )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    return Mapped(qs, organisation_out)


api.add_router("/catalogue", catalogue)
api.add_router("/organisations", organisations)
api.add_router("", plans_router)
api.add_router("", programme_router)
for spec in all_registers():
    api.add_router("", router_for(spec))
api.add_router("", tension_router)
install_handlers(api)
