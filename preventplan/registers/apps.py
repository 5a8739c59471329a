from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "preventplan.registers"
    label = "registers"
    verbose_name = _("Community confidence and powers accountability registers")
