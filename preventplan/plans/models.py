"""Local action plans adopted from the national template, and their delivery.

A plan belongs to a force or a BCU and a planning period, and records the template version it
came from. Each template activity whose level fits the organisation becomes an action with a
decision (adopt, adapt, not applicable); local actions beyond the template are numbered under
their objective. Actions carry an owner, delivery partners, milestones and dated progress updates
with evidence.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from preventplan.catalogue.models import Activity, Objective, TemplateVersion
from preventplan.lib.marking import Marking
from preventplan.organisations.models import Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from preventplan.accounts.models import User


THREAT_LEVELS = [
    ("low", gettext_noop("Low"), "An attack is highly unlikely"),
    ("moderate", gettext_noop("Moderate"), "An attack is possible but not likely"),
    ("substantial", gettext_noop("Substantial"), "An attack is likely"),
    ("severe", gettext_noop("Severe"), "An attack is highly likely"),
    ("critical", gettext_noop("Critical"), "An attack is highly likely in the near future"),
]


def ensure_threat_levels() -> None:
    """Create the standard scale where it is missing (migrations do this on a new database)."""
    for position, (code, name, description) in enumerate(THREAT_LEVELS, start=1):
        ThreatLevel.objects.get_or_create(
            code=code, defaults={"name": name, "position": position, "description": description}
        )


class ThreatLevel(models.Model):
    """The national threat level scale (data, not code)."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The level's name in the reader's language (the stored name is English)."""
        return gettext(self.name)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Closed")


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: User | AnonymousUser) -> PlanQuerySet:
        # access.py imports these models: importing it here, not at the top, breaks the cycle
        from preventplan.plans.access import plan_scope_q

        return self.filter(plan_scope_q(user))


