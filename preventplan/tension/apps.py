from django.apps import AppConfig


class TensionConfig(AppConfig):
    name = "preventplan.tension"
    label = "tension"
    verbose_name = "Weekly community tension assessments (EEP)"
