from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "preventplan.programme"
    label = "programme"
    verbose_name = "Programme management: risks, benefits and impact assessments"