class Plan(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    period_start = models.DateField(_("start of the planning period"))
    period_end = models.DateField(_("end of the planning period"))
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="plans"
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    threat_level = models.ForeignKey(
        ThreatLevel,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The national threat level when the plan was adopted."),
    )
    vulnerability_summary = models.TextField(
        _("local vulnerability"),
        blank=True,
        help_text=_(
            "A short summary of local vulnerability that the plan responds to. No "
            "intelligence and nothing that identifies a person or a community."
        ),
    )
    receives_csr_funding = models.BooleanField(
        _("the force receives CSR funding for Prevent"), default=False
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        help_text=_("Its members are suggested as delivery partners."),
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    shared_with = models.ManyToManyField(
        "organisations.Partnership",
        related_name="shared_plans",
        blank=True,
        help_text=_("Partnerships whose members may read the plan while a protocol is in force."),
    )
    rolled_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rolled_into"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period_start"], name="plan_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="plan_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_organisation(self) -> Organisation:
        return self.organisation

    @property
    def period_label(self) -> str:
        if self.period_start.year == self.period_end.year:
            return str(self.period_start.year)
        return f"{self.period_start.year}/{str(self.period_end.year)[-2:]}"

    def changes_since_approval(self) -> int:
        """How many changes were made after the last approval (nought if never approved): what
        submitting an approved plan again asks the force lead to approve (docs/plans.md)."""
        if self.approved_at is None:
            return 0
        return self.changes.filter(at__gt=self.approved_at).count()


class Decision(models.TextChoices):
    # A new draft's template actions start here: nobody has decided yet (no silent "adopt").
    NOT_REVIEWED = "not-reviewed", _("Not reviewed")
    ADOPT = "adopt", _("Adopt")
    ADAPT = "adapt", _("Adapt")
    NOT_APPLICABLE = "not-applicable", _("Not applicable")
    LOCAL = "local", _("Local action")


class Rag(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user: User | AnonymousUser) -> ActionQuerySet:
        # access.py imports these models: importing it here, not at the top, breaks the cycle
        from preventplan.plans.access import action_scope_q

        return self.filter(action_scope_q(user))

    def with_delivery(self) -> ActionQuerySet:
        return self.select_related(
            "plan", "plan__organisation", "activity", "objective", "owner"
        ).prefetch_related("milestones", "updates", "other_objectives", "delivery_partners")


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text=_("The template activity; empty for a local action."),
    )
    number = models.CharField(max_length=12)
    sort_key = models.PositiveIntegerField()
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    decision = models.CharField(
        max_length=20, choices=Decision.choices, default=Decision.NOT_REVIEWED
    )
    local_text = models.TextField(
        _("local wording"),
        blank=True,
        help_text=_(
            "For an adapted activity, the local wording (the national text is kept beside "
            "it). For a local action, what will be done."
        ),
    )
    not_applicable_reason = models.TextField(
        _("why it is not applicable"),
        blank=True,
        help_text=_(
            "The proportionality reason: the national threat level and local vulnerability."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    delivery_partners = models.ManyToManyField(
        Organisation, related_name="partner_actions", blank=True
    )
    other_objectives = models.ManyToManyField(
        Objective, related_name="contributing_actions", blank=True
    )
    evaluation = models.TextField(_("how success will be evaluated"), blank=True)
    rag_override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)
    rag_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rag_override_at = models.DateTimeField(null=True, blank=True)
    # The latest progress update's RAG and day, kept beside the action so roll-ups and lists need
    # not look through the updates: set with each update, in its transaction (plans.actions).
    latest_rag = models.CharField(max_length=10, choices=Rag.choices, blank=True, editable=False)
    latest_rag_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="action_unique_number_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.plan.organisation

    @property
    def national_text(self) -> str:
        return self.activity.text if self.activity else ""

    @property
    def text(self) -> str:
        """What this plan will do: the local wording if any, otherwise the national text."""
        return self.local_text or self.national_text

    @property
    def localised_national_text(self) -> str:
        """The national text in the page's language (the template's Welsh on a Welsh page)."""
        return self.activity.localised("text") if self.activity else ""

    @property
    def localised_text(self) -> str:
        """:attr:`text` for a page: the plan's own wording as written, or the template's text in
        the page's language when the plan did not change it."""
        return self.local_text or self.localised_national_text

    @property
    def is_local(self) -> bool:
        return self.activity_id is None

    @property
    def is_reviewed(self) -> bool:
        return self.decision != Decision.NOT_REVIEWED

    @property
    def is_set_aside(self) -> bool:
        """Set aside as not applicable: out of the plan's delivery. Its milestones stay stored but
        are not due, and nothing is added to it until it is adopted or adapted again."""
        return self.decision == Decision.NOT_APPLICABLE


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not-started", _("Not started")
    IN_PROGRESS = "in-progress", _("In progress")
    COMPLETE = "complete", _("Complete")


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def visible_to(self, user: User | AnonymousUser) -> MilestoneQuerySet:
        # access.py imports these models: importing it here, not at the top, breaks the cycle
        from preventplan.plans.access import action_scope_q

        return self.filter(action_scope_q(user, prefix="action__"))

    def open(self) -> MilestoneQuerySet:
        return self.exclude(status=MilestoneStatus.COMPLETE)

    def due_for_delivery(self) -> MilestoneQuerySet:
        """Open milestones someone still has to deliver: not those of a closed plan, nor of an
        action set aside as not applicable (kept, but not due)."""
        return (
            self.open()
            .exclude(action__plan__status=PlanStatus.CLOSED)
            .exclude(action__decision=Decision.NOT_APPLICABLE)
        )


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    completed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["due_date", "status"], name="milestone_due_idx"),
            # An action's open, overdue or due-soon milestones from the index alone (the work
            # lists' filters and the roll-up's counts per action).
            models.Index(fields=["action", "status", "due_date"], name="milestone_action_idx"),
            # An action's open milestones by due date, complete ones left out: "has an open
            # milestone overdue / due soon" (the work lists) is one step into it per action.
            models.Index(
                fields=["action", "due_date"],
                condition=~models.Q(status=MilestoneStatus.COMPLETE),
                name="milestone_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_organisation(self) -> Organisation:
        return self.action.plan.organisation

    @property
    def is_complete(self) -> bool:
        return self.status == MilestoneStatus.COMPLETE


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(default=timezone.localdate)
    rag = models.CharField(_("RAG status"), max_length=10, choices=Rag.choices)
    narrative = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.reported_on}: {self.get_rag_display()}"

    @property
    def audit_organisation(self) -> Organisation:
        return self.action.plan.organisation


