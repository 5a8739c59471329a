from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from preventplan.accounts.models import User
from preventplan.accounts.reauth import recent_authentication_required
from preventplan.lib.concurrency import save_or_conflict
from preventplan.lib.http import AuthedRequest, small_int
from preventplan.lib.listing import paginate, sorted_by
from preventplan.lib.tokens import hash_token
from preventplan.organisations import actions
from preventplan.organisations.access import (
    get_invitation_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_partnership_for_user,
    scope_for,
)
from preventplan.organisations.forms import (
    AcceptInvitationForm,
    InviteForm,
    OrganisationForm,
    PartnershipForm,
)
from preventplan.organisations.models import (
    ROLE_DESCRIPTIONS,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
)


@require_GET
def organisation_list(request: AuthedRequest) -> HttpResponse:
    qs = Organisation.objects.visible_to(request.user).select_related("parent", "partner_type")
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    if kind in OrganisationKind.values:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    if request.GET.get("inactive") != "1":
        qs = qs.filter(is_active=True)
    qs = sorted_by(request, qs, {"name": "name", "kind": "kind", "parent": "parent__name"}, "name")
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "page": paginate(request, qs),
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "query": query,
            "can_create": bool(scope_for(request.user).creatable_kinds(None)),
        },
    )


@require_GET
def organisation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org = get_organisation_for_user(request.user, pk)
    scope = scope_for(request.user)
    visible = Organisation.objects.visible_to(request.user)
    children = visible.filter(parent=org).select_related("partner_type").order_by("kind", "name")
    ancestors = Organisation.objects.filter(id__in=org.ancestor_ids()).order_by("path")
    partnerships = Partnership.objects.visible_to(request.user).filter(members=org)
    can_see_people = scope.can_see_people(org)
    grantable = scope.grantable_roles(org)
    members = (
        Membership.objects.current()
        .filter(organisation=org)
        .select_related("user")
        .order_by("user__full_name", "role")
        if can_see_people
        else Membership.objects.none()
    )
    invitations = (
        Invitation.objects.pending().filter(organisation=org)
        if grantable
        else Invitation.objects.none()
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "org": org,
            "ancestors": ancestors,
            "children_page": paginate(request, children, per_page=50),
            "partnerships": partnerships,
            "members": members,
            "invitations": invitations,
            "can_see_people": can_see_people,
            "grantable": set(grantable),
            "can_manage": scope.can_manage_organisation(org),
            "creatable_kinds": scope.creatable_kinds(org),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request: AuthedRequest) -> HttpResponse:
    parent_id = request.GET.get("parent", "")
    parent_pk = small_int(parent_id)
    parent = get_organisation_for_user(request.user, parent_pk) if parent_pk is not None else None
    if parent_id and parent is None:
        raise Http404
    kinds = scope_for(request.user).creatable_kinds(parent)
    if not kinds:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, kinds=kinds, parent=parent)
    if request.method == "POST" and form.is_valid():
        org = form.save(commit=False)
        org.parent = parent
        actions.create_organisation(request.user, org, request)
        messages.success(request, _("%(name)s has been added.") % {"name": org.name})
        return redirect("organisations:organisation-detail", pk=org.pk)
    return render(request, "organisations/organisation_form.html", {"form": form, "parent": parent})


@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    org = get_organisation_for_user(request.user, pk, write=True)
    before = {name: getattr(org, name) for name in actions.EDITABLE_ORGANISATION_FIELDS}
    form = OrganisationForm(request.POST or None, instance=org, kinds={org.kind}, parent=org.parent)
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.update_organisation(
                request.user,
                form.save(commit=False),
                before,
                form.cleaned_data["version"] or 0,
                request,
            ),
            lambda fresh: OrganisationForm(instance=fresh, kinds={fresh.kind}, parent=fresh.parent),
        )
        if conflict is None:
            messages.success(request, _("Your changes have been saved."))
            return redirect("organisations:organisation-detail", pk=org.pk)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "org": org, "parent": org.parent, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
