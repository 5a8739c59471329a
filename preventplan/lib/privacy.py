"""A guard against personal data in free text where none belongs (DESIGN.md §5): e-mail
addresses, telephone numbers, full postcodes and dates of birth are refused with a message."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

PATTERNS = [
    (re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.\w"), "an e-mail address"),
    (re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d\s?){9,10}(?!\d)"), "a telephone number"),
    (
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE),
        "a full postcode (give the area or ward instead)",
    ),
    (re.compile(r"\b(?:born|d\.?o\.?b\.?|date of birth)\b", re.IGNORECASE), "a date of birth"),
]


MAX_CHECKED = 20_000  # longer text is refused by the field's own limit first


def no_personal_data(text: str) -> None:
    """Raise a ValidationError naming what looks like personal data in ``text``."""
    text = (text or "")[:MAX_CHECKED]
    for pattern, what in PATTERNS:
        if pattern.search(text or ""):
            raise ValidationError(
                f"Remove what looks like {what}: this record must not hold personal data"
            )
