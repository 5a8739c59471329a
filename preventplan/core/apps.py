from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "preventplan.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.conf import settings

        if settings.PRODUCTION:
            from preventplan.core.production import check_settings

            check_settings()
