"""The engagement registers as specs (``docs/registers.md``): KIN and IAG networks and engagement
events. The list, detail, add, change, export and API pages come from ``preventplan.records``;
what is here is what makes each register itself."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.http import HttpRequest

from preventplan.engagement.forms import (
    CommunicationForm,
    EngagementForm,
    NetworkForm,
    PostForm,
    ProjectForm,
    TrainingForm,
)
from preventplan.engagement.models import (
    Communication,
    Engagement,
    Level,
    Network,
    Post,
    Project,
    Representativeness,
    Training,
)
from preventplan.lib.dates import today
from preventplan.programme.registers import (
    COMMON_FACTS,
    MARKING,
    ORGANISATION,
    OWNER,
    REFERENCE,
    STATUS,
    _review_tag,
    review_overdue,
)
from preventplan.records.models import RecordStatus
from preventplan.records.spec import Column, RegisterSpec, closed_records

TABS = (
    ("engagement:post-list", "Posts"),
    ("engagement:engagement-list", "Engagement"),
    ("engagement:network-list", "KINs and IAGs"),
    ("engagement:communication-list", "Communications"),
    ("engagement:project-list", "Local projects"),
    ("engagement:training-list", "Training"),
    ("engagement:education", "Education coverage"),
)
COMMON = dict(namespace="engagement", tabs=TABS, overdue=review_overdue, api_tag="engagement")


def due(label: str) -> Column:
    """The review date under the register's own name for it, tagged when overdue."""
    return Column(label, "review_on", sort="review_on", key="review", secondary=_review_tag)


def _names(attr: str) -> Any:
    return lambda r: [o.name for o in getattr(r, attr).all()]


def _or_none(value: Any, none: str = "Not recorded") -> Any:
    return none if value in (None, "", []) else value


# -- engagement events --------------------------------------------------------------------------
def engagement_summary(qs: Any) -> list[dict[str, Any]]:
    """Events, people attending and the average feedback score by kind, for the events kept."""
    labels = dict(Engagement._meta.get_field("kind").choices or ())
    rows = (
        qs.order_by()
        .values("kind")
        .annotate(n=Count("pk"), people=Sum("attendance"), score=Avg("feedback_score"))
        .order_by("kind")
    )
    return [
        {
            "kind": labels.get(r["kind"], r["kind"]),
            "events": r["n"],
            "people": r["people"] or 0,
            "score": None if r["score"] is None else round(r["score"], 1),
        }
        for r in rows
    ]


def engagement_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    return {"summary": engagement_summary(qs), "summary_noun": "engagement"}


ENGAGEMENTS = RegisterSpec(
    model=Engagement,
    form=EngagementForm,
    name="engagement",
    path="engagements",
    noun="engagement",
    plural="engagements",
    title="Engagement register",
    intro="Engagement with communities and partners: KIN and IAG meetings (activity 1.2), "
    "forums for women and young people (1.3), dialogue with higher education (2.1), "
    "consultation and feedback on local priorities (4.2), tabletop exercises such as Operation "
    "Nicole, job shadowing and specials (4.4), and community surveys (paragraph 16). Who took "
    "part is a count; nobody is named. An engagement stays open until feedback has gone back.",
    columns=(
        REFERENCE,
        Column("Engagement", "title", secondary="get_kind_display"),
        Column("Kind", "get_kind_display", page=False),
        Column("Held", "held_on", sort="held_on", key="held"),
        Column("Area", "area"),
        Column("Attending", "attendance", numeric=True, sort="attendance", key="attendance"),
        Column("Feedback score", "feedback_score", numeric=True),
        Column("Partner organisations", _names("partners"), page=False),
        Column("Priorities raised", "priorities", page=False),
        Column("Feedback given", "feedback", page=False),
        ORGANISATION,
        OWNER,
        due("Feedback due"),
        STATUS,
        MARKING,
    ),
    facts=(
        "kind",
        Column("Date held", "held_on"),
        "area",
        Column("Network that met", lambda r: r.network or "None"),
        Column("Partner organisations", lambda r: _or_none(_names("partners")(r), "None")),
        Column("Number attending", "attendance"),
        Column("Average feedback score", lambda r: _or_none(r.feedback_score)),
        Column("Priorities raised", lambda r: _or_none(r.priorities), text=True),
        Column("Feedback given", lambda r: r.feedback or "Not yet given", text=True),
        Column("Feedback due back by", "review_on"),
        *COMMON_FACTS[:1],
        *COMMON_FACTS[2:],
    ),
    search=("reference", "title", "area", "priorities"),
    filters=("kind",),
    default_sort="-held",
    default_status="all",
    overdue_verbs=("has feedback overdue", "have feedback overdue"),
    overdue_filter="Only those with feedback overdue",
    select_related=("network",),
    prefetch=("partners",),
    summary_template="engagement/engagement_summary.html",
    list_context=engagement_list_context,
    api_names={"partners": "partner_organisation_ids"},
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Engagement),
)