def _evidence_path(instance: Evidence, filename: str) -> str:
    # A generated name: nothing the uploader chose reaches the file system.
    return f"evidence/{instance.stored_name}"


class Evidence(models.Model):
    """A file or a link that shows progress. Files are served only through an access check."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_evidence_path, blank=True)
    stored_name = models.CharField(max_length=64, default="", editable=False)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    url = models.URLField(_("link"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.stored_name:
            self.stored_name = uuid.uuid4().hex
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def audit_organisation(self) -> Organisation:
        return self.update.action.plan.organisation


# The words a person reads for each field named in a change ("Action 2.7 changed: …"). The
# history stores them in English (``change_labels``); pages show them in the reader's language.
CHANGE_LABELS = {
    "decision": "decision",
    "local_text": "local wording",
    "not_applicable_reason": "why it is not applicable",
    "owner": "owner",
    "evaluation": "how success will be evaluated",
    "delivery_partners": "delivery partners",
    "other_objectives": "other objectives",
    "rag_override": "RAG set by hand",
}
CHANGE_LABELS_SHOWN = {
    "decision": _("decision"),
    "local_text": _("local wording"),
    "not_applicable_reason": _("why it is not applicable"),
    "owner": _("owner"),
    "evaluation": _("how success will be evaluated"),
    "delivery_partners": _("delivery partners"),
    "other_objectives": _("other objectives"),
    "rag_override": _("RAG set by hand"),
}
_FIELD_BY_LABEL = {label: name for name, label in CHANGE_LABELS.items()}
_ACTION_CHANGED = re.compile(r"^Action (\S+) changed: (.+)$")


def change_labels(names: list[str]) -> str:
    return ", ".join(CHANGE_LABELS.get(n.strip(), n.strip()) for n in names)


def shown_change_labels(names: list[str]) -> str:
    """The changed fields in the reader's language, whether stored as names or English labels."""
    shown = []
    for n in names:
        name = _FIELD_BY_LABEL.get(n.strip(), n.strip())
        shown.append(str(CHANGE_LABELS_SHOWN.get(name, n.strip())))
    return ", ".join(shown)


# The other sentences the service writes into a plan's history (in English, in actions.py,
# drift.py and importer.py), and how a reader in another language sees them. Text people typed
# (a reason, a title, a file name) stays as it is.
_CHANGES_SHOWN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Plan details changed$"), gettext_noop("Plan details changed")),
    (re.compile(r"^Submitted for approval$"), gettext_noop("Submitted for approval")),
    (re.compile(r"^Approved$"), gettext_noop("Approved")),
    (re.compile(r"^Closed$"), gettext_noop("Closed")),
    (
        re.compile(r"^Returned for changes: (?P<reason>.*)$", re.S),
        gettext_noop("Returned for changes: %(reason)s"),
    ),
    (
        re.compile(r"^Local action (?P<number>\S+) added$"),
        gettext_noop("Local action %(number)s added"),
    ),
    (
        re.compile(r"^Milestone “(?P<title>.*)” added to (?P<number>\S+)$", re.S),
        gettext_noop("Milestone “%(title)s” added to %(number)s"),
    ),
    (
        re.compile(r"^Milestone “(?P<title>.*)” on (?P<number>\S+) changed$", re.S),
        gettext_noop("Milestone “%(title)s” on %(number)s changed"),
    ),
    (
        re.compile(r"^Milestone “(?P<title>.*)” removed from (?P<number>\S+)$", re.S),
        gettext_noop("Milestone “%(title)s” removed from %(number)s"),
    ),
    (
        re.compile(r"^Progress update on (?P<number>\S+): (?P<rag>Red|Amber|Green)$"),
        gettext_noop("Progress update on %(number)s: %(rag)s"),
    ),
    (
        re.compile(r"^RAG for (?P<number>\S+) set to (?P<rag>red|amber|green) by hand$"),
        gettext_noop("RAG for %(number)s set to %(rag)s by hand"),
    ),
    (
        re.compile(r"^RAG override on (?P<number>\S+) cleared$"),
        gettext_noop("RAG override on %(number)s cleared"),
    ),
    (re.compile(r"^Shared with no partnerships$"), gettext_noop("Shared with no partnerships")),
    (re.compile(r"^Shared with (?P<names>.*)$", re.S), gettext_noop("Shared with %(names)s")),
    (
        re.compile(r"^Moved to template version (?P<version>\S+)$"),
        gettext_noop("Moved to template version %(version)s"),
    ),
    (
        re.compile(
            r"^Accepted template version (?P<version>\S+)’s change to (?P<number>\S+) "
            r"\((?P<kind>added|removed|changed)\)$"
        ),
        gettext_noop("Accepted template version %(version)s’s change to %(number)s (%(kind)s)"),
    ),
    (
        re.compile(
            r"^Declined template version (?P<version>\S+)’s change to (?P<number>\S+) "
            r"\((?P<kind>added|removed|changed)\)$"
        ),
        gettext_noop("Declined template version %(version)s’s change to %(number)s (%(kind)s)"),
    ),
    (
        re.compile(r"^Imported from (?P<file>.+?): (?P<number>\S+) — (?P<changes>.*)$", re.S),
        gettext_noop("Imported from %(file)s: %(number)s — %(changes)s"),
    ),
]
_RAG_WORDS = {"red": Rag.RED, "amber": Rag.AMBER, "green": Rag.GREEN}
_KIND_WORDS = {
    "added": gettext_noop("added"),
    "removed": gettext_noop("removed"),
    "changed": gettext_noop("changed"),
}


