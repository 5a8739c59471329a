"""The service's name, in the language of the page or e-mail being made."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _


def service_name() -> str:
    """The service's name in the active language (a deployment may rename it; a renamed
    service keeps its one name in both languages)."""
    if settings.SERVICE_NAME == "Prevent Delivery Planner":
        return _("Prevent Delivery Planner")
    return settings.SERVICE_NAME
