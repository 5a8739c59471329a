# A plan's kept checklist PDFs, one per language. The table is a cache (plans.checklist.plan_pdf),
# so it is made afresh rather than altered: its key changes from the plan to the plan and language.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_plan_checklist_files"),
    ]

    operations = [
        migrations.DeleteModel(name="ChecklistFile"),
        migrations.CreateModel(
            name="ChecklistFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=16)),
                ("digest", models.CharField(max_length=64)),
                ("content", models.BinaryField()),
                ("made_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="kept_checklists",
                        to="plans.plan",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "language"), name="checklist_file_unique"
                    )
                ],
            },
        ),
    ]
