"""The national template as loaded must match the source document."""

from __future__ import annotations

import json
from datetime import date

import pytest

from preventplan.catalogue.loader import DEFAULT_TEMPLATE, load_template
from preventplan.catalogue.models import Abbreviation, Activity, Objective, TemplateVersion
from preventplan.lib.timescale import parse_timescale

pytestmark = pytest.mark.django_db


def activity(number: str) -> Activity:
    return Activity.objects.get(version__code="england-2008", number=number)


def partners(number: str) -> list[str]:
    return sorted(activity(number).delivery_partners.values_list("code", flat=True))


def test_fifty_activities_in_document_order() -> None:
    """All 50 activities, 0.1 to 7.5, in order (0.9 before 0.10)."""
    numbers = list(
        Activity.objects.filter(version__code="england-2008").values_list("number", flat=True)
    )
    assert len(numbers) == 50
    assert numbers[:12] == [f"0.{n}" for n in range(1, 13)]
    assert numbers[-1] == "7.5"


def test_eight_objectives_with_titles() -> None:
    """Objectives 0-7 carry the document's titles."""
    titles = dict(
        Objective.objects.filter(version__code="england-2008").values_list("number", "title")
    )
    assert sorted(titles) == list(range(8))
    assert titles[0] == "Leadership, governance and programme management"
    assert titles[3] == "Support individuals vulnerable to recruitment by violent extremists"
    assert titles[7] == "Improve CT-related strategic communications"


@pytest.mark.parametrize(
    ("number", "level"),
    [
        ("0.1", "FORCE"),
        ("0.8", "FORCE"),
        ("0.9", "BCU"),  # the BCU heading comes after 0.8, on the same page
        ("0.10", "BCU"),
        ("0.11", "BCU"),
        ("0.12", "BCU"),
        ("2.3", "FORCE/BCU"),
        ("2.4", "FORCE/BCU"),  # after a page break: inherited from the heading above 2.3
        ("2.5", "FORCE/BCU"),
        ("2.6", "BCU"),
        ("4.4", "BCU"),  # after a page break
        ("5.5", "FORCE/BCU"),  # after a page break
        ("6.1", "FORCE"),
        ("6.5", "BCU"),
        ("7.1", "FORCE"),
        ("7.5", "FORCE/BCU"),
    ],
)
def test_levels_inherited_from_headings(number: str, level: str) -> None:
    """Each activity's level is the heading above it, across page breaks."""
    assert activity(number).level == level


def test_see_7_3_resolves_to_7_3_partners() -> None:
    """7.4 and 7.5 say "See 7.3." and share its partner list."""
    assert partners("7.4") == partners("7.3") == partners("7.5")
    assert activity("7.4").delivery_partners_see == "7.3"
    assert partners("7.3") == [
        "colleges",
        "community-groups",
        "ctu-ctiu",
        "faith-groups",
        "higher-education",
        "local-authority",
        "offender-management",
        "primary-care-trust",
        "schools",
    ]


def test_3_2_and_3_3_have_no_partners() -> None:
    """Blank stays blank."""
    assert partners("3.2") == []
    assert partners("3.3") == []
    assert activity("3.2").delivery_partners_text == ""


def test_partners_normalised() -> None:
    """Partner words are mapped to the vocabulary, including capitalised and combined forms."""
    assert partners("0.2") == ["bcu", "police-authority"]
    assert partners("2.2") == ["ctu-ctiu", "offender-management"]  # "Prisons"
    assert partners("5.2") == ["ctu-ctiu", "nctt", "special-branch"]  # "force special branch"
    assert partners("0.11") == [
        "local-authority",
        "local-partnership-forum",
        "police-authority",
        "police-force",
    ]
    assert partners("5.4") == [
        "ctu-ctiu",
        "iag",
        "kin",
        "local-authority",
        "police-authority",
        "special-branch",
    ]


@pytest.mark.parametrize(
    ("number", "others"),
    [
        ("1.1", [2, 3, 4]),
        ("6.2", [1, 2, 3, 4, 5]),
        ("4.3", [6, 7]),
        ("5.7", [2, 7]),
        ("0.1", []),
        ("5.8", []),
    ],
)
def test_other_objectives(number: str, others: list[int]) -> None:
    """The "Other Objectives" column is parsed into objective links."""
    assert sorted(activity(number).other_objectives.values_list("number", flat=True)) == others


