"""A template action starts "not reviewed" rather than silently adopted.

Existing drafts that have never been approved: an action still on "adopt" keeps it only when the
plan's history shows someone setting its decision (the action form or an import); otherwise it
becomes "not reviewed", because the old default cannot be told apart from a choice. Its owner,
partners and milestones are untouched. Submitted, approved and closed plans, and drafts returned
after an approval, keep every decision (docs/plans.md).
"""

from django.db import migrations, models


def unreviewed_adopts(apps, schema_editor):  # type: ignore[no-untyped-def]
    Action = apps.get_model("plans", "Action")
    PlanChange = apps.get_model("plans", "PlanChange")
    drafts = Action.objects.filter(
        plan__status="draft", plan__approved_at__isnull=True, decision="adopt"
    )
    decided = set()
    for action_id, details in PlanChange.objects.filter(action__in=drafts).values_list(
        "action_id", "details"
    ):
        changes = details.get("changes", []) if isinstance(details, dict) else []
        if "decision" in (details or {}) or any(str(c).startswith("decision:") for c in changes):
            decided.add(action_id)
    drafts.exclude(pk__in=decided).update(decision="not-reviewed")


def back_to_adopt(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("plans", "Action").objects.filter(decision="not-reviewed").update(
        decision="adopt"
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_plan_sharing")]

    operations = [
        migrations.AlterField(
            model_name="action",
            name="decision",
            field=models.CharField(
                choices=[
                    ("not-reviewed", "Not reviewed"),
                    ("adopt", "Adopt"),
                    ("adapt", "Adapt"),
                    ("not-applicable", "Not applicable"),
                    ("local", "Local action"),
                ],
                default="not-reviewed",
                max_length=20,
            ),
        ),
        migrations.RunPython(unreviewed_adopts, back_to_adopt),
    ]
