from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "preventplan.catalogue"
    label = "catalogue"
    verbose_name = "National template"

    def ready(self) -> None:
        from preventplan.catalogue import signals

        signals.connect()
