"""The register of information-sharing protocols (activities 0.8 and 0.10) as a spec: its
pages, exports and API come from ``preventplan.records``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from preventplan.records.spec import Column, RegisterSpec, Retention
from preventplan.sharing.forms import ProtocolForm
from preventplan.sharing.models import Protocol, ProtocolStatus

# The spec types its labels as ``str``: a lazy string stands in for one (it is rendered in the
# language of each page).
_ = cast(Callable[[str], str], gettext_lazy)

STATE_TAGS = {"in-force": "govuk-tag--green", "lapsed": "govuk-tag--red"}


def lapsed(on: date) -> Q:
    return Q(status=ProtocolStatus.SIGNED, review_on__lt=on)


def _partnerships(protocol: Protocol) -> list[str]:
    return [p.name for p in protocol.partnerships.all()]


def _state_tag(protocol: Any) -> str:
    return STATE_TAGS.get(protocol.state_key, "govuk-tag--grey")


PROTOCOLS = RegisterSpec(
    model=Protocol,
    form=ProtocolForm,
    namespace="sharing",
    name="protocol",
    path="protocols",
    noun=_("protocol"),
    plural=_("protocols"),
    title=_("Information-sharing protocols"),
    intro=_(
        "The agreements under which information is shared with partnerships (activities 0.8 "
        "and 0.10). Nothing is shared with a partnership unless a signed protocol covering it is "
        "in force; a protocol lapses when its review date passes."
    ),
    columns=(
        Column(_("Reference"), "reference", sort="reference"),
        Column(_("Title"), "title"),
        Column(_("Held by"), "owner.name", sort="owner__name", key="owner"),
        Column(_("Partnerships"), _partnerships),
        Column(_("Scope"), "scope", page=False),
        Column(_("Legal basis"), "get_legal_basis_display", page=False),
        Column(_("What may be shared"), "category_labels", page=False),
        Column(_("Signed"), "signed_on", page=False),
        Column(_("Review date"), "review_on", sort="review_on", key="review"),
        Column(_("State"), "state", tag=_state_tag),
    ),
    facts=(
        Column(_("State"), "state", tag=_state_tag),
        Column(_("Held by"), "owner.name"),
        Column(_("Partnerships"), _partnerships),
        Column(_("Scope"), "scope", text=True),
        Column(_("Legal basis"), "get_legal_basis_display"),
        Column(_("What may be shared"), lambda p: "; ".join(p.category_labels)),
        Column(_("Signed"), lambda p: p.signed_on or gettext("Not signed")),
        Column(_("Review date"), "review_on"),
    ),
    search=("reference", "title", "scope"),
    filters=("legal_basis",),
    default_sort="review",
    statuses=cast(tuple[tuple[str, str], ...], tuple(ProtocolStatus.choices)),
    default_status="all",
    overdue=lapsed,
    overdue_adjective=_("signed"),
    overdue_verbs=(_("has lapsed"), _("have lapsed")),
    overdue_filter=_("Only signed protocols that have lapsed"),
    prefetch=("partnerships",),
    api_tag="sharing",
    api_extra={"categories": (list[str], "category_list"), "state": (str, "state")},
    # A withdrawn protocol is the legal basis of what was shared under it: kept six years after
    # its last review date, then reviewed.
    retention=(
        Retention(
            "sharing.protocol",
            _("Withdrawn information-sharing protocols"),
            months=72,
            when=Q(status=ProtocolStatus.WITHDRAWN),
            clock="review_on",
            basis=_("Counted from the protocol's last review date."),
        ),
    ),
)
