from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from preventplan.performance.defaults import load as load_defaults

    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_indicators_and_ni35")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
