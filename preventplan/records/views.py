"""The pages every register shares, driven by its :class:`~preventplan.records.spec.RegisterSpec`:
a filtered, sorted, paginated list; a detail page; add and change forms with conflict detection;
CSV and Excel exports of the filtered list. ``url_patterns(spec)`` gives a register its URLs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.audit.forms import reason_for_export
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.concurrency import save_or_conflict
from preventplan.lib.dates import today
from preventplan.lib.http import AuthedRequest, small_int
from preventplan.lib.listing import paginate, sorted_by
from preventplan.lib.marking import Marking
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Organisation
from preventplan.records import actions, exports, reads
from preventplan.records.access import get_record_for_user
from preventplan.records.spec import RegisterSpec


@dataclass
class Filters:
    """The list's filters as read from the query string; unknown values fall back to defaults."""

    status: str
    organisation: int | None
    mine: bool
    overdue: bool
    query: str
    choices: dict[str, str]

    @property
    def active(self) -> bool:
        return bool(self.organisation or self.mine or self.overdue or self.query or self.choices)


def status_choices(spec: RegisterSpec) -> dict[str, Any]:
    """The status filter's choices: the register's statuses, then "All"."""
    return dict(spec.statuses) | {"all": _("All")}


def read_filters(request: AuthedRequest, spec: RegisterSpec) -> Filters:
    statuses = status_choices(spec)
    status = request.GET.get("status", spec.default_status)
    chosen = {}
    for name in spec.filters:
        value = request.GET.get(name, "")
        if value in dict(spec.choices(name)):
            chosen[name] = value
    return Filters(
        status=status if status in statuses else spec.default_status,
        organisation=small_int(request.GET.get("organisation")),
        mine=request.GET.get("mine") == "1" and bool(spec.policy.person_field),
        overdue=request.GET.get("overdue") == "1" and spec.overdue is not None,
        query=request.GET.get("q", "").strip()[:200],
        choices=chosen,
    )


def filtered(
    user: Any, spec: RegisterSpec, filters: Filters
) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """(every record the person may read, those the filters keep). Pages and API alike."""
    visible = spec.model._default_manager.visible_to(user)
    qs = visible
    if filters.status != "all":
        qs = qs.filter(status=filters.status)
    if filters.organisation is not None:
        qs = qs.filter(**{f"{spec.policy.organisation_field}_id": filters.organisation})
    if filters.mine:
        qs = qs.filter(**{spec.policy.person_field: user})
    if filters.overdue and spec.overdue is not None:
        qs = qs.filter(spec.overdue(today()))
    if filters.query:
        q = Q()
        for name in spec.search:
            q |= Q(**{f"{name}__icontains": filters.query})
        qs = qs.filter(q)
    if filters.choices:
        qs = qs.filter(**filters.choices)
    related = [spec.policy.organisation_field, spec.policy.person_field, *spec.select_related]
    qs = qs.select_related(*filter(None, related)).prefetch_related(*spec.prefetch)
    if spec.annotate:
        qs = qs.annotate(**spec.annotate)
    return visible, qs


def choice_filters(spec: RegisterSpec, filters: Filters) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "label": spec.label(name),
            "choices": spec.choices(name),
            "value": filters.choices.get(name, ""),
        }
        for name in spec.filters
    ]


def register_list(request: AuthedRequest, spec: RegisterSpec) -> HttpResponse:
    if not spec.policy.has_register(request.user):
        raise Http404
    filters = read_filters(request, spec)
    visible, qs = filtered(request.user, spec, filters)
    page = paginate(
        request, sorted_by(request, qs, spec.sorts, spec.default_sort, spec.sort_labels)
    )
    org_field = spec.policy.organisation_field
    overdue_count = (
        visible.filter(spec.overdue(today())).count()
        if spec.overdue is not None and filters.status != "closed"
        else 0
    )
    context = {
        "spec": spec,
        "page": page,
        "columns": [c for c in spec.list_columns if c.page],
        "can_add": bool(spec.policy.organisations_for(scope_for(request.user))),
        "overdue_count": overdue_count,
        "overdue_text": spec.overdue_text(overdue_count) if overdue_count else "",
        "count_text": spec.count_text(page.paginator.count),
        "export_urls": {
            fmt: spec.url("export", fmt) + (f"?{request.GET.urlencode()}" if request.GET else "")
            for fmt in exports.FORMATS
        },
        "filters": filters,
        "statuses": status_choices(spec),
        "organisations": Organisation.objects.filter(pk__in=visible.values(org_field)).order_by(
            "name"
        ),
        "choice_filters": choice_filters(spec, filters),
        "query_string": request.GET.urlencode(),
    }
    if spec.list_context is not None:
        context |= spec.list_context(request, qs)
    if spec.shown is not None:
        spec.shown(request, list(page.object_list))
    reads.record_reads(request.user, spec, page.object_list, "list", request)
    return render(request, spec.list_template, context)


def register_detail(request: AuthedRequest, spec: RegisterSpec, pk: int) -> HttpResponse:
    obj = get_record_for_user(request.user, spec.model, pk)
    if spec.consult is not None and (answer := spec.consult(request, obj, "detail")):
        return answer
    reads.record_reads(request.user, spec, [obj], "detail", request)
    scope = scope_for(request.user)
    context = {
        "spec": spec,
        "record": obj,
        "facts": spec.fact_rows,
        "can_manage": spec.policy.can_manage(scope, obj),
        "can_update": spec.policy.can_update(scope, request.user, obj),
    }
    if spec.detail_context is not None:
        context |= spec.detail_context(request, obj)
    return render(request, spec.detail_template, context)


