"""The reports people exchange (DESIGN.md §1), named once for agendas, schedules and builders."""

from django.db import models


class ReportKind(models.TextChoices):
    BCU_RETURN = "bcu-return", "BCU return to the force"
    BOARD_PACK = "board-pack", "Force board pack"
    AUTHORITY_REPORT = "authority-report", "Police authority report"
    REGIONAL_RETURN = "regional-return", "Regional delivery manager return"
    NI35_PACK = "ni35-pack", "NI35 evidence pack"