# -- KINs and IAGs -------------------------------------------------------------------------------
def network_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    """The networks kept, as aggregates: members, how many are representative, refreshes due."""
    open_ = qs.filter(status=RecordStatus.OPEN)
    totals = open_.order_by().aggregate(
        networks=Count("pk"),
        members=Sum("members"),
        representative=Count("pk", filter=Q(representativeness=Representativeness.REPRESENTATIVE)),
        mapped=Count("pk", filter=Q(mapped=True)),
        refresh_overdue=Count("pk", filter=Q(review_on__lt=today())),
    )
    return {"network_totals": totals}


NETWORKS = RegisterSpec(
    model=Network,
    form=NetworkForm,
    name="network",
    path="networks",
    noun="network",
    plural="networks",
    title="Key individual networks and independent advisory groups",
    intro="The KINs and IAGs the BCU uses for two-way communication (activity 1.2): kept up to "
    "date, representative of the community and mapped against neighbourhood profiles. Members "
    "are counted, never named; representativeness is the network lead’s own assessment.",
    columns=(
        REFERENCE,
        Column("Network", "title", secondary="get_kind_display"),
        Column("Kind", "get_kind_display", page=False),
        Column("Area", "area"),
        Column("Members", "members", numeric=True, sort="members", key="members"),
        Column(
            "Representativeness",
            "get_representativeness_display",
            sort="representativeness",
            key="representativeness",
        ),
        Column("Mapped to profiles", lambda n: "Yes" if n.mapped else "No"),
        Column("Last refreshed", "refreshed_on", sort="refreshed_on", key="refreshed"),
        Column("Gaps", "gaps", page=False),
        ORGANISATION,
        OWNER,
        due("Next refresh"),
        STATUS,
        MARKING,
    ),
    facts=(
        "kind",
        "area",
        Column("Number of members", "members"),
        "representativeness",
        Column("Mapped against neighbourhood profiles", lambda n: "Yes" if n.mapped else "No"),
        Column("Gaps and how they will be filled", lambda n: _or_none(n.gaps, "None"), text=True),
        Column("Last refreshed", "refreshed_on"),
        Column("Next refresh due", "review_on"),
        Column("Lead", lambda r: r.owner.full_name if r.owner else "Not set"),
        *COMMON_FACTS[2:],
    ),
    search=("reference", "title", "area"),
    filters=("kind", "representativeness"),
    overdue_verbs=("is overdue for a refresh", "are overdue for a refresh"),
    overdue_filter="Only those overdue for a refresh",
    summary_template="engagement/network_summary.html",
    list_context=network_list_context,
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Network),
)

# -- communications -----------------------------------------------------------------------------
RISK_TAGS: dict[str, str] = {
    Level.LOW: "govuk-tag--green",
    Level.MEDIUM: "govuk-tag--yellow",
    Level.HIGH: "govuk-tag--red",
}


def _risk_tag(c: Communication) -> str:
    return RISK_TAGS.get(c.manipulation_risk, "govuk-tag--grey")


def _sign_off(c: Communication) -> str:
    names = _names("signed_off_by")(c)
    if not names:
        return "Not signed off by partners"
    return "; ".join(names)


COMMUNICATIONS = RegisterSpec(
    model=Communication,
    form=CommunicationForm,
    name="communication",
    path="communications",
    noun="communication",
    plural="communications",
    title="Communications",
    intro="The internal and shared community communications plan (activities 7.3 and 7.4), "
    "media engagement (5.5 and 7.5) and the log of briefings to the police authority, on "
    "vulnerability to radicalisation and after counter-terrorism operations (7.1): each with "
    "its audience, channel, message, the risk of it being manipulated and partners’ sign-off.",
    columns=(
        REFERENCE,
        Column("Communication", "title", secondary="get_kind_display"),
        Column("Kind", "get_kind_display", page=False),
        Column("Briefing topic", "get_topic_display", page=False),
        Column("Audience", "audience", secondary="get_channel_display"),
        Column("Channel", "get_channel_display", page=False),
        Column("Date", "on", sort="on", key="on"),
        Column(
            "Manipulation risk",
            "get_manipulation_risk_display",
            sort="manipulation_risk",
            key="risk",
            tag=_risk_tag,
        ),
        Column("Key message", "message", page=False),
        Column("Steps to reduce the risk", "safeguards", page=False),
        Column("Partner sign-off", _sign_off, page=False),
        Column("Signed off", "signed_off_on", page=False),
        Column("Outcome", "outcome", page=False),
        ORGANISATION,
        OWNER,
        due("Next review"),
        STATUS,
        MARKING,
    ),
    facts=(
        "kind",
        Column("Briefing topic", lambda c: c.get_topic_display() or "Not a briefing"),
        "audience",
        "channel",
        Column("Key message", "message", text=True),
        Column("Date issued or held", "on"),
        Column(
            "Risk of the message being manipulated", "get_manipulation_risk_display", tag=_risk_tag
        ),
        Column(
            "Steps to reduce that risk",
            lambda c: _or_none(c.safeguards, "None recorded"),
            text=True,
        ),
        Column("Partner sign-off", _sign_off, secondary="signed_off_on"),
        Column("Outcome", lambda c: _or_none(c.outcome, "Not yet recorded"), text=True),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "audience", "message"),
    filters=("kind", "channel", "topic"),
    default_sort="-on",
    default_status="all",
    prefetch=("signed_off_by",),
    api_names={"signed_off_by": "signed_off_by_ids"},
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Communication),
)


