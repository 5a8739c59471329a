"""The 5 × 5 risk scale: likelihood and impact words, scores and bands. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from preventplan.lib.i18n import lazy_str as _

LIKELIHOOD = {
    1: _("Rare"),
    2: _("Unlikely"),
    3: _("Possible"),
    4: _("Likely"),
    5: _("Almost certain"),
}
IMPACT = {
    1: _("Insignificant"),
    2: _("Minor"),
    3: _("Moderate"),
    4: _("Major"),
    5: _("Severe"),
}
SCALE = range(1, 6)


@dataclass(frozen=True)
class Band:
    key: str
    name: str  # in English, marked with gettext_noop
    colour: str  # fill for the heat map
    tag: str  # GOV.UK tag modifier

    @property
    def label(self) -> str:
        """The band's name in the active language, as a plain ``str`` (the API needs one)."""
        return gettext(self.name)


BANDS = [
    (3, Band("low", gettext_noop("Low"), "#cce2d8", "govuk-tag--green")),
    (9, Band("medium", gettext_noop("Medium"), "#fff7bf", "govuk-tag--yellow")),
    (15, Band("high", gettext_noop("High"), "#fcd6c3", "govuk-tag--orange")),
    (25, Band("very-high", gettext_noop("Very high"), "#f4cdc6", "govuk-tag--red")),
]


def band(score: int) -> Band:
    """Low 1–3, medium 4–9, high 10–15, very high 16–25."""
    for upper, b in BANDS:
        if score <= upper:
            return b
    return BANDS[-1][1]


def score(likelihood: int, impact: int) -> int:
    return likelihood * impact
