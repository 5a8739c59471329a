"""Submitting a plan tells the force lead; approving it is not a change since approval (issue 16,
item 4)."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from preventplan.plans.models import PlanStatus
from tests.world import World


def ready(world: World) -> Any:
    """BCU A1's plan with every action decided and owned."""
    plan = world.plans["a1"]
    plan.actions.filter(owner__isnull=True).update(owner=world.users["bcu_lead"])
    return plan


def test_submission_emails_the_force_lead_with_a_link_not_the_content(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The force lead gets one e-mail naming the plan with a link to it; the plan's vulnerability
    summary is not in it."""
    plan = ready(world)
    plan.vulnerability_summary = "Tension in two wards"
    plan.save(update_fields=["vulnerability_summary"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for("bcu_lead").post(reverse("plans:plan-submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [world.users["force_lead"].email]
    assert sent.subject == f"Plan awaiting your approval: {plan.title}"
    assert reverse("plans:plan-detail", args=[plan.pk]) in sent.body
    assert "Tension in two wards" not in sent.body


def test_force_lead_home_lists_plans_awaiting_approval(world: World, client_for: Any) -> None:
    """The force lead's home page lists the submitted plan until it is approved; the BCU lead's
    does not."""
    plan = ready(world)
    client_for("bcu_lead").post(reverse("plans:plan-submit", args=[plan.pk]))
    home = client_for("force_lead").get(reverse("core:home")).content.decode()
    assert "Plans awaiting your approval" in home and plan.title in home
    assert "Plans awaiting your approval" not in (
        client_for("bcu_lead").get(reverse("core:home")).content.decode()
    )
    assert "Plans awaiting your approval" not in (
        client_for("other_force_lead").get(reverse("core:home")).content.decode()
    )
    client_for("force_lead").post(reverse("plans:plan-approve", args=[plan.pk]), {"note": ""})
    home = client_for("force_lead").get(reverse("core:home")).content.decode()
    assert "Plans awaiting your approval" not in home


def test_no_change_since_approval_right_after_approving(world: World, client_for: Any) -> None:
    """Straight after approval the plan page shows no "change since approval"."""
    plan = ready(world)
    client_for("bcu_lead").post(reverse("plans:plan-submit", args=[plan.pk]))
    client_for("force_lead").post(reverse("plans:plan-approve", args=[plan.pk]), {"note": ""})
    page = client_for("bcu_lead").get(reverse("plans:plan-detail", args=[plan.pk]))
    assert page.context["changes_since"] == 0
    assert "since approval" not in page.content.decode()
