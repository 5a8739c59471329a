from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "preventplan.dashboards"
    label = "dashboards"
    verbose_name = "Roll-up dashboards"