def shown_change(what: str) -> str:
    """A history sentence the service wrote, in the reader's language; anything else as stored."""
    for pattern, sentence in _CHANGES_SHOWN:
        match = pattern.match(what)
        if match is None:
            continue
        values = match.groupdict()
        if "rag" in values:
            label = str(_RAG_WORDS[values["rag"].lower()].label)
            values["rag"] = label if values["rag"][0].isupper() else label.lower()
        if "kind" in values:
            values["kind"] = gettext(_KIND_WORDS[values["kind"]])
        return gettext(sentence) % values if values else gettext(sentence)
    return what


class ChecklistFile(models.Model):
    """A plan's checklist PDF in one language (English, Welsh or both), kept with a digest of
    the HTML it was made from. The PDF is a function of that HTML alone, so it is served again
    while the plan's checklist reads the same (about a second of layout spared each time) and
    made again when anything in it differs: a write to the plan, an owner's new name, another
    day's "produced" date, a new layout. One is kept per plan and language, so a Welsh download
    does not push out the English one. A cache: the table can be emptied at any time
    (``plans.checklist.plan_pdf``)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kept_checklists")
    language = models.CharField(max_length=16)  # a language code, or "bilingual"
    digest = models.CharField(max_length=64)
    content = models.BinaryField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "language"], name="checklist_file_unique")
        ]

    def __str__(self) -> str:
        return f"Checklist PDF of plan {self.plan_id} ({self.language})"


class PlanChange(models.Model):
    """A change to a plan or its actions, kept so readers see what changed since approval."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    what = models.CharField(max_length=300)
    details = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.what

    @property
    def description(self) -> str:
        """What changed in words: older entries named fields as stored (``local_text``)."""
        match = _ACTION_CHANGED.match(self.what)
        if match:
            return gettext("Action %(number)s changed: %(fields)s") % {
                "number": match[1],
                "fields": shown_change_labels(match[2].split(",")),
            }
        return shown_change(self.what)


class PlanApproval(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="approvals")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-approved_at"]

    def __str__(self) -> str:
        return f"Approved {self.approved_at:%Y-%m-%d}"


class TemplateChangeDecision(models.Model):
    """A plan owner's answer to one change in a newer template version."""

    class Answer(models.TextChoices):
        ACCEPT = "accept", _("Accepted")
        DECLINE = "decline", _("Declined")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="template_decisions")
    to_version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="+")
    activity_number = models.CharField(max_length=8)
    change = models.CharField(max_length=20)
    answer = models.CharField(max_length=10, choices=Answer.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "to_version", "activity_number"], name="template_decision_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_number}: {self.get_answer_display()}"


class PlanImport(models.Model):
    """An uploaded workbook waiting between preview and apply."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    plan_version = models.PositiveIntegerField()
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename
