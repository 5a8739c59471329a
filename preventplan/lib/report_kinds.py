"""The reports people exchange (README, "What is here"), named once for agendas, schedules, dashboards and
builders, with the kinds of organisation each is about. A vocabulary, so it sits here: board
agendas and dashboards name reports without depending on the app that builds them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    BCU_RETURN = "bcu-return", _("BCU return to the force")
    BOARD_PACK = "board-pack", _("Force board pack")
    AUTHORITY_REPORT = "authority-report", _("Police authority report")
    REGIONAL_RETURN = "regional-return", _("Regional delivery manager return")
    NI35_PACK = "ni35-pack", _("NI35 evidence pack")


# The organisation kinds each report about an organisation is for. The NI35 evidence pack is
# about a partnership's self-assessment instead, so it is not here.
SUBJECT_KINDS: dict[str, set[str]] = {
    ReportKind.BCU_RETURN: {"bcu"},
    ReportKind.BOARD_PACK: {"force"},
    ReportKind.AUTHORITY_REPORT: {"force"},
    ReportKind.REGIONAL_RETURN: {"region", "nation"},
}


def reports_about(organisation_kind: str) -> list[tuple[str, str]]:
    """The reports there are about an organisation of this kind: (kind, name) in order."""
    return [
        (kind, str(ReportKind(kind).label))
        for kind, fits in SUBJECT_KINDS.items()
        if organisation_kind in fits
    ]
