"""Writes to plans, actions, milestones and progress. Each is atomic and audited, and each
change to a plan is kept as a PlanChange so readers can see what changed since approval."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from preventplan.audit.consultations import record_consultation
from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.catalogue.models import Activity, Level, Objective, TemplateVersion
from preventplan.lib.concurrency import StaleEdit, save_if_unchanged
from preventplan.lib.dates import add_months
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Organisation, OrganisationKind, Partnership
from preventplan.plans.access import approvers_of, can_read_plan, consults_through_sharing
from preventplan.plans.models import (
    Action,
    Decision,
    Evidence,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanApproval,
    PlanChange,
    PlanImport,
    PlanStatus,
    ProgressUpdate,
    ThreatLevel,
    change_labels,
)
from preventplan.sharing.models import ShareCategory, partnerships_with_protocol

if TYPE_CHECKING:
    from preventplan.accounts.models import User

# Which template levels a plan of each organisation kind adopts.
LEVELS_FOR_KIND: dict[str, set[str]] = {
    OrganisationKind.FORCE: {Level.FORCE, Level.FORCE_BCU},
    OrganisationKind.BCU: {Level.BCU, Level.FORCE_BCU},
}
TEMPLATE_BASE = date(2008, 9, 1)  # publication of the implementation plan


class PlanRuleError(Exception):
    """A lifecycle rule refused the change; the message says why, for the person."""


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


# Month names as the template's timescales write them, in English and in Welsh (whole or cut
# short: "March", "Mar", "Mawrth", "Rhag"), and the word for "by" before a date.
MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
    "|ion|chwef|maw|ebr|mai|meh|gorff|awst|medi|hyd|tach|rhag"
)
TIMESCALE_DATE = re.compile(
    rf"(?:\b(?:by|erbyn)\s+)?\b(?:(?:{MONTHS})[a-z]*\.?\s+)?(?:19|20)\d\d\b", re.IGNORECASE
)


def milestone_title(label: str) -> str:
    """The timescale clause without its date: "Trained by March 2009" → "Trained", "Wedi'u
    hyfforddi erbyn Mawrth 2009" → "Wedi'u hyfforddi"; a date alone gives "In place" in the
    active language."""
    text = re.sub(r"\s{2,}", " ", TIMESCALE_DATE.sub("", label))
    text = re.sub(r"\s*(?:\b(?:by|erbyn)\b|[–—-])\s*$", "", text.strip(" .,–—-")).strip(" .,–—-")
    return (text[:1].upper() + text[1:])[:300] if text else _("In place")


def suggested_milestones(
    activity: Activity, period_start: date, period_end: date
) -> list[tuple[str, date]]:
    """Milestones from the template's timescale, moved into the planning period (docs/rag.md),
    titled in the active language: the person creating the plan writes in it."""
    suggestions = []
    for target in activity.localised_target_dates():
        offset = months_between(TEMPLATE_BASE, date.fromisoformat(target["date"]))
        due = min(add_months(period_start, max(offset, 1)), period_end)
        due = date(due.year, due.month, calendar.monthrange(due.year, due.month)[1])
        suggestions.append((milestone_title(str(target["label"])), min(due, period_end)))
    if not suggestions:
        suggestions.append((_("Review progress"), period_end))
    return suggestions


def record_change(
    actor: User | None,
    plan: Plan,
    what: str,
    *,
    action: Action | None = None,
    obj: Any = None,
    audit: AuditAction = AuditAction.ALTER,
    event: str = "plan.changed",
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Keep the change on the plan's history, bump the plan's version and write the audit event."""
    PlanChange.objects.create(
        plan=plan, action=action, what=what[:300], details=details or {}, by=actor
    )
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    record(
        actor,
        audit,
        event,
        obj if obj is not None else (action or plan),
        details={"what": what, **(details or {})},
        request=request,
    )


def _plan_title(org: Organisation, start: date, end: date) -> str:
    period = str(start.year) if start.year == end.year else f"{start.year}/{str(end.year)[-2:]}"
    return f"{org.name} Prevent action plan {period}"


