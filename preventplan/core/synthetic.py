"""Deterministic synthetic organisations at a chosen scale, for benchmarks and load tests.

The same scale always produces the same names, shapes and counts. Names say "Synthetic" so the
rows can never be mistaken for real ones. ``synthetic_history`` adds years of plans, registers,
indicator values, weekly tension returns, meetings and audit events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import connection, transaction

from preventplan.catalogue.models import PartnerType
from preventplan.core.synthetic_history import Counts, generate_history
from preventplan.lib.dates import today
from preventplan.organisations.models import (
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
)

K = OrganisationKind


@dataclass(frozen=True)
class Scale:
    regions: int
    forces: int
    bcus: int
    partners_per_bcu: tuple[int, int]
    years: int  # of plans, values, weekly tension returns and meetings


SCALES = {
    "small": Scale(regions=1, forces=2, bcus=6, partners_per_bcu=(2, 3), years=1),
    "force": Scale(regions=1, forces=1, bcus=8, partners_per_bcu=(4, 6), years=2),
    # 43 forces in England and Wales; about 230 BCUs (docs/domain.md); five years of history.
    "national": Scale(regions=10, forces=43, bcus=230, partners_per_bcu=(4, 6), years=5),
}

PARTNER_TYPES = [
    "schools",
    "colleges",
    "higher-education",
    "primary-care-trust",
    "offender-management",
    "youth-services",
    "faith-groups",
    "community-groups",
    "childrens-services",
    "yot",
]


def _bulk(orgs: list[Organisation]) -> list[Organisation]:
    """Insert organisations (all with saved parents) and set their materialised paths."""
    created = Organisation.objects.bulk_create(orgs)
    for org in created:
        org.path = (org.parent.path if org.parent else "/") + f"{org.pk}/"
    Organisation.objects.bulk_update(created, ["path"])
    return created


def _nation(name: str) -> Organisation:
    nation = Organisation.objects.filter(name=name, kind=K.NATION, parent=None).first()
    if nation is None:
        nation = Organisation(name=name, kind=K.NATION)
        nation.save()
    return nation


@transaction.atomic
def generate(scale_name: str, seed: int = 2008, *, with_history: bool = True) -> Counts:
    scale = SCALES[scale_name]
    rng = random.Random(f"{seed}-{scale_name}")  # noqa: S311 - synthetic data, not security
    counts = Counts()
    prefix = f"Synthetic {scale_name}"
    if Organisation.objects.filter(name__startswith=prefix, kind=K.REGION).exists():
        return counts
    types = {pt.code: pt for pt in PartnerType.objects.all()}
    england, wales = _nation("England"), _nation("Wales")

    regions = _bulk(
        [
            Organisation(
                name=f"{prefix} region {i + 1:02d}",
                kind=K.REGION,
                parent=wales if scale.regions > 1 and i == scale.regions - 1 else england,
            )
            for i in range(scale.regions)
        ]
    )
    counts.add("regions", len(regions))
    forces = _bulk(
        [
            Organisation(
                name=f"{prefix} force {i + 1:02d}",
                short_name=f"SF{i + 1:02d}",
                kind=K.FORCE,
                parent=regions[i % len(regions)],
                receives_csr_funding=rng.random() < 0.4,
            )
            for i in range(scale.forces)
        ]
    )
    counts.add("forces", len(forces))
    # Spread the BCUs over the forces: every force has at least one.
    bcu_force = [forces[i % len(forces)] for i in range(scale.bcus)]
    bcus = _bulk(
        [
            Organisation(name=f"{prefix} BCU {i + 1:03d}", kind=K.BCU, parent=force)
            for i, force in enumerate(bcu_force)
        ]
    )
    counts.add("bcus", len(bcus))
    authorities = _bulk(
        [
            Organisation(name=f"{f.name} police authority", kind=K.OVERSIGHT, parent=f)
            for f in forces
        ]
    )
    counts.add("oversight bodies", len(authorities))
    councils = _bulk(
        [
            Organisation(
                name=f"{prefix} council {i + 1:03d}",
                kind=K.PARTNER,
                parent=b.parent,
                partner_type=types["local-authority"],
            )
            for i, b in enumerate(bcus)
        ]
    )
    partners: list[Organisation] = []
    plan: list[tuple[int, int]] = []
    for i, b in enumerate(bcus):
        n = rng.randint(*scale.partners_per_bcu)
        for j in range(n):
            code = PARTNER_TYPES[rng.randrange(len(PARTNER_TYPES))]
            partners.append(
                Organisation(
                    name=f"{prefix} {types[code].name.lower()} {i + 1:03d}-{j + 1}",
                    kind=K.PARTNER,
                    parent=b.parent,
                    partner_type=types[code],
                )
            )
            plan.append((i, len(partners) - 1))
    partners = _bulk(partners)
    counts.add("partner organisations", len(councils) + len(partners))

    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(
                name=f"{prefix} Prevent forum {i + 1:03d}",
                kind=PartnershipKind.PREVENT_FORUM,
                force=b.parent,
            )
            for i, b in enumerate(bcus)
        ]
    )
    through = Partnership.members.through
    links = [
        through(partnership_id=p.pk, organisation_id=bcus[i].pk) for i, p in enumerate(partnerships)
    ]
    links += [
        through(partnership_id=p.pk, organisation_id=councils[i].pk)
        for i, p in enumerate(partnerships)
    ]
    links += [
        through(partnership_id=partnerships[i].pk, organisation_id=partners[j].pk) for i, j in plan
    ]
    through.objects.bulk_create(links)
    counts.add("partnerships", len(partnerships))
    counts.add("partnership memberships", len(links))
    if with_history:
        counts.rows.update(generate_history(prefix, scale.years, rng, today()).rows)
    # Fresh planner statistics after a bulk load, as autovacuum would soon gather on a live
    # PostgreSQL database: without them the planner guesses one row per table.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
