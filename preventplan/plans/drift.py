"""How a plan differs from its template version, and what changed in a newer version.

When a newer version of the national template is published, the plan's owner sees each change
(activities added, removed or changed at the plan's level) and accepts or declines it. Accepting
an addition adds the action; accepting a removal sets the action aside as not applicable (nothing
is deleted); accepting a change links the action to the new wording and objectives. Once every
change has an answer the plan moves to the new version.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from preventplan.catalogue.models import Activity, Objective, TemplateVersion
from preventplan.plans.actions import (
    LEVELS_FOR_KIND,
    PlanRuleError,
    record_change,
    suggested_milestones,
)
from preventplan.plans.models import (
    Action,
    Decision,
    Milestone,
    Plan,
    PlanStatus,
    TemplateChangeDecision,
)

if TYPE_CHECKING:
    from preventplan.accounts.models import User


@dataclass
class Difference:
    number: str
    kind: str
    detail: str
    action: Action | None


def differences(plan: Plan) -> list[Difference]:
    """Where the plan departs from the template version it records."""
    result = []
    for a in plan.actions.select_related("activity").prefetch_related(
        "other_objectives", "activity__other_objectives"
    ):
        if a.decision == Decision.ADAPT:
            result.append(Difference(a.number, _("Adapted"), a.local_text, a))
        elif a.decision == Decision.NOT_APPLICABLE:
            result.append(Difference(a.number, _("Not applicable"), a.not_applicable_reason, a))
        elif a.decision == Decision.LOCAL:
            result.append(Difference(a.number, _("Local action"), a.local_text, a))
        if a.activity:
            mine = sorted(o.number for o in a.other_objectives.all())
            theirs = sorted(o.number for o in a.activity.other_objectives.all())
            if mine != theirs:
                result.append(
                    Difference(
                        a.number,
                        _("Other objectives changed"),
                        _("Template: %(template)s; plan: %(plan)s")
                        % {"template": theirs or _("none"), "plan": mine or _("none")},
                        a,
                    )
                )
    in_plan = set(plan.actions.exclude(activity=None).values_list("activity__number", flat=True))
    missing = Activity.objects.filter(
        version=plan.template_version, level__in=LEVELS_FOR_KIND[plan.organisation.kind]
    ).exclude(number__in=in_plan)
    for activity in missing:
        result.append(
            Difference(
                activity.number,
                _("Not in the plan"),
                _("Carried forward as complete, or removed"),
                None,
            )
        )
    return sorted(
        result,
        key=lambda d: Activity.sort_key_for(d.number.replace("L", "9")) if "." in d.number else 0,
    )


def newer_version(plan: Plan) -> TemplateVersion | None:
    return (
        TemplateVersion.objects.filter(
            code=plan.template_version.code, number__gt=plan.template_version.number
        )
        .order_by("-number")
        .first()
    )


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The new wording against the old, word by word: ("same" | "removed" | "added", text)."""
    a, b = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(a[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            parts.append(("removed", "".join(a[i1:i2])))
        if op in {"insert", "replace"}:
            parts.append(("added", "".join(b[j1:j2])))
    return parts


@dataclass
class TemplateChange:
    number: str
    kind: str  # added, removed, changed
    old: Activity | None
    new: Activity | None
    details: list[str] = field(default_factory=list)
    action: Action | None = None
    answer: str = ""
    wording: list[tuple[str, str]] = field(default_factory=list)  # word diff, when it changed

    @property
    def kind_label(self) -> str:
        """The kind in words, in the reader's language."""
        labels = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
        return labels.get(self.kind, self.kind)

    def asks_for_owner(self, plan: Plan) -> bool:
        """An activity joining an approved plan needs an owner from the start."""
        return self.kind == "added" and plan.status == PlanStatus.APPROVED


def _activities(version: TemplateVersion, plan: Plan) -> dict[str, Activity]:
    levels = LEVELS_FOR_KIND[plan.organisation.kind]
    return {
        a.number: a
        for a in Activity.objects.filter(version=version, level__in=levels).prefetch_related(
            "other_objectives", "delivery_partners"
        )
    }


def template_changes(plan: Plan, to_version: TemplateVersion) -> list[TemplateChange]:
    old, new = _activities(plan.template_version, plan), _activities(to_version, plan)
    actions = {
        a.activity.number: a
        for a in plan.actions.exclude(activity=None).select_related("activity")
        if a.activity is not None
    }
    answers = dict(
        TemplateChangeDecision.objects.filter(plan=plan, to_version=to_version).values_list(
            "activity_number", "answer"
        )
    )
    changes = []
    for number in sorted(set(old) | set(new), key=Activity.sort_key_for):
        a, b = old.get(number), new.get(number)
        if a and not b:
            change = TemplateChange(
                number, "removed", a, None, [_("No longer in the template at this level")]
            )
        elif b and not a:
            change = TemplateChange(number, "added", None, b, [b.text])
        else:
            assert a is not None and b is not None  # noqa: S101 - one of the two branches above holds otherwise
            details = []
            wording = word_diff(a.text, b.text) if a.text != b.text else []
            if a.suggested_timescale != b.suggested_timescale:
                details.append(
                    _("Timescale: “%(old)s” → “%(new)s”")
                    % {"old": a.suggested_timescale, "new": b.suggested_timescale}
                )
            if sorted(o.number for o in a.other_objectives.all()) != sorted(
                o.number for o in b.other_objectives.all()
            ):
                details.append(
                    _("Other objectives: %(old)s → %(new)s")
                    % {
                        "old": sorted(o.number for o in a.other_objectives.all()),
                        "new": sorted(o.number for o in b.other_objectives.all()),
                    }
                )
            if sorted(p.code for p in a.delivery_partners.all()) != sorted(
                p.code for p in b.delivery_partners.all()
            ):
                details.append(
                    _("Delivery partners: “%(old)s” → “%(new)s”")
                    % {"old": a.delivery_partners_text, "new": b.delivery_partners_text}
                )
            if not details and not wording:
                continue
            change = TemplateChange(number, "changed", a, b, details, wording=wording)
        change.action = actions.get(number)
        change.answer = answers.get(number, "")
        changes.append(change)
    return changes


def change_to_answer(plan: Plan, to_version: TemplateVersion, number: str) -> TemplateChange:
    """The newer version's change to this activity, if it still waits for an answer."""
    change = next((c for c in template_changes(plan, to_version) if c.number == number), None)
    if change is None:
        raise PlanRuleError(
            _("%(number)s is not a change in template version %(version)s")
            % {"number": number, "version": to_version.number}
        )
    if change.answer:
        raise PlanRuleError(
            _("The change to %(number)s has already been answered") % {"number": number}
        )
    return change


@transaction.atomic
def answer_change(
    actor: User,
    plan: Plan,
    to_version: TemplateVersion,
    number: str,
    answer: str,
    request: HttpRequest | None = None,
    owner: User | None = None,
) -> None:
    change = change_to_answer(plan, to_version, number)
    if (
        answer == TemplateChangeDecision.Answer.ACCEPT
        and change.asks_for_owner(plan)
        and owner is None
    ):
        raise PlanRuleError(
            _("Choose who will own %(number)s: the plan is approved") % {"number": number}
        )
    TemplateChangeDecision.objects.create(
        plan=plan,
        to_version=to_version,
        activity_number=number,
        change=change.kind,
        answer=answer,
        by=actor,
    )
    if answer == TemplateChangeDecision.Answer.ACCEPT:
        _apply(plan, change, to_version, owner)
    verb = "Accepted" if answer == TemplateChangeDecision.Answer.ACCEPT else "Declined"
    record_change(
        actor,
        plan,
        f"{verb} template version {to_version.number}’s change to {number} ({change.kind})",
        action=change.action,
        event="plan.template-change",
        details={"answer": answer},
        request=request,
    )
    if all(c.answer for c in template_changes(plan, to_version)):
        move_to_version(plan, to_version)
        record_change(
            actor, plan, f"Moved to template version {to_version.number}", request=request
        )


def _apply(
    plan: Plan, change: TemplateChange, to_version: TemplateVersion, owner: User | None = None
) -> None:
    if change.kind == "added" and change.new is not None:
        if Action.objects.filter(plan=plan, number=change.number).exists():
            raise PlanRuleError(
                _("The plan already has an action numbered %(number)s") % {"number": change.number}
            )
        action = Action.objects.create(
            plan=plan,
            activity=change.new,
            number=change.number,
            sort_key=change.new.sort_key,
            objective=plan_objective(plan, change.new),
            decision=Decision.ADOPT,  # accepting an added activity is the decision to adopt it
            owner=owner,
        )
        action.other_objectives.set(objectives_in(plan, change.new))
        Milestone.objects.bulk_create(
            Milestone(action=action, title=t, due_date=d)
            for t, d in suggested_milestones(change.new, plan.period_start, plan.period_end)
        )
    elif change.kind == "removed" and change.action is not None:
        Action.objects.filter(pk=change.action.pk).update(
            decision=Decision.NOT_APPLICABLE,
            not_applicable_reason=f"Removed from the national template in version {to_version.number}",
        )
    elif change.kind == "changed" and change.action is not None and change.new is not None:
        Action.objects.filter(pk=change.action.pk).update(activity=change.new)
        change.action.other_objectives.set(objectives_in(plan, change.new))


def _objectives(version: TemplateVersion) -> dict[int, Objective]:
    return {o.number: o for o in Objective.objects.filter(version=version)}


def plan_objective(plan: Plan, activity: Activity) -> Objective:
    """The plan's own objective with the activity's number (the plan may still be on an older version)."""
    return _objectives(plan.template_version)[activity.objective.number]


def objectives_in(plan: Plan, activity: Activity) -> list[Objective]:
    mine = _objectives(plan.template_version)
    return [mine[o.number] for o in activity.other_objectives.all() if o.number in mine]


def move_to_version(plan: Plan, to_version: TemplateVersion) -> None:
    """Point the plan and every action's objectives at the new version's objectives."""
    new = _objectives(to_version)
    for action in plan.actions.select_related("objective").prefetch_related("other_objectives"):
        Action.objects.filter(pk=action.pk).update(objective=new[action.objective.number])
        action.other_objectives.set(
            [new[o.number] for o in action.other_objectives.all() if o.number in new]
        )
    Plan.objects.filter(pk=plan.pk).update(template_version=to_version)
    plan.template_version = to_version
