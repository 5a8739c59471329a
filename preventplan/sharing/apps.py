from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "preventplan.sharing"
    label = "sharing"
    verbose_name = "Information-sharing protocols"
