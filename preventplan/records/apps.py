from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """The register pattern: one abstract record, one spec, generic pages, exports and API."""

    name = "preventplan.records"
    label = "records"
    verbose_name = _("Registers")
