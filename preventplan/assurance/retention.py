"""Retention review (MOPI): records reach review when their rule's period has passed since their
clock started; a reviewer retains them (with a reason and the next review date) or disposes of
them. Disposal deletes the record and its files and leaves an erasure event in the log.

Plans and evidence are reviewed by force leads (national administrators: everyone's); a
register's records by the role its spec names (``Retention.reviewer``): closed cases by the lead
of the case's BCU only, who holds them — no-one else sees a case's reference
(docs/case-reviews.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction, RetentionDecision, RetentionRule
from preventplan.lib.dates import add_months
from preventplan.lib.dates import today as local_today
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Organisation, Role
from preventplan.plans.models import Evidence, Plan, PlanStatus
from preventplan.records.spec import RegisterSpec, Retention, all_registers

if TYPE_CHECKING:
    from preventplan.accounts.models import User


@dataclass
class DueRecord:
    record_type: str
    record_id: str
    label: str
    organisation: Organisation
    clock: date
    due_on: date

    @property
    def type_label(self) -> str:
        return record_types().get(self.record_type, self.record_type)


def register_retentions() -> dict[str, tuple[RegisterSpec, Retention]]:
    """Every register's retention rules, by record type."""
    return {r.record_type: (spec, r) for spec in all_registers() for r in spec.retention}


def record_types() -> dict[str, str]:
    """Every kind of record that comes up for review: {record type: label}."""
    return {t: str(label) for t, label in RetentionRule.RecordType.choices} | {
        t: r.label for t, (_, r) in register_retentions().items()
    }


def rule_list() -> list[tuple[str, int, str]]:
    """(label, months, what it is counted from) of every kind of record that comes up for review;
    a rule kept in housekeeping overrides a register's default period."""
    kept = {r.record_type: r for r in RetentionRule.objects.all()}
    labels = record_types()
    shown = [(labels.get(t, t), r.review_after_months, r.description) for t, r in kept.items()]
    shown += [
        (r.label, r.months, r.basis) for t, (_, r) in register_retentions().items() if t not in kept
    ]
    return sorted(shown)


def _as_date(value: date | datetime) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def reviewer_paths(user: Any, role: str = Role.FORCE_LEAD) -> list[str] | None:
    """Subtrees whose records this user reviews as holder of ``role`` (None: everything, for
    national administrators, who review what force leads review)."""
    scope = scope_for(user)
    if scope.is_national_admin and role == Role.FORCE_LEAD:
        return None
    return [r.path for r in scope.held(role)]


def reviews_anything(user: Any) -> bool:
    """Whether this person reviews any kind of record (the retention queue is theirs)."""
    roles = {Role.FORCE_LEAD} | {r.reviewer for _, r in register_retentions().values()}
    return any(reviewer_paths(user, role) != [] for role in roles)


