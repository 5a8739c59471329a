"""The UK national threat levels, as data an administrator can change."""

from django.db import migrations

LEVELS = [
    ("low", "Low", "An attack is highly unlikely"),
    ("moderate", "Moderate", "An attack is possible but not likely"),
    ("substantial", "Substantial", "An attack is likely"),
    ("severe", "Severe", "An attack is highly likely"),
    ("critical", "Critical", "An attack is highly likely in the near future"),
]


def add_levels(apps, schema_editor):
    ThreatLevel = apps.get_model("plans", "ThreatLevel")
    for position, (code, name, description) in enumerate(LEVELS, start=1):
        ThreatLevel.objects.update_or_create(
            code=code, defaults={"name": name, "position": position, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_action_plans")]

    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