# -- local projects -----------------------------------------------------------------------------
def project_funding(qs: Any) -> list[dict[str, Any]]:
    """Projects and amounts by funding source, with how many are evaluated and reported."""
    labels = dict(Project._meta.get_field("funding_source").choices or ())
    rows = (
        qs.order_by()
        .values("funding_source")
        .annotate(
            n=Count("pk"),
            amount=Sum("amount"),
            evaluated=Count("pk", filter=Q(evaluated_on__isnull=False)),
            reported=Count("pk", filter=Q(reported_on__isnull=False)),
        )
        .order_by("funding_source")
    )
    return [{**r, "source": labels.get(r["funding_source"], r["funding_source"])} for r in rows]


def project_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    return {"funding": project_funding(qs)}


def _evaluation(p: Project) -> str:
    if p.reported_on:
        return "Reported to the police authority"
    if p.evaluated_on:
        return "Evaluated, not yet reported"
    return "Not yet evaluated"


EVALUATION_TAGS = {
    "Reported to the police authority": "govuk-tag--green",
    "Evaluated, not yet reported": "govuk-tag--yellow",
}


PROJECTS = RegisterSpec(
    model=Project,
    form=ProjectForm,
    name="project",
    path="projects",
    noun="local project",
    plural="local projects",
    title="Local projects",
    intro="Local Prevent projects and their funding, including Preventing Violent Extremism "
    "funding (activity 0.12), with their formal evaluation, the benefits they deliver and when "
    "the evaluation was reported to the police authority (6.8).",
    columns=(
        REFERENCE,
        Column("Project", "title", secondary="lead_partner.name"),
        Column("Lead partner", "lead_partner.name", page=False),
        Column("Funding", "get_funding_source_display", page=False),
        Column(
            "Amount (£)",
            "amount",
            numeric=True,
            sort="amount",
            key="amount",
            secondary="get_funding_source_display",
        ),
        Column("Start date", "starts_on", sort="starts_on", key="starts"),
        Column("End date", "ends_on", page=False),
        Column(
            "Evaluation",
            _evaluation,
            tag=lambda p: EVALUATION_TAGS.get(_evaluation(p), "govuk-tag--grey"),
        ),
        Column("Outputs", "outputs", page=False),
        Column("Evaluation report", "evaluation_document", page=False),
        Column("Findings", "findings", page=False),
        Column("Date evaluated", "evaluated_on", page=False),
        Column("Benefits", lambda p: [str(b) for b in p.benefits.all()], page=False),
        Column("Reported to the police authority", "reported_on", page=False),
        ORGANISATION,
        OWNER,
        due("Next review"),
        STATUS,
        MARKING,
    ),
    facts=(
        Column("Lead partner", "lead_partner.name"),
        "funding_source",
        Column("Amount", lambda p: f"£{p.amount:,.2f}"),
        Column("Start date", "starts_on"),
        Column("End date", lambda p: p.ends_on or "Not set"),
        Column("Outputs", "outputs", text=True),
        Column(
            "Evaluation",
            _evaluation,
            tag=lambda p: EVALUATION_TAGS.get(_evaluation(p), "govuk-tag--grey"),
        ),
        Column("Evaluation report", lambda p: _or_none(p.evaluation_document, "None recorded")),
        Column("Findings", lambda p: _or_none(p.findings, "None recorded"), text=True),
        Column("Date evaluated", lambda p: p.evaluated_on or "Not evaluated"),
        Column(
            "Benefits it delivers",
            lambda p: _or_none([str(b) for b in p.benefits.all()], "None linked"),
        ),
        Column("Reported to the police authority", lambda p: p.reported_on or "Not yet reported"),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "outputs", "findings"),
    filters=("funding_source",),
    select_related=("lead_partner",),
    prefetch=("benefits",),
    summary_template="engagement/project_summary.html",
    list_context=project_list_context,
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Project),
)


