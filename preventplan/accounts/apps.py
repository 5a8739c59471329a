from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "preventplan.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Connects the sign-in signal receivers. Imported here: Django imports this module before
        # the models exist.
        from preventplan.accounts import signals  # noqa: F401
