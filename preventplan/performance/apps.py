from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "preventplan.performance"
    label = "performance"
    verbose_name = "Performance: indicators and the NI35 self-assessment"
