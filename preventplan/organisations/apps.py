from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "preventplan.organisations"
    label = "organisations"
    verbose_name = "Organisations and people"
