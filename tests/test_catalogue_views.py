"""Template pages: browse, filter, search, detail, abbreviations, print."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from preventplan.catalogue.models import Activity


def numbers(response: Any) -> list[str]:
    return [a.number for a in response.context["page"]]


def test_list_shows_all_fifty_across_pages(client_for: Any) -> None:
    """The template list counts all 50 activities and pages them, the second page starting at
    4.1."""
    client = client_for("force_lead")
    first = client.get(reverse("catalogue:activity-list"))
    assert first.context["page"].paginator.count == 50
    assert "50 activities" in first.content.decode()
    assert numbers(client.get(reverse("catalogue:activity-list"), {"page": 2}))[0] == "4.1"


def test_filters(client_for: Any) -> None:
    """Filters by objective, level and partner type list exactly the matching activities."""
    client = client_for("partner_user")
    url = reverse("catalogue:activity-list")
    assert numbers(client.get(url, {"objective": 3})) == ["3.1", "3.2", "3.3"]
    assert numbers(client.get(url, {"level": "FORCE", "objective": 0})) == [
        f"0.{n}" for n in range(1, 9)
    ]
    assert numbers(client.get(url, {"partner": "schools"})) == [
        "0.1",
        "0.8",
        "0.9",
        "0.10",
        "1.2",
        "1.3",
        "2.4",
        "2.5",
        "2.6",
        "2.7",
        "3.1",
        "4.4",
        "5.1",
        "5.6",
        "5.7",
        "6.3",
        "6.8",
        "7.3",
        "7.4",
        "7.5",
    ]
    assert numbers(client.get(url, {"partner": "nctt"})) == ["5.2", "6.3", "6.6"]


def test_level_filter_lists_shared_activities_under_both_levels(client_for: Any) -> None:
    """ "BCU" lists what BCUs deliver, shared force-and-BCU activities included, as "Force"
    does for forces; "Force and BCU" lists the shared ones alone. Options show their labels."""
    client = client_for("partner_user")
    url = reverse("catalogue:activity-list")
    assert numbers(client.get(url, {"level": "BCU", "objective": 2})) == [
        "2.3", "2.4", "2.5", "2.6", "2.7"
    ]  # fmt: skip
    assert numbers(client.get(url, {"level": "FORCE", "objective": 2})) == [
        "2.1", "2.2", "2.3", "2.4", "2.5"
    ]  # fmt: skip
    assert numbers(client.get(url, {"level": "FORCE/BCU", "objective": 2})) == ["2.3", "2.4", "2.5"]
    page = client.get(url).content.decode()
    assert '<option value="FORCE/BCU">Force and BCU</option>' in page


def test_search_every_word(client_for: Any) -> None:
    """Search matches every word anywhere in the text, timescale or partners."""
    client = client_for("bcu_lead")
    url = reverse("catalogue:activity-list")
    assert numbers(client.get(url, {"q": "Channel"})) == ["3.1", "7.4"]  # "delivery channels"
    assert numbers(client.get(url, {"q": "channel PROJECT"})) == ["3.1"]
    assert numbers(client.get(url, {"q": "tension weekly"})) == ["5.2", "5.6"]
    empty = client.get(url, {"q": "zebra"})
    assert numbers(empty) == [] and "No activities match your filters" in empty.content.decode()


def test_sort_by_date(client_for: Any) -> None:
    """Sorted by date, the list starts with the earliest target date (31 October 2008)."""
    response = client_for("bcu_lead").get(reverse("catalogue:activity-list"), {"sort": "date"})
    first = response.context["page"][0]
    assert (
        first.first_target_date is not None and first.first_target_date.isoformat() == "2008-10-31"
    )


def test_detail_expands_abbreviations(client_for: Any) -> None:
    """An activity's page marks up and lists its abbreviations, gives target dates in the house
    style and names its other objectives."""
    activity = Activity.objects.get(number="6.6")
    html = (
        client_for("action_owner")
        .get(reverse("catalogue:activity-detail", args=[activity.pk]))
        .content.decode()
    )
    assert '<abbr title="Tactical Tasking &amp; Coordinating Group">TTCG</abbr>' in html
    assert "Abbreviations used in this activity" in html
    assert "31 October 2008" in html  # target date in the house style
    assert "2. Disrupt those who promote violent extremism" in html  # cross-cutting objective


def test_objective_page_lists_cross_cutting(client_for: Any) -> None:
    """An objective's page lists its own activities and, apart, those filed elsewhere that
    contribute to it."""
    response = client_for("bcu_lead").get(reverse("catalogue:objective-detail", args=[3]))
    assert [a.number for a in response.context["activities"]] == ["3.1", "3.2", "3.3"]
    assert [a.number for a in response.context["contributing"]] == [
        "1.1",
        "2.1",
        "2.3",
        "2.4",
        "2.5",
        "2.7",
        "6.2",
    ]


def test_print_view_has_every_activity(client_for: Any) -> None:
    """The print view has all 50 activities on one page, cross-references included."""
    html = client_for("bcu_lead").get(reverse("catalogue:print")).content.decode()
    assert html.count('class="govuk-table__cell app-table-number"') == 50
    assert "See 7.3." in html


def test_print_view_in_welsh_has_welsh_headings_and_levels(client_for: Any) -> None:
    """In Welsh the print view's objective headings and levels are Welsh, as the list's are."""
    from django.conf import settings
    from django.utils import translation

    from preventplan.catalogue.models import Objective

    client = client_for("bcu_lead")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    try:
        html = client.get(reverse("catalogue:print")).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    objective = Objective.objects.get(version__code="england-2008", number=1)
    assert objective.title_cy and f"Amcan 1: {objective.title_cy}" in html
    assert objective.title not in html
    assert '<td class="govuk-table__cell">FORCE</td>' not in html


def test_abbreviation_text_is_escaped(client_for: Any) -> None:
    """Template text is escaped before abbreviations are marked up."""
    from preventplan.core.templatetags.govuk import abbreviate

    assert str(abbreviate("<script>CT</script>", {"CT": "Counter Terrorism"})) == (
        '&lt;script&gt;<abbr title="Counter Terrorism">CT</abbr>&lt;/script&gt;'
    )


@pytest.mark.parametrize(
    ("number", "markup"),
    [
        ("2.5", '<abbr title="Department for Children, Schools and Families">DCSF</abbr>'),
        ("2.4", '<abbr title="Department for Children, Schools and Families">DCSF</abbr>'),
        ("1.2", '<abbr title="Key Individual Networks">KINS</abbr>'),
    ],
)
def test_other_spellings_are_expanded(client_for: Any, number: str, markup: str) -> None:
    """The spellings the document's text uses, DCSF and KINS, are expanded like the glossary's
    DCFS and KIN."""
    activity = Activity.objects.get(number=number)
    html = (
        client_for("bcu_lead")
        .get(reverse("catalogue:activity-detail", args=[activity.pk]))
        .content.decode()
    )
    assert markup in html
