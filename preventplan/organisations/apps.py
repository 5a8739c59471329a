from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "preventplan.organisations"
    label = "organisations"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        # Imported here, not at the top: Django imports this module before the models exist.
        from preventplan.accounts import two_factor
        from preventplan.organisations.access import two_factor_required

        # Accounts sits below organisations, so it is given the rule rather than importing it.
        two_factor.require_when(two_factor_required)
