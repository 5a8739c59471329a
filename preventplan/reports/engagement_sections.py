"""The report sections a board and the police authority ask about beyond delivery (issue 15):
posts in place, engagement, training coverage, communications and police authority briefings
(activity 7.1), and local projects with their evaluation (6.8). Each comes from the same code as
the engagement pages, so a report agrees with the screen. The register records a section draws
on come from a function of their own (``*_records``), from which the report's marking is worked
out too (``builders.report_marking``): the highest marking among them."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from preventplan.engagement.models import (
    Communication,
    CommunicationKind,
    Engagement,
    Network,
    Project,
    Training,
)
from preventplan.engagement.posts import posts_in_force
from preventplan.engagement.registers import coverage_by_course, engagement_summary, project_funding
from preventplan.lib.dates import financial_year_start, format_date
from preventplan.organisations.models import Organisation
from preventplan.records.models import RecordStatus
from preventplan.reports.document import Figures, Percent, Section, Table, Text


def posts(force: Organisation) -> Section:
    units = posts_in_force(force)
    return Section(
        _("Prevent posts"),
        [
            Table(
                _("Posts missing or vacant in the force and each BCU (activities 0.1–0.3, 0.9)"),
                [_("Unit"), _("Gaps")],
                [
                    [u.organisation.name, "; ".join(str(g) for g in u.gaps) or _("Posts in place")]
                    for u in units
                ],
            )
        ],
    )


def engagement_records(
    org: Organisation, day: date
) -> tuple[QuerySet[Engagement], QuerySet[Network]]:
    """The engagement events of this financial year and the open KINs and IAGs."""
    start = financial_year_start(day)
    events = Engagement.objects.filter(organisation__path__startswith=org.path, held_on__gte=start)
    networks = Network.objects.filter(
        organisation__path__startswith=org.path, status=RecordStatus.OPEN
    )
    return events, networks


def engagement(org: Organisation, day: date) -> Section:
    start = financial_year_start(day)
    events, networks = engagement_records(org, day)
    rows = engagement_summary(events)
    overdue = networks.filter(review_on__lt=day).count()
    return Section(
        _("Community engagement"),
        [
            Figures(
                [
                    (sum(r["events"] for r in rows), _("engagement events this year")),
                    (sum(r["people"] for r in rows), _("people attending")),
                    (
                        networks.count(),
                        _("KINs and IAGs (%(count)s overdue for a refresh)") % {"count": overdue},
                    ),
                ]
            ),
            Table(
                _("Engagement since %(date)s, by kind") % {"date": format_date(start)},
                [_("Kind"), _("Events"), _("People attending"), _("Average feedback (1 to 5)")],
                [[str(r["kind"]), r["events"], r["people"], r["score"] or ""] for r in rows],
                numeric={1, 2, 3},
                empty=_("No engagement has been recorded this year."),
            ),
        ],
    )


def training(org: Organisation) -> Section:
    rows = coverage_by_course(Training.objects.filter(organisation__path__startswith=org.path))
    return Section(
        _("Training coverage"),
        [
            Table(
                _("Teams trained, by course (activities 2.5 and 4.3)"),
                [_("Course"), _("Teams"), _("Establishment"), _("Trained"), _("Coverage")],
                [
                    [
                        str(r["label"]),
                        r["teams"],
                        r["establishment"],
                        r["trained"],
                        "" if r["coverage"] is None else Percent(r["coverage"]),
                    ]
                    for r in rows
                ],
                numeric={1, 2, 3, 4},
                empty=_("No training coverage has been recorded."),
            )
        ],
    )


def communication_records(org: Organisation, day: date) -> QuerySet[Communication]:
    """The communications of the last twelve months."""
    since = day - timedelta(days=365)
    return Communication.objects.filter(organisation__path__startswith=org.path, on__gte=since)


def communications(org: Organisation, day: date) -> Section:
    qs = communication_records(org, day)
    labels = {k: str(v) for k, v in CommunicationKind.choices}
    counts = {k: 0 for k in labels}
    high = 0
    for kind, risk in qs.values_list("kind", "manipulation_risk"):
        counts[kind] += 1
        high += risk == "high"
    return Section(
        _("Communications"),
        [
            Table(
                _("Communications in the last twelve months (activities 5.5, 7.1, 7.3–7.5)"),
                [_("Kind"), _("Number")],
                [[str(labels[k]), n] for k, n in counts.items()],
                numeric={1},
            ),
            Text(
                [_("%(count)s had a high risk of the message being manipulated.") % {"count": high}]
            ),
        ],
    )


def briefing_records(force: Organisation, day: date) -> QuerySet[Communication]:
    """The briefings given to the police authority in the last twelve months, latest first."""
    return Communication.objects.filter(
        organisation__path__startswith=force.path,
        kind=CommunicationKind.BRIEFING,
        on__gte=day - timedelta(days=365),
    ).order_by("-on")


def authority_briefings(force: Organisation, day: date) -> Section:
    """The vulnerability section of the authority report: the briefings given to the police
    authority on vulnerability to radicalisation and after counter-terrorism operations (7.1)."""
    qs = briefing_records(force, day)
    return Section(
        _("Vulnerability and counter-terrorism briefings"),
        [
            Text(
                [
                    _(
                        "Activity 7.1: the force briefs the police authority regularly on "
                        "vulnerability to radicalisation in the force area, and after any "
                        "counter-terrorism operation. Briefings of the last twelve months:"
                    )
                ]
            ),
            Table(
                _("Briefings to the police authority"),
                [_("Date"), _("Topic"), _("Briefing"), _("Outcome")],
                [[c.on, str(c.get_topic_display()), c.title, c.outcome] for c in qs],
                empty=_("No briefings to the police authority have been recorded."),
            ),
        ],
    )


def project_records(org: Organisation) -> QuerySet[Project]:
    """Every local project of the organisation and those under it."""
    return Project.objects.filter(organisation__path__startswith=org.path)


def projects(org: Organisation) -> Section:
    qs = project_records(org)
    rows = project_funding(qs)
    unreported = qs.filter(evaluated_on__isnull=False, reported_on__isnull=True).select_related(
        "lead_partner"
    )
    return Section(
        _("Local projects"),
        [
            Table(
                _("Projects by funding source (activities 0.12 and 6.8)"),
                [
                    _("Funding"),
                    _("Projects"),
                    _("Amount (£)"),
                    _("Evaluated"),
                    _("Reported to the authority"),
                ],
                [
                    [str(r["source"]), r["n"], r["amount"], r["evaluated"], r["reported"]]
                    for r in rows
                ],
                numeric={1, 2, 3, 4},
                empty=_("No local projects have been recorded."),
            ),
            Table(
                _("Evaluated but not yet reported to the police authority"),
                [_("Ref."), _("Project"), _("Lead partner"), _("Evaluated")],
                [[p.reference, p.title, p.lead_partner.name, p.evaluated_on] for p in unreported],
                empty=_("Every evaluation has been reported."),
            ),
        ],
    )