@transaction.atomic
def create_plan(
    actor: User,
    organisation: Organisation,
    *,
    period_start: date,
    period_end: date,
    threat_level: ThreatLevel,
    vulnerability_summary: str = "",
    receives_csr_funding: bool = False,
    partnership: Partnership | None = None,
    template_version: TemplateVersion | None = None,
    request: HttpRequest | None = None,
) -> Plan:
    """Adopt the template: every activity whose level fits becomes an action with suggested
    milestones and the partner organisations of the plan's partnership that match its partner types.
    The template is the current one for the organisation's nation (Wales has its own variant)."""
    version = template_version or TemplateVersion.objects.current(organisation.template_nation())
    if version is None:
        raise PlanRuleError(_("No national template has been loaded"))
    plan = Plan.objects.create(
        organisation=organisation,
        title=_plan_title(organisation, period_start, period_end),
        period_start=period_start,
        period_end=period_end,
        template_version=version,
        threat_level=threat_level,
        vulnerability_summary=vulnerability_summary,
        receives_csr_funding=receives_csr_funding,
        partnership=partnership,
        created_by=actor,
    )
    activities = (
        Activity.objects.filter(version=version, level__in=LEVELS_FOR_KIND[organisation.kind])
        .select_related("objective")
        .prefetch_related("other_objectives", "delivery_partners")
    )
    members = list(partnership.members.select_related("partner_type")) if partnership else []
    for activity in activities:
        action = Action.objects.create(
            plan=plan,
            activity=activity,
            number=activity.number,
            sort_key=activity.sort_key,
            objective=activity.objective,
        )
        action.other_objectives.set(activity.other_objectives.all())
        wanted = {pt.pk for pt in activity.delivery_partners.all()}
        action.delivery_partners.set([m for m in members if m.partner_type_id in wanted])
        Milestone.objects.bulk_create(
            Milestone(action=action, title=title, due_date=due)
            for title, due in suggested_milestones(activity, period_start, period_end)
        )
    record(
        actor,
        AuditAction.COLLECT,
        "plan.created",
        plan,
        details={"template_version": version.number},
        request=request,
    )
    return plan


PLAN_CONTEXT_FIELDS = [
    "threat_level",
    "vulnerability_summary",
    "receives_csr_funding",
    "partnership",
    "marking",
    "period_end",
]


@transaction.atomic
def update_plan(
    actor: User,
    plan: Plan,
    before: dict[str, Any],
    expected_version: int,
    request: HttpRequest | None = None,
) -> None:
    save_if_unchanged(plan, expected_version, PLAN_CONTEXT_FIELDS)
    changed = {
        k: [str(v), str(getattr(plan, k))] for k, v in before.items() if v != getattr(plan, k)
    }
    if changed:
        PlanChange.objects.create(plan=plan, what="Plan details changed", details=changed, by=actor)
        record(
            actor,
            AuditAction.ALTER,
            "plan.updated",
            plan,
            details={"changes": changed},
            request=request,
        )


ACTION_FIELDS = ["decision", "local_text", "not_applicable_reason", "owner", "evaluation"]


def validate_decision(
    decision: str, local_text: str, reason: str, is_local: bool
) -> dict[str, str]:
    """Errors by field for a decision that breaks the rules; empty when it is acceptable."""
    errors = {}
    if decision == Decision.NOT_APPLICABLE and not reason.strip():
        errors["not_applicable_reason"] = _(
            "Give the proportionality reason for not applying this activity"
        )
    if decision == Decision.ADAPT and not local_text.strip():
        errors["local_text"] = _("Enter the local wording for the adapted activity")
    if is_local and decision != Decision.LOCAL:
        errors["decision"] = _("A local action cannot be adopted from the template")
    if not is_local and decision == Decision.LOCAL:
        errors["decision"] = _("Select adopt, adapt or not applicable")
    return errors


