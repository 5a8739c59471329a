"""Writes to organisations, partnerships and memberships. Each is atomic and audited."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from preventplan.accounts.models import User
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.concurrency import save_if_unchanged
from preventplan.lib.service import service_name
from preventplan.organisations.access import forget_scope
from preventplan.organisations.models import Invitation, Membership, Organisation, Partnership

EDITABLE_ORGANISATION_FIELDS = [
    "name",
    "short_name",
    "partner_type",
    "email",
    "receives_csr_funding",
    "nation",
    "require_two_factor",
    "is_active",
]


def _changes(before: dict[str, object], obj: object, fields: list[str]) -> dict[str, list[str]]:
    return {
        name: [str(before[name]), str(getattr(obj, name))]
        for name in fields
        if before[name] != getattr(obj, name)
    }


@transaction.atomic
def create_organisation(
    actor: User, org: Organisation, request: HttpRequest | None = None
) -> Organisation:
    org.save()
    record(actor, AuditAction.COLLECT, "organisation.created", org, request=request)
    return org


@transaction.atomic
def update_organisation(
    actor: User,
    org: Organisation,
    before: dict[str, object],
    expected_version: int,
    request: HttpRequest | None = None,
) -> Organisation:
    save_if_unchanged(org, expected_version, EDITABLE_ORGANISATION_FIELDS)
    record(
        actor,
        AuditAction.ALTER,
        "organisation.updated",
        org,
        details={"changes": _changes(before, org, list(before))},
        request=request,
    )
    return org


@transaction.atomic
def save_partnership(
    actor: User,
    partnership: Partnership,
    members: list[Organisation],
    *,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Partnership:
    created = partnership.pk is None
    if created:
        partnership.save()
    else:
        save_if_unchanged(
            partnership, expected_version or 0, ["name", "kind", "reports_to", "is_active"]
        )
    partnership.members.set(members)
    record(
        actor,
        AuditAction.COLLECT if created else AuditAction.ALTER,
        "partnership.created" if created else "partnership.updated",
        partnership,
        details={"members": sorted(m.name for m in members)},
        request=request,
    )
    return partnership


@transaction.atomic
def grant_role(
    actor: User | None,
    user: User,
    organisation: Organisation,
    role: str,
    request: HttpRequest | None = None,
) -> Membership:
    """Give ``user`` ``role`` in ``organisation`` (no-op if they already hold it)."""
    existing = Membership.objects.current().filter(user=user, organisation=organisation, role=role)
    if existing.exists():
        return existing.get()
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=role, granted_by=actor
    )
    record(
        actor,
        AuditAction.COLLECT,
        "membership.granted",
        membership,
        details={"user": user.email, "role": role},
        request=request,
    )
    forget_scope(user)
    return membership


@transaction.atomic
def end_membership(actor: User, membership: Membership, request: HttpRequest | None = None) -> None:
    membership.ended_at = timezone.now()
    membership.ended_by = actor
    membership.save(update_fields=["ended_at", "ended_by"])
    record(
        actor,
        AuditAction.ALTER,
        "membership.ended",
        membership,
        details={"user": membership.user.email, "role": membership.role},
        request=request,
    )
    forget_scope(membership.user)


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("organisations:invitation-accept", args=[token])


@transaction.atomic
def invite(
    actor: User,
    *,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: str,
    request: HttpRequest | None = None,
    send_email: bool = True,
) -> tuple[Invitation, str]:
    """Create an invitation, e-mail its single-use link and return it with the raw token."""
    invitation = Invitation(
        email=email.lower(),
        full_name=full_name,
        organisation=organisation,
        role=role,
        invited_by=actor,
    )
    token = invitation.issue_token()
    invitation.save()
    record(
        actor,
        AuditAction.DISCLOSE,
        "invitation.sent",
        invitation,
        recipients=[invitation.email],
        details={"role": role},
        request=request,
    )
    if not send_email:
        return invitation, token
    # In the language of the person invited when they already have an account, else the default.
    known = User.objects.filter(email__iexact=invitation.email).first()
    with translation.override((known.language if known else "") or settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "url": invitation_url(token),
            "inviter": actor,
            "days": settings.INVITATION_DAYS,
            "service_name": service_name(),
        }
        send_mail(
            subject=_("You have been invited to %(service)s") % {"service": service_name()},
            message=render_to_string("organisations/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    return invitation, token


@transaction.atomic
def withdraw_invitation(
    actor: User, invitation: Invitation, request: HttpRequest | None = None
) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(actor, AuditAction.ALTER, "invitation.withdrawn", invitation, request=request)


@transaction.atomic
def accept_invitation(
    invitation: Invitation, user: User, request: HttpRequest | None = None
) -> Membership:
    """Use the invitation (once) to grant its role to ``user``."""
    claimed = (
        Invitation.objects.pending()
        .filter(pk=invitation.pk)
        .update(accepted_at=timezone.now(), accepted_by=user)
    )
    if not claimed:
        raise ValueError("This invitation has already been used, withdrawn or has expired")
    record(user, AuditAction.ALTER, "invitation.accepted", invitation, request=request)
    return grant_role(
        invitation.invited_by, user, invitation.organisation, invitation.role, request
    )
