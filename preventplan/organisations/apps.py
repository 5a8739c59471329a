from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "preventplan.organisations"
    label = "organisations"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        # Imported here, not at the top: Django imports this module before the models exist.
        from preventplan.accounts import two_factor
        from preventplan.catalogue import access as catalogue_access
        from preventplan.organisations.access import home_nation, two_factor_required

        # Accounts and the catalogue sit below organisations, so they are given the rules
        # rather than importing them.
        two_factor.require_when(two_factor_required)
        catalogue_access.home_nation_from(home_nation)
