"""Every register's API, generated from its spec: list (with the pages' filters), detail, create
and update with a version check. Schemas come from the model (what is read) and the register's
form (what is written); writes are checked by the register's own form, so the API's rules are
the pages' rules, and saved by the same domain function, which records the audit event.

    GET   /{path}            records the caller may read (paginated, filtered)
    GET   /{path}/{id}       one record; 404 if the caller may not read it
    POST  /{path}            add a record (201); 403 if the caller runs no register
    PATCH /{path}/{id}       change fields given; ``version`` required; 409 if stale
"""

# No "from __future__ import annotations": ninja reads the generated schemas from the
# handlers' annotations, which must be real classes, not strings naming local variables.

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django import forms
from django.db import models
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from pydantic import create_model

from preventplan.api.auth import api_user
from preventplan.api.pagination import Id, PageNumber, Recorded
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Organisation
from preventplan.records import actions, reads
from preventplan.records.access import get_record_for_user
from preventplan.records.forms import current_values, form_data
from preventplan.records.spec import RegisterSpec, resolve
from preventplan.records.views import Filters, filtered

PathId = Annotated[int, Path(ge=1, le=2**63 - 1)]
SKIPPED = {"id", "created_by", "version"}


# -- what is read --------------------------------------------------------------------------------
def _choices(values: Any) -> Any:
    keys = tuple(str(k) for k, _ in values)
    return Literal[keys] if keys else str


def _model_type(f: models.Field[Any, Any]) -> Any:
    if getattr(f, "choices", None):
        # A choice the form may leave blank is read as "" (e.g. a communication that is not a
        # briefing has no briefing topic); without it the whole list failed to be read.
        blank = [("", "")] if f.blank and not f.null and "" not in dict(f.choices or []) else []
        kind: Any = _choices([*blank, *(f.choices or [])])
    elif isinstance(f, models.BooleanField):
        kind = bool
    elif isinstance(f, models.IntegerField):
        kind = int
    elif isinstance(f, models.DecimalField):
        kind = Decimal
    elif isinstance(f, models.DateTimeField):
        kind = datetime
    elif isinstance(f, models.DateField):
        kind = date
    else:
        kind = str
    return kind | None if f.null else kind


def api_name(spec: RegisterSpec, f: Any) -> str:
    """A field's name in the API: records are named by id (``owner_id``, ``action_ids``); the
    owning organisation is always ``organisation_id``."""
    if f.name == spec.policy.organisation_field:
        return "organisation_id"
    if f.name in spec.api_names:
        return spec.api_names[f.name]
    if f.many_to_many:
        return f"{f.name.removesuffix('s')}_ids"
    if f.is_relation:
        return f"{f.name}_id"
    return str(f.name)


def read_fields(spec: RegisterSpec) -> list[tuple[str, Any, Any]]:
    """(API name, type, value getter) for everything a record shows through the API."""
    model = spec.model
    org = spec.policy.organisation_field
    person = spec.policy.person_field
    fields: list[tuple[str, Any, Any]] = [
        ("id", int, "pk"),
        ("organisation_id", int, f"{org}_id"),
        ("organisation", str, f"{org}.name"),
    ]
    if person:
        fields += [
            ("owner_id", int | None, f"{person}_id"),
            ("owner", str | None, f"{person}.email"),
        ]
    for f in model._meta.concrete_fields:
        if f.name in SKIPPED | {org, person} or f.is_relation:
            continue
        fields.append((f.name, _model_type(f), f.name))
    for f in model._meta.many_to_many:
        fields.append((api_name(spec, f), list[int], lambda r, n=f.name: _ids(r, n)))
    for name, (kind, getter) in spec.api_extra.items():
        fields.append((name, kind, getter))
    if hasattr(model, "review_overdue"):
        fields.append(("review_overdue", bool, "review_overdue"))
    fields.append(("version", int, "version"))
    return fields


def _ids(record: Any, name: str) -> list[int]:
    return sorted(o.pk for o in getattr(record, name).all())


