"""The register of information-sharing protocols (activities 0.8 and 0.10) as a spec: its
pages, exports and API come from ``preventplan.records``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from preventplan.records.spec import Column, RegisterSpec, Retention
from preventplan.sharing.forms import ProtocolForm
from preventplan.sharing.models import Protocol, ProtocolStatus

STATE_TAGS = {"In force": "govuk-tag--green", "Lapsed": "govuk-tag--red"}


def lapsed(on: date) -> Q:
    return Q(status=ProtocolStatus.SIGNED, review_on__lt=on)


def _partnerships(protocol: Protocol) -> list[str]:
    return [p.name for p in protocol.partnerships.all()]


def _state_tag(protocol: Any) -> str:
    return STATE_TAGS.get(protocol.state, "govuk-tag--grey")


PROTOCOLS = RegisterSpec(
    model=Protocol,
    form=ProtocolForm,
    namespace="sharing",
    name="protocol",
    path="protocols",
    noun="protocol",
    plural="protocols",
    title="Information-sharing protocols",
    intro="The agreements under which information is shared with partnerships (activities 0.8 "
    "and 0.10). Nothing is shared with a partnership unless a signed protocol covering it is in "
    "force; a protocol lapses when its review date passes.",
    columns=(
        Column("Reference", "reference", sort="reference"),
        Column("Title", "title"),
        Column("Held by", "owner.name", sort="owner__name", key="owner"),
        Column("Partnerships", _partnerships),
        Column("Legal basis", "get_legal_basis_display", page=False),
        Column("What may be shared", "category_labels", page=False),
        Column("Signed", "signed_on", page=False),
        Column("Review date", "review_on", sort="review_on", key="review"),
        Column("State", "state", tag=_state_tag),
    ),
    facts=(
        Column("State", "state", tag=_state_tag),
        Column("Held by", "owner.name"),
        Column("Partnerships", _partnerships),
        Column("Scope", "scope", text=True),
        "legal_basis",
        Column("What may be shared", lambda p: "; ".join(p.category_labels)),
        Column("Signed", lambda p: p.signed_on or "Not signed"),
        Column("Review date", "review_on"),
    ),
    search=("reference", "title", "scope"),
    filters=("legal_basis",),
    default_sort="review",
    statuses=tuple(ProtocolStatus.choices),
    default_status="all",
    overdue=lapsed,
    overdue_adjective="signed",
    overdue_verbs=("has lapsed", "have lapsed"),
    overdue_filter="Only signed protocols that have lapsed",
    prefetch=("partnerships",),
    api_tag="sharing",
    api_extra={"categories": (list[str], "category_list"), "state": (str, "state")},
    # A withdrawn protocol is the legal basis of what was shared under it: kept six years after
    # its last review date, then reviewed.
    retention=(
        Retention(
            "sharing.protocol",
            "Withdrawn information-sharing protocols",
            months=72,
            when=Q(status=ProtocolStatus.WITHDRAWN),
            clock="review_on",
            basis="Counted from the protocol's last review date.",
        ),
    ),
)
