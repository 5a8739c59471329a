"""The engagement registers as specs (``docs/registers.md``): KIN and IAG networks and engagement
events. The list, detail, add, change, export and API pages come from ``preventplan.records``;
what is here is what makes each register itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Q, Sum
from django.http import HttpRequest
from django.utils.translation import gettext

from preventplan.engagement.forms import (
    CommunicationForm,
    EngagementForm,
    NetworkForm,
    PostForm,
    ProjectForm,
    TrainingForm,
)
from preventplan.engagement.indicators import latest_by_team
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

if TYPE_CHECKING:
    # records' spec types its labels as str until it takes lazy text (StrOrPromise)
    def _(message: str) -> str: ...
else:
    from django.utils.translation import gettext_lazy as _

TABS = (
    ("engagement:post-list", _("Posts")),
    ("engagement:engagement-list", _("Engagement")),
    ("engagement:network-list", _("KINs and IAGs")),
    ("engagement:communication-list", _("Communications")),
    ("engagement:project-list", _("Local projects")),
    ("engagement:training-list", _("Training")),
    ("engagement:education", _("Education coverage")),
)
COMMON = dict(namespace="engagement", tabs=TABS, overdue=review_overdue, api_tag="engagement")


def due(label: str) -> Column:
    """The review date under the register's own name for it, tagged when overdue."""
    return Column(label, "review_on", sort="review_on", key="review", secondary=_review_tag)


def _names(attr: str) -> Any:
    return lambda r: [o.name for o in getattr(r, attr).all()]


def _or_none(value: Any, none: str | None = None) -> Any:
    if value in (None, "", []):
        return gettext("Not recorded") if none is None else none
    return value


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
            "kind": str(labels.get(r["kind"], r["kind"])),
            "events": r["n"],
            "people": r["people"] or 0,
            "score": None if r["score"] is None else round(r["score"], 1),
        }
        for r in rows
    ]


def engagement_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    return {"summary": engagement_summary(qs)}