def due_records(user: Any, today: date | None = None) -> list[DueRecord]:
    today = today or local_today()
    if not reviews_anything(user):
        return []
    paths = reviewer_paths(user)
    rules = {r.record_type: r.review_after_months for r in RetentionRule.objects.all()}
    retained = {
        (d.record_type, d.record_id)
        for d in RetentionDecision.objects.filter(
            decision=RetentionDecision.Decision.RETAIN, next_review_on__gt=today
        )
    }

    def in_scope(prefix: str, role: str = Role.FORCE_LEAD) -> Q:
        reviewed = reviewer_paths(user, role)
        if reviewed is None:
            return Q()
        q = Q(pk__in=[])
        for path in reviewed:
            q |= Q(**{f"{prefix}__path__startswith": path})
        return q

    due: list[DueRecord] = []
    if "plans.plan" in rules and paths != []:
        for plan in Plan.objects.filter(
            in_scope("organisation"), status=PlanStatus.CLOSED, closed_at__isnull=False
        ).select_related("organisation"):
            clock = _as_date(plan.closed_at)  # type: ignore[arg-type]
            due_on = add_months(clock, rules["plans.plan"])
            if due_on <= today and ("plans.plan", str(plan.pk)) not in retained:
                due.append(
                    DueRecord(
                        "plans.plan", str(plan.pk), plan.title, plan.organisation, clock, due_on
                    )
                )
    if "plans.evidence" in rules and paths != []:
        for ev in Evidence.objects.filter(
            in_scope("update__action__plan__organisation")
        ).select_related("update__action__plan__organisation"):
            clock = _as_date(ev.uploaded_at)
            due_on = add_months(clock, rules["plans.evidence"])
            if due_on <= today and ("plans.evidence", str(ev.pk)) not in retained:
                due.append(
                    DueRecord(
                        "plans.evidence",
                        str(ev.pk),
                        ev.title,
                        ev.update.action.plan.organisation,
                        clock,
                        due_on,
                    )
                )
    for record_type, (spec, r) in register_retentions().items():
        months = rules.get(record_type, r.months)
        org_field = spec.policy.organisation_field
        chosen = r.when & in_scope(org_field, r.reviewer)
        for obj in spec.model._default_manager.filter(chosen).select_related(org_field):
            clock = _as_date(getattr(obj, r.clock))
            due_on = add_months(clock, months)
            if due_on <= today and (record_type, str(obj.pk)) not in retained:
                due.append(
                    DueRecord(
                        record_type,
                        str(obj.pk),
                        str(obj),
                        getattr(obj, org_field),
                        clock,
                        due_on,
                    )
                )
    return sorted(due, key=lambda d: d.due_on)


def get_due_record_for_user(user: Any, record_type: str, record_id: str) -> DueRecord:
    """A record due for review that this user decides on (404 otherwise)."""
    found = next(
        (d for d in due_records(user) if d.record_type == record_type and d.record_id == record_id),
        None,
    )
    if found is None:
        raise Http404
    return found


@transaction.atomic
def retain(
    actor: User,
    item: DueRecord,
    reason: str,
    next_review_on: date,
    request: HttpRequest | None = None,
) -> None:
    RetentionDecision.objects.create(
        record_type=item.record_type,
        record_id=item.record_id,
        organisation=item.organisation,
        decision=RetentionDecision.Decision.RETAIN,
        reason=reason,
        next_review_on=next_review_on,
        decided_by=actor,
    )
    record(
        actor,
        AuditAction.ALTER,
        "retention.retained",
        organisation=item.organisation,
        justification=reason,
        details={
            "record": [item.record_type, item.record_id],
            "next_review_on": next_review_on.isoformat(),
        },
        request=request,
    )


@transaction.atomic
def dispose(actor: User, item: DueRecord, reason: str, request: HttpRequest | None = None) -> None:
    """Delete the record (and any files) and leave an erasure event that holds no personal data."""
    files = []
    registers = register_retentions()
    if item.record_type in registers:
        spec, _ = registers[item.record_type]
        obj = spec.model._default_manager.select_for_update().filter(pk=item.record_id).first()
        if obj is None:
            return
        obj.delete()
    elif item.record_type == "plans.plan":
        plan = Plan.objects.select_for_update().filter(pk=item.record_id).first()
        if plan is None:
            return  # already disposed of, perhaps by another reviewer at the same moment
        files = [e.file for e in Evidence.objects.filter(update__action__plan=plan) if e.file]
        plan.delete()
    else:
        evidence = Evidence.objects.select_for_update().filter(pk=item.record_id).first()
        if evidence is None:
            return
        files = [evidence.file] if evidence.file else []
        evidence.delete()
    RetentionDecision.objects.create(
        record_type=item.record_type,
        record_id=item.record_id,
        organisation=item.organisation,
        decision=RetentionDecision.Decision.DISPOSE,
        reason=reason,
        decided_by=actor,
    )
    record(
        actor,
        AuditAction.ERASE,
        "retention.disposed",
        organisation=item.organisation,
        justification=reason,
        details={"record": [item.record_type, item.record_id]},
        request=request,
    )
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