@recent_authentication_required
def invite(request: AuthedRequest, pk: int) -> HttpResponse:
    org = get_organisation_for_user(request.user, pk)
    roles = scope_for(request.user).grantable_roles(org)
    if not roles:
        raise PermissionDenied
    form = InviteForm(request.POST or None, roles=roles, organisation=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = User.objects.filter(email__iexact=data["email"], is_active=True).first()
        if existing:
            actions.grant_role(request.user, existing, org, data["role"], request)
            messages.success(
                request,
                _("%(person)s now has this role in %(organisation)s.")
                % {"person": existing, "organisation": org},
            )
        else:
            actions.invite(
                request.user,
                email=data["email"],
                full_name=data["full_name"],
                organisation=org,
                role=data["role"],
                request=request,
            )
            messages.success(
                request, _("An invitation has been sent to %(email)s.") % {"email": data["email"]}
            )
        return redirect("organisations:organisation-detail", pk=org.pk)
    descriptions = {Role(r).label: ROLE_DESCRIPTIONS[r] for r in roles}
    return render(
        request,
        "organisations/invite.html",
        {"form": form, "org": org, "descriptions": descriptions},
    )


@require_http_methods(["GET", "POST"])
@recent_authentication_required
def membership_end(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    if request.method == "POST":
        actions.end_membership(request.user, membership, request)
        messages.success(
            request,
            _("%(person)s no longer has the role %(role)s in %(organisation)s.")
            % {
                "person": membership.user,
                "role": membership.get_role_display(),
                "organisation": membership.organisation,
            },
        )
        return redirect("organisations:organisation-detail", pk=membership.organisation_id)
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": _("Remove the role %(role)s from %(person)s?")
            % {"role": membership.get_role_display(), "person": membership.user},
            "body": _(
                "%(person)s will lose what this role lets them see and do in %(organisation)s on "
                "their next page. Their other roles are not affected. The change is recorded."
            )
            % {"person": membership.user, "organisation": membership.organisation},
            "button": _("Remove role"),
            "cancel_url": reverse(
                "organisations:organisation-detail", args=[membership.organisation_id]
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for_user(request.user, pk, write=True)
    if request.method == "POST":
        actions.withdraw_invitation(request.user, invitation, request)
        messages.success(
            request,
            _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email},
        )
        return redirect("organisations:organisation-detail", pk=invitation.organisation_id)
    return render(
        request,
        "layouts/confirm.html",
        {
            "heading": _("Withdraw the invitation for %(email)s?") % {"email": invitation.email},
            "body": _("The link in the invitation e-mail will stop working."),
            "button": _("Withdraw invitation"),
            "cancel_url": reverse(
                "organisations:organisation-detail", args=[invitation.organisation_id]
            ),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        Invitation.objects.filter(token_hash=hash_token(token))
        .select_related("organisation")
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return render(
            request,
            "organisations/invitation_unusable.html",
            {"invitation": invitation},
            status=410 if invitation else 404,
        )
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        # Someone with an account must be signed in as that account to accept.
        if request.user != existing:
            return render(
                request,
                "organisations/invitation_sign_in.html",
                {"invitation": invitation},
                status=403 if request.user.is_authenticated else 200,
            )
        if request.method == "POST":
            actions.accept_invitation(invitation, existing, request)
            messages.success(
                request,
                _("You now have the role %(role)s in %(organisation)s.")
                % {"role": invitation.get_role_display(), "organisation": invitation.organisation},
            )
            return redirect("core:home")
        return render(
            request,
            "organisations/invitation_accept.html",
            {"invitation": invitation, "form": None},
        )
    if request.user.is_authenticated:
        return render(
            request,
            "organisations/invitation_sign_in.html",
            {"invitation": invitation, "other_account": True},
            status=403,
        )
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        user = User.objects.create_user(
            invitation.email,
            form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            job_title=form.cleaned_data["job_title"],
        )
        actions.accept_invitation(invitation, user, request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome. You now have the role %(role)s in %(organisation)s.")
            % {"role": invitation.get_role_display(), "organisation": invitation.organisation},
        )
        return redirect("core:home")
    return render(
        request, "organisations/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@require_GET
def partnership_list(request: AuthedRequest) -> HttpResponse:
    qs = (
        Partnership.objects.visible_to(request.user)
        .select_related("force")
        .annotate(member_count=Count("members"))
    )
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(name__icontains=query)
    qs = sorted_by(request, qs, {"name": "name", "kind": "kind", "force": "force__name"}, "name")
    return render(
        request,
        "organisations/partnership_list.html",
        {
            "page": paginate(request, qs),
            "query": query,
            "can_create": scope_for(request.user).can_create_partnership(),
        },
    )


@require_GET
def partnership_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, pk)
    members = partnership.members.select_related("partner_type").order_by("kind", "name")
    return render(
        request,
        "organisations/partnership_detail.html",
        {
            "partnership": partnership,
            "members": members,
            "can_manage": scope_for(request.user).can_manage_partnership(partnership),
        },
    )


def _partnership_forces(request: AuthedRequest) -> list[Organisation]:
    scope = scope_for(request.user)
    forces = Organisation.objects.filter(kind=OrganisationKind.FORCE, is_active=True)
    if not scope.is_national_admin:
        forces = forces.filter(id__in=[r.organisation_id for r in scope.held("force-lead")])
    return list(forces.order_by("name"))


@require_http_methods(["GET", "POST"])
def partnership_create(request: AuthedRequest) -> HttpResponse:
    forces = _partnership_forces(request)
    if not forces:
        raise PermissionDenied
    force_id = request.GET.get("force", "")
    force = next(
        (f for f in forces if str(f.pk) == force_id), forces[0] if len(forces) == 1 else None
    )
    if force is None:
        return render(request, "organisations/partnership_choose_force.html", {"forces": forces})
    form = PartnershipForm(request.POST or None, force=force)
    if request.method == "POST" and form.is_valid():
        partnership = form.save(commit=False)
        partnership.force = force
        actions.save_partnership(
            request.user, partnership, list(form.cleaned_data["members"]), request=request
        )
        messages.success(request, _("%(name)s has been added.") % {"name": partnership.name})
        return redirect("organisations:partnership-detail", pk=partnership.pk)
    return render(request, "organisations/partnership_form.html", {"form": form, "force": force})


@require_http_methods(["GET", "POST"])
def partnership_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, pk, write=True)
    form = PartnershipForm(request.POST or None, instance=partnership, force=partnership.force)
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_or_conflict(
            form,
            lambda: actions.save_partnership(
                request.user,
                form.save(commit=False),
                list(form.cleaned_data["members"]),
                expected_version=form.cleaned_data["version"] or 0,
                request=request,
            ),
            lambda fresh: PartnershipForm(instance=fresh, force=fresh.force),
        )
        if conflict is None:
            messages.success(request, _("Your changes have been saved."))
            return redirect("organisations:partnership-detail", pk=partnership.pk)
    return render(
        request,
        "organisations/partnership_form.html",
        {
            "form": form,
            "force": partnership.force,
            "partnership": partnership,
            "conflict": conflict,
        },
    )
