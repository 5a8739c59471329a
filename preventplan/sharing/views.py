from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.lib.concurrency import save_or_conflict
from preventplan.lib.http import AuthedRequest
from preventplan.lib.listing import paginate, sorted_by
from preventplan.organisations.access import scope_for
from preventplan.sharing import actions
from preventplan.sharing.access import (
    can_manage_protocols_of,
    get_protocol_for_user,
    protocol_owners_for,
    protocols_visible_to,
)
from preventplan.sharing.forms import ProtocolForm


@require_GET
def protocol_list(request: AuthedRequest) -> HttpResponse:
    qs = protocols_visible_to(request.user).select_related("owner").prefetch_related("partnerships")
    qs = sorted_by(
        request,
        qs,
        {"review": "review_on", "reference": "reference", "owner": "owner__name"},
        "review",
    )
    return render(
        request,
        "sharing/protocol_list.html",
        {
            "page": paginate(request, qs),
            "can_create": bool(protocol_owners_for(scope_for(request.user))),
        },
    )


@require_GET
def protocol_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    protocol = get_protocol_for_user(request, pk)
    return render(
        request,
        "sharing/protocol_detail.html",
        {
            "protocol": protocol,
            "can_manage": can_manage_protocols_of(scope_for(request.user), protocol.owner),
        },
    )


@require_http_methods(["GET", "POST"])
def protocol_create(request: AuthedRequest) -> HttpResponse:
    owners = protocol_owners_for(scope_for(request.user))
    if not owners:
        raise PermissionDenied
    form = ProtocolForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        protocol = actions.save_protocol(
            request.user,
            form.save(commit=False),
            list(form.cleaned_data["partnerships"]),
            request=request,
        )
        messages.success(request, f"{protocol.reference} has been added to the register.")
        return redirect("sharing:protocol-detail", pk=protocol.pk)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": "Add an information-sharing protocol",
            "caption": "Information-sharing protocols",
            "form": form,
            "button": "Add protocol",
            "cancel_url": reverse("sharing:protocol-list"),
        },
    )


@require_http_methods(["GET", "POST"])
def protocol_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    protocol = get_protocol_for_user(request, pk, manage=True)
    owners = protocol_owners_for(scope_for(request.user)) or [protocol.owner]
    if protocol.owner not in owners:
        owners.append(protocol.owner)
    form = ProtocolForm(request.POST or None, instance=protocol, owners=owners)
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_protocol(
                request.user,
                form.save(commit=False),
                list(form.cleaned_data["partnerships"]),
                form.cleaned_data["version"],
                request,
            ),
            lambda fresh: ProtocolForm(instance=fresh, owners=owners),
        )
        if conflict is None:
            messages.success(request, "The protocol has been saved.")
            return redirect("sharing:protocol-detail", pk=protocol.pk)
    return render(
        request,
        "layouts/form_page.html",
        {
            "heading": f"Change {protocol.reference}",
            "caption": protocol.title,
            "form": form,
            "button": "Save protocol",
            "cancel_url": reverse("sharing:protocol-detail", args=[protocol.pk]),
            "conflict": conflict,
        },
    )
