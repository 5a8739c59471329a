"""Load a template data file into the database. Loading the same file twice changes nothing.

Every text carries its Welsh beside it (``title_cy`` beside ``title``, and so on; docs/welsh.md,
"The template in Welsh"). A variant names the version it is derived from (``derived_from``) and
gives only what differs: it is merged onto that version's file by :func:`resolve` before loading.
"""

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
WALES_TEMPLATE = DATA_DIR / "template-wales-2008-v1.json"
# Every template the service ships, bases before the variants derived from them.
ALL_TEMPLATES = [DEFAULT_TEMPLATE, WALES_TEMPLATE]

# A variant's own keys: they describe the change and are not carried into the merged data.
VARIANT_KEYS = {
    "derived_from",
    "derived_from_version",
    "remove_activities",
    "activities",
    "add_partner_types",
    "add_abbreviations",
    "remove_abbreviations",
    "cy_review",
}


@dataclass
class LoadResult:
    version: TemplateVersion
    created: bool
    activities: int


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def base_file(code: str, number: int) -> Path:
    """The data file of template ``code`` version ``number`` among the shipped files."""
    for path in sorted(DATA_DIR.glob("template-*.json")):
        data = _read(path)
        if data["code"] == code and data["version"] == number:
            return path
    raise ValueError(f"No template data file for {code} version {number}")


def resolve(data: dict[str, Any]) -> dict[str, Any]:
    """A variant merged onto its base: the base's objectives, activities, partner types and
    abbreviations, with the variant's activity changes (only the keys it gives), removals and
    additions. A file that is not a variant comes back as it is."""
    if "derived_from" not in data:
        return data
    base = resolve(_read(base_file(data["derived_from"], data.get("derived_from_version", 1))))
    merged = {k: v for k, v in base.items() if k not in VARIANT_KEYS}
    merged.update({k: v for k, v in data.items() if k not in VARIANT_KEYS})
    changes: dict[str, dict[str, Any]] = data.get("activities", {})
    removed = set(data.get("remove_activities", []))
    merged["activities"] = [
        {**a, **changes.get(a["number"], {})}
        for a in base["activities"]
        if a["number"] not in removed
    ]
    merged["partner_types"] = [*base["partner_types"], *data.get("add_partner_types", [])]
    gone = set(data.get("remove_abbreviations", []))
    merged["abbreviations"] = sorted(
        [a for a in base["abbreviations"] if a["abbreviation"] not in gone]
        + data.get("add_abbreviations", []),
        key=lambda a: a["abbreviation"],
    )
    return merged


def load_all_templates() -> list[LoadResult]:
    """Every shipped template: the England plan and the Welsh variant derived from it."""
    return [load_template(path) for path in ALL_TEMPLATES]


@transaction.atomic
def load_template(path: Path = DEFAULT_TEMPLATE) -> LoadResult:
    raw = _read(path)
    derived_from = None
    if "derived_from" in raw:
        number = raw.get("derived_from_version", 1)
        derived_from = (
            TemplateVersion.objects.filter(code=raw["derived_from"], number=number).first()
            or load_template(base_file(raw["derived_from"], number)).version
        )
    data = resolve(raw)
    for position, pt in enumerate(data["partner_types"]):
        PartnerType.objects.update_or_create(
            code=pt["code"],
            defaults={
                "name": pt["name"],
                "name_cy": pt.get("name_cy", ""),
                "description": pt["description"],
                "description_cy": pt.get("description_cy", ""),
                "position": position,
            },
        )
    partner_types = {pt.code: pt for pt in PartnerType.objects.all()}

    version, created = TemplateVersion.objects.update_or_create(
        code=data["code"],
        number=data["version"],
        defaults={
            "name": data["name"],
            "name_cy": data.get("name_cy", ""),
            "nation": data["nation"],
            "derived_from": derived_from,
            "published": date.fromisoformat(data["published"]),
            "source": data["source"],
            "benchmark": data.get("benchmark", {}),
        },
    )
    TemplateVersion.objects.filter(code=data["code"], number__lt=data["version"]).update(
        is_current=False
    )

    objectives = {}
    for o in data["objectives"]:
        objectives[o["number"]], _ = Objective.objects.update_or_create(
            version=version,
            number=o["number"],
            defaults={"title": o["title"], "title_cy": o.get("title_cy", ""), "kind": o["kind"]},
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
                "text_cy": a.get("text_cy", ""),
                "suggested_timescale": a["suggested_timescale"],
                "suggested_timescale_cy": a.get("suggested_timescale_cy", ""),
                "target_dates": a["target_dates"],
                "first_target_date": min(dates) if dates else None,
                "recurrence": a["recurrence"],
                "delivery_partners_text": a["delivery_partners_text"],
                "delivery_partners_text_cy": a.get("delivery_partners_text_cy", ""),
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
                version=version,
                abbreviation=spelling,
                defaults={"meaning": ab["meaning"], "meaning_cy": ab.get("meaning_cy", "")},
            )
    if created:
        record(None, AuditAction.COLLECT, "template.loaded", version, actor_label="system")
    return LoadResult(version=version, created=created, activities=len(data["activities"]))
