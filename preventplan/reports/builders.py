"""The reports, built from live data: the BCU return to the force (¶14), the force board pack
(¶15), the police authority report (0.6, 7.1, ¶17), the regional delivery manager return (¶17)
and the NI35 evidence pack (¶13). Each takes the subject and the day, and returns a
:class:`~preventplan.reports.document.Report`; the figures come from the same roll-up, register
and performance code as the pages, so a report always agrees with the screen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from preventplan.cases import figures as case_figures
from preventplan.dashboards import rollup
from preventplan.lib import charts, scoring
from preventplan.lib.dates import DUE_SOON_DAYS, format_date
from preventplan.lib.numbers import format_number
from preventplan.lib.rag import LABELS
from preventplan.lib.report_kinds import ReportKind
from preventplan.organisations.models import Organisation
from preventplan.performance.figures import readings
from preventplan.performance.models import Ni35Assessment
from preventplan.plans.models import Action, ProgressUpdate
from preventplan.plans.progress import RAG_ORDER, annotate
from preventplan.programme.models import (
    Benefit,
    BoardDecision,
    ImpactAssessment,
    MeetingAction,
    MeetingActionStatus,
    MeetingStatus,
    Risk,
)
from preventplan.records.models import RecordStatus
from preventplan.registers.summary import community_figures
from preventplan.reports import engagement_sections as engage
from preventplan.reports.benchmark import performance_benchmark
from preventplan.reports.document import (
    Chart,
    Figures,
    Percent,
    Report,
    Section,
    Table,
    Text,
    marking_of,
)

TOP_RISKS = 10
AUTHORITY_RISKS = 5  # the police authority report lists fewer


def rag_columns() -> list[str]:
    return [str(LABELS[s]) for s in RAG_ORDER]


# -- shared sections -----------------------------------------------------------------------------
def summary(data: rollup.Rollup) -> Section:
    o = data.overall
    # No "0% (0 of 0)" where there is nothing to complete: say why instead.
    complete: tuple[int | str, str] = (
        f"{o.percent}%",
        _("of milestones complete (%(done)s of %(total)s)")
        % {"done": format_number(o.done), "total": format_number(o.milestones)},
    )
    if not data.plans:
        complete = ("—", _("of milestones complete: no plan is in force"))
    elif not o.milestones:
        complete = ("—", _("of milestones complete: the plans in force have no milestones"))
    return Section(
        _("Summary"),
        [
            Figures(
                [
                    (
                        len(data.plans),
                        ngettext(
                            "plan in force (%(count)s not yet approved)",
                            "plans in force (%(count)s not yet approved)",
                            len(data.plans),
                        )
                        % {"count": len(data.not_approved)},
                    ),
                    complete,
                    (
                        o.overdue,
                        ngettext("milestone overdue", "milestones overdue", o.overdue),
                    ),
                    (
                        o.due_soon,
                        ngettext(
                            "milestone due in the next %(days)s days",
                            "milestones due in the next %(days)s days",
                            o.due_soon,
                        )
                        % {"days": DUE_SOON_DAYS},
                    ),
                    (
                        data.open_risks,
                        ngettext(
                            "open risk (%(count)s overdue for review)",
                            "open risks (%(count)s overdue for review)",
                            data.open_risks,
                        )
                        % {"count": data.overdue_reviews},
                    ),
                ]
            )
        ],
    )


def _tally_row(label: str, t: rollup.Tally) -> list[Any]:
    return [label, *t.rag_values(), t.milestones, t.done, percent_complete(t), t.overdue]


def percent_complete(t: rollup.Tally, plans_in_force: int | None = None) -> str | Percent:
    """The share of milestones complete, or why there is none ("No plan in force", "No
    milestones") rather than a meaningless 0%."""
    return t.nothing_to_complete(plans_in_force) or Percent(t.percent)


def tally_columns() -> list[str]:
    return [
        *rag_columns(),
        _("Milestones"),
        _("Complete"),
        # xgettext:no-python-format
        _("% complete"),
        _("Overdue"),
    ]


def by_objective(data: rollup.Rollup) -> Section:
    columns = tally_columns()
    rows = [_tally_row(f"{o.number} {o.localised('title')}", t) for o, t in data.by_objective]
    rows.append(_tally_row(_("All objectives"), data.overall))
    table = Table(
        _("Actions by RAG status and milestones, by objective"),
        [_("Objective"), *columns],
        rows,
        numeric=set(range(1, 1 + len(columns))),
        empty=_("No plans are in force."),
    )
    svg = charts.stacked_bars(
        [(f"{o.number} {o.localised('title')}", t.rag_values()) for o, t in data.by_objective],
        [charts.Segment(str(LABELS[s]), rollup.RAG_COLOURS[s]) for s in RAG_ORDER],
        _("Actions by RAG status for each objective"),
    )
    return Section(_("Delivery by objective"), [Chart(svg, table)] if rows[:-1] else [table])


def units(data: rollup.Rollup, heading: str) -> Section:
    """Each unit beside the others, in two tables that share the unit column (plans and actions;
    milestones and risks): one table of fifteen columns would not fit a portrait page, and a
    landscape page of its own left most of the page before it and most of its own blank."""
    return Section(
        heading,
        [
            Table(
                _("Each unit's plans and actions by RAG status"),
                [_("Unit"), _("Plans in force"), _("Not yet approved"), *rag_columns()],
                [
                    [u.organisation.name, u.plans, u.not_approved, *u.tally.rag_values()]
                    for u in data.units
                ],
                numeric=set(range(1, 3 + len(RAG_ORDER))),
                empty=_("There are no units below."),
            ),
            Table(
                _("Each unit's milestones and risks"),
                [
                    _("Unit"),
                    _("Milestones"),
                    _("Complete"),
                    # xgettext:no-python-format
                    _("% complete"),
                    _("Overdue"),
                    _("Open risks"),
                    _("Reviews overdue"),
                ],
                [
                    [
                        u.organisation.name,
                        u.tally.milestones,
                        u.tally.done,
                        percent_complete(u.tally, u.plans),
                        u.tally.overdue,
                        u.open_risks,
                        u.overdue_reviews,
                    ]
                    for u in data.units
                ],
                numeric={1, 2, 3, 4, 5, 6},
                empty=_("There are no units below."),
            ),
        ],
    )


def overdue_milestones(data: rollup.Rollup, limit: int = 40) -> Section:
    rows = [
        [
            m.due_date,
            m.organisation,
            m.action_number,
            m.title,
            (data.today - m.due_date).days,
        ]
        for m in data.overdue[:limit]
    ]
    more = data.overall.overdue - min(limit, len(data.overdue))
    blocks: list[Any] = [
        Table(
            _("Overdue milestones, oldest first"),
            [_("Due"), _("Organisation"), _("Action"), _("Milestone"), _("Days overdue")],
            rows,
            numeric={4},
            empty=_("No milestones are overdue."),
        )
    ]
    if more > 0:
        blocks.append(
            Text(
                [
                    _("A further %(count)s overdue milestones are not listed.")
                    % {"count": format_number(more)}
                ]
            )
        )
    return Section(_("Overdue milestones"), blocks)


def open_risks(org: Organisation) -> QuerySet[Risk]:
    """The open risks of the organisation and those under it, in the order the reports list
    them: highest residual score first."""
    return (
        Risk.objects.filter(organisation__path__startswith=org.path, status=RecordStatus.OPEN)
        .annotate(residual=F("likelihood") * F("impact"))
        .order_by("-residual", "review_on", "pk")
    )


def risks(org: Organisation, day: date, limit: int = TOP_RISKS) -> Section:
    all_open = list(open_risks(org).select_related("organisation", "owner"))
    counts: dict[tuple[int, int], int] = {}
    for r in all_open:
        counts[(r.likelihood, r.impact)] = counts.get((r.likelihood, r.impact), 0) + 1
    heat_table = Table(
        _("Open risks by residual likelihood (rows) and impact (columns)"),
        [_("Likelihood"), *[_("Impact %(score)s") % {"score": i} for i in scoring.SCALE]],
        [
            [f"{lk} {scoring.LIKELIHOOD[lk]}", *[counts.get((lk, im), 0) for im in scoring.SCALE]]
            for lk in reversed(scoring.SCALE)
        ],
        numeric={1, 2, 3, 4, 5},
    )
    top = Table(
        _("The %(count)s highest open risks by residual score")
        % {"count": min(limit, len(all_open))},
        [
            _("Ref."),
            _("Organisation"),
            _("Risk"),
            _("Inherent"),
            _("Residual"),
            _("Target"),
            _("Owner"),
            _("Next review"),
        ],
        [
            [
                r.reference,
                r.organisation.name,
                r.title,
                r.inherent_score,
                f"{r.residual_score} {r.band.label}",
                r.target_score,
                r.owner.full_name if r.owner else "",
                (
                    _("%(date)s (overdue)") % {"date": format_date(r.review_on)}
                    if r.review_on < day
                    else r.review_on
                ),
            ]
            for r in all_open[:limit]
        ],
        numeric={3, 5},
        empty=_("There are no open risks."),
    )
    return Section(
        _("Top risks and heat map"),
        [
            top,
            Chart(
                charts.heat_map(counts, _("Open risks by residual likelihood and impact")),
                heat_table,
            ),
        ],
    )


def indicators(org: Organisation, day: date) -> Section:
    rows = [
        [
            r.indicator.code,
            r.indicator.name,
            r.latest_label,
            r.indicator.format(r.latest.value) if r.latest else "",
            r.indicator.format(r.target.target) if r.target else "",
            str(r.rag_label),
        ]
        for r in readings(org, day)
    ]
    return Section(
        _("Performance indicators"),
        [
            Table(
                _("Latest values against this year's targets for %(organisation)s")
                % {"organisation": org.name},
                [_("Code"), _("Indicator"), _("Period"), _("Latest"), _("Target"), _("Status")],
                rows,
                numeric={3, 4},
                empty=_("No indicators are in use."),
            )
        ],
    )


def decisions_and_actions(org: Organisation, day: date) -> Section:
    force_boards = {"meeting__board__organisation__path__startswith": org.path}
    last_meetings = (
        BoardDecision.objects.filter(
            **force_boards, meeting__status=MeetingStatus.HELD, meeting__held_on__lte=day
        )
        .select_related("meeting__board")
        .order_by("-meeting__held_on", "id")[:20]
    )
    open_actions = (
        MeetingAction.objects.filter(**force_boards, status=MeetingActionStatus.OPEN)
        .select_related("meeting__board", "owner")
        .order_by("due_on")
    )
    return Section(
        _("Decisions and action log"),
        [
            Table(
                _("Decisions of the most recent meetings"),
                [_("Meeting"), _("Board"), _("Decision")],
                [[d.meeting.held_on, d.meeting.board.name, d.text] for d in last_meetings],
                empty=_("No decisions have been recorded."),
            ),
            Table(
                _("Open actions from meetings"),
                [_("Action"), _("Owner"), _("Agreed"), _("Due"), _("Overdue")],
                [
                    [
                        a.text,
                        a.owner.full_name if a.owner else "",
                        a.meeting.held_on,
                        a.due_on,
                        _("Yes") if a.due_on < day else "",
                    ]
                    for a in open_actions
                ],
                empty=_("No meeting actions are open."),
            ),
        ],
    )


def benefits(org: Organisation) -> Section:
    qs = (
        Benefit.objects.filter(organisation__path__startswith=org.path, status=RecordStatus.OPEN)
        .prefetch_related("values")
        .select_related("organisation")
    )
    rows = []
    for b in qs:
        latest = b.latest_value
        rows.append(
            [
                b.reference,
                b.organisation.name,
                b.title,
                b.baseline,
                latest.value if latest else "",
                b.target,
                Percent(b.progress_percent) if b.progress_percent is not None else "",
            ]
        )
    return Section(
        _("Benefits"),
        [
            Table(
                _("Benefits being tracked: baseline, latest value and target"),
                [
                    _("Ref."),
                    _("Organisation"),
                    _("Benefit"),
                    _("Baseline"),
                    _("Latest"),
                    _("Target"),
                    _("Progress"),
                ],
                rows,
                numeric={3, 4, 5, 6},
                empty=_("No benefits are being tracked."),
            )
        ],
    )


def impact_assessments(org: Organisation) -> Section:
    qs = ImpactAssessment.objects.filter(organisation__path__startswith=org.path).select_related(
        "organisation"
    )
    return Section(
        _("Equality and community impact assessments"),
        [
            Table(
                _("Assessments completed (activity 0.7)"),
                [_("Ref."), _("Organisation"), _("Assessment"), _("Completed"), _("Outcome")],
                [
                    [
                        a.reference,
                        a.organisation.name,
                        a.title,
                        a.completed_on,
                        a.get_outcome_display(),
                    ]
                    for a in qs
                ],
                empty=_("No impact assessments have been recorded."),
            )
        ],
    )


def ni35_summary(org: Organisation) -> Section:
    latest: dict[int, Ni35Assessment] = {}
    for a in (
        Ni35Assessment.objects.filter(partnership__force__path__startswith=org.path, kind="annual")
        .select_related("partnership", "framework")
        .prefetch_related("scores__strand")
        .order_by("year_ending")
    ):
        latest[a.partnership_id] = a
    rows = []
    for a in latest.values():
        scores = {s.strand.number: s.score for s in a.scores.all()}
        rows.append(
            [
                a.partnership.name,
                a.year_label,
                a.get_status_display(),
                *[scores.get(n) or "" for n in range(1, 5)],
                a.overall() or "",
            ]
        )
    return Section(
        _("NI35 self-assessments"),
        [
            Table(
                _("Each partnership's latest annual self-assessment"),
                [
                    _("Partnership"),
                    _("Year"),
                    _("Status"),
                    *[_("Strand %(number)s") % {"number": n} for n in range(1, 5)],
                    _("Overall"),
                ],
                rows,
                numeric={3, 4, 5, 6, 7},
                empty=_("No partnership has an annual self-assessment yet."),
            )
        ],
    )


def community_confidence(org: Organisation, day: date) -> Section:
    """Grievances, register records overdue and the latest TACT powers returns (5.3, 5.8):
    counts and aggregates only, as on the dashboard."""
    c = community_figures(org, day)
    month = date_format(c.latest_month, "F Y") if c.latest_month else _("no month yet")
    return Section(
        _("Community confidence and powers"),
        [
            Figures(
                [
                    (
                        c.open_grievances,
                        ngettext("open grievance", "open grievances", c.open_grievances),
                    ),
                    (
                        c.overdue_total,
                        ngettext(
                            "register record overdue for review or follow-up",
                            "register records overdue for review or follow-up",
                            c.overdue_total,
                        ),
                    ),
                    (
                        c.awaiting_dissemination,
                        ngettext(
                            "lesson not yet disseminated",
                            "lessons not yet disseminated",
                            c.awaiting_dissemination,
                        ),
                    ),
                ]
            ),
            Table(
                _("Open grievances by category"),
                [_("Category"), _("Open")],
                c.grievances_by_category,
                numeric={1},
                empty=_("There are no open grievances."),
            ),
            Table(
                _(
                    "The latest TACT powers returns (%(month)s); the ratio is the highest of any "
                    "group against the White rate, from the stated population baseline"
                )
                % {"month": month},
                [
                    _("Power"),
                    _("Returned by"),
                    _("Times used"),
                    _("Arrests"),
                    _("Highest ratio"),
                    _("Complaints"),
                ],
                [
                    [
                        _("%(power)s (late)") % {"power": r.power} if r.late else r.power,
                        r.organisation,
                        r.uses,
                        r.arrests,
                        "" if r.highest_ratio is None else r.highest_ratio,
                        r.complaints,
                    ]
                    for r in c.powers
                ],
                numeric={2, 3, 4, 5},
                empty=_("No TACT powers return has been made."),
            ),
        ],
    )


# -- the marking --------------------------------------------------------------------------------
def report_marking(kind: str, subject: Organisation | Ni35Assessment, day: date) -> str:
    """The report's protective marking: the highest among the records it draws on (the plans in
    force, and the risks, register records and plans its sections list). Worked out from their
    markings alone, in a query for each kind of record, so that a page that needs only the
    marking (asking for a file) does not build the report; each builder marks its report with
    it too, so the two cannot differ."""
    if kind == ReportKind.NI35_PACK:  # the plans of the actions given as evidence
        assert isinstance(subject, Ni35Assessment)  # noqa: S101 - the caller's contract
        evidence = Action.objects.filter(ni35_scores__assessment=subject)
        return marking_of(*evidence.values_list("plan__marking", flat=True))
    assert isinstance(subject, Organisation)  # noqa: S101 - the caller's contract
    org = subject
    sources: list[QuerySet[Any]] = [rollup.current_plans(org, day).order_by()]
    if kind in (ReportKind.BCU_RETURN, ReportKind.BOARD_PACK):
        sources.append(open_risks(org)[:TOP_RISKS])
    if kind == ReportKind.AUTHORITY_REPORT:
        sources += [open_risks(org)[:AUTHORITY_RISKS], engage.briefing_records(org, day)]
    if kind in (ReportKind.BOARD_PACK, ReportKind.AUTHORITY_REPORT):
        sources += [*engage.engagement_records(org, day), engage.project_records(org)]
    if kind == ReportKind.BOARD_PACK:
        sources.append(engage.communication_records(org, day))
    return marking_of(*[m for qs in sources for m in qs.values_list("marking", flat=True)])


# -- the reports ---------------------------------------------------------------------------------
def board_pack(force: Organisation, day: date) -> Report:
    data = rollup.build(force, day)
    return Report(
        kind=ReportKind.BOARD_PACK,
        title=_("%(force)s Prevent board pack") % {"force": force.name},
        subtitle=_("Delivery as at %(date)s") % {"date": format_date(day)},
        marking=report_marking(ReportKind.BOARD_PACK, force, day),
        generated_at=timezone.now(),
        sections=[
            summary(data),
            by_objective(data),
            units(data, _("BCUs compared")),
            overdue_milestones(data),
            risks(force, day),
            community_confidence(force, day),
            indicators(force, day),
            decisions_and_actions(force, day),
            engage.posts(force),
            engage.engagement(force, day),
            engage.training(force),
            engage.communications(force, day),
            engage.projects(force),
        ],
    )


def authority_report(force: Organisation, day: date) -> Report:
    data = rollup.build(force, day)
    return Report(
        kind=ReportKind.AUTHORITY_REPORT,
        title=_("Prevent: report to the police authority, %(force)s") % {"force": force.name},
        subtitle=_("Delivery, performance and risk as at %(date)s") % {"date": format_date(day)},
        marking=report_marking(ReportKind.AUTHORITY_REPORT, force, day),
        generated_at=timezone.now(),
        sections=[
            Section(
                _("Purpose"),
                [
                    Text(
                        [
                            # In Wales the Welsh Prevent benchmark takes NI35's place.
                            _(
                                "This report tells the police authority how the force is "
                                "delivering its Prevent programme (activities 0.6 and 7.1 of the "
                                "police implementation plan, paragraph 17): progress against the "
                                "action plans, performance against targets, the main risks, the "
                                "benefits being tracked, community confidence and the use of "
                                "counter-terrorism powers (5.3), and delivery against the Welsh "
                                "Prevent benchmark."
                            )
                            if force.in_wales
                            else _(
                                "This report tells the police authority how the force is "
                                "delivering its Prevent programme (activities 0.6 and 7.1 of the "
                                "police implementation plan, paragraph 17): progress against the "
                                "action plans, performance against targets, the main risks, the "
                                "benefits being tracked, community confidence and the use of "
                                "counter-terrorism powers (5.3), and the partnerships' NI35 "
                                "self-assessments."
                            )
                        ]
                    )
                ],
            ),
            summary(data),
            by_objective(data),
            indicators(force, day),
            risks(force, day, limit=AUTHORITY_RISKS),
            benefits(force),
            impact_assessments(force),
            community_confidence(force, day),
            performance_benchmark(force, data.plans, day, ni35_summary),
            engage.authority_briefings(force, day),
            engage.posts(force),
            engage.engagement(force, day),
            engage.projects(force),
        ],
    )


def bcu_return(bcu: Organisation, day: date) -> Report:
    data = rollup.build(bcu, day)
    since = day - timedelta(days=31)
    updates = (
        ProgressUpdate.objects.filter(
            action__plan__in=data.plans, reported_on__gt=since, reported_on__lte=day
        )
        .select_related("action", "author")
        .order_by("-reported_on")
    )
    due = [[m.due_date, m.action_number, m.title] for m in data.due_soon]
    return Report(
        kind=ReportKind.BCU_RETURN,
        title=_("%(bcu)s: return to the force") % {"bcu": bcu.name},
        subtitle=_("Delivery against milestones as at %(date)s") % {"date": format_date(day)},
        marking=report_marking(ReportKind.BCU_RETURN, bcu, day),
        generated_at=timezone.now(),
        sections=[
            summary(data),
            by_objective(data),
            overdue_milestones(data),
            Section(
                _("Due in the next %(days)s days") % {"days": DUE_SOON_DAYS},
                [
                    Table(
                        _("Milestones due soon"),
                        [_("Due"), _("Action"), _("Milestone")],
                        due,
                        empty=_("None."),
                    )
                ],
            ),
            Section(
                _("Progress reported in the last month"),
                [
                    Table(
                        _("Progress updates since %(date)s") % {"date": format_date(since)},
                        [_("Reported"), _("Action"), _("RAG"), _("Progress"), _("By")],
                        [
                            [
                                u.reported_on,
                                u.action.number,
                                u.get_rag_display(),
                                u.narrative,
                                u.author.full_name if u.author else "",
                            ]
                            for u in updates
                        ],
                        empty=_("No progress has been reported in the last month."),
                    )
                ],
            ),
            risks(bcu, day),
            indicators(bcu, day),
            *case_reviews(bcu, day),
        ],
    )


def case_reviews(org: Organisation, day: date) -> list[Section]:
    """Aggregate case-review figures (counts only, never a reference), for an organisation that
    keeps cases."""
    if not case_figures.keeps_cases(org):
        return []
    data = case_figures.build(org, day)
    return [
        Section(
            _("Case reviews"),
            [
                Figures(
                    [
                        (data.open, ngettext("open case", "open cases", data.open)),
                        (
                            data.overdue,
                            ngettext("review overdue", "reviews overdue", data.overdue),
                        ),
                        (
                            data.due_soon,
                            ngettext(
                                "review due in the next %(days)s days",
                                "reviews due in the next %(days)s days",
                                data.due_soon,
                            )
                            % {"days": DUE_SOON_DAYS},
                        ),
                        (
                            data.referrals_last_year,
                            ngettext(
                                "referral in the last 12 months",
                                "referrals in the last 12 months",
                                data.referrals_last_year,
                            ),
                        ),
                    ]
                ),
                Table(
                    _("Cases by stage"),
                    [_("Stage"), _("Cases"), _("Median days in stage (open cases)")],
                    [
                        [
                            str(row.label),
                            row.count,
                            row.median_days,
                        ]
                        for row in data.stages
                    ],
                    numeric={1, 2},
                ),
            ],
        )
    ]


def regional_return(region: Organisation, day: date) -> Report:
    data = rollup.build(region, day)
    return Report(
        kind=ReportKind.REGIONAL_RETURN,
        title=_("%(region)s: Prevent return to the regional delivery manager")
        % {"region": region.name},
        subtitle=_("Forces' delivery as at %(date)s") % {"date": format_date(day)},
        marking=report_marking(ReportKind.REGIONAL_RETURN, region, day),
        generated_at=timezone.now(),
        sections=[
            summary(data),
            units(data, _("Forces compared")),
            by_objective(data),
            performance_benchmark(region, data.plans, day, ni35_summary),
        ],
    )


def ni35_pack(assessment: Ni35Assessment, day: date) -> Report:
    scores = list(
        assessment.scores.select_related("strand").prefetch_related(
            "strand__levels", "benefits__values", "actions__plan__organisation"
        )
    )
    sections = [
        Section(
            _("The self-assessment"),
            [
                Figures(
                    [
                        (str(assessment.overall() or "—"), _("overall score")),
                        (
                            str(assessment.get_status_display()),
                            str(assessment.get_kind_display()).lower(),
                        ),
                        (assessment.year_label, _("reporting year")),
                    ]
                ),
                Table(
                    _("Strand scores"),
                    [_("Strand"), _("Score"), _("Descriptor")],
                    [
                        [
                            f"{s.strand.number} {s.strand.title}",
                            s.score or "",
                            next(
                                (
                                    lv.descriptor
                                    for lv in s.strand.levels.all()
                                    if lv.score == s.score
                                ),
                                _("Not scored"),
                            ),
                        ]
                        for s in scores
                    ],
                    numeric={1},
                ),
                Text(
                    [
                        _("Overall score: %(rule)s.")
                        % {"rule": str(assessment.framework.get_rule_display()).lower()}
                    ]
                    + (
                        [
                            _("The descriptors in use (%(framework)s) are provisional.")
                            % {"framework": assessment.framework.name}
                        ]
                        if assessment.framework.provisional
                        else []
                    )
                ),
            ],
        )
    ]
    for s in scores:
        linked = annotate(s.actions.with_delivery().order_by("plan", "sort_key"))
        sections.append(
            Section(
                _("Strand %(number)s: evidence") % {"number": s.strand.number},
                [
                    Text([s.strand.title, s.evidence or _("No evidence recorded.")]),
                    Table(
                        _("Plan actions that show it"),
                        [_("Organisation"), _("Action"), _("Status"), _("Milestones complete")],
                        [
                            [
                                a.plan.organisation.name,
                                f"{a.number} {a.text[:120]}",
                                str(a.rag.label),  # type: ignore[attr-defined]
                                _("%(done)s of %(total)s")
                                % {
                                    "done": sum(1 for m in a.milestones.all() if m.is_complete),
                                    "total": len(a.milestones.all()),
                                },
                            ]
                            for a in linked
                        ],
                        empty=_("No plan actions linked."),
                    ),
                    Table(
                        _("Evaluations and benefits"),
                        [_("Benefit"), _("Baseline"), _("Latest"), _("Target")],
                        [
                            [
                                f"{b.reference} {b.title}",
                                b.baseline,
                                b.latest_value.value if b.latest_value else "",
                                b.target,
                            ]
                            for b in s.benefits.all()
                        ],
                        numeric={1, 2, 3},
                        empty=_("No evaluations linked."),
                    ),
                ],
            )
        )
    earlier = list(
        Ni35Assessment.objects.filter(
            partnership=assessment.partnership,
            kind="annual",
            year_ending__lt=assessment.year_ending,
        )
        .prefetch_related("scores__strand")
        .order_by("-year_ending")[:4]
    )
    if earlier:
        sections.append(
            Section(
                _("Year on year"),
                [
                    Table(
                        _("Strand scores in earlier annual self-assessments"),
                        [_("Strand"), assessment.year_label, *[e.year_label for e in earlier]],
                        [
                            [
                                s.strand.number,
                                s.score or "",
                                *[
                                    next(
                                        (
                                            x.score
                                            for x in e.scores.all()
                                            if x.strand.number == s.strand.number
                                        ),
                                        "",
                                    )
                                    or ""
                                    for e in earlier
                                ],
                            ]
                            for s in scores
                        ],
                        numeric=set(range(1, 2 + len(earlier))),
                    )
                ],
            )
        )
    if assessment.summary:
        sections.append(Section(_("Overall commentary"), [Text([assessment.summary])]))
    return Report(
        kind=ReportKind.NI35_PACK,
        title=_("NI35 evidence pack: %(partnership)s")
        % {"partnership": assessment.partnership.name},
        subtitle=_("%(kind)s %(year)s, assessed %(date)s")
        % {
            "kind": assessment.get_kind_display(),
            "year": assessment.year_label,
            "date": format_date(assessment.assessed_on),
        },
        marking=report_marking(ReportKind.NI35_PACK, assessment, day),
        generated_at=timezone.now(),
        sections=sections,
    )


# The builder of each report about an organisation (which organisations each is for:
# lib.report_kinds.SUBJECT_KINDS).
BUILDERS: dict[str, Any] = {
    ReportKind.BCU_RETURN: bcu_return,
    ReportKind.BOARD_PACK: board_pack,
    ReportKind.AUTHORITY_REPORT: authority_report,
    ReportKind.REGIONAL_RETURN: regional_return,
}
