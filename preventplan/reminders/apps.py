from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "preventplan.reminders"
    label = "reminders"
    verbose_name = "Reminders"