@transaction.atomic
def update_action(
    actor: User,
    action: Action,
    before: dict[str, Any],
    expected_version: int,
    *,
    delivery_partners: list[Organisation] | None = None,
    other_objectives: list[Objective] | None = None,
    request: HttpRequest | None = None,
) -> list[str]:
    """Save the action's fields if nobody else has; returns the names of what changed."""
    if action.decision == Decision.NOT_APPLICABLE:
        action.rag_override = ""
    save_if_unchanged(action, expected_version, [*ACTION_FIELDS, "rag_override"])
    changed = {
        k: [str(v), str(getattr(action, k))] for k, v in before.items() if v != getattr(action, k)
    }
    if delivery_partners is not None:
        old = sorted(o.name for o in action.delivery_partners.all())
        action.delivery_partners.set(delivery_partners)
        new = sorted(o.name for o in delivery_partners)
        if old != new:
            changed["delivery_partners"] = [", ".join(old), ", ".join(new)]
    if other_objectives is not None:
        old_o = sorted(o.number for o in action.other_objectives.all())
        action.other_objectives.set(other_objectives)
        new_o = sorted(o.number for o in other_objectives)
        if old_o != new_o:
            changed["other_objectives"] = [str(old_o), str(new_o)]
    if changed:
        record_change(
            actor,
            action.plan,
            f"Action {action.number} changed: {change_labels(sorted(changed))}",
            action=action,
            details=changed,
            request=request,
        )
    return sorted(changed)


@transaction.atomic
def bulk_update_actions(
    actor: User,
    chosen: list[tuple[Action, int]],
    operation: str,
    *,
    reason: str = "",
    owner: User | None = None,
    partners: list[Organisation] | None = None,
    request: HttpRequest | None = None,
) -> int:
    """One change to many actions: every action saved if nobody else has changed it since it was
    read (else none, StaleEdit), and each change recorded and audited on its own. Returns how
    many actions changed."""
    changed = 0
    for action, version in chosen:
        before = {name: getattr(action, name) for name in ACTION_FIELDS}
        if operation == "adopt":
            action.decision, action.not_applicable_reason = Decision.ADOPT, ""
        elif operation == "not-applicable":
            action.decision, action.not_applicable_reason = Decision.NOT_APPLICABLE, reason
        elif operation == "owner":
            action.owner = owner
        elif operation != "partners":
            raise ValueError(f"Unknown operation {operation}")
        names = update_action(
            actor,
            action,
            before,
            version,
            delivery_partners=partners if operation == "partners" else None,
            request=request,
        )
        changed += bool(names)
    return changed


@transaction.atomic
def add_local_action(
    actor: User,
    plan: Plan,
    objective: Objective,
    *,
    text: str,
    owner: User | None = None,
    evaluation: str = "",
    request: HttpRequest | None = None,
) -> Action:
    """A local action beyond the template, numbered under its objective: 2.L1, 2.L2, …"""
    existing = Action.objects.filter(plan=plan, objective=objective, activity__isnull=True).count()
    n = existing + 1
    while Action.objects.filter(plan=plan, number=f"{objective.number}.L{n}").exists():
        n += 1
    action = Action.objects.create(
        plan=plan,
        number=f"{objective.number}.L{n}",
        sort_key=objective.number * 1000 + 900 + n,
        objective=objective,
        decision=Decision.LOCAL,
        local_text=text,
        owner=owner,
        evaluation=evaluation,
    )
    record_change(
        actor,
        plan,
        f"Local action {action.number} added",
        action=action,
        audit=AuditAction.COLLECT,
        event="action.created",
        request=request,
    )
    return action


def refuse_if_set_aside(action: Action) -> None:
    """A set-aside (not applicable) action is out of the plan's delivery: no milestone or
    progress is added to it until it is adopted or adapted again (docs/plans.md). The milestones
    it had stay stored, and may still be changed or removed."""
    if action.is_set_aside:
        raise PlanRuleError(
            _(
                "Action %(number)s is set aside as not applicable: milestones and progress "
                "cannot be added to it. Adopt or adapt it again first."
            )
            % {"number": action.number}
        )


