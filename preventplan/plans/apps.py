from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "preventplan.plans"
    label = "plans"
    verbose_name = "Local action plans"
