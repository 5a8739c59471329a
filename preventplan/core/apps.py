from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "preventplan.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.conf import settings
        from django.core import checks

        from preventplan.core.production import demo_users_check

        checks.register(demo_users_check, checks.Tags.security, deploy=True)

        if settings.PRODUCTION:
            from preventplan.core.production import check_settings

            check_settings()