@transaction.atomic
def save_milestone(
    actor: User,
    milestone: Milestone,
    *,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Milestone:
    """Add or change a milestone. Adding one to a set-aside action is refused (PlanRuleError)."""
    if milestone.pk is None:
        refuse_if_set_aside(milestone.action)
    if milestone.status == MilestoneStatus.COMPLETE and milestone.completed_on is None:
        milestone.completed_on = timezone.localdate()
    if milestone.status != MilestoneStatus.COMPLETE:
        milestone.completed_on = None
    action = milestone.action
    if milestone.pk is None:
        milestone.save()
        what = f"Milestone “{milestone.title}” added to {action.number}"
        audit = AuditAction.COLLECT
    else:
        save_if_unchanged(
            milestone, expected_version or 0, ["title", "due_date", "status", "completed_on"]
        )
        what = f"Milestone “{milestone.title}” on {action.number} changed"
        audit = AuditAction.ALTER
    record_change(
        actor,
        action.plan,
        what,
        action=action,
        obj=milestone,
        audit=audit,
        event="milestone.saved",
        details={"due_date": milestone.due_date.isoformat(), "status": milestone.status},
        request=request,
    )
    return milestone


@transaction.atomic
def delete_milestone(actor: User, milestone: Milestone, request: HttpRequest | None = None) -> None:
    action = milestone.action
    record_change(
        actor,
        action.plan,
        f"Milestone “{milestone.title}” removed from {action.number}",
        action=action,
        obj=milestone,
        audit=AuditAction.ERASE,
        event="milestone.deleted",
        request=request,
    )
    milestone.delete()


@dataclass
class EvidenceInput:
    title: str
    upload: UploadedFile | None = None
    url: str = ""
    content_type: str = ""


def keep_latest_rag(action: Action, update: ProgressUpdate) -> None:
    """Keep a new progress update's RAG on its action when it is the action's latest (by the day
    reported, then the time recorded, as everywhere): one conditional UPDATE, in the caller's
    transaction, so two updates recorded at once leave the later day's."""
    latest = Q(latest_rag_on__isnull=True) | Q(latest_rag_on__lte=update.reported_on)
    if Action.objects.filter(latest, pk=action.pk).update(
        latest_rag=update.rag, latest_rag_on=update.reported_on
    ):
        action.latest_rag, action.latest_rag_on = update.rag, update.reported_on


def fill_latest_rag(actions: QuerySet[Action]) -> int:
    """Work the latest progress RAG out again from the updates, for actions whose updates were
    made in bulk (synthetic data) rather than through :func:`add_progress_update`."""
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-reported_on", "-created_at"
    )
    return actions.update(
        latest_rag=Coalesce(Subquery(latest.values("rag")[:1]), Value("")),
        latest_rag_on=Subquery(latest.values("reported_on")[:1]),
    )


@transaction.atomic
def add_progress_update(
    actor: User,
    action: Action,
    *,
    reported_on: date,
    rag: str,
    narrative: str,
    evidence: list[EvidenceInput] | None = None,
    request: HttpRequest | None = None,
) -> ProgressUpdate:
    """Record progress on an action. Refused (PlanRuleError) on a set-aside action."""
    refuse_if_set_aside(action)
    update = ProgressUpdate.objects.create(
        action=action, reported_on=reported_on, rag=rag, narrative=narrative, author=actor
    )
    keep_latest_rag(action, update)
    for item in evidence or []:
        ev = Evidence(update=update, title=item.title, url=item.url, uploaded_by=actor)
        if item.upload is not None:
            ev.original_name = (item.upload.name or "")[:255]
            ev.content_type = item.content_type
            ev.size = item.upload.size or 0
            ev.save()
            ev.file.save(ev.stored_name, item.upload, save=True)
        else:
            ev.save()
    record_change(
        actor,
        action.plan,
        f"Progress update on {action.number}: {update.get_rag_display()}",
        action=action,
        obj=update,
        audit=AuditAction.COLLECT,
        event="progress.recorded",
        details={"evidence": len(evidence or [])},
        request=request,
    )
    return update


@transaction.atomic
def set_rag_override(
    actor: User,
    action: Action,
    rag: str,
    reason: str,
    expected_version: int,
    request: HttpRequest | None = None,
) -> None:
    action.rag_override = rag
    action.rag_override_reason = reason if rag else ""
    action.rag_override_by = actor if rag else None
    action.rag_override_at = timezone.now() if rag else None
    save_if_unchanged(
        action,
        expected_version,
        ["rag_override", "rag_override_reason", "rag_override_by", "rag_override_at"],
    )
    what = (
        f"RAG for {action.number} set to {rag} by hand"
        if rag
        else f"RAG override on {action.number} cleared"
    )
    record_change(
        actor, action.plan, what, action=action, details={"reason": reason}, request=request
    )


# -- lifecycle ------------------------------------------------------------------------------------
def not_reviewed(plan: Plan) -> int:
    """How many of the plan's actions nobody has decided yet."""
    return plan.actions.filter(decision=Decision.NOT_REVIEWED).count()


