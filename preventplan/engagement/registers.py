"""The engagement registers as specs (``docs/registers.md``): KIN and IAG networks and engagement
events. The list, detail, add, change, export and API pages come from ``preventplan.records``;
what is here is what makes each register itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.http import HttpRequest

from preventplan.engagement.forms import EngagementForm, NetworkForm
from preventplan.engagement.models import Engagement, Network, Representativeness
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
from preventplan.records.spec import Column, RegisterSpec

TABS = (
    ("engagement:engagement-list", "Engagement"),
    ("engagement:network-list", "KINs and IAGs"),
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
)

REGISTERS = (ENGAGEMENTS, NETWORKS)


def engagements_by_month(organisation: Any, start: date, end: date) -> dict[date, int]:
    """Engagement events the organisation held in each month from ``start`` to ``end``."""
    counts: dict[date, int] = {}
    for held in Engagement.objects.filter(
        organisation=organisation, held_on__gte=start, held_on__lte=end
    ).values_list("held_on", flat=True):
        month = held.replace(day=1)
        counts[month] = counts.get(month, 0) + 1
    return counts
