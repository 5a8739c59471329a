"""The RAG rules of docs/rag.md, one by one."""

from __future__ import annotations

from datetime import date, timedelta

from preventplan.lib.rag import MilestoneFacts, Status, UpdateFacts, compute_rag

TODAY = date(2026, 11, 29)


def ms(days_from_today: int, complete: bool = False, started: bool = False) -> MilestoneFacts:
    return MilestoneFacts("M", TODAY + timedelta(days=days_from_today), complete, started)


def rag(
    milestones: list[MilestoneFacts],
    update: UpdateFacts | None = None,
    *,
    applicable: bool = True,
    override: str = "",
) -> str:
    return compute_rag(
        applicable=applicable,
        milestones=milestones,
        latest_update=update,
        today=TODAY,
        override=override,
        override_reason="r",
    ).status


def test_not_applicable() -> None:
    """An action that is not applicable is shown so, whatever its milestones."""
    assert rag([ms(-100)], applicable=False) == Status.NOT_APPLICABLE


def test_override_wins() -> None:
    """A person's override is the status, whatever the rules would give."""
    assert rag([ms(-100)], override="green") == "green"


def test_all_complete() -> None:
    """An action whose milestones are all complete is complete."""
    assert rag([ms(-10, complete=True), ms(5, complete=True)]) == Status.COMPLETE


def test_red_when_long_overdue_or_update_says_red() -> None:
    """Red when a milestone is more than 30 days overdue, or when the latest update says red."""
    assert rag([ms(-31)], UpdateFacts(TODAY, "green")) == Status.RED
    assert rag([ms(30)], UpdateFacts(TODAY, "red")) == Status.RED


def test_amber_cases() -> None:
    """Amber with no milestones, a milestone up to 30 days overdue, one due soon and not started, an
    amber update, or a stale update."""
    assert rag([]) == Status.AMBER  # no milestones
    assert rag([ms(-30)], UpdateFacts(TODAY, "green")) == Status.AMBER  # overdue, not 30+ days
    assert rag([ms(13)]) == Status.AMBER  # due soon, not started
    assert rag([ms(30)], UpdateFacts(TODAY, "amber")) == Status.AMBER
    assert (
        rag([ms(0, started=True)], UpdateFacts(TODAY - timedelta(days=91), "green")) == Status.AMBER
    )  # stale


def test_green() -> None:
    """Green when started and due soon, not due for a while, or with a recent green update."""
    assert rag([ms(13, started=True)]) == Status.GREEN
    assert rag([ms(60)]) == Status.GREEN
    assert (
        rag([ms(0, started=True)], UpdateFacts(TODAY - timedelta(days=10), "green")) == Status.GREEN
    )
