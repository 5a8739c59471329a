from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "preventplan.cases"
    label = "cases"
    verbose_name = "Case reviews (activities 3.1–3.3): pseudonymous references, stages and reviews"
