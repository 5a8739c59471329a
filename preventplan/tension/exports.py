"""The force's weekly assessment for the National Community Tension Team (NCTT): the force
assessment, every BCU's return and the week's critical incidents, as JSON, CSV or PDF."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from preventplan.lib import pdf
from preventplan.lib.spreadsheets import safe_cell
from preventplan.organisations.models import Organisation
from preventplan.tension.actions import latest
from preventplan.tension.models import ForceAssessment, Trend
from preventplan.tension.weeks import force_week_context

FORMATS = {"csv", "json", "pdf"}
MARKING = "OFFICIAL-SENSITIVE"
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class NcttExport:
    content: bytes
    content_type: str
    filename: str
    assessment: ForceAssessment | None  # the latest version, if the force has started one


def nctt_rows(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per BCU: the status of its return and its levels."""
    return [
        {
            "bcu": b.name,
            "status": s.state,
            "version": r.number if r else None,
            "overall_level": r.overall_level.position if r and r.overall_level else None,
            "overall_label": r.overall_level.label if r and r.overall_level else "",
            "experienced_level": r.experienced_level.position
            if r and r.experienced_level
            else None,
            "evidential_level": r.evidential_level.position if r and r.evidential_level else None,
            "potential_level": r.potential_level.position if r and r.potential_level else None,
            "trend": r.trend if r else "",
            "actions_taken": r.actions_taken if r else "",
            "submitted_at": timezone.localtime(r.submitted_at).isoformat()
            if r and r.submitted_at
            else None,
        }
        for b, r, s in ctx["returns"]
    ]


def nctt_export(force: Organisation, week: date, fmt: str) -> NcttExport:
    """The week's export in ``fmt`` (one of FORMATS). Raises OSError for a PDF where WeasyPrint
    lacks the Pango library (lib.pdf)."""
    assessment = latest(ForceAssessment, force, week)
    context = force_week_context(force, week)
    rows = nctt_rows(context)
    filename = f"tension-{force.short_name or force.name}-{week.isoformat()}".lower().replace(
        " ", "-"
    )
    if fmt in ("json", "csv"):
        # Files for the NCTT's systems: English whatever the reader's language, like the API.
        with translation.override("en-gb"):
            rows = nctt_rows(context)
            if fmt == "json":
                content = _json(force, week, assessment, rows, context["incidents"])
            else:
                content = _csv(force, assessment, rows)
    else:
        trends = dict(Trend.choices)
        html = render_to_string(
            "tension/nctt_pdf.html",
            {
                "force": force,
                "week": week,
                "assessment": assessment,
                "rows": [{**row, "trend_label": trends.get(row["trend"], "")} for row in rows],
                **context,
            },
        )
        content = pdf.html_to_pdf(html)
    return NcttExport(content, CONTENT_TYPES[fmt], f"{filename}.{fmt}", assessment)


def _json(
    force: Organisation,
    week: date,
    assessment: ForceAssessment | None,
    rows: list[dict[str, Any]],
    incidents: Any,
) -> bytes:
    return json.dumps(
        {
            "force": force.name,
            "week_commencing": week.isoformat(),
            "marking": MARKING,
            "force_assessment": None
            if assessment is None
            else {
                "version": assessment.number,
                "status": assessment.status,
                "overall_level": assessment.overall_level.position
                if assessment.overall_level
                else None,
                "narrative": assessment.narrative,
                "global_events": assessment.global_events,
                "national_events": assessment.national_events,
                "local_events": assessment.local_events,
                "actions_taken": assessment.actions_taken,
            },
            "bcu_returns": rows,
            "critical_incidents": [
                {
                    "occurred_at": timezone.localtime(i.occurred_at).isoformat(),
                    "area": i.area,
                    "summary": i.summary,
                }
                for i in incidents
            ],
        },
        indent=2,
    ).encode()


CSV_COLUMNS = [
    "marking",
    "level",
    "unit",
    "status",
    "version",
    "overall_level",
    "overall_label",
    "experienced_level",
    "evidential_level",
    "potential_level",
    "trend",
    "narrative",
    "actions_taken",
    "submitted_at",
]


def _csv(
    force: Organisation, assessment: ForceAssessment | None, rows: list[dict[str, Any]]
) -> bytes:
    """One row for the force's assessment (its level, narrative and action taken), then one per
    BCU; every row carries the marking, as a CSV has no page to print it on."""
    force_row: dict[str, Any] = {
        "level": "force",
        "unit": force.name,
        "status": assessment.get_status_display() if assessment else "Not started",
        "version": assessment.number if assessment else None,
        "overall_level": assessment.overall_level.position
        if assessment and assessment.overall_level
        else None,
        "overall_label": assessment.overall_level.label
        if assessment and assessment.overall_level
        else "",
        "narrative": assessment.narrative if assessment else "",
        "actions_taken": assessment.actions_taken if assessment else "",
        "submitted_at": timezone.localtime(assessment.submitted_at).isoformat()
        if assessment and assessment.submitted_at
        else None,
    }
    bcu_rows = [{**row, "level": "bcu", "unit": row["bcu"]} for row in rows]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in [force_row, *bcu_rows]:
        cells = {k: safe_cell(str(v)) if v is not None else "" for k, v in row.items()}
        writer.writerow({**cells, "marking": MARKING})
    return out.getvalue().encode("utf-8-sig")