# -- posts --------------------------------------------------------------------------------------
def _contact(p: Post) -> str:
    return p.owner.email if p.owner_id and not p.vacant else ""  # type: ignore[union-attr]


POSTS = RegisterSpec(
    model=Post,
    form=PostForm,
    name="post",
    path="posts",
    noun="post",
    plural="posts",
    title="Prevent posts",
    intro="The Prevent posts of the force and its BCUs and who holds them: the ACPO strategic "
    "lead (activity 0.1), a Prevent lead and deputy in every BCU (0.2, 0.9), counter terrorism "
    "intelligence and community engagement officers (0.3), the single point of contact for "
    "partners (0.10, 2.7) and education liaison officers (2.4). Partners see the single points "
    "of contact of their area.",
    columns=(
        REFERENCE,
        Column("Post", "get_kind_display", sort="kind", key="kind"),
        Column("Holder", "holder"),
        Column("Contact", _contact),
        Column("In post since", "since", sort="since", key="since"),
        Column("Vacant", lambda p: "Yes" if p.vacant else "No", page=False),
        Column("Vacant since", "vacant_since", sort="vacant_since", key="vacant_since"),
        Column("Schools, colleges and universities covered", _names("institutions"), page=False),
        ORGANISATION,
        due("Next review"),
        STATUS,
        MARKING,
    ),
    facts=(
        Column("Post", "get_kind_display"),
        Column("Holder", "holder"),
        Column("Contact", lambda p: _contact(p) or "Not recorded"),
        Column("In post since", lambda p: p.since or "Not recorded"),
        Column(
            "Vacant since",
            lambda p: p.vacant_since or ("Not recorded" if p.vacant else "Not vacant"),
        ),
        Column(
            "Schools, colleges and universities covered",
            lambda p: _or_none(_names("institutions")(p), "None"),
        ),
        *COMMON_FACTS[1:],
    ),
    search=("reference", "title", "holder_name"),
    filters=("kind",),
    default_sort="kind",
    prefetch=("institutions",),
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Post),
)


# -- training coverage ---------------------------------------------------------------------------
def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def coverage_by_course(qs: Any) -> list[dict[str, Any]]:
    """Establishment, number trained and coverage for each course over the open records kept:
    the roll-up across teams, BCUs and forces."""
    labels = dict(Training._meta.get_field("course").choices or ())
    rows = (
        qs.filter(status=RecordStatus.OPEN)
        .order_by()
        .values("course")
        .annotate(teams=Count("pk"), establishment=Sum("establishment"), trained=Sum("trained"))
        .order_by("course")
    )
    return [
        {
            **r,
            "label": labels.get(r["course"], r["course"]),
            "coverage": percent(r["trained"] or 0, r["establishment"] or 0),
        }
        for r in rows
    ]


def training_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    return {"coverage": coverage_by_course(qs)}


TRAINING = RegisterSpec(
    model=Training,
    form=TrainingForm,
    name="training",
    path="training",
    noun="training record",
    plural="training records",
    title="Training coverage",
    intro="How many of each team have completed Prevent awareness, ICE, the education toolkit "
    "and other courses (activities 2.5 and 4.3), as counts against the team’s establishment, "
    "and what the training changed. Coverage rolls up across teams; Prevent awareness among "
    "neighbourhood and response officers is indicator PV-02.",
    columns=(
        REFERENCE,
        Column("Team", "team", sort="team", key="team", secondary="get_team_kind_display"),
        Column("Kind of team", "get_team_kind_display", page=False),
        Column("Course", "get_course_display", sort="course", key="course"),
        Column("Establishment", "establishment", numeric=True),
        Column("Trained", "trained", numeric=True),
        Column("Coverage (%)", "coverage", numeric=True),
        Column("As at", "as_at", sort="as_at", key="as_at"),
        Column("Impact", "impact", page=False),
        ORGANISATION,
        OWNER,
        due("Next review"),
        STATUS,
        MARKING,
    ),
    facts=(
        "course",
        "team",
        "team_kind",
        "establishment",
        Column("Number trained", "trained"),
        Column("Coverage", lambda t: f"{t.coverage}%"),
        Column("Figures as at", "as_at"),
        Column(
            "Impact of the training", lambda t: _or_none(t.impact, "Not yet recorded"), text=True
        ),
        *COMMON_FACTS,
    ),
    search=("reference", "title", "team"),
    filters=("course", "team_kind"),
    default_sort="course",
    summary_template="engagement/training_summary.html",
    list_context=training_list_context,
    api_extra={"coverage": (int, "coverage")},
    **COMMON,  # type: ignore[arg-type]
    retention=closed_records(Training, label="Closed training coverage records"),
)

REGISTERS = (POSTS, ENGAGEMENTS, NETWORKS, COMMUNICATIONS, PROJECTS, TRAINING)
