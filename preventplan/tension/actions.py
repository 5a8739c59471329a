"""Writes to tension returns, force assessments and critical incidents. Each is atomic and
audited. A submitted return or assessment is never changed: :func:`correct` makes the next
version as a draft."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.lib.concurrency import save_if_unchanged
from preventplan.lib.dates import format_date
from preventplan.organisations.models import Membership, Organisation, Role
from preventplan.tension.models import (
    BcuReturn,
    CriticalIncident,
    ForceAssessment,
    IndicatorType,
    ReturnCount,
    ReturnStatus,
    Section,
    TensionSettings,
    VersionedWeekly,
)

if TYPE_CHECKING:
    from preventplan.accounts.models import User

W = TypeVar("W", bound=VersionedWeekly)


class TensionRuleError(Exception):
    """A change the rules do not allow; the message is for the user."""


EVENTS_INDICATOR = "planned-events"  # a count of these needs the events listed (date, area)


def latest(model: type[W], unit: Organisation, week: date) -> W | None:
    return (
        model._default_manager.filter(**{model.UNIT_FIELD: unit, "week_commencing": week})
        .order_by("-number")
        .first()
    )


@transaction.atomic
def start(
    actor: User,
    model: type[W],
    unit: Organisation,
    week: date,
    *,
    prefill: bool = False,
    request: HttpRequest | None = None,
) -> W:
    """Begin the week's return or assessment, optionally from last week's latest one."""
    if latest(model, unit, week) is not None:
        raise TensionRuleError(_("This week's has already been started"))
    obj = model(**{model.UNIT_FIELD: unit, "week_commencing": week, "created_by": actor})
    previous = latest(model, unit, week - timedelta(days=7)) if prefill else None
    if previous is not None:
        for name in model.EDITABLE_FIELDS:
            setattr(obj, name, getattr(previous, name))
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise TensionRuleError(_("This week's has already been started")) from None
    if isinstance(obj, BcuReturn) and isinstance(previous, BcuReturn):
        obj.shared_with.set(previous.shared_with.all())
        for row in previous.counts.all():
            ReturnCount.objects.create(bcu_return=obj, indicator=row.indicator, count=row.count)
        for event in previous.events.filter(starts_on__gte=week):
            event.pk, event.bcu_return = None, obj
            event.save()
    record(
        actor,
        AuditAction.COLLECT,
        f"{model._meta.model_name}.started",
        obj,
        details={"week": week.isoformat(), "prefilled": previous is not None},
        request=request,
    )
    return obj


@transaction.atomic
def save_draft(
    actor: User,
    obj: VersionedWeekly,
    expected_version: int,
    *,
    counts: dict[IndicatorType, int] | None = None,
    shared_with: list[Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    if not obj.is_draft:
        raise TensionRuleError(_("A submitted assessment cannot be changed; correct it instead"))
    save_if_unchanged(obj, expected_version, obj.EDITABLE_FIELDS)
    if isinstance(obj, BcuReturn):
        for indicator, value in (counts or {}).items():
            ReturnCount.objects.update_or_create(
                bcu_return=obj, indicator=indicator, defaults={"count": value}
            )
        if shared_with is not None:
            obj.shared_with.set(shared_with)
    record(actor, AuditAction.ALTER, f"{obj._meta.model_name}.saved", obj, request=request)


def problems(obj: VersionedWeekly) -> list[str]:
    """What must be filled in before submitting."""
    found = []
    if obj.overall_level_id is None:
        found.append(_("Select the overall level"))
    if isinstance(obj, BcuReturn):
        for section, label in Section.choices:
            if obj.level_for(section) is None:
                found.append(_("Select the level for %(section)s") % {"section": label.lower()})
        if not obj.trend:
            found.append(_("Select the trend against last week"))
        events = obj.counts.filter(indicator__code=EVENTS_INDICATOR, count__gt=0).first()
        if events is not None and not obj.events.exists():
            found.append(
                ngettext(
                    "You counted %(count)s %(indicator)s: list it under upcoming events, or "
                    "change the count",
                    "You counted %(count)s %(indicator)s: list each under upcoming events, or "
                    "change the count",
                    events.count,
                )
                % {"count": events.count, "indicator": events.indicator.name.lower()}
            )
    elif isinstance(obj, ForceAssessment) and not obj.narrative.strip():
        found.append(_("Write the force assessment"))
    return found


@transaction.atomic
def submit(actor: User, obj: VersionedWeekly, request: HttpRequest | None = None) -> None:
    found = problems(obj)
    if found:
        raise TensionRuleError("; ".join(found))
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, status=ReturnStatus.DRAFT)
        .update(status=ReturnStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=actor)
    )
    if not updated:
        raise TensionRuleError(_("It has already been submitted"))
    obj.refresh_from_db()
    due = TensionSettings.current().due_at(
        obj.week_commencing, force=isinstance(obj, ForceAssessment)
    )
    record(
        actor,
        AuditAction.ALTER,
        f"{obj._meta.model_name}.submitted",
        obj,
        details={
            "week": obj.week_commencing.isoformat(),
            "version": obj.number,
            "late": obj.is_late(due),
            "overall": obj.overall_level.position if obj.overall_level else None,
        },
        request=request,
    )


@transaction.atomic
def correct(actor: User, obj: W, request: HttpRequest | None = None) -> W:
    """Start a correction: a new draft version copying the submitted one."""
    current = latest(type(obj), obj.unit, obj.week_commencing)
    if current is None or current.pk != obj.pk or obj.is_draft:
        raise TensionRuleError(_("Only the latest submitted version can be corrected"))
    old_pk = obj.pk
    source = type(obj)._default_manager.get(pk=old_pk)
    obj.pk = None
    obj._state.adding = True
    obj.number = source.number + 1
    obj.status = ReturnStatus.DRAFT
    obj.submitted_at = None
    obj.submitted_by = None
    obj.created_by, obj.created_at, obj.version = actor, timezone.now(), 1
    obj.save()
    if isinstance(obj, BcuReturn) and isinstance(source, BcuReturn):
        obj.shared_with.set(source.shared_with.all())
        for row in source.counts.all():
            ReturnCount.objects.create(bcu_return=obj, indicator=row.indicator, count=row.count)
        for event in source.events.all():
            event.pk, event.bcu_return = None, obj
            event.save()
        for contribution in source.contributions.all():
            contribution.pk, contribution.bcu_return = None, obj
            contribution.save()
    record(
        actor,
        AuditAction.ALTER,
        f"{obj._meta.model_name}.correction-started",
        obj,
        details={"corrects_version": source.number},
        request=request,
    )
    return obj


@transaction.atomic
def add_to_return(
    actor: User, bcu_return: BcuReturn, item: Any, event: str, request: HttpRequest | None = None
) -> None:
    """Add an upcoming event or a partner contribution to a draft return."""
    if not bcu_return.is_draft:
        raise TensionRuleError(_("A submitted return cannot be changed; correct it instead"))
    item.bcu_return = bcu_return
    item.save()
    record(
        actor,
        AuditAction.ALTER,
        event,
        bcu_return,
        details={"item": str(item)[:200]},
        request=request,
    )


# -- critical incidents --------------------------------------------------------------------------
def alert_addresses(force: Organisation) -> list[str]:
    settings_row = TensionSettings.current()
    leads = (
        Membership.objects.current()
        .filter(organisation=force, role=Role.FORCE_LEAD)
        .values_list("user__email", flat=True)
    )
    return list(dict.fromkeys([settings_row.nctt_email, *leads, *settings_row.extra_addresses]))


def by_language(addresses: list[str]) -> dict[str, list[str]]:
    """The addresses grouped by the language their people chose (the service's language for an
    address that is nobody's account, such as the NCTT's), in their order."""
    chosen = dict(
        get_user_model()
        .objects.filter(email__in=addresses)
        .exclude(language="")
        .values_list("email", "language")
    )
    groups: dict[str, list[str]] = {}
    for address in addresses:
        groups.setdefault(chosen.get(address) or settings.LANGUAGE_CODE, []).append(address)
    return groups


NOTICE_MARKING = "OFFICIAL"  # the notice holds no OFFICIAL-SENSITIVE content: only a link to it


def incident_notice(incident: CriticalIncident) -> dict[str, Any]:
    """The e-mail that tells of a critical incident: marked, and a link only. The area, BCU and
    summary are OFFICIAL-SENSITIVE and stay behind the sign-in (need to know, every reading
    recorded); e-mail may leave the secure network. In the active language: see
    :func:`by_language`."""
    link = settings.SITE_URL.rstrip("/") + reverse("tension:incident-detail", args=[incident.pk])
    return {
        "subject": _("%(marking)s: critical incident recorded by %(force)s")
        % {"marking": NOTICE_MARKING, "force": incident.force.name},
        "message": (
            f"{NOTICE_MARKING}\n\n"
            + _(
                "A critical incident has been recorded by %(force)s at %(date)s.\n\n"
                "The record is OFFICIAL-SENSITIVE, so this e-mail does not say what happened or "
                "where. Sign in to read it:\n%(link)s"
            )
            % {
                "force": incident.force.name,
                "date": format_date(timezone.localtime(incident.recorded_at)),
                "link": link,
            }
            + f"\n\n{NOTICE_MARKING}"
        ),
        "from_email": None,
    }


@transaction.atomic
def record_incident(
    actor: User, incident: CriticalIncident, request: HttpRequest | None = None
) -> CriticalIncident:
    """Record a critical incident and tell the NCTT and the force leads at once (5.2)."""
    incident.recorded_by = actor
    incident.save()
    addresses = alert_addresses(incident.force)
    for language, group in by_language(addresses).items():
        with translation.override(language):
            send_mail(**incident_notice(incident), recipient_list=group)
    incident.notified_at = timezone.now()
    incident.notified = addresses
    incident.save(update_fields=["notified_at", "notified"])
    record(
        actor,
        AuditAction.DISCLOSE,
        "critical-incident.recorded",
        incident,
        recipients=addresses,
        details={"area": incident.area},
        request=request,
    )
    return incident
