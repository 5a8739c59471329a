#!/usr/bin/env python3
"""Maintainer helper: transcribe the national template from the source document.

Reads the plain-text source document, finds every activity row with its objective, level
(inherited from the last FORCE / FORCE/BCU / BCU heading, across page breaks), other objectives,
suggested timescale and delivery partners, and writes the versioned data file that
``preventplan load_template`` loads. Dates are read from the timescale words with the same parser
the application uses. Partner phrases are normalised to the partner-type vocabulary by the rules
below; the original words are kept beside the codes.

The Welsh beside each text (``*_cy`` keys, docs/welsh.md) is not in the source document: it is
carried over from the file being replaced for every text whose English is unchanged, so a
changed English text loses its Welsh and shows up in tests/test_welsh_template.py.

Run it only when the source document changes, then review the diff of the data file by eye:

    python scripts/transcribe_template.py PATH-TO-THE-PLAN-AS-TEXT.txt
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from preventplan.lib.timescale import parse_timescale  # noqa: E402

OUT = ROOT / "preventplan" / "catalogue" / "data" / "template-england-2008-v1.json"

OBJECTIVES = [
    (0, "Leadership, governance and programme management", "leadership"),
    (1, "Challenge extremist ideology and support mainstream voices", "delivery"),
    (
        2,
        "Disrupt those who promote violent extremism and strengthen vulnerable institutions",
        "delivery",
    ),
    (3, "Support individuals vulnerable to recruitment by violent extremists", "delivery"),
    (
        4,
        "Increase the capacity of communities to engage with and resist violent extremists",
        "delivery",
    ),
    (5, "Effectively address grievances", "delivery"),
    (6, "Develop Prevent related intelligence, analysis and research", "enabling"),
    (7, "Improve CT-related strategic communications", "enabling"),
]

# Partner-type vocabulary: code, name, description. Built from the document's list of
# organisations (paragraph 8) and every partner named in the template's rows.
PARTNER_TYPES = [
    ("police-force", "Police force", "The force as a whole, or its headquarters departments."),
    ("bcu", "Basic Command Units", "BCUs of the force."),
    ("neighbourhood-policing", "Front-line officers and neighbourhood policing teams", ""),
    (
        "ctu-ctiu",
        "Counter Terrorism Unit / Counter Terrorism Intelligence Unit",
        "Including the MPS Counter Terrorism Command.",
    ),
    ("special-branch", "Special Branch", "Force Special Branch."),
    ("nctt", "National Community Tension Team", ""),
    (
        "police-authority",
        "Police authority",
        "Today the office of the police and crime commissioner.",
    ),
    ("local-authority", "Local authority", "County, district and unitary local authorities."),
    ("childrens-services", "Children's services", "Local authority children's services."),
    ("youth-services", "Youth services", "Youth services and youth inclusion programmes."),
    ("yot", "Youth offending teams", ""),
    ("targeted-youth-support", "Targeted youth support services", ""),
    ("lscb", "Local Safeguarding Children Board", ""),
    ("social-services", "Social services", ""),
    ("cultural-services", "Cultural services, including libraries", ""),
    ("sports-leisure", "Sports and leisure services", ""),
    ("community-safety", "Community safety, equality and cohesion leads", ""),
    (
        "higher-education",
        "Higher education establishments",
        "Universities and their students' unions.",
    ),
    ("colleges", "Colleges and further education", ""),
    ("schools", "Schools", ""),
    (
        "offender-management",
        "Offender management services",
        "Prisons, probation and young offender institutions.",
    ),
    ("strategic-health-authority", "Strategic health authorities", ""),
    ("primary-care-trust", "Primary care trusts", "Today's integrated care boards."),
    ("uk-border-agency", "UK Border Agency regional offices", ""),
    (
        "government-office",
        "Government offices for the regions",
        "Including the regional Prevent delivery manager.",
    ),
    ("community-representatives", "Community representatives and contacts", ""),
    ("faith-groups", "Faith groups", ""),
    ("community-groups", "Community groups", "Including youth and women's projects."),
    ("voluntary-services", "Voluntary services", "Youth clubs, associations and community groups."),
    (
        "community-venues",
        "Community venues",
        "Community centres, libraries, gyms, bookshops and similar.",
    ),
    ("kin", "Key individual networks", ""),
    ("iag", "Independent advisory groups", ""),
    (
        "local-partnership-forum",
        "Local partnership Prevent forum or board",
        "Or the CDRP/CSP or LSP that oversees Prevent.",
    ),
    ("local-partners", "Local partners (general)", ""),
    ("namp", "National Association of Muslim Police", ""),
]

# (regex over the partners text, partner-type code). Order does not matter; a row's codes are
# deduplicated and kept in the order of first appearance in its text.
PARTNER_RULES = [
    (r"\bBCUs?\b(?! level)", "bcu"),
    (r"\bforces?\b(?! special branch)", "police-force"),
    (r"front line officers|Neighbourhood Policing Teams", "neighbourhood-policing"),
    (r"CTUs?\b|CTIU", "ctu-ctiu"),
    (r"special branch|\bSB\b", "special-branch"),
    (r"NCTT", "nctt"),
    (r"police authorit", "police-authority"),
    (r"local authorit|\bIAG local authorities", "local-authority"),
    (r"children's services", "childrens-services"),
    (r"youth services", "youth-services"),
    (r"YOTs?\b", "yot"),
    (r"targeted youth support", "targeted-youth-support"),
    (r"LSCBs?\b|safeguarding children", "lscb"),
    (r"higher education", "higher-education"),
    (r"colleges|further education", "colleges"),
    (r"schools", "schools"),
    (r"offender management|[Pp]risons", "offender-management"),
    (r"primary care trusts", "primary-care-trust"),
    (r"faith", "faith-groups"),
    (
        r"community groups|community organisations|[Cc]ommunity/faith groups|faith /community groups|faith and community groups",
        "community-groups",
    ),
    (r"women's projects", "community-groups"),
    (r"community representatives|community contacts", "community-representatives"),
    (r"community centres|libraries|gyms|bookshops", "community-venues"),
    (r"KINs?\b", "kin"),
    (r"\bIAGs?\b", "iag"),
    (r"local partnership forum|BCU level Prevent Strategic Group", "local-partnership-forum"),
    (r"\blocal partners\b", "local-partners"),
]

LEVELS = {"FORCE": "FORCE", "FORCE/BCU": "FORCE/BCU", "BCU": "BCU"}
ROW = re.compile(r"^(\d)\.(\d+)\t")
OBJECTIVE_HEADING = re.compile(r"^Objective (\d): ")


def partner_codes(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for pattern, code in PARTNER_RULES:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            found.append((match.start(), code))
    codes: list[str] = []
    for _, code in sorted(found):
        if code not in codes:
            codes.append(code)
    return codes


def parse(source: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    objective: int | None = None
    level: str | None = None
    has_other_column = False
    for line in source.splitlines():
        if line.startswith("Leadership, Governance and Programme Management") and "\t" not in line:
            objective, level = 0, None
        elif (match := OBJECTIVE_HEADING.match(line)) and "\t" not in line:
            objective, level = int(match.group(1)), None
        elif line.startswith("No.\tActivity"):
            has_other_column = "Other Objectives" in line
        elif line.strip() in LEVELS and line.startswith("\t"):
            level = LEVELS[line.strip()]
        elif match := ROW.match(line):
            if objective is None or level is None:
                raise SystemExit(f"row before its heading: {line[:40]}")
            cells = line.split("\t")
            if has_other_column:
                number, text, other, timescale, partners = (cells + [""] * 5)[:5]
            else:
                number, text, timescale, partners = (cells + [""] * 4)[:4]
                other = ""
            if int(number.split(".")[0]) != objective:
                raise SystemExit(f"{number} is not under objective {objective}")
            parsed = parse_timescale(timescale)
            rows.append(
                {
                    "number": number,
                    "objective": objective,
                    "level": level,
                    "text": text.strip(),
                    "other_objectives": [int(n) for n in re.findall(r"\d", other)],
                    "suggested_timescale": timescale.strip(),
                    "target_dates": [
                        {"date": d.date.isoformat(), "label": d.label} for d in parsed.dates
                    ],
                    "recurrence": parsed.recurrence,
                    "delivery_partners_text": partners.strip(),
                    "delivery_partners": partner_codes(partners),
                }
            )
    by_number = {row["number"]: row for row in rows}
    for row in rows:
        ref = re.fullmatch(r"See (\d\.\d+)\.?", str(row["delivery_partners_text"]))
        if ref:
            row["delivery_partners_see"] = ref.group(1)
            row["delivery_partners"] = by_number[ref.group(1)]["delivery_partners"]
    return rows


def abbreviations(source: str) -> list[dict[str, str]]:
    section = source.split("List of Abbreviations", 1)[1]
    found: list[dict[str, str]] = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        for meaning, abbr in zip(cells[::2], cells[1::2], strict=False):
            if abbr.isupper() or abbr in {"KIN"}:
                found.append({"abbreviation": abbr, "meaning": meaning.replace("’", "'")})
    return sorted(found, key=lambda a: a["abbreviation"])


def _with_welsh(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """``new`` with the ``*_cy`` keys of ``old`` (placed after their English) where the English
    is the same in both."""
    out: dict[str, Any] = {}
    for key, value in new.items():
        out[key] = value
        welsh = f"{key}_cy"
        if old is not None and old.get(key) == value and old.get(welsh) is not None:
            out[welsh] = old[welsh]
    return out


def keep_welsh(data: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """Carry the Welsh of the previous data file over to the new transcription."""
    data = _with_welsh(data, old)

    def matched(rows: list[dict[str, Any]], previous: list[dict[str, Any]], key: str) -> list[Any]:
        by_key = {row[key]: row for row in previous}
        return [_with_welsh(row, by_key.get(row[key])) for row in rows]

    data["objectives"] = matched(data["objectives"], old.get("objectives", []), "number")
    data["partner_types"] = matched(data["partner_types"], old.get("partner_types", []), "code")
    data["abbreviations"] = matched(
        data["abbreviations"], old.get("abbreviations", []), "abbreviation"
    )
    previous = {a["number"]: a for a in old.get("activities", [])}
    for activity in data["activities"]:
        before = previous.get(activity["number"], {})
        labels = {t["label"]: t for t in before.get("target_dates", [])}
        activity["target_dates"] = [
            _with_welsh(t, labels.get(t["label"])) for t in activity["target_dates"]
        ]
    data["activities"] = matched(data["activities"], old.get("activities", []), "number")
    if "cy_review" in old:
        data["cy_review"] = old["cy_review"]
    return data


def main() -> None:
    source = Path(sys.argv[1]).read_text(encoding="utf-8")
    activities = parse(source)
    data = {
        "version": 1,
        "code": "england-2008",
        "name": "Police implementation plan — England and Wales (September 2008)",
        "nation": "England",
        "published": "2008-09-01",
        "source": "Prevent: The Policing Response to the Prevention of Terrorism & Violent Extremism. "
        "Police Implementation Plan — A Summary for Partners (ACPO / CLG)",
        "objectives": [{"number": n, "title": t, "kind": k} for n, t, k in OBJECTIVES],
        "partner_types": [{"code": c, "name": n, "description": d} for c, n, d in PARTNER_TYPES],
        "activities": activities,
        "abbreviations": abbreviations(source),
    }
    if OUT.exists():
        data = keep_welsh(data, json.loads(OUT.read_text(encoding="utf-8")))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(activities)} activities")


if __name__ == "__main__":
    main()
