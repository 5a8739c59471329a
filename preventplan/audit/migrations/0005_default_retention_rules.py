"""Default review periods: six years (MOPI's usual minimum) for closed plans and evidence."""

from django.db import migrations

RULES = [
    ("plans.plan", 72, "Closed plans: review six years after closing."),
    ("plans.evidence", 72, "Evidence files: review six years after upload."),
]


def add_rules(apps, schema_editor):
    RetentionRule = apps.get_model("audit", "RetentionRule")
    for record_type, months, description in RULES:
        RetentionRule.objects.get_or_create(
            record_type=record_type,
            defaults={"review_after_months": months, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_retention")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
