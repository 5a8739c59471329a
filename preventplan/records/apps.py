from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """The register pattern: one abstract record, one spec, generic pages, exports and API."""

    name = "preventplan.records"
    label = "records"
    verbose_name = "Registers"