def out_schema(spec: RegisterSpec) -> tuple[type[Schema], Any]:
    fields = read_fields(spec)
    schema = create_model(  # type: ignore[call-overload]
        f"{spec.model.__name__}Out",
        __base__=Schema,
        **{name: (kind, ...) for name, kind, _ in fields},
    )

    def out(record: Any) -> dict[str, Any]:
        return {name: resolve(record, getter) for name, _, getter in fields}

    return schema, out


# -- what is written -----------------------------------------------------------------------------
def _form_type(field: forms.Field) -> Any:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return list[int]
    if isinstance(field, forms.ModelChoiceField):
        return int
    if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
        return int
    if isinstance(field, forms.MultipleChoiceField):
        return list[_choices(field.choices)]  # type: ignore[misc]
    if isinstance(field, forms.ChoiceField):
        return _choices(field.choices)
    if isinstance(field, forms.DateField):
        return date
    if isinstance(field, forms.DecimalField):
        return Decimal
    if isinstance(field, forms.IntegerField):
        return int
    if isinstance(field, forms.BooleanField):
        return bool
    return Annotated[str, Field(max_length=getattr(field, "max_length", None) or 20_000)]


def write_names(spec: RegisterSpec) -> dict[str, str]:
    """The register form's fields that the API writes: {form field name: API name}."""
    names = {}
    model_fields = {f.name: f for f in spec.model._meta.get_fields()}
    for name, field in spec.form(organisations=[]).fields.items():
        if name == "version" or isinstance(field.widget, forms.HiddenInput):
            continue
        f = model_fields.get(name)
        if name == spec.policy.organisation_field:
            names[name] = "organisation_id"
        elif f is not None and (f.is_relation or f.many_to_many):
            names[name] = api_name(spec, f)
        else:
            names[name] = name
    return names


def in_schemas(spec: RegisterSpec) -> tuple[type[Schema], type[Schema]]:
    """(the body to add a record, the body to change one)."""
    create: dict[str, Any] = {}
    update: dict[str, Any] = {"version": (int, Field(..., ge=1, description="The version read."))}
    fields = spec.form(organisations=[]).fields
    for name, api in write_names(spec).items():
        field = fields[name]
        kind = _form_type(field)
        create[api] = (kind, ...) if field.required else (kind | None, None)
        if name != spec.policy.organisation_field:
            update[api] = (kind | None, None)
    title = spec.model.__name__
    return (
        create_model(f"{title}Create", __base__=Schema, **create),
        create_model(f"{title}Update", __base__=Schema, **update),
    )


def _form_values(spec: RegisterSpec, body: Schema) -> dict[str, Any]:
    given = body.model_dump(exclude_unset=True)
    return {name: given[api] for name, api in write_names(spec).items() if api in given}


def _check(spec: RegisterSpec, form: forms.BaseForm) -> None:
    """Form errors as the API's 422, each located at the field's API name."""
    if form.is_valid():
        return
    names = write_names(spec)
    detail = []
    for name, messages in form.errors.items():
        loc = ["body"] + ([names.get(name, name)] if name != "__all__" else [])
        detail += [{"type": "value_error", "loc": loc, "msg": str(m)} for m in messages]
    raise ValidationError(detail)


def _check_organisation(
    spec: RegisterSpec, user: Any, organisations: list[Organisation], chosen: int
) -> None:
    """Adding to an organisation's register the caller does not run: 404 when they cannot see
    the organisation at all, 403 when they can."""
    if any(o.pk == chosen for o in organisations):
        return
    if not Organisation.objects.visible_to(user).filter(pk=chosen).exists():
        raise HttpError(404, "Not Found")
    if not organisations:
        raise HttpError(403, f"You do not add {spec.plural} for any organisation")
    raise HttpError(403, f"You do not add {spec.plural} for this organisation")


