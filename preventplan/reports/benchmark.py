"""The Welsh Prevent benchmark: an organisation in Wales reports against its template's own
benchmark where one in England reports its partnerships' NI35 self-assessments (docs/welsh.md,
"The template in Welsh"; docs/plans.md, "The Welsh variant").

The benchmark is data in the template (``TemplateVersion.benchmark``): its areas, each with the
template activities that evidence it. An area's figures are those of the actions, in the plans
of the report, that adopt those activities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from preventplan.catalogue.models import WALES, TemplateVersion, welsh_wanted
from preventplan.lib.rag import LABELS, Status
from preventplan.organisations.models import Organisation
from preventplan.plans.models import Action, Decision, MilestoneStatus, Plan
from preventplan.plans.progress import annotate
from preventplan.reports.document import Section, Table, Text

SHOWN = [Status.RED, Status.AMBER, Status.GREEN, Status.COMPLETE]


def _local(data: dict[str, Any], key: str) -> str:
    return str((data.get(f"{key}_cy") if welsh_wanted() else "") or data.get(key, ""))


def benchmark_section(benchmark: dict[str, Any], plans: Sequence[Plan], day: date) -> Section:
    """The benchmark's section: each area's figures from the actions, in those of ``plans`` on a
    template with a benchmark, that adopt the area's activities."""
    versions = {
        v.pk
        for v in TemplateVersion.objects.filter(pk__in={p.template_version_id for p in plans})
        if v.benchmark
    }
    actions = annotate(
        Action.objects.filter(
            plan__in=[p for p in plans if p.template_version_id in versions],
            activity__isnull=False,
        )
        .select_related("activity")
        .prefetch_related("milestones", "updates"),
        day,
    )
    by_number: dict[str, list[Action]] = {}
    for a in actions:
        by_number.setdefault(a.activity.number if a.activity else "", []).append(a)
    rows = []
    for measure in benchmark.get("measures", []):
        mine = [a for n in measure["activities"] for a in by_number.get(n, [])]
        rag = Counter(a.rag.status for a in mine)  # type: ignore[attr-defined]
        done = total = 0
        for a in mine:
            if a.decision == Decision.NOT_APPLICABLE:
                continue
            milestones = a.milestones.all()
            total += len(milestones)
            done += sum(1 for m in milestones if m.status == MilestoneStatus.COMPLETE)
        rows.append(
            [
                f"{measure['number']}. {_local(measure, 'title')}",
                ", ".join(measure["activities"]),
                len(mine),
                *[rag.get(s, 0) for s in SHOWN],
                f"{round(100 * done / total)}%" if total else "—",
            ]
        )
    return Section(
        _local(benchmark, "name"),
        [
            Text([_local(benchmark, "description")]),
            Table(
                _("Delivery against each benchmark area, from the actions that evidence it"),
                [
                    _("Benchmark area"),
                    _("Activities"),
                    _("Actions"),
                    *[str(LABELS[s]) for s in SHOWN],
                    _("Milestones complete"),
                ],
                rows,
                numeric={2, 3, 4, 5, 6, 7},
                empty=_("The benchmark has no areas."),
            ),
        ],
    )


def performance_benchmark(
    org: Organisation, plans: Sequence[Plan], day: date, ni35: Callable[[Organisation], Section]
) -> Section:
    """For an organisation in Wales, the Welsh benchmark (from the current Welsh variant, with
    the figures of its plans); elsewhere the NI35 section that ``ni35`` builds."""
    if org.in_wales:
        version = TemplateVersion.objects.current(WALES)
        if version is not None and version.benchmark:
            return benchmark_section(version.benchmark, plans, day)
    return ni35(org)
