"""Who may produce which report: whoever reads the subject. A report for a force, a BCU or a
region is read by whoever reads that organisation's plans (as for dashboards); an NI35 evidence
pack by whoever reads the assessment. A produced file is downloaded by the person who asked for
it, or, for a scheduled report, by anyone who may read the report."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from preventplan.lib.report_kinds import SUBJECT_KINDS, ReportKind
from preventplan.organisations.access import reads_plans_of, scope_for
from preventplan.organisations.models import Organisation
from preventplan.performance.access import get_assessment_for_user
from preventplan.performance.models import Ni35Assessment
from preventplan.reports.models import ReportRun


def get_report_subject_for_user(user: Any, kind: str, pk: int) -> Organisation | Ni35Assessment:
    if kind == ReportKind.NI35_PACK:
        return get_assessment_for_user(user, pk)
    if kind not in SUBJECT_KINDS:
        raise Http404
    org = Organisation.objects.filter(pk=pk, kind__in=SUBJECT_KINDS[kind]).first()
    if org is None or not reads_plans_of(scope_for(user), org):
        raise Http404
    return org


def get_run_for_user(user: Any, pk: int) -> ReportRun:
    run = ReportRun.objects.filter(pk=pk).select_related("organisation", "schedule").first()
    if run is None:
        raise Http404
    if run.requested_by_id == user.pk:
        return run
    if run.schedule_id is not None:
        if run.assessment_id:
            if Ni35Assessment.objects.visible_to(user).filter(pk=run.assessment_id).exists():
                return run
        elif run.organisation and reads_plans_of(scope_for(user), run.organisation):
            return run
    raise Http404
