from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "preventplan.audit"
    label = "audit"
    verbose_name = "Audit"
