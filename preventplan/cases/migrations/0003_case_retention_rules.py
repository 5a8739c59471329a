"""Default review periods for closed cases, counted from closure: three years for no further
action and for referrals elsewhere (as the 2023 Independent Review of Prevent recommended for
no-further-action data, rather than six), six years when support was completed. National
administrators change them in the housekeeping admin."""

from typing import Any

from django.db import migrations

RULES = [
    (
        "cases.case.nfa",
        36,
        "Cases closed with no further action: review three years after closure.",
    ),
    (
        "cases.case.referred",
        36,
        "Cases closed as referred elsewhere: review three years after closure.",
    ),
    (
        "cases.case.completed",
        72,
        "Cases closed after support was completed: review six years after closure.",
    ),
]


def add_rules(apps: Any, schema_editor: Any) -> None:
    RetentionRule = apps.get_model("audit", "RetentionRule")
    for record_type, months, description in RULES:
        RetentionRule.objects.get_or_create(
            record_type=record_type,
            defaults={"review_after_months": months, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_seed_interventions"), ("audit", "0006_case_retention_types")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