def submission_problems(plan: Plan) -> list[str]:
    """What stops a plan being submitted for approval."""
    problems = []
    waiting = not_reviewed(plan)
    if waiting:
        problems.append(
            ngettext(
                "%(count)s action is not reviewed yet: decide for each whether to adopt it, "
                "adapt it or set it aside as not applicable",
                "%(count)s actions are not reviewed yet: decide for each whether to adopt it, "
                "adapt it or set it aside as not applicable",
                waiting,
            )
            % {"count": waiting}
        )
    for a in plan.actions.exclude(decision=Decision.NOT_REVIEWED):
        number = {"number": a.number}
        if a.decision == Decision.NOT_APPLICABLE and not a.not_applicable_reason.strip():
            problems.append(_("%(number)s is not applicable but has no reason") % number)
        if a.decision == Decision.ADAPT and not a.local_text.strip():
            problems.append(_("%(number)s is adapted but has no local wording") % number)
        if a.decision != Decision.NOT_APPLICABLE and a.owner_id is None:
            problems.append(_("%(number)s has no owner") % number)
    return problems


def _transition(
    actor: User,
    plan: Plan,
    allowed_from: set[str],
    to: str,
    what: str,
    event: str,
    request: HttpRequest | None,
    at: datetime | None = None,
    *,
    refused: str = "",
    **fields: Any,
) -> None:
    """Move the plan from one of ``allowed_from`` to ``to``; ``what`` is kept (in English) in the
    plan's history, ``refused`` is the person's message when the plan is in another state."""
    updated = Plan.objects.filter(pk=plan.pk, status__in=allowed_from).update(
        status=to, version=F("version") + 1, **fields
    )
    if not updated:
        raise PlanRuleError(
            refused % {"status": plan.get_status_display().lower()}
            if refused
            else _("The plan is %(status)s; it cannot be changed now")
            % {"status": plan.get_status_display().lower()}
        )
    plan.refresh_from_db()
    PlanChange.objects.create(plan=plan, what=what, by=actor, at=at or timezone.now())
    record(actor, AuditAction.ALTER, event, plan, request=request)


def nothing_to_submit(plan: Plan) -> str:
    """Why an approved plan cannot be submitted again (empty when it can, or is not approved):
    submitting an approved plan asks the force lead to approve the changes made since approval,
    so with none there is nothing to approve."""
    if plan.status == PlanStatus.APPROVED and not plan.changes_since_approval():
        return _(
            "The plan is approved and nothing has changed since, so there is nothing to submit "
            "for approval"
        )
    return ""


@transaction.atomic
def submit_plan(actor: User, plan: Plan, request: HttpRequest | None = None) -> None:
    refused = nothing_to_submit(plan)
    if refused:
        raise PlanRuleError(refused)
    problems = submission_problems(plan)
    if problems:
        raise PlanRuleError(
            _("The plan cannot be submitted yet: %(problems)s")
            % {"problems": "; ".join(problems[:5]) + ("…" if len(problems) > 5 else "")}
        )
    _transition(
        actor,
        plan,
        {PlanStatus.DRAFT, PlanStatus.APPROVED},
        PlanStatus.SUBMITTED,
        "Submitted for approval",
        "plan.submitted",
        request,
        refused=_("The plan is %(status)s; it cannot be submitted for approval now"),
        submitted_at=timezone.now(),
        submitted_by=actor,
    )
    tell_approvers(actor, plan, request)


def tell_approvers(actor: User, plan: Plan, request: HttpRequest | None = None) -> None:
    """E-mail the force leads who may approve the plan: its name and a link, never its content
    (the plan may be OFFICIAL-SENSITIVE). Sent once the submission is committed."""
    addresses = approvers_of(plan)
    if not addresses:
        return
    link = settings.SITE_URL + reverse("plans:plan-detail", args=[plan.pk])
    who = actor.full_name or actor.email
    # Each approver reads the e-mail in their own language: one e-mail per language.
    from preventplan.accounts.models import User

    languages = dict(User.objects.filter(email__in=addresses).values_list("email", "language"))
    by_language: dict[str, list[str]] = {}
    for address in addresses:
        language = languages.get(address) or settings.LANGUAGE_CODE
        by_language.setdefault(language, []).append(address)
    for language, recipients in by_language.items():
        with translation.override(language):
            subject = _("Plan awaiting your approval: %(title)s") % {"title": plan.title}
            message = _(
                "%(who)s has submitted %(title)s for your approval.\n\n"
                "Open the plan to approve it or return it for changes:\n%(link)s\n\n"
                "It is also listed on your home page under “Plans awaiting your approval”."
            ) % {"who": who, "title": plan.title, "link": link}
        transaction.on_commit(_mail_later(subject, message, recipients))
    record(
        actor,
        AuditAction.DISCLOSE,
        "plan.approval-requested",
        plan,
        recipients=addresses,
        request=request,
    )