# -- the router ------------------------------------------------------------------------------------
def router_for(spec: RegisterSpec) -> Router:
    router = Router(tags=[spec.api_tag or spec.namespace])
    Out, out = out_schema(spec)
    Create, Update = in_schemas(spec)
    filter_fields: dict[str, Any] = {
        "organisation_id": (Id | None, None),
        "status": (_choices(spec.statuses) | None, None),
        "q": (Annotated[str, Field(max_length=200)] | None, None),
    }
    if spec.overdue is not None:
        filter_fields["overdue"] = (bool | None, None)
    if spec.policy.person_field:
        filter_fields["mine"] = (bool | None, None)
    for name in spec.filters:
        filter_fields[name] = (_choices(spec.choices(name)) | None, None)
    FilterSchema: Any = create_model(
        f"{spec.model.__name__}Filters", __base__=Schema, **filter_fields
    )
    singular = spec.name.replace("-", "_")
    plural = spec.path.replace("-", "_")

    @router.get(
        f"/{spec.path}",
        response=list[Out],  # type: ignore[valid-type]
        summary=f"{spec.title}: the records the caller may read",
        url_name=f"list_{plural}",
        operation_id=f"list_{plural}",
    )
    @paginate(PageNumber)
    def list_records(request: HttpRequest, filters: Query[FilterSchema]) -> Any:
        chosen = filters.model_dump(exclude_none=True)
        f = Filters(
            status=chosen.pop("status", "all"),
            organisation=chosen.pop("organisation_id", None),
            mine=chosen.pop("mine", False),
            overdue=chosen.pop("overdue", False),
            query=chosen.pop("q", ""),
            choices=chosen,
        )
        _, qs = filtered(request.user, spec, f)
        org = spec.policy.organisation_field
        user = api_user(request)
        return Recorded(
            qs.order_by(f"{org}__name", "reference", "pk"),
            out,
            lambda objs: reads.record_reads(user, spec, objs, "api-list", request),
        )

    @router.get(
        f"/{spec.path}/{{record_id}}",
        response=Out,
        summary=f"One {spec.noun}",
        url_name=f"get_{singular}",
        operation_id=f"get_{singular}",
    )
    def get_record(request: HttpRequest, record_id: PathId) -> Any:
        obj = get_record_for_user(request.user, spec.model, record_id)
        reads.record_reads(api_user(request), spec, [obj], "api", request)
        return out(obj)

    @router.post(
        f"/{spec.path}",
        response={201: Out},
        summary=f"Add {spec.noun} (the register's lead)",
        url_name=f"create_{singular}",
        operation_id=f"create_{singular}",
    )
    def create_record(request: HttpRequest, body: Create) -> Any:  # type: ignore[valid-type]
        scope = scope_for(request.user)
        organisations = spec.policy.organisations_for(scope)
        chosen = body.model_dump()["organisation_id"]  # type: ignore[attr-defined]
        _check_organisation(spec, request.user, organisations, chosen)
        blank = spec.form(organisations=organisations)
        sent = _form_values(spec, body)
        form = spec.form(form_data(blank, sent), organisations=organisations)
        form.refuse_hidden = frozenset(sent)  # a caller's value is never dropped unseen
        _check(spec, form)
        obj = actions.save_record(api_user(request), form.record(), form.many(), request=request)
        return 201, out(type(obj)._default_manager.get(pk=obj.pk))

    @router.patch(
        f"/{spec.path}/{{record_id}}",
        response=Out,
        summary=f"Change {spec.noun}: send the fields to change and the version read (409 if "
        "stale)",
        url_name=f"update_{singular}",
        operation_id=f"update_{singular}",
    )
    def update_record(request: HttpRequest, record_id: PathId, body: Update) -> Any:  # type: ignore[valid-type]
        obj = get_record_for_user(request.user, spec.model, record_id, write=True)
        organisations = [spec.policy.organisation_of(obj)]
        blank = spec.form(instance=obj, organisations=organisations)
        sent = _form_values(spec, body)
        values = current_values(blank) | sent
        form = spec.form(form_data(blank, values), instance=obj, organisations=organisations)
        # What was sent is refused if its control does not reveal it; what the record held is
        # dropped (the caller changed the control).
        form.refuse_hidden = frozenset(sent)
        _check(spec, form)
        version = body.model_dump()["version"]  # type: ignore[attr-defined]
        actions.save_record(api_user(request), form.record(), form.many(), version, request)
        return out(type(obj)._default_manager.get(pk=obj.pk))

    return router
