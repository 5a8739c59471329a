"""Translation helpers (docs/welsh.md)."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy


def lazy_str(message: str) -> str:
    """``gettext_lazy``, typed as the ``str`` it becomes when shown: for module-level constants
    (labels, scales) that code typed ``str`` passes around. Import it as ``_`` so that
    makemessages finds the strings."""
    return cast(str, gettext_lazy(message))


ENGLISH = "en-GB"
WELSH = "cy"


class InLanguages(str):
    """Text put together from parts in different languages, such as a bilingual export's
    "English, then Welsh". As a string it is the parts joined (what a CSV or Excel cell holds);
    on a page the ``in_languages`` filter (``catalogue/templatetags/bilingual.py``) marks each
    part whose language is not the page's with ``lang``, so screen readers pronounce it right.

    ``parts`` are ``(text, language)``, the language a ``lang`` code or ``""`` for words in the
    page's own language (a heading's "Objective 2:", a separator)."""

    parts: tuple[tuple[str, str], ...]

    def __new__(cls, parts: list[tuple[str, str]]) -> InLanguages:
        text = super().__new__(cls, "".join(part for part, _language in parts))
        text.parts = tuple(parts)
        return text

    @classmethod
    def english_and_welsh(cls, english: str, welsh: str) -> InLanguages:
        """The Welsh under the English, a blank line between."""
        return cls([(english, ENGLISH), ("\n\n", ""), (welsh, WELSH)])

    def around(self, words: str, marker: str = "\x00") -> InLanguages:
        """This text in place of ``marker`` in ``words`` (page's language): "Objective 2: …"."""
        before, _marker, after = words.partition(marker)
        return InLanguages([(before, ""), *self.parts, (after, "")])


def same_language(a: str, b: str) -> bool:
    """Whether two language codes name the same language ("en-GB", "en-gb", "en")."""
    return a.split("-")[0].lower() == b.split("-")[0].lower()
