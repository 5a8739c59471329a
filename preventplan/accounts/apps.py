from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "preventplan.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from preventplan.accounts import signals  # noqa: F401
