from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "preventplan.registers"
    label = "registers"
    verbose_name = "Community confidence and powers accountability registers"
