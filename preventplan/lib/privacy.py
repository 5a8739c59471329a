"""A guard against personal data in free text where none belongs (docs/principles.md).

This is a programme-management system: it must never hold personal data about members of the
public. Every free-text field of every form (:mod:`preventplan.lib.forms`), every API input
schema (:mod:`preventplan.api.schemas`) and the plan import check their text here. What is
refused: full UK postcodes, telephone numbers, dates of birth, National Insurance numbers,
e-mail addresses outside the staff domains (``STAFF_EMAIL_DOMAINS``) and names with a title
("Mr Smith"). It cannot recognise a bare name, a description of a person, or words about faith or
ethnicity: ``docs/privacy.md`` says what it can and cannot catch.

The patterns are tuned so that ordinary programme text passes: activity numbers (3.1–3.3),
years and ranges (2009–2010), amounts (£10,000), references (ISP-2009-01), due dates ("by
31/03/2009") and ages ("aged 17").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from preventplan.lib.i18n import lazy_str as _

MAX_CHECKED = 20_000  # longer text is refused by the field's own limit first

# -- postcodes ------------------------------------------------------------------------------------
# Outward code (NM1, SW1A, EC1A, B33) then the inward code (2AB) with any separator or none. The
# letter rules of real postcodes (no Q, V or X first; no I, J or Z second; no C, I, K, M, O or V
# in the inward code) keep "Q1 2nd" and "3pm" out.
POSTCODE = re.compile(
    r"(?<![\w])"
    r"(?P<out>[A-PR-UWYZ](?:[A-HK-Y]?\d[A-Z\d]?))"
    r"(?:\s|[.\-–_/]){0,3}"
    r"(?P<in>\d[ABD-HJLNP-UW-Z]{2})"
    r"(?![\w])",
    re.IGNORECASE,
)
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")


def _postcode(text: str) -> bool:
    for match in POSTCODE.finditer(text):
        # "KS2 3rd": an ordinal in lower case after a capitalised code is not a postcode.
        if ORDINAL.fullmatch(match["in"]) and not match["out"].islower():
            continue
        return True
    return False


# -- telephone numbers ----------------------------------------------------------------------------
# A UK number as +44 or 0 and then nine or ten more digits, or any +country number, with spaces,
# dots, hyphens or brackets between the digits. Checked further in _telephone.
PHONE = re.compile(
    r"(?<![\w£$€])(?<!\w[.,/\-–])"
    r"(?P<number>"
    r"\+\s?\d{1,3}\s?(?:\(\s?0\s?\)\s?)?"  # +44, +44 (0), +353
    r"|\(\s?0"  # (0161)
    r"|0"
    r")"
    r"(?:[\s.\-–)]{0,2}\d){7,12}"
    r"(?!\d|[.,/\-–]\d)"
)
DATE_LIKE = re.compile(r"\(?0?\d[\s.\-–]\d{1,2}[\s.\-–](?:19|20)\d{2}")
DATE_INSIDE = re.compile(
    r"(?:19|20)\d\d[.\-–/]\d\d[.\-–/]\d\d|\b\d\d[.\-–/]\d\d[.\-–/](?:19|20)\d\d\b"
)


def _telephone(text: str) -> bool:
    for match in PHONE.finditer(text):
        candidate = match.group(0)
        digits = re.sub(r"\D", "", candidate)
        if candidate.startswith("+"):
            if digits.startswith("44"):
                national = "0" + digits[2:].removeprefix("0")
            else:
                if 8 <= len(digits) <= 15:  # another country's number
                    return True
                continue
        else:
            national = digits
        if DATE_LIKE.match(candidate) or DATE_INSIDE.search(candidate):
            continue  # "01 04 2026" is a date, however it continues
        groups = re.findall(r"\d+", candidate)
        if candidate.startswith("+"):
            groups = groups[2:] if len(groups) > 1 and groups[1] == "0" else groups[1:]
        if any(len(g) == 1 for g in groups):
            continue  # "0.1 0.2 0.3 0.4 0.5" are activity numbers: nobody writes 0 1 6 1
        # UK numbers: 0 then ten digits (or nine for a few areas). A person has a landline
        # (01, 02), a mobile (07) or a personal number (05); 03, 08 and 09 are organisations'
        # helplines, such as the Anti-Terrorist Hotline 0800 789 321, which plans may give.
        if len(national) in (10, 11) and national[1] in "1257":
            return True
    return False


# -- dates of birth -------------------------------------------------------------------------------
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
A_DATE = (
    r"(?:\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}"  # 1/2/1985, 01.02.85
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 1985-02-01
    rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH}\s*,?\s*\d{{2,4}}"  # 1 Feb 1985
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # February 1, 1985
    rf"|{MONTH}\s+\d{{4}}"  # February 1985
    r"|(?:19|20)\d{2})"  # 1985
)
BIRTH = re.compile(
    r"\bdate\s+of\s+birth\b|\bbirth\s?date\b|\byear\s+of\s+birth\b"
    r"|(?<![\w.])d\.?\s?o\.?\s?b\b\.?"  # DOB, d.o.b., D.O.B
    rf"|\bborn\s+(?:on\s+|in\s+)?{A_DATE}(?!\d)"  # born 1 February 1985, born in 1985
    rf"|(?<![\w.])b\.\s?{A_DATE}(?!\d)",  # b. 1/2/1985
    re.IGNORECASE,
)


def _date_of_birth(text: str) -> bool:
    return BIRTH.search(text) is not None


# -- National Insurance numbers -------------------------------------------------------------------
NINO = re.compile(
    r"(?<![\w\-/])(?P<prefix>[A-Z]{2})(?P<spaced>\s?)\d{2}(?:\s?\d{2}){2}\s?[A-D](?![\w\-/])",
    re.IGNORECASE,
)
# "up 12 34 56 a" is words and numbers, not QQ 12 34 56 C.
WORDS = {"an", "as", "at", "be", "by", "do", "go", "if", "in", "is", "it", "no", "of", "on", "or"}
WORDS |= {"so", "to", "up", "us", "we", "me", "my", "he", "am", "and"}


def _nino(text: str) -> bool:
    return any(not (m["spaced"] and m["prefix"].lower() in WORDS) for m in NINO.finditer(text))


# -- e-mail addresses -----------------------------------------------------------------------------
EMAIL = re.compile(r"[\w.+'’-]{1,64}@(?P<domain>[\w-]{1,63}(?:\.[\w-]{1,63})+)")


def staff_domains() -> list[str]:
    """The configured staff e-mail domains, lower case, without a leading dot or @."""
    return [
        d.strip().lower().lstrip("@.")
        for d in getattr(settings, "STAFF_EMAIL_DOMAINS", [])
        if d.strip().lstrip("@.")
    ]


def is_staff_email_domain(domain: str) -> bool:
    """A staff domain, or a subdomain of one (``pnn.police.uk`` under ``police.uk``)."""
    domain = domain.lower().rstrip(".")
    return any(domain == d or domain.endswith("." + d) for d in staff_domains())


def _email(text: str) -> bool:
    return any(not is_staff_email_domain(m["domain"]) for m in EMAIL.finditer(text))


# -- names with a title ---------------------------------------------------------------------------
# A title (not "MS", which is Microsoft as often as a person) then a capitalised word, possibly
# after initials: Mr Smith, Mrs. A. Khan, Miss O'Neill, Dr Patel. Not "Mr" alone.
TITLED_NAME = re.compile(
    r"(?<![\w.])(?:Mrs|Mr|Ms|Miss|Mx|Dr|MRS|MR|MISS)\b\.?"
    r"\s+(?:[A-Z]\.?\s*){0,3}"
    r"[A-Z](?:[a-zà-ÿ]*[’'\-]?[A-Za-zà-ÿ]+|\b)"
)


def _titled_name(text: str) -> bool:
    return TITLED_NAME.search(text) is not None


@dataclass(frozen=True)
class Kind:
    """One kind of personal data: how to recognise it, what to call it, what to do instead."""

    code: str
    found: Callable[[str], bool]
    description: str
    advice: str


NO_PERSONAL_DATA = _("this record must not hold personal data")
NAME_WITH_TITLE = "name-with-title"
KINDS = [
    Kind("email", _email, _("an e-mail address"), _("only staff e-mail addresses may be recorded")),
    Kind(
        NAME_WITH_TITLE,
        _titled_name,
        _("a person’s name with a title"),
        _("refer to people by their role, not their name"),
    ),
    Kind("date-of-birth", _date_of_birth, _("a date of birth"), NO_PERSONAL_DATA),
    Kind("ni-number", _nino, _("a National Insurance number"), NO_PERSONAL_DATA),
    Kind("postcode", _postcode, _("a postcode"), _("give the area or ward instead")),
    Kind("telephone", _telephone, _("a telephone number"), NO_PERSONAL_DATA),
]


def find_kind(text: str, allow: Collection[str] = ()) -> Kind | None:
    """The first kind of personal data found in ``text`` (other than those in ``allow``)."""
    text = (text or "")[:MAX_CHECKED]
    if not text.strip():
        return None
    for kind in KINDS:
        if kind.code not in allow and kind.found(text):
            return kind
    return None


def find_personal_data(text: str) -> str | None:
    """A short description of the first thing in ``text`` that looks personal ("a postcode",
    "a telephone number", …), or None when nothing does."""
    kind = find_kind(text)
    return kind.description if kind else None


def personal_data_message(label: str, kind: Kind) -> str:
    """The GOV.UK error message: names the field and what looked personal, says what to do."""
    return gettext("%(field)s must not contain %(what)s – %(advice)s") % {
        "field": label,
        "what": kind.description,
        "advice": kind.advice,
    }


def check_text(text: str, label: str, allow: Collection[str] = ()) -> str | None:
    """The error message for ``text`` in the field called ``label``, or None if it passes."""
    kind = find_kind(text, allow)
    return personal_data_message(label, kind) if kind else None


def check_file_name(name: str, then: str = "") -> str | None:
    """The error message for a file name that looks personal ("Referral Mr Smith.pdf"): names
    are kept and shown with the file."""
    kind = find_kind(PurePath(name or "").name)
    if kind is None:
        return None
    return gettext("The file name must not contain %(what)s – %(then)s") % {
        "what": kind.description,
        "then": then or gettext("rename the file and choose it again"),
    }


def no_personal_data(text: str, label: str = "") -> None:
    """Raise a ValidationError naming what looks like personal data in ``text``."""
    message = check_text(text, label or gettext("This field"))
    if message:
        raise ValidationError(message, code="personal_data")