def register_create(request: AuthedRequest, spec: RegisterSpec) -> HttpResponse:
    if not spec.policy.has_register(request.user):
        raise Http404
    organisations = spec.policy.organisations_for(scope_for(request.user))
    if not organisations:
        raise PermissionDenied
    form = spec.form(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        obj = actions.save_record(request.user, form.record(), form.many(), request=request)
        messages.success(
            request,
            _("%(reference)s has been added to the register.") % {"reference": obj.reference},
        )
        return redirect(spec.url("detail", obj.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Add %(a_noun)s") % {"a_noun": spec.a_noun},
            "caption": spec.title,
            "form": form,
            "button": _("Add %(noun)s") % {"noun": spec.noun},
            "cancel_url": spec.url("list"),
        },
    )


def register_edit(request: AuthedRequest, spec: RegisterSpec, pk: int) -> HttpResponse:
    obj = get_record_for_user(request.user, spec.model, pk, write=True)
    if spec.consult is not None and (answer := spec.consult(request, obj, "edit")):
        return answer
    if request.method == "GET":
        reads.record_reads(request.user, spec, [obj], "edit", request)
    organisations = [spec.policy.organisation_of(obj)]
    form = spec.form(request.POST or None, instance=obj, organisations=organisations)
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_record(
                request.user, form.record(), form.many(), form.cleaned_data["version"], request
            ),
            lambda fresh: spec.form(instance=fresh, organisations=organisations),
        )
        if conflict is None:
            messages.success(
                request, _("%(reference)s has been saved.") % {"reference": obj.reference}
            )
            return redirect(spec.url("detail", obj.pk))
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": _("Change %(reference)s") % {"reference": obj.reference},
            "caption": obj.title,
            "form": form,
            "button": _("Save"),
            "cancel_url": spec.url("detail", obj.pk),
            "conflict": conflict,
        },
    )


def register_export(request: AuthedRequest, spec: RegisterSpec, fmt: str) -> HttpResponse:
    """The filtered list as CSV or Excel. Records leave the system as a recorded disclosure; a
    reason is asked for when any of them is marked OFFICIAL-SENSITIVE (DPA 2018 s.62)."""
    if fmt not in exports.FORMATS or not spec.policy.has_register(request.user):
        raise Http404
    filters = read_filters(request, spec)
    _visible, qs = filtered(request.user, spec, filters)
    qs = sorted_by(request, qs, spec.sorts, spec.default_sort, spec.sort_labels)
    rows = list(qs[: exports.MAX_ROWS + 1])
    if len(rows) > exports.MAX_ROWS:
        messages.error(
            request,
            _(
                "There are more than %(limit)s %(records)s to export: "
                "narrow the filters and try again."
            )
            % {"limit": f"{exports.MAX_ROWS:,}", "records": spec.plural},
        )
        return redirect(f"{spec.url('list')}?{request.GET.urlencode()}")
    marking = (
        Marking.OFFICIAL_SENSITIVE
        if any(getattr(r, "marking", "") == Marking.OFFICIAL_SENSITIVE for r in rows)
        else Marking.OFFICIAL
    )
    justification = ""
    if marking == Marking.OFFICIAL_SENSITIVE:
        reason = reason_for_export(
            request,
            caption=str(spec.title),
            body=_("Some of these %(records)s are marked %(marking)s.")
            % {"records": spec.plural, "marking": marking},
            button=_("Download the %(format)s") % {"format": fmt.upper()},
            cancel_url=spec.url("list"),
        )
        if isinstance(reason, HttpResponse):
            return reason
        justification = reason
    content = exports.render(spec, rows, fmt, marking, today())
    record(
        request.user,
        AuditAction.DISCLOSE,
        f"{spec.event_prefix}.exported",
        organisation=None,
        justification=justification,
        recipients=[request.user.email],
        details={
            "format": fmt,
            "count": len(rows),
            "references": [str(getattr(r, "reference", r.pk)) for r in rows][:500],
            "filters": request.GET.dict(),
        },
        request=request,
    )
    response = HttpResponse(content, content_type=exports.FORMATS[fmt])
    name = f"{spec.path}-{today():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def url_patterns(spec: RegisterSpec, *extra: URLPattern) -> list[URLPattern]:
    """The register's pages: list, add, detail, change and export, then ``extra``."""

    @require_GET
    def list_view(request: AuthedRequest) -> HttpResponse:
        return register_list(request, spec)

    @require_http_methods(["GET", "POST"])
    def create_view(request: AuthedRequest) -> HttpResponse:
        return register_create(request, spec)

    @require_GET
    def detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
        return register_detail(request, spec, pk)

    @require_http_methods(["GET", "POST"])
    def edit_view(request: AuthedRequest, pk: int) -> HttpResponse:
        return register_edit(request, spec, pk)

    @require_http_methods(["GET", "POST"])
    def export_view(request: AuthedRequest, fmt: str) -> HttpResponse:
        return register_export(request, spec, fmt)

    base = spec.path
    return [
        path(f"{base}/", list_view, name=f"{spec.name}-list"),
        path(f"{base}/new", create_view, name=f"{spec.name}-create"),
        path(f"{base}/export.<slug:fmt>", export_view, name=f"{spec.name}-export"),
        path(f"{base}/<id:pk>/", detail_view, name=f"{spec.name}-detail"),
        path(f"{base}/<id:pk>/edit", edit_view, name=f"{spec.name}-edit"),
        *extra,
    ]
