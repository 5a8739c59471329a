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
from preventplan.organisations.models import Partnership
from preventplan.plans.access import get_plan_for_user
from preventplan.plans.actions import PlanRuleError
from preventplan.sharing import actions
from preventplan.sharing.access import (
    can_manage_protocols_of,
    get_protocol_for_user,
    protocol_owners_for,
    protocols_visible_to,
)
from preventplan.sharing.forms import ProtocolForm, ShareForm
from preventplan.sharing.models import ShareCategory, partnerships_with_protocol


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


@require_http_methods(["GET", "POST"])
def plan_share(request: AuthedRequest, pk: int) -> HttpResponse:
    """Choose the partnerships a plan is shared with; only those a protocol in force covers."""
    plan = get_plan_for_user(request, pk, manage=True)
    force = plan.organisation.force()
    candidates = Partnership.objects.filter(force=force, is_active=True).order_by("name")
    covered = set(partnerships_with_protocol(ShareCategory.PLANS).values_list("pk", flat=True))
    form = ShareForm(request.POST or None, initial={"partnerships": list(plan.shared_with.all())})
    form.fields["partnerships"].queryset = candidates.filter(pk__in=covered)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            actions.share_plan(request.user, plan, list(form.cleaned_data["partnerships"]), request)
        except PlanRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Sharing has been saved.")
        return redirect("plans:plan-detail", pk=plan.pk)
    return render(
        request,
        "sharing/plan_share.html",
        {
            "plan": plan,
            "form": form,
            "uncovered": candidates.exclude(pk__in=covered),
            "covered": candidates.filter(pk__in=covered),
            "shared": set(plan.shared_with.values_list("pk", flat=True)),
        },
    )
