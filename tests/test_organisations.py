"""Organisations, partnerships, roles and invitations: what people can do and what it records."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from preventplan.accounts.models import User
from preventplan.audit.models import AuditEvent
from preventplan.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
)
from tests.world import PASSWORD, World


def visible_names(client: Any) -> set[str]:
    response = client.get(reverse("organisations:organisation-list") + "?page=1")
    return {o.name for o in response.context["page"].paginator.object_list}


def test_lists_show_only_what_the_persona_may_see(world: World, client_for: Any) -> None:
    """Organisation lists are the policy-computed set for each persona."""
    everyone_a = {"England", "Test Region", "Force A"}
    assert visible_names(client_for("partner_user")) == everyone_a | {"Local Authority L", "BCU A1"}
    assert visible_names(client_for("bcu_lead")) == everyone_a | {"BCU A1", "Local Authority L"}
    force_a = visible_names(client_for("force_lead"))
    assert force_a == everyone_a | {
        "BCU A1",
        "BCU A2",
        "Force A Police Authority",
        "Local Authority L",
        "School near A2",
    }
    assert visible_names(client_for("national_admin")) == force_a | {
        "Force B",
        "BCU B1",
        "Council in B",
    }
    assert visible_names(client_for("oversight_reader")) == force_a


def test_list_filters_and_search(world: World, client_for: Any) -> None:
    """Kind filter and name search narrow the list."""
    client = client_for("force_lead")
    response = client.get(reverse("organisations:organisation-list"), {"kind": "bcu"})
    assert {o.name for o in response.context["page"]} == {"BCU A1", "BCU A2"}
    response = client.get(reverse("organisations:organisation-list"), {"q": "authority"})
    assert {o.name for o in response.context["page"]} == {
        "Local Authority L",
        "Force A Police Authority",
    }
    response = client.get(reverse("organisations:organisation-list"), {"q": "nothing like this"})
    assert b"No organisations match these filters" in response.content


def test_force_lead_adds_a_bcu(world: World, client_for: Any) -> None:
    """A force lead creates a BCU under their force; it is audited and gets its path."""
    url = reverse("organisations:organisation-create") + f"?parent={world.orgs['force_a'].pk}"
    response = client_for("force_lead").post(url, {"name": "BCU A3", "kind": "bcu"})
    org = Organisation.objects.get(name="BCU A3")
    assert response.status_code == 302
    assert org.parent == world.orgs["force_a"]
    assert org.path == f"{world.orgs['force_a'].path}{org.pk}/"
    assert (
        AuditEvent.objects.filter(event="organisation.created", record_id=str(org.pk)).count() == 1
    )


def test_create_validation_errors_write_nothing(world: World, client_for: Any) -> None:
    """Missing name, duplicate name, partner without type: clear errors, no rows."""
    client = client_for("force_lead")
    url = reverse("organisations:organisation-create") + f"?parent={world.orgs['force_a'].pk}"
    before = Organisation.objects.count()
    response = client.post(url, {"name": "", "kind": "bcu"})
    assert "Enter the organisation’s name" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    response = client.post(url, {"name": "bcu a1", "kind": "bcu"})
    assert "An organisation with this name already exists here" in response.content.decode()
    response = client.post(url, {"name": "New partner", "kind": "partner"})
    assert "Select the type of partner organisation" in response.content.decode()
    response = client.post(url, {"name": "A region", "kind": "region"})
    assert "Select a valid choice" in response.content.decode()
    assert Organisation.objects.count() == before


def test_force_lead_cannot_create_outside_their_force(world: World, client_for: Any) -> None:
    """A parent in another force is not found; a parent they can see but not manage is refused."""
    client = client_for("force_lead")
    url = reverse("organisations:organisation-create")
    assert (
        client.post(
            f"{url}?parent={world.orgs['force_b'].pk}", {"name": "X", "kind": "bcu"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{url}?parent={world.orgs['region'].pk}", {"name": "X", "kind": "force"}
        ).status_code
        == 403
    )
    assert not Organisation.objects.filter(name="X").exists()


def test_edit_with_stale_version_is_refused(world: World, client_for: Any) -> None:
    """Two people edit at once: the second save is refused and nothing is overwritten."""
    org = world.orgs["bcu_a1"]
    url = reverse("organisations:organisation-edit", args=[org.pk])
    client = client_for("force_lead")
    first = client.post(
        url, {"name": "BCU A1 North", "kind": "bcu", "is_active": "on", "version": org.version}
    )
    assert first.status_code == 302
    second = client.post(
        url, {"name": "BCU A1 South", "kind": "bcu", "is_active": "on", "version": org.version}
    )
    assert second.status_code == 200
    assert "Someone else changed this record" in second.content.decode()
    assert "BCU A1 South" in second.content.decode()  # what they entered is shown, not lost
    org.refresh_from_db()
    assert org.name == "BCU A1 North"
    assert org.version == 2
    event = AuditEvent.objects.get(event="organisation.updated", record_id=str(org.pk))
    assert event.details["changes"]["name"] == ["BCU A1", "BCU A1 North"]


def test_mass_assignment_ignored(world: World, client_for: Any) -> None:
    """Posting kind, parent or version fields that the form does not offer changes nothing."""
    org = world.orgs["bcu_a1"]
    url = reverse("organisations:organisation-edit", args=[org.pk])
    client_for("force_lead").post(
        url,
        {
            "name": "BCU A1",
            "kind": "force",
            "parent": world.orgs["force_b"].pk,
            "is_active": "on",
            "version": org.version,
            "path": "/1/",
        },
    )
    org.refresh_from_db()
    assert (org.kind, org.parent_id) == (OrganisationKind.BCU, world.orgs["force_a"].pk)


def test_grant_existing_user_and_remove_role(world: World, client_for: Any) -> None:
    """A BCU lead gives an existing person the action-owner role, then removes it; both audited."""
    person = User.objects.create_user("helper@test.example", PASSWORD, full_name="Helper")
    client = client_for("bcu_lead")
    response = client.post(
        reverse("organisations:invite", args=[world.orgs["bcu_a1"].pk]),
        {"email": "HELPER@test.example", "role": Role.ACTION_OWNER},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person, role=Role.ACTION_OWNER, ended_at=None)
    assert membership.granted_by == world.users["bcu_lead"]
    client.post(reverse("organisations:membership-end", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert (
        AuditEvent.objects.filter(event="membership.granted", record_id=str(membership.pk)).count()
        == 1
    )
    assert (
        AuditEvent.objects.filter(event="membership.ended", record_id=str(membership.pk)).count()
        == 1
    )


def test_bcu_lead_cannot_grant_force_roles(world: World, client_for: Any) -> None:
    """Only roles the granter may give are offered, and others are refused."""
    response = client_for("bcu_lead").post(
        reverse("organisations:invite", args=[world.orgs["bcu_a1"].pk]),
        {"email": "x@test.example", "role": Role.BCU_LEAD},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.filter(email="x@test.example").exists()


def test_removed_role_stops_working_on_next_request(world: World, client_for: Any) -> None:
    """Revocation: once a membership ends the person loses sight at once."""
    client = client_for("force_lead")
    url = reverse("organisations:organisation-detail", args=[world.orgs["bcu_a2"].pk])
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=world.users["force_lead"]).update(ended_at=timezone.now())
    assert client.get(url).status_code == 404


def test_invitation_flow(world: World, client_for: Any) -> None:
    """Invite by e-mail; the link creates the account once, signs in and grants the role."""
    client_for("force_lead").post(
        reverse("organisations:invite", args=[world.orgs["bcu_a2"].pk]),
        {"email": "newlead@test.example", "full_name": "New Lead", "role": Role.BCU_LEAD},
    )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "BCU Prevent lead in BCU A2" in body
    path = body.split("http://127.0.0.1:8000", 1)[1].split()[0]
    guest = client_for("anonymous")
    weak = guest.post(path, {"full_name": "New Lead", "password1": "short", "password2": "short"})
    assert "at least 12 characters" in weak.content.decode()
    assert not User.objects.filter(email="newlead@test.example").exists()
    good = "a long and memorable phrase"
    response = guest.post(path, {"full_name": "New Lead", "password1": good, "password2": good})
    assert response.status_code == 302
    user = User.objects.get(email="newlead@test.example")
    assert (
        Membership.objects.filter(
            user=user, organisation=world.orgs["bcu_a2"], role=Role.BCU_LEAD
        ).count()
        == 1
    )
    assert guest.get(reverse("core:home")).status_code == 200  # signed in
    again = client_for("anonymous").get(path)
    assert again.status_code == 410  # single use


def test_expired_invitation_cannot_be_used(world: World, client_for: Any) -> None:
    """An expired invitation link answers 410 and says it cannot be used."""
    from preventplan.organisations.actions import invite

    invitation, token = invite(
        world.users["force_lead"],
        email="late@test.example",
        full_name="",
        organisation=world.orgs["bcu_a1"],
        role=Role.ACTION_OWNER,
        send_email=False,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client_for("anonymous").get(reverse("organisations:invitation-accept", args=[token]))
    assert response.status_code == 410
    assert "This invitation cannot be used" in response.content.decode()


def test_invitation_for_existing_account_needs_that_account(world: World, client_for: Any) -> None:
    """An invitation to an existing e-mail is accepted only by that signed-in user."""
    from preventplan.organisations.actions import invite

    _, token = invite(
        world.users["force_lead"],
        email="bcu_lead@test.example",
        full_name="",
        organisation=world.orgs["bcu_a2"],
        role=Role.ACTION_OWNER,
        send_email=False,
    )
    url = reverse("organisations:invitation-accept", args=[token])
    assert client_for("partner_user").post(url).status_code == 403
    assert client_for("bcu_lead").post(url).status_code == 302
    assert (
        Membership.objects.filter(
            user=world.users["bcu_lead"], organisation=world.orgs["bcu_a2"]
        ).count()
        == 1
    )


def test_partnership_create_and_edit(world: World, client_for: Any) -> None:
    """A force lead creates a partnership from organisations in their force area."""
    client = client_for("force_lead")
    response = client.post(
        reverse("organisations:partnership-create"),
        {
            "name": "A2 CSP",
            "kind": "cdrp-csp",
            "members": [world.orgs["bcu_a2"].pk, world.orgs["school_a2"].pk],
        },
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get(name="A2 CSP")
    assert set(partnership.members.values_list("name", flat=True)) == {"BCU A2", "School near A2"}
    # An organisation from another force cannot be added.
    response = client.post(
        reverse("organisations:partnership-edit", args=[partnership.pk]),
        {
            "name": "A2 CSP",
            "kind": "cdrp-csp",
            "members": [world.orgs["bcu_b1"].pk],
            "is_active": "on",
            "version": 1,
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert partnership.members.count() == 2


def test_partner_sees_partnership_members_only(world: World, client_for: Any) -> None:
    """A partner user sees the partnerships they are in, not the other force's."""
    response = client_for("partner_user").get(reverse("organisations:partnership-list"))
    assert [p.name for p in response.context["page"]] == ["A1 Prevent Forum"]
