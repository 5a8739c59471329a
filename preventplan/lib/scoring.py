"""The 5 × 5 risk scale: likelihood and impact words, scores and bands. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass

LIKELIHOOD = {
    1: "Rare",
    2: "Unlikely",
    3: "Possible",
    4: "Likely",
    5: "Almost certain",
}
IMPACT = {
    1: "Insignificant",
    2: "Minor",
    3: "Moderate",
    4: "Major",
    5: "Severe",
}
SCALE = range(1, 6)


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    colour: str  # fill for the heat map
    tag: str  # GOV.UK tag modifier


BANDS = [
    (3, Band("low", "Low", "#cce2d8", "govuk-tag--green")),
    (9, Band("medium", "Medium", "#fff7bf", "govuk-tag--yellow")),
    (15, Band("high", "High", "#fcd6c3", "govuk-tag--orange")),
    (25, Band("very-high", "Very high", "#f4cdc6", "govuk-tag--red")),
]


def band(score: int) -> Band:
    """Low 1–3, medium 4–9, high 10–15, very high 16–25."""
    for upper, b in BANDS:
        if score <= upper:
            return b
    return BANDS[-1][1]


def score(likelihood: int, impact: int) -> int:
    return likelihood * impact
