from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "preventplan.core"
    label = "core"
    verbose_name = "Core"
