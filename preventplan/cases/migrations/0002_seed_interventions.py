"""The intervention types every force starts with; national administrators keep them after."""

from typing import Any

from django.db import migrations

INTERVENTIONS = [
    ("mentoring", "Mentoring"),
    ("education-training", "Education or training"),
    ("health", "Health support"),
    ("diversionary", "Diversionary activity"),
    ("family-support", "Family support"),
    ("faith-guidance", "Faith guidance"),
    ("careers", "Careers advice"),
    ("housing", "Housing support"),
    ("ideological-mentoring", "Ideological or theological mentoring"),
    ("substance-misuse", "Substance misuse support"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Intervention = apps.get_model("cases", "Intervention")
    for position, (code, name) in enumerate(INTERVENTIONS, start=1):
        Intervention.objects.update_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_case_reviews")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
