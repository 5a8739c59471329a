from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from preventplan.tension.defaults import load as load_defaults

    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("tension", "0001_weekly_tension_assessments")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