ENGAGEMENTS = RegisterSpec(
    model=Engagement,
    form=EngagementForm,
    name="engagement",
    path="engagements",
    noun=_("engagement"),
    plural=_("engagements"),
    title=_("Engagement register"),
    intro=_(
        "Engagement with communities and partners: KIN and IAG meetings (activity 1.2), "
        "forums for women and young people (1.3), dialogue with higher education (2.1), "
        "consultation and feedback on local priorities (4.2), tabletop exercises such as Operation "
        "Nicole, job shadowing and specials (4.4), and community surveys (paragraph 16). Who took "
        "part is a count; nobody is named. An engagement stays open until feedback has gone back."
    ),
    columns=(
        REFERENCE,
        Column(_("Engagement"), "title", secondary="get_kind_display"),
        Column(_("Kind"), "get_kind_display", page=False),
        Column(_("Held"), "held_on", sort="held_on", key="held"),
        Column(_("Area"), "area"),
        Column(_("Attending"), "attendance", numeric=True, sort="attendance", key="attendance"),
        Column(_("Feedback score"), "feedback_score", numeric=True),
        Column(_("Network that met"), lambda r: r.network or "", page=False),
        Column(_("Partner organisations"), _names("partners"), page=False),
        Column(_("Priorities raised"), "priorities", page=False),
        Column(_("Feedback given"), "feedback", page=False),
        ORGANISATION,
        OWNER,
        due(_("Feedback due")),
        STATUS,
        MARKING,
    ),
    facts=(
        "kind",
        Column(_("Date held"), "held_on"),
        "area",
        Column(_("Network that met"), lambda r: r.network or gettext("None")),
        Column(
            _("Partner organisations"), lambda r: _or_none(_names("partners")(r), gettext("None"))
        ),
        Column(_("Number attending"), "attendance"),
        Column(_("Average feedback score"), lambda r: _or_none(r.feedback_score)),
        Column(_("Priorities raised"), lambda r: _or_none(r.priorities), text=True),
        Column(_("Feedback given"), lambda r: r.feedback or gettext("Not yet given"), text=True),
        Column(_("Feedback due back by"), "review_on"),
        *COMMON_FACTS[:1],
        *COMMON_FACTS[2:],
    ),
    search=("reference", "title", "area", "priorities"),
    filters=("kind",),
    default_sort="-held",
    default_status="all",
    overdue_verbs=(_("has feedback overdue"), _("have feedback overdue")),
    overdue_filter=_("Only those with feedback overdue"),
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
    noun=_("network"),
    plural=_("networks"),
    title=_("Key individual networks and independent advisory groups"),
    intro=_(
        "The KINs and IAGs the BCU uses for two-way communication (activity 1.2): kept up to "
        "date, representative of the community and mapped against neighbourhood profiles. Members "
        "are counted, never named; representativeness is the network lead’s own assessment."
    ),
    columns=(
        REFERENCE,
        Column(_("Network"), "title", secondary="get_kind_display"),
        Column(_("Kind"), "get_kind_display", page=False),
        Column(_("Area"), "area"),
        Column(_("Members"), "members", numeric=True, sort="members", key="members"),
        Column(
            _("Representativeness"),
            "get_representativeness_display",
            sort="representativeness",
            key="representativeness",
        ),
        Column(_("Mapped to profiles"), lambda n: gettext("Yes") if n.mapped else gettext("No")),
        Column(_("Last refreshed"), "refreshed_on", sort="refreshed_on", key="refreshed"),
        Column(_("Gaps"), "gaps", page=False),
        ORGANISATION,
        OWNER,
        due(_("Next refresh")),
        STATUS,
        MARKING,
    ),
    facts=(
        "kind",
        "area",
        Column(_("Number of members"), "members"),
        "representativeness",
        Column(
            _("Mapped against neighbourhood profiles"),
            lambda n: gettext("Yes") if n.mapped else gettext("No"),
        ),
        Column(
            _("Gaps and how they will be filled"),
            lambda n: _or_none(n.gaps, gettext("None")),
            text=True,
        ),
        Column(_("Last refreshed"), "refreshed_on"),
        Column(_("Next refresh due"), "review_on"),
        Column(_("Lead"), lambda r: r.owner.full_name if r.owner else gettext("Not set")),
        *COMMON_FACTS[2:],
    ),
    search=("reference", "title", "area"),
    filters=("kind", "representativeness"),
    overdue_verbs=(_("is overdue for a refresh"), _("are overdue for a refresh")),
    overdue_filter=_("Only those overdue for a refresh"),
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
        return gettext("Not signed off by partners")
    return "; ".join(names)


COMMUNICATIONS = RegisterSpec(
    model=Communication,
    form=CommunicationForm,
    name="communication",
    path="communications",
    noun=_("communication"),
    plural=_("communications"),
    title=_("Communications"),
    intro=_(
        "The internal and shared community communications plan (activities 7.3 and 7.4), "
        "media engagement (5.5 and 7.5) and the log of briefings to the police authority, on "
        "vulnerability to radicalisation and after counter-terrorism operations (7.1): each with "
        "its audience, channel, message, the risk of it being manipulated and partners’ sign-off."
    ),
    columns=(
        REFERENCE,
        Column(_("Communication"), "title", secondary="get_kind_display"),
        Column(_("Kind"), "get_kind_display", page=False),
        Column(_("Briefing topic"), "get_topic_display", page=False),
        Column(_("Audience"), "audience", secondary="get_channel_display"),
        Column(_("Channel"), "get_channel_display", page=False),
        Column(_("Date"), "on", sort="on", key="on"),
        Column(
            _("Manipulation risk"),
            "get_manipulation_risk_display",
            sort="manipulation_risk",
            key="risk",
            tag=_risk_tag,
        ),
        Column(_("Key message"), "message", page=False),
        Column(_("Steps to reduce the risk"), "safeguards", page=False),
        Column(_("Partner sign-off"), _sign_off, page=False),
        Column(_("Signed off"), "signed_off_on", page=False),
        Column(_("Outcome"), "outcome", page=False),
        ORGANISATION,
        OWNER,
        due(_("Next review")),
        STATUS,
        MARKING,
    ),
    facts=(
        "kind",
        Column(_("Briefing topic"), lambda c: c.get_topic_display() or gettext("Not a briefing")),
        "audience",
        "channel",
        Column(_("Key message"), "message", text=True),
        Column(_("Date issued or held"), "on"),
        Column(
            _("Risk of the message being manipulated"),
            "get_manipulation_risk_display",
            tag=_risk_tag,
        ),
        Column(
            _("Steps to reduce that risk"),
            lambda c: _or_none(c.safeguards, gettext("None recorded")),
            text=True,
        ),
        Column(_("Partner sign-off"), _sign_off, secondary="signed_off_on"),
        Column(_("Outcome"), lambda c: _or_none(c.outcome, gettext("Not yet recorded")), text=True),
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
    return [
        {**r, "source": str(labels.get(r["funding_source"], r["funding_source"]))} for r in rows
    ]


def project_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    return {"funding": project_funding(qs)}


def _evaluation_state(p: Project) -> str:
    if p.reported_on:
        return "reported"
    return "evaluated" if p.evaluated_on else "not-evaluated"


EVALUATION_LABELS = {
    "reported": _("Reported to the police authority"),
    "evaluated": _("Evaluated, not yet reported"),
    "not-evaluated": _("Not yet evaluated"),
}
EVALUATION_TAGS = {"reported": "govuk-tag--green", "evaluated": "govuk-tag--yellow"}


def _evaluation(p: Project) -> str:
    return str(EVALUATION_LABELS[_evaluation_state(p)])


def _evaluation_tag(p: Project) -> str:
    return EVALUATION_TAGS.get(_evaluation_state(p), "govuk-tag--grey")


PROJECTS = RegisterSpec(
    model=Project,
    form=ProjectForm,
    name="project",
    path="projects",
    noun=_("local project"),
    plural=_("local projects"),
    title=_("Local projects"),
    intro=_(
        "Local Prevent projects and their funding, including Preventing Violent Extremism "
        "funding (activity 0.12), with their formal evaluation, the benefits they deliver and when "
        "the evaluation was reported to the police authority (6.8)."
    ),
    columns=(
        REFERENCE,
        Column(_("Project"), "title", secondary="lead_partner.name"),
        Column(_("Lead partner"), "lead_partner.name", page=False),
        Column(_("Funding"), "get_funding_source_display", page=False),
        Column(
            _("Amount (£)"),
            "amount",
            numeric=True,
            sort="amount",
            key="amount",
            secondary="get_funding_source_display",
        ),
        Column(_("Start date"), "starts_on", sort="starts_on", key="starts"),
        Column(_("End date"), "ends_on", page=False),
        Column(
            _("Evaluation"),
            _evaluation,
            tag=_evaluation_tag,
        ),
        Column(_("Outputs"), "outputs", page=False),
        Column(_("Evaluation report"), "evaluation_document", page=False),
        Column(_("Findings"), "findings", page=False),
        Column(_("Date evaluated"), "evaluated_on", page=False),
        Column(_("Benefits"), lambda p: [str(b) for b in p.benefits.all()], page=False),
        Column(_("Reported to the police authority"), "reported_on", page=False),
        ORGANISATION,
        OWNER,
        due(_("Next review")),
        STATUS,
        MARKING,
    ),
    facts=(
        Column(_("Lead partner"), "lead_partner.name"),
        "funding_source",
        Column(_("Amount"), lambda p: f"£{p.amount:,.2f}"),
        Column(_("Start date"), "starts_on"),
        Column(_("End date"), lambda p: p.ends_on or gettext("Not set")),
        Column(_("Outputs"), "outputs", text=True),
        Column(
            _("Evaluation"),
            _evaluation,
            tag=_evaluation_tag,
        ),
        Column(
            _("Evaluation report"),
            lambda p: _or_none(p.evaluation_document, gettext("None recorded")),
        ),
        Column(_("Findings"), lambda p: _or_none(p.findings, gettext("None recorded")), text=True),
        Column(_("Date evaluated"), lambda p: p.evaluated_on or gettext("Not evaluated")),
        Column(
            _("Benefits it delivers"),
            lambda p: _or_none([str(b) for b in p.benefits.all()], gettext("None linked")),
        ),
        Column(
            _("Reported to the police authority"),
            lambda p: p.reported_on or gettext("Not yet reported"),
        ),
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
    noun=_("post"),
    plural=_("posts"),
    title=_("Prevent posts"),
    intro=_(
        "The Prevent posts of the force and its BCUs and who holds them: the ACPO strategic "
        "lead (activity 0.1), a Prevent lead and deputy in every BCU (0.2, 0.9), counter terrorism "
        "intelligence and community engagement officers (0.3), the single point of contact for "
        "partners (0.10, 2.7) and education liaison officers (2.4). Partners see the single points "
        "of contact of their area."
    ),
    columns=(
        REFERENCE,
        Column(_("Post"), "get_kind_display", sort="kind", key="kind"),
        Column(_("Holder"), "holder"),
        Column(_("Contact"), _contact),
        Column(_("In post since"), "since", sort="since", key="since"),
        Column(_("Vacant"), lambda p: gettext("Yes") if p.vacant else gettext("No"), page=False),
        Column(_("Vacant since"), "vacant_since", page=False),  # the page: in "Holder"
        Column(_("Schools, colleges and universities covered"), _names("institutions"), page=False),
        ORGANISATION,
        due(_("Next review")),
        STATUS,
        MARKING,
    ),
    facts=(
        Column(_("Post"), "get_kind_display"),
        Column(_("Holder"), "holder"),
        Column(_("Contact"), lambda p: _contact(p) or gettext("Not recorded")),
        Column(_("In post since"), lambda p: p.since or gettext("Not recorded")),
        Column(
            _("Vacant since"),
            lambda p: (
                p.vacant_since or (gettext("Not recorded") if p.vacant else gettext("Not vacant"))
            ),
        ),
        Column(
            _("Schools, colleges and universities covered"),
            lambda p: _or_none(_names("institutions")(p), gettext("None")),
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
    """Teams, establishment, number trained and coverage for each course over the open records
    kept, each team with its latest count (as indicator PV-02 counts them): the roll-up across
    teams, BCUs and forces."""
    labels = dict(Training._meta.get_field("course").choices or ())
    return [
        {
            "course": course,
            "teams": teams,
            "establishment": establishment,
            "trained": trained,
            "label": str(labels.get(course, course)),
            "coverage": percent(trained, establishment),
        }
        for course, (teams, establishment, trained) in latest_by_team(qs.order_by()).items()
    ]


def training_list_context(request: HttpRequest, qs: Any) -> dict[str, Any]:
    return {"coverage": coverage_by_course(qs)}


TRAINING = RegisterSpec(
    model=Training,
    form=TrainingForm,
    name="training",
    path="training",
    noun=_("training record"),
    plural=_("training records"),
    title=_("Training coverage"),
    intro=_(
        "How many of each team have completed Prevent awareness, ICE, the education toolkit "
        "and other courses (activities 2.5 and 4.3), as counts against the team’s establishment, "
        "and what the training changed. Coverage rolls up across teams; Prevent awareness among "
        "neighbourhood and response officers is indicator PV-02."
    ),
    columns=(
        REFERENCE,
        Column(_("Team"), "team", sort="team", key="team", secondary="get_team_kind_display"),
        Column(_("Kind of team"), "get_team_kind_display", page=False),
        Column(_("Course"), "get_course_display", sort="course", key="course"),
        Column(_("Establishment"), "establishment", numeric=True),
        Column(_("Trained"), "trained", numeric=True),
        Column(_("Coverage (%)"), "coverage", numeric=True),
        Column(_("As at"), "as_at", sort="as_at", key="as_at"),
        Column(_("Impact"), "impact", page=False),
        ORGANISATION,
        OWNER,
        due(_("Next review")),
        STATUS,
        MARKING,
    ),
    facts=(
        "course",
        "team",
        "team_kind",
        "establishment",
        Column(_("Number trained"), "trained"),
        Column(_("Coverage"), lambda t: f"{t.coverage}%"),
        Column(_("Figures as at"), "as_at"),
        Column(
            _("Impact of the training"),
            lambda t: _or_none(t.impact, gettext("Not yet recorded")),
            text=True,
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
    retention=closed_records(Training, label=_("Closed training coverage records")),
)

REGISTERS = (POSTS, ENGAGEMENTS, NETWORKS, COMMUNICATIONS, PROJECTS, TRAINING)
