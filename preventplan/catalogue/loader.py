"""Load a template data file into the database. Loading the same file twice changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from preventplan.audit.log import record
from preventplan.audit.models import AuditAction
from preventplan.catalogue.models import (
    Abbreviation,
    Activity,
    Objective,
    PartnerType,
    TemplateVersion,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TEMPLATE = DATA_DIR / "template-england-2008-v1.json"


@dataclass
class LoadResult:
    version: TemplateVersion
    created: bool
    activities: int


@transaction.atomic
def load_template(path: Path = DEFAULT_TEMPLATE) -> LoadResult:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for position, pt in enumerate(data["partner_types"]):
        PartnerType.objects.update_or_create(
            code=pt["code"],
            defaults={"name": pt["name"], "description": pt["description"], "position": position},
        )
    partner_types = {pt.code: pt for pt in PartnerType.objects.all()}

    version, created = TemplateVersion.objects.update_or_create(
        code=data["code"],
        number=data["version"],
        defaults={
            "name": data["name"],
            "nation": data["nation"],
            "published": date.fromisoformat(data["published"]),
            "source": data["source"],
        },
    )
    TemplateVersion.objects.filter(code=data["code"], number__lt=data["version"]).update(
        is_current=False
    )

    objectives = {}
    for o in data["objectives"]:
        objectives[o["number"]], _ = Objective.objects.update_or_create(
            version=version, number=o["number"], defaults={"title": o["title"], "kind": o["kind"]}
        )

    for a in data["activities"]:
        dates = [d["date"] for d in a["target_dates"]]
        activity, _ = Activity.objects.update_or_create(
            version=version,
            number=a["number"],
            defaults={
                "sort_key": Activity.sort_key_for(a["number"]),
                "objective": objectives[a["objective"]],
                "level": a["level"],
                "text": a["text"],
                "suggested_timescale": a["suggested_timescale"],
                "target_dates": a["target_dates"],
                "first_target_date": min(dates) if dates else None,
                "recurrence": a["recurrence"],
                "delivery_partners_text": a["delivery_partners_text"],
                "delivery_partners_see": a.get("delivery_partners_see", ""),
            },
        )
        activity.other_objectives.set([objectives[n] for n in a["other_objectives"]])
        activity.delivery_partners.set([partner_types[c] for c in a["delivery_partners"]])
    Activity.objects.filter(version=version).exclude(
        number__in=[a["number"] for a in data["activities"]]
    ).delete()

    for ab in data["abbreviations"]:
        # "also": other spellings the document uses in its text (it glosses DCFS but writes DCSF).
        for spelling in [ab["abbreviation"], *ab.get("also", [])]:
            Abbreviation.objects.update_or_create(
                version=version, abbreviation=spelling, defaults={"meaning": ab["meaning"]}
            )
    if created:
        record(None, AuditAction.COLLECT, "template.loaded", version, actor_label="system")
    return LoadResult(version=version, created=created, activities=len(data["activities"]))
