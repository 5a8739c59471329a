"""Translation helpers (docs/welsh.md)."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy


def lazy_str(message: str) -> str:
    """``gettext_lazy``, typed as the ``str`` it becomes when shown: for module-level constants
    (labels, scales) that code typed ``str`` passes around. Import it as ``_`` so that
    makemessages finds the strings."""
    return cast(str, gettext_lazy(message))
