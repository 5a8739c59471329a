from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "preventplan.reports"
    label = "reports"
    verbose_name = "Reports and scheduled reports"
