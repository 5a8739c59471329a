"""What the engagement registers give as evidence (``records.evidence``), for a benefit's value
and for NI35 strands 1 (engagement with communities), 2 (knowledge and understanding:
training and briefings) and 4 (delivery and evaluation of projects). Aggregates only: no
record's text, no network member, no one who attended."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preventplan.engagement.indicators import latest_by_team
from preventplan.engagement.models import (
    Communication,
    CommunicationKind,
    Course,
    Engagement,
    EngagementKind,
    Network,
    Project,
    Representativeness,
    Training,
)
from preventplan.lib.dates import add_months
from preventplan.records.evidence import RegisterFigure
from preventplan.records.models import RecordStatus

ENGAGEMENT = gettext_lazy("Engagement register")
NETWORKS = gettext_lazy("KIN and IAG register")
TRAINING = gettext_lazy("Training coverage register")
COMMUNICATIONS = gettext_lazy("Communications register")
PROJECTS = gettext_lazy("Local projects register")
CONSULTING = (EngagementKind.CONSULTATION, EngagementKind.SURVEY)


def _percent(part: int, whole: int) -> Decimal:
    return round(Decimal(100) * part / whole, 1)


def _score(value: float | None) -> Decimal:
    return round(Decimal(str(value)), 1) if value is not None else Decimal(0)


def engagement_figures(where: Q, start: date, end: date) -> list[RegisterFigure]:
    """Events held, people attending, feedback scores (all events, and consultations and
    surveys), and how often feedback went back on the priorities raised: NI35 strand 1."""
    events = Engagement.objects.filter(where, held_on__range=(start, end))
    totals = events.aggregate(
        n=Count("pk"),
        people=Sum("attendance"),
        scored=Count("feedback_score"),
        score=Avg("feedback_score"),
        consulting=Count("pk", filter=Q(kind__in=CONSULTING)),
        consulting_scored=Count("feedback_score", filter=Q(kind__in=CONSULTING)),
        consulting_score=Avg("feedback_score", filter=Q(kind__in=CONSULTING)),
        raised=Count("pk", filter=~Q(priorities="")),
        answered=Count("pk", filter=~Q(priorities="") & ~Q(feedback="")),
    )
    if not totals["n"]:
        return []

    def figure(
        key: str, label: str, value: Decimal, unit: str = "", detail: str = ""
    ) -> RegisterFigure:
        return RegisterFigure(key, label, value, ENGAGEMENT, start, end, unit, detail, 1)

    found = [
        figure(
            "engagement-events",
            _("Engagement events held"),
            Decimal(totals["n"]),
            detail=_("%(people)s attending") % {"people": totals["people"] or 0},
        )
    ]
    if totals["scored"]:
        found.append(
            figure(
                "engagement-feedback",
                _("Average feedback score of engagement events"),
                _score(totals["score"]),
                _("out of 5"),
                _("%(n)s events scored") % {"n": totals["scored"]},
            )
        )
    if totals["consulting_scored"]:
        found.append(
            figure(
                "consultation-feedback",
                _("Average feedback score of consultations and surveys"),
                _score(totals["consulting_score"]),
                _("out of 5"),
                _("%(scored)s of %(n)s scored")
                % {"scored": totals["consulting_scored"], "n": totals["consulting"]},
            )
        )
    if totals["raised"]:
        found.append(
            figure(
                "feedback-given",
                _("Events raising priorities with feedback given back"),
                _percent(totals["answered"], totals["raised"]),
                "%",
                _("%(answered)s of %(raised)s")
                % {"answered": totals["answered"], "raised": totals["raised"]},
            )
        )
    return found


def network_figures(where: Q, start: date, end: date) -> list[RegisterFigure]:
    """The open KINs and IAGs as at the end of the period: members counted, refreshed in the
    twelve months before, self-assessed as representative: NI35 strand 1."""
    year_before = add_months(end, -12) + timedelta(days=1)
    totals = Network.objects.filter(where, status=RecordStatus.OPEN).aggregate(
        n=Count("pk"),
        members=Sum("members"),
        refreshed=Count("pk", filter=Q(refreshed_on__range=(year_before, end))),
        representative=Count("pk", filter=Q(representativeness=Representativeness.REPRESENTATIVE)),
        partly=Count("pk", filter=Q(representativeness=Representativeness.PARTLY)),
    )
    n = totals["n"]
    if not n:
        return []
    return [
        RegisterFigure(
            "networks-refreshed",
            _("KINs and IAGs refreshed in the last twelve months"),
            _percent(totals["refreshed"], n),
            NETWORKS,
            None,
            end,
            "%",
            _("%(refreshed)s of %(n)s networks, %(members)s members in all")
            % {"refreshed": totals["refreshed"], "n": n, "members": totals["members"] or 0},
            1,
        ),
        RegisterFigure(
            "networks-representative",
            _("KINs and IAGs self-assessed as representative"),
            _percent(totals["representative"], n),
            NETWORKS,
            None,
            end,
            "%",
            _("%(representative)s of %(n)s; partly representative: %(partly)s")
            % {"representative": totals["representative"], "n": n, "partly": totals["partly"]},
            1,
        ),
    ]


def training_figures(where: Q, start: date, end: date) -> list[RegisterFigure]:
    """Coverage of each course over the open training records with figures by the end of the
    period (all teams), and police authority briefings held: NI35 strand 2."""
    found = []
    labels = dict(Course.choices)
    for course, (_teams, establishment, trained) in latest_by_team(
        Training.objects.filter(where), end
    ).items():
        if establishment:
            found.append(
                RegisterFigure(
                    f"training-{course}",
                    _("Staff trained: %(course)s") % {"course": labels[course]},
                    _percent(trained, establishment),
                    TRAINING,
                    None,
                    end,
                    "%",
                    _("%(trained)s of %(establishment)s")
                    % {"trained": trained, "establishment": establishment},
                    2,
                )
            )
    briefings = Communication.objects.filter(
        where, kind=CommunicationKind.BRIEFING, on__range=(start, end)
    ).count()
    if briefings:
        found.append(
            RegisterFigure(
                "authority-briefings",
                _("Police authority briefings held"),
                Decimal(briefings),
                COMMUNICATIONS,
                start,
                end,
                ni35_strand=2,
            )
        )
    return found


def project_figures(where: Q, start: date, end: date) -> list[RegisterFigure]:
    """Local projects running in the period, those formally evaluated and those reported to
    the police authority: NI35 strand 4."""
    projects = Project.objects.filter(where, starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    totals = projects.aggregate(
        n=Count("pk"),
        amount=Sum("amount"),
        evaluated=Count("pk", filter=Q(evaluated_on__isnull=False, evaluated_on__lte=end)),
        reported=Count("pk", filter=Q(reported_on__isnull=False, reported_on__lte=end)),
    )
    n = totals["n"]
    if not n:
        return []
    return [
        RegisterFigure(
            "projects-evaluated",
            _("Local projects formally evaluated"),
            _percent(totals["evaluated"], n),
            PROJECTS,
            start,
            end,
            "%",
            _(
                "%(evaluated)s of %(n)s projects, £%(amount)s in all; reported to the police authority: %(reported)s"
            )
            % {
                "evaluated": totals["evaluated"],
                "n": n,
                "amount": f"{totals['amount'] or 0:,.0f}",
                "reported": totals["reported"],
            },
            4,
        )
    ]


SOURCES = [engagement_figures, network_figures, training_figures, project_figures]
