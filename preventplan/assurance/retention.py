"""Retention review (MOPI): records reach review when their rule's period has passed since their
clock started; a reviewer retains them (with a reason and the next review date) or disposes of
them. Disposal deletes the record and its files and leaves an erasure event in the log.

Plans and evidence are reviewed by force leads (national administrators: everyone's). Closed
cases are reviewed by the lead of the case's BCU only, who holds them: no-one else sees a case's
reference (docs/case-reviews.md). Their clock starts on the day the case closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction, RetentionDecision, RetentionRule
from preventplan.cases.models import Case, Stage
from preventplan.lib.dates import add_months
from preventplan.lib.dates import today as local_today
from preventplan.organisations.access import scope_for
from preventplan.organisations.models import Organisation, Role
from preventplan.plans.models import Evidence, Plan, PlanStatus

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
        return RetentionRule.RecordType(self.record_type).label


def _as_date(value: date | datetime) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def reviewer_paths(user: Any) -> list[str] | None:
    """Subtrees whose records this user reviews (None: everything, for national administrators)."""
    scope = scope_for(user)
    if scope.is_national_admin:
        return None
    return [r.path for r in scope.held(Role.FORCE_LEAD)]


# Closed cases by how they closed: each has its own review period (docs/case-reviews.md).
CASE_RECORD_TYPES = {
    Stage.CLOSED_NFA: RetentionRule.RecordType.CASE_NFA,
    Stage.CLOSED_COMPLETED: RetentionRule.RecordType.CASE_COMPLETED,
    Stage.CLOSED_REFERRED: RetentionRule.RecordType.CASE_REFERRED,
}


def case_reviewer_bcus(user: Any) -> list[int]:
    """The BCUs whose closed cases this user reviews: those they lead."""
    return [r.organisation_id for r in scope_for(user).held(Role.BCU_LEAD)]


def reviews_anything(user: Any) -> bool:
    return reviewer_paths(user) != [] or bool(case_reviewer_bcus(user))


def due_records(user: Any, today: date | None = None) -> list[DueRecord]:
    today = today or local_today()
    paths = reviewer_paths(user)
    case_bcus = case_reviewer_bcus(user)
    if paths == [] and not case_bcus:
        return []
    rules = {r.record_type: r.review_after_months for r in RetentionRule.objects.all()}
    retained = {
        (d.record_type, d.record_id)
        for d in RetentionDecision.objects.filter(
            decision=RetentionDecision.Decision.RETAIN, next_review_on__gt=today
        )
    }

    def in_scope(prefix: str) -> Q:
        if paths is None:
            return Q()
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(**{f"{prefix}__path__startswith": path})
        return q

    due: list[DueRecord] = []
    for case in Case.objects.filter(
        bcu_id__in=case_bcus, stage__in=list(CASE_RECORD_TYPES), closed_on__isnull=False
    ).select_related("bcu"):
        record_type = CASE_RECORD_TYPES[Stage(case.stage)]
        if record_type not in rules or case.closed_on is None:
            continue
        due_on = add_months(case.closed_on, rules[record_type])
        if due_on <= today and (record_type, str(case.pk)) not in retained:
            due.append(
                DueRecord(record_type, str(case.pk), case.title, case.bcu, case.closed_on, due_on)
            )
    if paths == []:
        return sorted(due, key=lambda d: d.due_on)
    if "plans.plan" in rules:
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
    if "plans.evidence" in rules:
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
    return sorted(due, key=lambda d: d.due_on)


def find(user: Any, record_type: str, record_id: str) -> DueRecord | None:
    return next(
        (d for d in due_records(user) if d.record_type == record_type and d.record_id == record_id),
        None,
    )


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
    if item.record_type in CASE_RECORD_TYPES.values():
        case = Case.objects.select_for_update().filter(pk=item.record_id).first()
        if case is None:
            return
        case.delete()  # with its stages and reviews
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