@pytest.mark.parametrize(
    ("number", "dates", "recurrence"),
    [
        ("0.2", [date(2008, 10, 31)], ""),  # "October 2008"
        ("0.5", [date(2008, 10, 31)], "ongoing"),  # "Oct 2008, with ongoing national review."
        ("1.2", [date(2008, 12, 31)], "ongoing"),  # "In place by Dec 2008, and ongoing review."
        ("2.5", [date(2009, 3, 31)], ""),  # "Trained by March 2009."
        ("0.4", [], "ongoing"),  # "Ongoing"
        ("5.7", [], "as-required"),  # "As required"
        ("0.7", [date(2009, 7, 31), date(2009, 3, 31)], ""),
        ("2.7", [date(2009, 2, 28)], ""),  # "Feb 2009"
        ("0.1", [date(2009, 1, 31), date(2011, 12, 31)], ""),
    ],
)
def test_dates_read_from_timescales(number: str, dates: list[date], recurrence: str) -> None:
    """Target dates and the ongoing/as-required flag come from the timescale words."""
    a = activity(number)
    assert [date.fromisoformat(d["date"]) for d in a.target_dates] == dates
    assert a.first_target_date == (min(dates) if dates else None)
    assert a.recurrence == recurrence


def test_data_file_agrees_with_parser() -> None:
    """The dates written in the data file are exactly what the parser reads from the words,
    except where a date says on what other part of the document it rests (its "basis")."""
    data = json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))
    corrected = []
    for row in data["activities"]:
        parsed = parse_timescale(row["suggested_timescale"])
        assert len(row["target_dates"]) == len(parsed.dates)
        for written, read in zip(row["target_dates"], parsed.dates, strict=True):
            if "basis" in written:
                corrected.append((row["number"], written["date"]))
            else:
                assert written["date"] == read.date.isoformat()
            assert written["label"] == read.label
        assert row["recurrence"] == parsed.recurrence
    assert corrected == [("0.9", "2009-01-31")]


def test_programme_of_action_falls_due_in_january_2009() -> None:
    """0.9's "Programme of action 2009" is due by the end of January 2009, as ¶11 and 0.1 say
    programmes of action should be in place, not at the end of 2009."""
    assert [d["date"] for d in activity("0.9").target_dates] == ["2008-10-31", "2009-01-31"]
    assert activity("0.9").first_target_date == date(2008, 10, 31)


def test_abbreviations() -> None:
    """The glossary holds the document's 33 abbreviations and the two other spellings its text
    uses: DCSF (glossed as DCFS) and KINS (glossed as KIN)."""
    assert Abbreviation.objects.filter(version__code="england-2008").count() == 35
    meanings = dict(
        Abbreviation.objects.filter(version__code="england-2008").values_list(
            "abbreviation", "meaning"
        )
    )
    assert meanings["DCSF"] == meanings["DCFS"] == "Department for Children, Schools and Families"
    assert meanings["KINS"] == meanings["KIN"] == "Key Individual Networks"
    assert (
        Abbreviation.objects.get(abbreviation="EEP").meaning == "Experienced Evidential Potential"
    )


def test_load_template_is_idempotent() -> None:
    """Loading the same file again changes nothing and duplicates nothing."""
    before = (
        TemplateVersion.objects.count(),
        Activity.objects.count(),
        Abbreviation.objects.count(),
    )
    links = Activity.delivery_partners.through.objects.count()
    result = load_template()
    assert result.created is False
    assert (
        TemplateVersion.objects.count(),
        Activity.objects.count(),
        Abbreviation.objects.count(),
    ) == before
    assert Activity.delivery_partners.through.objects.count() == links


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("October 2008", ["2008-10-31"]),
        ("Oct 2008, with ongoing national review.", ["2008-10-31"]),
        ("In place by Dec 2008, and ongoing review.", ["2008-12-31"]),
        ("Trained by March 2009.", ["2009-03-31"]),
        ("Ongoing", []),
        ("As required", []),
        ("Prevent lead October 2008. Programme of action 2009.", ["2008-10-31", "2009-12-31"]),
        ("Sept 2010", ["2010-09-30"]),
        ("Finalised March 2009 (once national protocol is available).", ["2009-03-31"]),
    ],
)
def test_timescale_parser(words: str, expected: list[str]) -> None:
    """Month-year means the end of the month; a bare year means the end of the year."""
    assert [d.date.isoformat() for d in parse_timescale(words).dates] == expected