def _mail_later(subject: str, message: str, recipients: list[str]) -> Callable[[], None]:
    """Send the e-mail once the transaction is committed (``transaction.on_commit``)."""

    def send() -> None:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=recipients)

    return send


@transaction.atomic
def approve_plan(
    actor: User, plan: Plan, note: str = "", request: HttpRequest | None = None
) -> None:
    now = timezone.now()
    _transition(
        actor,
        plan,
        {PlanStatus.SUBMITTED},
        PlanStatus.APPROVED,
        "Approved",
        "plan.approved",
        request,
        refused=_("The plan is %(status)s; it cannot be approved now"),
        at=now,  # the approval itself is not a change since approval
        approved_at=now,
        approved_by=actor,
    )
    PlanApproval.objects.create(plan=plan, approved_by=actor, approved_at=now, note=note)


@transaction.atomic
def return_plan(actor: User, plan: Plan, reason: str, request: HttpRequest | None = None) -> None:
    _transition(
        actor,
        plan,
        {PlanStatus.SUBMITTED},
        PlanStatus.DRAFT,
        f"Returned for changes: {reason}",
        "plan.returned",
        request,
        refused=_("The plan is %(status)s; it cannot be returned for changes now"),
    )


@transaction.atomic
def close_plan(actor: User, plan: Plan, request: HttpRequest | None = None) -> None:
    _transition(
        actor,
        plan,
        {PlanStatus.APPROVED},
        PlanStatus.CLOSED,
        "Closed",
        "plan.closed",
        request,
        refused=_("The plan is %(status)s; it cannot be closed now"),
        closed_at=timezone.now(),
    )


def next_period(plan: Plan) -> tuple[date, date]:
    months = months_between(plan.period_start, plan.period_end) + 1
    start = add_months(plan.period_start, months)
    return start, add_months(plan.period_end, months)


@transaction.atomic
def roll_forward(actor: User, plan: Plan, request: HttpRequest | None = None) -> Plan:
    """A draft plan for the next period carrying every open action, its owner, partners and
    open milestones (moved on by one period). Complete and not-applicable actions stay behind."""
    start, end = next_period(plan)
    if Plan.objects.filter(organisation=plan.organisation, period_start=start).exists():
        raise PlanRuleError(_("There is already a plan for the next period"))
    new = Plan.objects.create(
        organisation=plan.organisation,
        title=_plan_title(plan.organisation, start, end),
        period_start=start,
        period_end=end,
        template_version=plan.template_version,
        threat_level=plan.threat_level,
        vulnerability_summary=plan.vulnerability_summary,
        receives_csr_funding=plan.receives_csr_funding,
        partnership=plan.partnership,
        marking=plan.marking,
        rolled_from=plan,
        created_by=actor,
    )
    shift = months_between(plan.period_start, start)
    carried = 0
    for action in plan.actions.prefetch_related(
        "milestones", "delivery_partners", "other_objectives"
    ):
        open_ms = [m for m in action.milestones.all() if not m.is_complete]
        if action.decision == Decision.NOT_APPLICABLE or (action.milestones.all() and not open_ms):
            continue
        copy = Action.objects.create(
            plan=new,
            activity=action.activity,
            number=action.number,
            sort_key=action.sort_key,
            objective=action.objective,
            decision=action.decision,
            local_text=action.local_text,
            owner=action.owner,
            evaluation=action.evaluation,
        )
        copy.delivery_partners.set(action.delivery_partners.all())
        copy.other_objectives.set(action.other_objectives.all())
        Milestone.objects.bulk_create(
            Milestone(
                action=copy,
                title=m.title,
                due_date=min(add_months(m.due_date, shift), end),
                status=m.status,
            )
            for m in open_ms
        )
        carried += 1
    record(
        actor,
        AuditAction.COLLECT,
        "plan.rolled-forward",
        new,
        details={"from": plan.pk, "actions": carried},
        request=request,
    )
    return new


