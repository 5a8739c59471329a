from django.db import migrations, models


def from_next_date(apps, schema_editor):
    """Existing schedules keep the day of their next date (schedules that drifted to the 28th
    cannot be told apart from those started on it)."""
    ReportSchedule = apps.get_model("reports", "ReportSchedule")
    for schedule in ReportSchedule.objects.all():
        schedule.day_of_month = schedule.next_run_on.day
        schedule.save(update_fields=["day_of_month"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_report_files_expire"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportschedule",
            name="day_of_month",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(from_next_date, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reportschedule",
            name="day_of_month",
            field=models.PositiveSmallIntegerField(editable=False),
        ),
    ]
