"""Submitting a plan tells the force lead; approving it is not a change since approval (issue 16,
item 4); an approved plan is submitted again only for the changes made since its approval."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from preventplan.lib.dates import format_date
from preventplan.plans import actions as plan_actions
from preventplan.plans.models import Plan, PlanChange, PlanStatus
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


def approved(world: World) -> Any:
    """BCU A1's plan approved, with its approval (and its history so far) five minutes ago, so a
    change made now is a change since approval."""
    plan = ready(world)
    plan_actions.submit_plan(world.users["bcu_lead"], plan)
    plan_actions.approve_plan(world.users["force_lead"], plan)
    earlier = timezone.now() - timedelta(minutes=5)
    Plan.objects.filter(pk=plan.pk).update(approved_at=earlier)
    PlanChange.objects.filter(plan=plan).update(at=earlier)
    plan.refresh_from_db()
    return plan


def test_approved_plan_with_no_changes_offers_no_submission(world: World, client_for: Any) -> None:
    """With nothing changed since approval, the plan page offers no submission, the confirmation
    page sends the lead back saying why, and a submission is refused: the plan stays approved and
    nobody is e-mailed."""
    plan = approved(world)
    lead = client_for("bcu_lead")
    submit = reverse("plans:plan-submit", args=[plan.pk])
    page = lead.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    assert submit not in page and "Submit for approval" not in page
    asked = lead.get(submit, follow=True)
    assert asked.redirect_chain == [(reverse("plans:plan-detail", args=[plan.pk]), 302)]
    assert "nothing has changed since, so there is nothing to submit" in asked.content.decode()
    mail.outbox.clear()
    refused = lead.post(submit, follow=True)
    assert "nothing has changed since" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and mail.outbox == []
    with pytest.raises(plan_actions.PlanRuleError):
        plan_actions.submit_plan(world.users["bcu_lead"], plan)


def test_approved_plan_with_changes_says_what_submitting_does(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """With changes since approval the plan page offers to submit them (not as its main green
    button) and says how many and what submitting does; the confirmation page says the plan is
    approved already and that the force lead is asked to approve the changes."""
    plan = approved(world)
    plan_actions.set_rag_override(
        world.users["bcu_lead"], world.action("a1", "3.1"), "amber", "Partner delayed", 1
    )
    plan_actions.add_local_action(
        world.users["bcu_lead"],
        plan,
        world.action("a1", "3.1").objective,
        text="Local forum",
        owner=world.users["bcu_lead"],
    )
    lead = client_for("bcu_lead")
    submit = reverse("plans:plan-submit", args=[plan.pk])
    page = lead.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    assert (
        "2 changes since approval; submitting asks the force Prevent lead to approve them." in page
    )
    assert (
        f'<a class="govuk-button govuk-button--secondary" href="{submit}" '
        'aria-describedby="resubmit-hint">Submit the changes for approval</a>'
    ) in page
    confirm = lead.get(submit).content.decode()
    assert f"Submit the changes to {plan.title} for approval?" in confirm
    assert f"This plan was approved on {format_date(timezone.localdate(plan.approved_at))}" in (
        confirm
    )
    assert (
        "2 changes have been made since approval; submitting asks the force Prevent lead to "
        "approve them."
    ) in confirm
    assert "If they return it for changes, it goes back to draft" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        lead.post(submit)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and len(mail.outbox) == 1


def test_draft_keeps_submission_as_its_main_action(world: World, client_for: Any) -> None:
    """A draft's plan page still offers "Submit for approval" as its main (green) button, and its
    confirmation page reads as for a draft."""
    plan = ready(world)
    lead = client_for("bcu_lead")
    submit = reverse("plans:plan-submit", args=[plan.pk])
    page = lead.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    assert f'<a class="govuk-button" href="{submit}">Submit for approval</a>' in page
    confirm = lead.get(submit).content.decode()
    assert f"Submit {plan.title} for approval?" in confirm
    assert "The force Prevent lead will be asked to approve it." in confirm
