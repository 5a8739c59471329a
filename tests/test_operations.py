"""Health check, demo data and synthetic data commands."""

from __future__ import annotations

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client

from preventplan.accounts.models import User
from preventplan.core.demo import DEMO_PASSWORD, DEMO_USERS, demo_email
from preventplan.organisations.models import Membership, Organisation, Partnership

pytestmark = pytest.mark.django_db


def test_healthz_ok() -> None:
    """/healthz answers 200 and says the database is well."""
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_healthz_database_down() -> None:
    """503 with JSON when the database does not answer."""
    with mock.patch("preventplan.core.views.connection.cursor", side_effect=RuntimeError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "error"


def test_seed_demo_once_and_keeps_user_changes() -> None:
    """seed_demo creates one user per role; a second run changes nothing users entered."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo data created." in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    for demo in DEMO_USERS:
        user = User.objects.get(email=demo_email(demo.email))
        assert Membership.objects.filter(user=user, role=demo.role).count() == 1
    Organisation.objects.filter(name="Eastdale BCU").update(short_name="Changed by a user")
    counts = (Organisation.objects.count(), User.objects.count(), Partnership.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "already present" in out.getvalue()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Partnership.objects.count(),
    ) == counts
    assert Organisation.objects.get(name="Eastdale BCU").short_name == "Changed by a user"


def test_demo_users_can_sign_in() -> None:
    """After seed_demo a demo user signs in with the demo password."""
    call_command("seed_demo", stdout=StringIO())
    client = Client()
    assert client.login(username="force.lead@demo.example", password=DEMO_PASSWORD)


def test_demo_plans_read_as_approved_in_the_spring_and_delivered_since() -> None:
    """The demo's approved plans were drawn up, submitted and approved weeks into their year,
    in that order, and each progress update is recorded on the day it reports; what was changed
    after the approval counts as changed since it."""
    from preventplan.lib.dates import today
    from preventplan.plans.models import Plan, PlanChange, PlanStatus, ProgressUpdate

    call_command("seed_demo", stdout=StringIO())
    plans = Plan.objects.filter(status=PlanStatus.APPROVED, period_end__gte=today())
    assert plans.count() == 3
    for plan in plans:
        assert plan.created_at and plan.submitted_at and plan.approved_at
        assert plan.created_at < plan.submitted_at < plan.approved_at
        assert plan.approved_at.date() < today()
        assert plan.approvals.get().approved_at == plan.approved_at
        order = list(
            PlanChange.objects.filter(plan=plan).order_by("at").values_list("what", flat=True)
        )
        assert order.index("Submitted for approval") < order.index("Approved")
        for update in ProgressUpdate.objects.filter(action__plan=plan):
            assert update.created_at.date() == update.reported_on
    # The city plan's changes after approval (a RAG set by hand) count, whatever the day.
    assert plans.get(organisation__name="Northmoor City BCU").changes_since_approval() >= 1
    # Last year's NI35 self-assessment was submitted the day it was assessed.
    from preventplan.performance.models import Ni35Assessment

    submitted = Ni35Assessment.objects.exclude(submitted_at=None).get()
    assert submitted.submitted_at and submitted.submitted_at.date() == submitted.assessed_on


def test_generate_dataset_small_is_deterministic() -> None:
    """The same scale gives the same counts and names; running again adds nothing."""
    out = StringIO()
    call_command("generate_dataset", "--scale", "small", stdout=out)
    assert "forces" in out.getvalue()
    forces = Organisation.objects.filter(name__startswith="Synthetic small force", kind="force")
    bcus = Organisation.objects.filter(name__startswith="Synthetic small BCU")
    assert forces.count() == 2 and bcus.count() == 6
    names = sorted(
        Organisation.objects.filter(name__startswith="Synthetic").values_list("name", flat=True)
    )
    for bcu in bcus:
        assert bcu.path.startswith(bcu.parent.path)  # type: ignore[union-attr]
    call_command("generate_dataset", "--scale", "small", stdout=StringIO())
    assert (
        sorted(
            Organisation.objects.filter(name__startswith="Synthetic").values_list("name", flat=True)
        )
        == names
    )


def test_generate_dataset_history() -> None:
    """The small dataset has a year of plans for every force and BCU, registers, indicator
    values, weekly tension returns, meetings and audit events, and the audit chain is intact."""
    from preventplan.audit.log import verify_chain
    from preventplan.plans.models import Plan
    from preventplan.tension.models import BcuReturn

    out = StringIO()
    call_command("generate_dataset", "--scale", "small", stdout=out)
    text = out.getvalue()
    for name in ["plans", "milestones", "risks", "indicator values", "tension returns", "meetings"]:
        assert name in text
    units = Organisation.objects.filter(
        name__startswith="Synthetic small", kind__in=["force", "bcu"]
    )
    assert Plan.objects.filter(organisation__in=units).count() == units.count() == 8
    assert BcuReturn.objects.filter(bcu__name__startswith="Synthetic small").exists()
    assert verify_chain().intact


def test_postgresql_connections_run_without_jit() -> None:
    """On PostgreSQL the app's connections turn the JIT compiler off (it cost the dashboard
    queries more than it saved: docs/performance.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