@transaction.atomic
def share_plan(
    actor: User, plan: Plan, partnerships: list[Partnership], request: HttpRequest | None = None
) -> None:
    """Share a plan with partnerships, each covered by a protocol in force for plans."""
    allowed = set(partnerships_with_protocol(ShareCategory.PLANS).values_list("pk", flat=True))
    refused = [p.name for p in partnerships if p.pk not in allowed]
    if refused:
        raise PlanRuleError(
            _("No information-sharing protocol in force covers sharing plans with %(names)s")
            % {"names": ", ".join(refused)}
        )
    before = set(plan.shared_with.values_list("pk", flat=True))
    plan.shared_with.set(partnerships)
    after = {p.pk for p in partnerships}
    if before != after:
        names = sorted(p.name for p in partnerships)
        record(actor, AuditAction.DISCLOSE, "plan.shared", plan, recipients=names, request=request)
        record_change(
            actor,
            plan,
            "Shared with " + (", ".join(names) if names else "no partnerships"),
            event="plan.sharing-changed",
            request=request,
        )


__all__ = ["PlanRuleError", "StaleEdit"]


def expire_staged_imports(now: Any = None) -> int:
    """Remove uploaded workbooks never applied within ``IMPORT_KEEP_HOURS`` (a day); each removal
    is recorded as an erasure. Safe on several servers at once: the delete is the claim, and only
    the server whose delete removed the row records it. Returns how many were removed."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.IMPORT_KEEP_HOURS)
    removed = 0
    stale = PlanImport.objects.filter(applied_at__isnull=True, uploaded_at__lt=cutoff)
    for staged in stale.select_related("plan__organisation").defer("content").order_by("pk"):
        with transaction.atomic():
            deleted, _ = PlanImport.objects.filter(pk=staged.pk, applied_at__isnull=True).delete()
            if deleted:
                record(
                    None,
                    AuditAction.ERASE,
                    "plan.import-expired",
                    staged,
                    organisation=staged.plan.organisation,
                    details={
                        "plan": staged.plan_id,
                        "uploaded_at": staged.uploaded_at.isoformat(),
                        "uploaded_by": staged.uploaded_by_id,
                    },
                    actor_label="staged imports job",
                )
                removed += 1
    return removed


def record_shared_read(
    actor: User,
    obj: Plan | Action,
    event: str,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """One consultation (DPA 2018 s.62) of a plan or action read through sharing."""
    record_consultation(actor, obj, event, request, shared=True, details=details)


def record_shared_reads(
    actor: User,
    items: Iterable[Plan | Action | Milestone],
    read: str,
    request: HttpRequest | None = None,
) -> int:
    """Record what of each plan a page or API answer showed to someone who reads it only
    because it is shared with their partnership: one consultation per plan, naming the actions
    or milestones shown (``read``: "plan", "plans", "actions", "milestones", "changes",
    "template"…). Plans the reader reads through their own organisation, and actions they own or
    deliver, are not consultations. Returns how many events were written."""
    scope = scope_for(actor)
    own: dict[int, bool] = {}
    shown: dict[int, tuple[Plan, list[int]]] = {}
    for item in items:
        if isinstance(item, Plan):
            plan, action = item, None
        elif isinstance(item, Action):
            plan, action = item.plan, item
        else:
            plan, action = item.action.plan, item.action
        if plan.pk not in own:
            own[plan.pk] = can_read_plan(scope, plan)
        if own[plan.pk] or not consults_through_sharing(actor, plan, action):
            continue
        entry = shown.setdefault(plan.pk, (plan, []))
        if not isinstance(item, Plan):
            entry[1].append(item.pk)
    for plan, ids in shown.values():
        details: dict[str, Any] = {"read": read}
        if ids:
            details[read] = ids
        record_shared_read(actor, plan, "plan.consulted-shared", request, details)
    return len(shown)
