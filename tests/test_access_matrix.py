"""Every route × every persona: the closed-world access matrix (docs/testing.md).

Each named route must have an entry in POLICY (pages) or API_POLICY (the API, exercised with
bearer tokens in test_api.py). A new view without an entry fails ``test_every_route_has_a_policy``.
Expected results: 200 allowed; 302 anonymous sent to sign-in; 403 visible but not allowed;
404 not visible (outsiders never learn that a record exists); 405 wrong method.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from preventplan.accounts.actions import create_api_token
from preventplan.organisations import actions
from preventplan.organisations.models import Membership, Role
from tests.factories import (
    api_client,
    case_protocol,
    make_assessment,
    make_benefit,
    make_board,
    make_case,
    make_communication,
    make_consequence_plan,
    make_dip_sample,
    make_engagement,
    make_grievance,
    make_learning,
    make_meeting,
    make_meeting_action,
    make_network,
    make_post,
    make_powers_return,
    make_project,
    make_protocol,
    make_risk,
    make_training,
    risk_body,
    start_ni35,
)
from tests.world import PERSONAS, World

ALL = list(PERSONAS)
SIGNED_IN = [p for p in ALL if p != "anonymous"]


def expect(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    result = {p: default for p in SIGNED_IN}
    result["anonymous"] = anonymous
    result.update(overrides)
    return result


@dataclass
class Case:
    label: str
    url: Callable[[World], str]
    expected: dict[str, int]


def org_url(name: str, key: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.orgs[key].pk])


def membership_url(w: World) -> str:
    m = Membership.objects.get(user=w.users["action_owner"], role=Role.ACTION_OWNER, ended_at=None)
    return reverse("organisations:membership-end", args=[m.pk])


def invitation_url(w: World) -> str:
    invitation, _ = actions.invite(
        w.users["force_lead"],
        email="new@test.example",
        full_name="",
        organisation=w.orgs["bcu_a1"],
        role=Role.ACTION_OWNER,
        send_email=False,
    )
    return reverse("organisations:invitation-withdraw", args=[invitation.pk])


def token_url(w: World) -> str:
    token, _ = create_api_token(w.users["force_lead"], "test")
    return reverse("accounts:token-revoke", args=[token.pk])


def activity_url(w: World) -> str:
    from preventplan.catalogue.models import Activity

    return reverse("catalogue:activity-detail", args=[Activity.objects.get(number="3.1").pk])


static = lambda name, *args: lambda w: reverse(name, args=list(args))  # noqa: E731

SEE_FORCE_A = dict(other_force_lead=404)
# Personas whose role requires two-factor sign-in, and who have an authenticator in the test world.
WITH_DEVICE = dict(national_admin=200, force_lead=200, auditor=200, other_force_lead=200)
MANAGE_FORCE_A = expect(403, national_admin=200, force_lead=200, other_force_lead=404)

POLICY: dict[str, list[Case]] = {
    "core:home": [Case("home", static("core:home"), expect(200))],
    "core:healthz": [Case("health", static("core:healthz"), expect(200, anonymous=200))],
    "core:session-extend": [Case("GET refused", static("core:session-extend"), expect(405))],
    "core:language": [Case("GET refused", static("core:language"), expect(405, anonymous=405))],
    "core:accessibility": [
        Case("statement", static("core:accessibility"), expect(200, anonymous=200))
    ],
    "accounts:sign-in": [Case("form", static("accounts:sign-in"), expect(302, anonymous=200))],
    "accounts:sign-out": [Case("GET refused", static("accounts:sign-out"), expect(405))],
    "accounts:password-reset": [
        Case("form", static("accounts:password-reset"), expect(200, anonymous=200))
    ],
    "accounts:password-reset-sent": [
        Case("page", static("accounts:password-reset-sent"), expect(200, anonymous=200))
    ],
    "accounts:password-reset-confirm": [
        Case(
            "bad link",
            static("accounts:password-reset-confirm", "MQ", "bad-token"),
            expect(200, anonymous=200),
        )
    ],
    "accounts:password-reset-done": [
        Case("page", static("accounts:password-reset-done"), expect(200, anonymous=200))
    ],
    "accounts:account": [Case("own account", static("accounts:account"), expect(200))],
    "accounts:two-factor-verify": [
        Case("code page", static("accounts:two-factor-verify"), expect(302, **WITH_DEVICE))
    ],
    "accounts:sso": [Case("not configured", static("accounts:sso"), expect(404, anonymous=404))],
    "accounts:sso-callback": [
        Case("not configured", static("accounts:sso-callback"), expect(404, anonymous=404))
    ],
    "accounts:reauthenticate": [Case("confirm", static("accounts:reauthenticate"), expect(200))],
    "accounts:two-factor-setup": [Case("set up", static("accounts:two-factor-setup"), expect(200))],
    "accounts:two-factor-remove": [
        Case(
            "turn off",
            static("accounts:two-factor-remove"),
            expect(200, **{p: 403 for p in WITH_DEVICE}),
        )
    ],
    "accounts:recovery-codes": [
        Case("new codes", static("accounts:recovery-codes"), expect(302, **WITH_DEVICE))
    ],
    "accounts:token-revoke": [Case("force lead's token", token_url, expect(404, force_lead=200))],
    "catalogue:activity-list": [Case("list", static("catalogue:activity-list"), expect(200))],
    "catalogue:activity-detail": [
        Case("3.1", activity_url, expect(200)),
        Case("missing", static("catalogue:activity-detail", 999999), expect(404)),
    ],
    "catalogue:objective-list": [Case("list", static("catalogue:objective-list"), expect(200))],
    "catalogue:objective-detail": [
        Case("objective 3", static("catalogue:objective-detail", 3), expect(200)),
        Case("objective 9", static("catalogue:objective-detail", 9), expect(404)),
    ],
    "catalogue:abbreviation-list": [
        Case("list", static("catalogue:abbreviation-list"), expect(200))
    ],
    "catalogue:print": [Case("print", static("catalogue:print"), expect(200))],
    "organisations:organisation-list": [
        Case("list", static("organisations:organisation-list"), expect(200))
    ],
    "organisations:organisation-create": [
        Case(
            "top level",
            static("organisations:organisation-create"),
            expect(403, national_admin=200),
        ),
    ],
    "organisations:organisation-detail": [
        Case(
            "force A",
            org_url("organisations:organisation-detail", "force_a"),
            expect(200, **SEE_FORCE_A),
        ),
        Case(
            "BCU A2",
            org_url("organisations:organisation-detail", "bcu_a2"),
            expect(200, bcu_lead=404, action_owner=404, partner_user=404, other_force_lead=404),
        ),
        Case(
            "local authority L (partner of A1)",
            org_url("organisations:organisation-detail", "la"),
            expect(200, other_force_lead=404),
        ),
        Case(
            "force B",
            org_url("organisations:organisation-detail", "force_b"),
            expect(404, national_admin=200, regional_oversight=200, other_force_lead=200),
        ),
    ],
    "organisations:organisation-edit": [
        Case("force A", org_url("organisations:organisation-edit", "force_a"), MANAGE_FORCE_A),
        Case(
            "BCU A2",
            org_url("organisations:organisation-edit", "bcu_a2"),
            expect(
                403,
                national_admin=200,
                force_lead=200,
                bcu_lead=404,
                action_owner=404,
                partner_user=404,
                other_force_lead=404,
            ),
        ),
    ],
    "organisations:invite": [
        Case(
            "BCU A1",
            org_url("organisations:invite", "bcu_a1"),
            expect(403, national_admin=200, force_lead=200, bcu_lead=200, other_force_lead=404),
        ),
        Case(
            "force B",
            org_url("organisations:invite", "force_b"),
            expect(404, national_admin=200, regional_oversight=403, other_force_lead=200),
        ),
    ],
    "organisations:membership-end": [
        Case(
            "action owner's role in A1",
            membership_url,
            expect(404, national_admin=200, force_lead=200, bcu_lead=200, action_owner=403),
        )
    ],
    "organisations:invitation-withdraw": [
        Case(
            "invitation to A1",
            invitation_url,
            expect(403, national_admin=200, force_lead=200, bcu_lead=200, other_force_lead=404),
        )
    ],
    "organisations:invitation-accept": [
        Case(
            "unknown token",
            static("organisations:invitation-accept", "not-a-token"),
            expect(404, anonymous=404),
        )
    ],
    "organisations:partnership-list": [
        Case("list", static("organisations:partnership-list"), expect(200))
    ],
    "organisations:partnership-create": [
        Case(
            "form",
            static("organisations:partnership-create"),
            expect(403, national_admin=200, force_lead=200, other_force_lead=200),
        )
    ],
    "organisations:partnership-detail": [
        Case(
            "A1 forum",
            lambda w: reverse("organisations:partnership-detail", args=[w.partnership.pk]),
            expect(200, other_force_lead=404),
        ),
        Case(
            "B1 CSP",
            lambda w: reverse("organisations:partnership-detail", args=[w.partnership_b.pk]),
            expect(404, national_admin=200, regional_oversight=200, other_force_lead=200),
        ),
    ],
    "organisations:partnership-edit": [
        Case(
            "A1 forum",
            lambda w: reverse("organisations:partnership-edit", args=[w.partnership.pk]),
            MANAGE_FORCE_A,
        ),
    ],
}


def plan_url(name: str, key: str = "a1", *extra: Any) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.plans[key].pk, *extra])


def action_url(name: str, number: str = "3.1") -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.action("a1", number).pk])


def milestone_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.action("a1", "3.1").milestones.first().pk])  # type: ignore[union-attr]


def evidence_url(w: World) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from preventplan.plans.actions import EvidenceInput, add_progress_update
    from preventplan.plans.models import Evidence

    upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    add_progress_update(
        w.users["bcu_lead"],
        w.action("a1", "3.1"),
        reported_on=w.plans["a1"].period_start,
        rag="green",
        narrative="On track",
        evidence=[EvidenceInput(title="Minutes", upload=upload, content_type="application/pdf")],
    )
    return reverse("plans:evidence-download", args=[Evidence.objects.latest("pk").pk])


def import_url(w: World) -> str:
    from preventplan.plans.models import PlanImport

    staged = PlanImport.objects.create(
        plan=w.plans["a1"],
        filename="x.csv",
        content=b"No.,Owner\n",
        uploaded_by=w.users["bcu_lead"],
        plan_version=w.plans["a1"].version,
    )
    return reverse("plans:plan-import-preview", args=[w.plans["a1"].pk, staged.pk])


# Who reads the A1 plan; who runs it; who approves it; who updates action 3.1 (owned by the
# action owner; Local Authority L is a delivery partner); who sees it at all.
READ_A1 = expect(
    404,
    national_admin=200,
    regional_oversight=200,
    force_lead=200,
    bcu_lead=200,
    oversight_reader=200,
)
RUN_A1 = expect(
    404,
    bcu_lead=200,
    national_admin=403,
    regional_oversight=403,
    force_lead=403,
    oversight_reader=403,
)
APPROVE_A1 = expect(
    404,
    force_lead=200,
    national_admin=403,
    regional_oversight=403,
    bcu_lead=403,
    oversight_reader=403,
)
SEE_3_1 = {**READ_A1, "action_owner": 200, "partner_user": 200}
MANAGE_3_1 = {**{k: (403 if v == 200 else v) for k, v in SEE_3_1.items()}, "bcu_lead": 200}
UPDATE_3_1 = {**MANAGE_3_1, "action_owner": 200}

POLICY.update(
    {
        "audit:event-list": [Case("log", static("audit:event-list"), expect(404, auditor=200))],
        "audit:retention-queue": [
            Case(
                "queue",
                static("audit:retention-queue"),
                expect(404, national_admin=200, force_lead=200, other_force_lead=200, bcu_lead=200),
            )
        ],
        "audit:retention-decide": [
            Case("not due", static("audit:retention-decide", "plans.plan", "1"), expect(404))
        ],
        "audit:event-export": [
            Case("reason form", static("audit:event-export"), expect(404, auditor=200))
        ],
        "plans:plan-list": [Case("list", static("plans:plan-list"), expect(200))],
        "plans:plan-create": [
            Case(
                "form",
                static("plans:plan-create"),
                expect(403, bcu_lead=200, force_lead=200, other_force_lead=200),
            )
        ],
        "plans:plan-detail": [
            Case("A1 plan", plan_url("plans:plan-detail"), READ_A1),
            Case(
                "B1 plan",
                plan_url("plans:plan-detail", "b1"),
                expect(404, national_admin=200, regional_oversight=200, other_force_lead=200),
            ),
        ],
        "plans:plan-edit": [Case("A1 plan", plan_url("plans:plan-edit"), RUN_A1)],
        "plans:plan-submit": [Case("A1 plan", plan_url("plans:plan-submit"), RUN_A1)],
        "plans:plan-close": [Case("A1 plan", plan_url("plans:plan-close"), RUN_A1)],
        "plans:plan-roll-forward": [Case("A1 plan", plan_url("plans:plan-roll-forward"), RUN_A1)],
        "plans:plan-import": [Case("A1 plan", plan_url("plans:plan-import"), RUN_A1)],
        "plans:plan-import-preview": [Case("BCU lead's upload", import_url, RUN_A1)],
        "plans:action-create": [Case("A1 plan", plan_url("plans:action-create"), RUN_A1)],
        "plans:plan-bulk": [
            Case("A1 plan", plan_url("plans:plan-bulk"), {**RUN_A1, "bcu_lead": 302})
        ],
        "plans:plan-approve": [Case("A1 plan", plan_url("plans:plan-approve"), APPROVE_A1)],
        "plans:plan-return": [Case("A1 plan", plan_url("plans:plan-return"), APPROVE_A1)],
        "plans:plan-changes": [Case("A1 plan", plan_url("plans:plan-changes"), READ_A1)],
        "plans:plan-template": [Case("A1 plan", plan_url("plans:plan-template"), READ_A1)],
        "plans:plan-checklist": [
            Case("A1 HTML", plan_url("plans:plan-checklist", "a1", "html"), READ_A1),
            Case("A1 CSV", plan_url("plans:plan-checklist", "a1", "csv"), READ_A1),
            Case(
                "A1 unknown format",
                plan_url("plans:plan-checklist", "a1", "doc"),
                {**READ_A1, **{k: 404 for k, v in READ_A1.items() if v == 200}},
            ),
        ],
        "plans:template-checklist": [
            Case("blank BCU CSV", static("plans:template-checklist", "bcu", "csv"), expect(200)),
            Case("unknown kind", static("plans:template-checklist", "region", "csv"), expect(404)),
        ],
        "core:action-list": [Case("list", static("core:action-list"), expect(200))],
        "plans:action-detail": [
            Case("3.1 (owned, partnered)", action_url("plans:action-detail"), SEE_3_1),
            Case("6.5 (neither)", action_url("plans:action-detail", "6.5"), READ_A1),
        ],
        "plans:action-edit": [Case("3.1", action_url("plans:action-edit"), MANAGE_3_1)],
        "plans:rag-override": [Case("3.1", action_url("plans:rag-override"), MANAGE_3_1)],
        "plans:milestone-create": [Case("3.1", action_url("plans:milestone-create"), UPDATE_3_1)],
        "plans:progress-create": [Case("3.1", action_url("plans:progress-create"), UPDATE_3_1)],
        "plans:milestone-edit": [
            Case("3.1's milestone", milestone_url("plans:milestone-edit"), UPDATE_3_1)
        ],
        "plans:milestone-delete": [
            Case("3.1's milestone", milestone_url("plans:milestone-delete"), UPDATE_3_1)
        ],
        "plans:evidence-download": [Case("3.1's evidence", evidence_url, SEE_3_1)],
    }
)


def protocol_url(name: str) -> Callable[[World], str]:
    def build(w: World) -> str:
        from preventplan.sharing.models import LegalBasis, Protocol

        protocol = Protocol.objects.create(
            reference="ISP-1",
            title="A1 forum sharing",
            owner=w.orgs["force_a"],
            scope="Plans",
            legal_basis=LegalBasis.CDA_S115,
            categories="plans",
            review_on=w.plans["a1"].period_end,
        )
        protocol.partnerships.set([w.partnership])
        return reverse(name, args=[protocol.pk])

    return build


POLICY.update(
    {
        "sharing:protocol-list": [Case("list", static("sharing:protocol-list"), expect(200))],
        "sharing:protocol-export": [
            Case("Excel of what one reads", static("sharing:protocol-export", "xlsx"), expect(200))
        ],
        "sharing:protocol-create": [
            Case(
                "form",
                static("sharing:protocol-create"),
                expect(403, force_lead=200, bcu_lead=200, other_force_lead=200),
            )
        ],
        "sharing:protocol-detail": [
            Case(
                "A1 forum protocol",
                protocol_url("sharing:protocol-detail"),
                expect(200, other_force_lead=404),
            )
        ],
        "sharing:protocol-edit": [
            Case(
                "A1 forum protocol",
                protocol_url("sharing:protocol-edit"),
                expect(403, force_lead=200, other_force_lead=404),
            )
        ],
        "plans:plan-share": [Case("A1 plan", plan_url("plans:plan-share"), RUN_A1)],
    }
)


def register_url(name: str, kind: str) -> Callable[[World], str]:
    """A record in BCU A1's register, owned by the action owner."""

    def build(w: World) -> str:
        maker = make_risk if kind == "risk" else make_benefit
        return reverse(name, args=[maker(w).pk])

    return build


def assessment_url(name: str) -> Callable[[World], str]:
    def build(w: World) -> str:
        return reverse(name, args=[make_assessment(w).pk])

    return build


# An A1 register record: read like the A1 plan, and by its owner (the action owner); changed by
# the BCU lead; reviewed or measured by the BCU lead or the owner.
SEE_RECORD = {**READ_A1, "action_owner": 200}
MANAGE_RECORD = {**{k: (403 if v == 200 else v) for k, v in SEE_RECORD.items()}, "bcu_lead": 200}
UPDATE_RECORD = {**MANAGE_RECORD, "action_owner": 200}
RUNS_A_REGISTER = expect(403, bcu_lead=200, force_lead=200, other_force_lead=200)


def programme_url(kind: str) -> Callable[[str], Callable[[World], str]]:
    if kind == "assessment":
        return assessment_url
    return lambda name: register_url(name, kind)


for kind in ["risk", "benefit", "assessment"]:
    url = programme_url(kind)
    POLICY.update(
        {
            f"programme:{kind}-list": [Case("list", static(f"programme:{kind}-list"), expect(200))],
            f"programme:{kind}-export": [
                Case(
                    "CSV of what one reads", static(f"programme:{kind}-export", "csv"), expect(200)
                ),
                Case("unknown format", static(f"programme:{kind}-export", "doc"), expect(404)),
            ],
            f"programme:{kind}-create": [
                Case("form", static(f"programme:{kind}-create"), RUNS_A_REGISTER)
            ],
            f"programme:{kind}-detail": [
                Case(f"A1 {kind}", url(f"programme:{kind}-detail"), SEE_RECORD)
            ],
            f"programme:{kind}-edit": [
                Case(f"A1 {kind}", url(f"programme:{kind}-edit"), MANAGE_RECORD)
            ],
        }
    )
COMMUNITY_MAKERS: dict[str, Callable[[World], Any]] = {
    "grievance": make_grievance,
    "learning": make_learning,
    "dip-sample": make_dip_sample,
    "consequence-plan": make_consequence_plan,
}


def community_url(name: str, kind: str) -> Callable[[World], str]:
    """A record in BCU A1's community confidence register, owned by the action owner."""
    return lambda w: reverse(name, args=[COMMUNITY_MAKERS[kind](w).pk])


for kind in COMMUNITY_MAKERS:
    POLICY.update(
        {
            f"registers:{kind}-list": [Case("list", static(f"registers:{kind}-list"), expect(200))],
            f"registers:{kind}-export": [
                Case(
                    "CSV of what one reads", static(f"registers:{kind}-export", "csv"), expect(200)
                ),
            ],
            f"registers:{kind}-create": [
                Case("form", static(f"registers:{kind}-create"), RUNS_A_REGISTER)
            ],
            f"registers:{kind}-detail": [
                Case(f"A1 {kind}", community_url(f"registers:{kind}-detail", kind), SEE_RECORD)
            ],
            f"registers:{kind}-edit": [
                Case(f"A1 {kind}", community_url(f"registers:{kind}-edit", kind), MANAGE_RECORD)
            ],
        }
    )
# The force's powers return: read like the force's plans (not by BCU A1's people), run by the
# force lead.
SEE_FORCE_RECORD = expect(
    404,
    national_admin=200,
    regional_oversight=200,
    force_lead=200,
    oversight_reader=200,
)
POLICY.update(
    {
        "registers:powers-return-list": [
            Case("list", static("registers:powers-return-list"), expect(200))
        ],
        "registers:powers-return-export": [
            Case("CSV", static("registers:powers-return-export", "csv"), expect(200))
        ],
        "registers:powers-return-create": [
            Case("form", static("registers:powers-return-create"), RUNS_A_REGISTER)
        ],
        "registers:powers-return-detail": [
            Case(
                "Force A return",
                lambda w: reverse(
                    "registers:powers-return-detail", args=[make_powers_return(w).pk]
                ),
                SEE_FORCE_RECORD,
            )
        ],
        "registers:powers-return-edit": [
            Case(
                "Force A return",
                lambda w: reverse("registers:powers-return-edit", args=[make_powers_return(w).pk]),
                {k: (403 if v == 200 else v) for k, v in SEE_FORCE_RECORD.items()}
                | {"force_lead": 200},
            )
        ],
    }
)
POLICY["registers:consequence-plan-log"] = [
    Case(
        "A1 plan",
        community_url("registers:consequence-plan-log", "consequence-plan"),
        UPDATE_RECORD,
    )
]
POLICY["programme:risk-review"] = [
    Case("A1 risk", register_url("programme:risk-review", "risk"), UPDATE_RECORD)
]
POLICY["programme:benefit-measure"] = [
    Case("A1 benefit", register_url("programme:benefit-measure", "benefit"), UPDATE_RECORD)
]


# -- case reviews: need to know (docs/case-reviews.md) -------------------------------------------
def case_url(
    name: str, *, officer: bool = False, partner: bool = False, of_case: bool = True
) -> Callable[[World], str]:
    """A case of BCU A1 (plain; with the action owner named as case officer; or owned by Local
    Authority L under a protocol in force covering case reviews), and the page ``name`` about
    it, or (``of_case=False``) about no case, seen while it exists (list, queue, export, add)."""

    def build(w: World) -> str:
        extra: dict[str, Any] = {}
        if officer:
            extra["officer"] = w.users["action_owner"]
        if partner:
            from preventplan.sharing.models import Protocol

            extra["agency"] = w.orgs["la"]
            if not Protocol.objects.filter(reference="ISP-CASES").exists():
                case_protocol(w)
        case = make_case(w, **extra)
        return reverse(name, args=[case.pk]) if of_case else reverse(name)

    return build


def with_case(name: str, **kinds: bool) -> Callable[[World], str]:
    return case_url(name, of_case=False, **kinds)


ONLY = expect(404)  # outsiders, the force lead, oversight and the police authority alike
CASE_BCU = {**ONLY, "bcu_lead": 200}
CASE_OFFICER = {**CASE_BCU, "action_owner": 200}
CASE_PARTNER = {**CASE_BCU, "partner_user": 200}
# Aggregates: whoever reads the organisation's plans.
FIGURES_FORCE_A = expect(
    404,
    national_admin=200,
    regional_oversight=200,
    force_lead=200,
    oversight_reader=200,
)
for name in ["case-detail", "case-reason", "case-stage", "case-review"]:
    POLICY[f"cases:{name}"] = [
        Case("A1 case", case_url(f"cases:{name}"), CASE_BCU),
        Case(
            "A1 case with the action owner as officer",
            case_url(f"cases:{name}", officer=True),
            CASE_OFFICER,
        ),
        Case("LA's case under a protocol", case_url(f"cases:{name}", partner=True), CASE_PARTNER),
    ]
POLICY.update(
    {
        "cases:case-edit": [
            Case("A1 case", case_url("cases:case-edit"), CASE_BCU),
            Case(
                "A1 case with the action owner as officer",
                case_url("cases:case-edit", officer=True),
                {**CASE_BCU, "action_owner": 403},
            ),
            Case(
                "LA's case under a protocol",
                case_url("cases:case-edit", partner=True),
                {**CASE_BCU, "partner_user": 403},
            ),
        ],
        "cases:case-list": [
            Case("list", with_case("cases:case-list"), CASE_BCU),
            Case("officer's list", with_case("cases:case-list", officer=True), CASE_OFFICER),
            Case("partner's list", with_case("cases:case-list", partner=True), CASE_PARTNER),
        ],
        "cases:review-queue": [
            Case("queue", with_case("cases:review-queue"), CASE_BCU),
            Case("partner's queue", with_case("cases:review-queue", partner=True), CASE_PARTNER),
        ],
        "cases:case-export": [
            Case(
                "CSV (asks why)",
                lambda w: (make_case(w), reverse("cases:case-export", args=["csv"]))[1],
                CASE_BCU,
            ),
        ],
        "cases:case-create": [
            Case("form", static("cases:case-create"), CASE_BCU),
            Case(
                "officer may not add",
                with_case("cases:case-create", officer=True),
                {**CASE_BCU, "action_owner": 403},
            ),
        ],
        "cases:figures": [
            Case("Force A", org_url("cases:figures", "force_a"), FIGURES_FORCE_A),
            Case(
                "BCU A1", org_url("cases:figures", "bcu_a1"), {**FIGURES_FORCE_A, "bcu_lead": 200}
            ),
            Case("Local Authority L", org_url("cases:figures", "la"), ONLY),
        ],
    }
)
ENGAGEMENT_MAKERS: dict[str, Callable[[World], Any]] = {
    "engagement": make_engagement,
    "network": make_network,
    "communication": make_communication,
    "project": make_project,
    "post": make_post,
    "training": make_training,
}


def engagement_url(name: str, kind: str) -> Callable[[World], str]:
    """A record in BCU A1's engagement registers, owned by the action owner."""

    def build(w: World) -> str:
        return reverse(name, args=[ENGAGEMENT_MAKERS[kind](w).pk])

    return build


for kind in ENGAGEMENT_MAKERS:
    POLICY.update(
        {
            f"engagement:{kind}-list": [
                Case("list", static(f"engagement:{kind}-list"), expect(200))
            ],
            f"engagement:{kind}-export": [
                Case(
                    "Excel of what one reads",
                    static(f"engagement:{kind}-export", "xlsx"),
                    expect(200),
                ),
                Case("unknown format", static(f"engagement:{kind}-export", "doc"), expect(404)),
            ],
            f"engagement:{kind}-create": [
                Case("form", static(f"engagement:{kind}-create"), RUNS_A_REGISTER)
            ],
            f"engagement:{kind}-detail": [
                Case(f"A1 {kind}", engagement_url(f"engagement:{kind}-detail", kind), SEE_RECORD)
            ],
            f"engagement:{kind}-edit": [
                Case(f"A1 {kind}", engagement_url(f"engagement:{kind}-edit", kind), MANAGE_RECORD)
            ],
        }
    )

# A single point of contact is read by the partners of the force area too (and changed by no
# partner).
POLICY["engagement:post-detail"] = [
    Case(
        "A1 SPOC",
        engagement_url("engagement:post-detail", "post"),
        {**SEE_RECORD, "partner_user": 200},
    )
]
POLICY["engagement:post-edit"] = [
    Case(
        "A1 SPOC",
        engagement_url("engagement:post-edit", "post"),
        {**MANAGE_RECORD, "partner_user": 403},
    )
]

POLICY["engagement:education"] = [
    Case("institutions of one's area", static("engagement:education"), expect(200))
]

POLICY.update(
    {
        "dashboards:index": [
            Case(
                "where to start",
                static("dashboards:index"),
                expect(302, action_owner=200, partner_user=200, auditor=200),
            )
        ],
        "dashboards:dashboard": [
            Case(
                "force A",
                org_url("dashboards:dashboard", "force_a"),
                expect(
                    404,
                    national_admin=200,
                    regional_oversight=200,
                    force_lead=200,
                    oversight_reader=200,
                ),
            ),
            Case("BCU A1", org_url("dashboards:dashboard", "bcu_a1"), READ_A1),
            Case(
                "force B",
                org_url("dashboards:dashboard", "force_b"),
                expect(404, national_admin=200, regional_oversight=200, other_force_lead=200),
            ),
            Case(
                "a partner organisation has none",
                org_url("dashboards:dashboard", "la"),
                expect(404),
            ),
        ],
    }
)


def indicator_url(name: str, org: str, code: str = "PV-02") -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.orgs[org].pk, code])


def indicator_edit_url(w: World) -> str:
    from preventplan.performance.models import Indicator

    return reverse("performance:indicator-edit", args=[Indicator.objects.get(code="PV-01").pk])


def ni35_url(name: str, *extra: int) -> Callable[[World], str]:
    def build(w: World) -> str:
        return reverse(name, args=[ni35_of(w).pk, *extra])

    return build


READ_FORCE_A = expect(
    404, national_admin=200, regional_oversight=200, force_lead=200, oversight_reader=200
)
# The A1 forum's assessment: read by its members and by plan readers in force A; completed by
# the force lead, the BCU lead and the local authority's partner user.
SEE_NI35 = {**READ_FORCE_A, "bcu_lead": 200, "action_owner": 200, "partner_user": 200}
COMPLETE_NI35 = {
    **{k: (403 if v == 200 else v) for k, v in SEE_NI35.items()},
    "force_lead": 200,
    "bcu_lead": 200,
    "partner_user": 200,
}
POLICY.update(
    {
        "performance:indicator-list": [
            Case("catalogue", static("performance:indicator-list"), expect(200))
        ],
        "performance:indicator-create": [
            Case("form", static("performance:indicator-create"), expect(403, national_admin=200))
        ],
        "performance:indicator-edit": [
            Case(
                "PV-01",
                indicator_edit_url,
                expect(403, national_admin=200),
            )
        ],
        "performance:index": [Case("where to start", static("performance:index"), expect(302))],
        "performance:organisation": [
            Case("force A", org_url("performance:organisation", "force_a"), READ_FORCE_A),
            Case("BCU A1", org_url("performance:organisation", "bcu_a1"), READ_A1),
            Case("a partner has none", org_url("performance:organisation", "la"), expect(404)),
        ],
        "performance:series": [
            Case("BCU A1 PV-02", indicator_url("performance:series", "bcu_a1"), READ_A1),
            Case(
                "unknown indicator",
                indicator_url("performance:series", "bcu_a1", "NOPE"),
                {**READ_A1, **{k: 404 for k, v in READ_A1.items() if v == 200}},
            ),
        ],
        "performance:value-entry": [
            Case("BCU A1 PV-02", indicator_url("performance:value-entry", "bcu_a1"), RUN_A1)
        ],
        "performance:target": [
            Case("BCU A1 PV-02", indicator_url("performance:target", "bcu_a1"), RUN_A1)
        ],
        "performance:ni35-list": [Case("list", static("performance:ni35-list"), expect(200))],
        "performance:ni35-start": [
            Case(
                "form",
                static("performance:ni35-start"),
                expect(403, force_lead=200, bcu_lead=200, partner_user=200, other_force_lead=200),
            )
        ],
        "performance:ni35-detail": [
            Case("A1 forum", ni35_url("performance:ni35-detail"), SEE_NI35)
        ],
        "performance:ni35-strand": [
            Case("A1 forum strand 1", ni35_url("performance:ni35-strand", 1), COMPLETE_NI35)
        ],
        "performance:ni35-submit": [
            Case("A1 forum", ni35_url("performance:ni35-submit"), COMPLETE_NI35)
        ],
    }
)


def board_url(name: str, what: str = "board") -> Callable[[World], str]:
    """A board run by BCU A1 (no member has an account), or its meeting, member or action."""

    def build(w: World) -> str:
        from preventplan.programme.actions import save_board_record
        from preventplan.programme.models import BoardMember

        if what == "meeting":
            return reverse(name, args=[make_meeting(w).pk])
        if what == "action":
            return reverse(name, args=[make_meeting_action(w).pk])
        board = make_board(w)
        if what == "member":
            member = save_board_record(
                w.users["bcu_lead"], BoardMember(board=board, name="Pat"), "board.member-added"
            )
            return reverse(name, args=[member.pk])
        return reverse(name, args=[board.pk])

    return build


POLICY.update(
    {
        "programme:board-list": [Case("list", static("programme:board-list"), expect(200))],
        "programme:board-create": [Case("form", static("programme:board-create"), RUNS_A_REGISTER)],
        "programme:board-detail": [Case("A1 board", board_url("programme:board-detail"), READ_A1)],
        "programme:board-edit": [Case("A1 board", board_url("programme:board-edit"), RUN_A1)],
        "programme:member-create": [Case("A1 board", board_url("programme:member-create"), RUN_A1)],
        "programme:member-remove": [
            Case("A1 member", board_url("programme:member-remove", "member"), RUN_A1)
        ],
        "programme:meeting-create": [
            Case("A1 board", board_url("programme:meeting-create"), RUN_A1)
        ],
        "programme:meeting-detail": [
            Case("A1 meeting", board_url("programme:meeting-detail", "meeting"), READ_A1)
        ],
        "programme:meeting-edit": [
            Case("A1 meeting", board_url("programme:meeting-edit", "meeting"), RUN_A1)
        ],
        "programme:item-create": [
            Case("A1 meeting", board_url("programme:item-create", "meeting"), RUN_A1)
        ],
        "programme:decision-create": [
            Case("A1 meeting", board_url("programme:decision-create", "meeting"), RUN_A1)
        ],
        "programme:meeting-action-create": [
            Case("A1 meeting", board_url("programme:meeting-action-create", "meeting"), RUN_A1)
        ],
        "programme:meeting-action-update": [
            Case(
                "the action owner's action",
                board_url("programme:meeting-action-update", "action"),
                {**RUN_A1, "action_owner": 200},
            )
        ],
    }
)


def report_run_url(name: str) -> Callable[[World], str]:
    """The force lead's own board pack, produced as Excel."""

    def build(w: World) -> str:
        from preventplan.lib.dates import today
        from preventplan.reports import runs

        run = runs.request_run(
            w.users["force_lead"], "board-pack", w.orgs["force_a"], "xlsx", today()
        )
        runs.produce(run.pk)
        return reverse(name, args=[run.pk])

    return build


def schedule_url(w: World) -> str:
    from preventplan.lib.dates import today
    from preventplan.reports.models import ReportSchedule

    schedule = ReportSchedule.objects.create(
        kind="board-pack",
        organisation=w.orgs["force_a"],
        fmt="pdf",
        frequency="monthly",
        next_run_on=today(),
        created_by=w.users["force_lead"],
    )
    return reverse("reports:schedule-stop", args=[schedule.pk])


def ni35_report_url(w: World) -> str:
    return reverse("reports:view", args=["ni35-pack", ni35_of(w).pk])


ONLY_FORCE_LEAD = expect(404, force_lead=200)
POLICY.update(
    {
        "reports:index": [Case("list", static("reports:index"), expect(200))],
        "reports:view": [
            Case(
                "force A board pack",
                lambda w: reverse("reports:view", args=["board-pack", w.orgs["force_a"].pk]),
                READ_FORCE_A,
            ),
            Case(
                "BCU A1 return",
                lambda w: reverse("reports:view", args=["bcu-return", w.orgs["bcu_a1"].pk]),
                READ_A1,
            ),
            Case(
                "regional return",
                lambda w: reverse("reports:view", args=["regional-return", w.orgs["region"].pk]),
                expect(404, national_admin=200, regional_oversight=200),
            ),
            Case(
                "board pack for a BCU does not exist",
                lambda w: reverse("reports:view", args=["board-pack", w.orgs["bcu_a1"].pk]),
                expect(404),
            ),
            Case("A1 forum NI35 pack", ni35_report_url, SEE_NI35),
        ],
        "reports:request": [
            Case(
                "force A board pack as PDF",
                lambda w: reverse(
                    "reports:request", args=["board-pack", w.orgs["force_a"].pk, "pdf"]
                ),
                READ_FORCE_A,
            )
        ],
        "reports:schedule": [
            Case(
                "force A board pack",
                lambda w: reverse("reports:schedule", args=["board-pack", w.orgs["force_a"].pk]),
                READ_FORCE_A,
            )
        ],
        "reports:run": [Case("force lead's run", report_run_url("reports:run"), ONLY_FORCE_LEAD)],
        "reports:run-build": [
            Case("GET refused", report_run_url("reports:run-build"), expect(405))
        ],
        "reports:run-download": [
            Case("force lead's file", report_run_url("reports:run-download"), ONLY_FORCE_LEAD)
        ],
        "reports:schedule-stop": [Case("force lead's schedule", schedule_url, ONLY_FORCE_LEAD)],
    }
)


def tension_url(name: str, unit: str, draft: str = "", *extra: str) -> Callable[[World], str]:
    """A tension page for this week, with a draft return or assessment started if asked."""

    def build(w: World) -> str:
        from preventplan.lib.dates import today, week_commencing
        from preventplan.tension import actions as tension_actions
        from preventplan.tension.models import BcuReturn, ForceAssessment

        week = week_commencing(today())
        if draft == "bcu":
            tension_actions.start(w.users["bcu_lead"], BcuReturn, w.orgs[unit], week)
        if draft == "force":
            tension_actions.start(w.users["force_lead"], ForceAssessment, w.orgs[unit], week)
        return reverse(name, args=[w.orgs[unit].pk, week.isoformat(), *extra])

    return build


def incident_url(w: World) -> str:
    from django.utils import timezone

    from preventplan.tension.models import CriticalIncident

    incident = CriticalIncident.objects.create(
        force=w.orgs["force_a"], occurred_at=timezone.now(), area="Centre", summary="Disorder"
    )
    return reverse("tension:incident-detail", args=[incident.pk])


READ_TENSION_FORCE_A = expect(404, regional_oversight=200, force_lead=200)
READ_TENSION_A1 = {**READ_TENSION_FORCE_A, "bcu_lead": 200}
WRITE_TENSION_A1 = {
    **READ_TENSION_FORCE_A,
    "regional_oversight": 403,
    "force_lead": 403,
    "bcu_lead": 200,
}
WRITE_TENSION_FORCE_A = {**READ_TENSION_FORCE_A, "regional_oversight": 403}
POLICY.update(
    {
        "tension:index": [
            Case(
                "landing",
                static("tension:index"),
                expect(
                    404,
                    regional_oversight=200,
                    force_lead=200,
                    bcu_lead=200,
                    other_force_lead=200,
                    partner_user=302,
                    action_owner=302,
                ),
            )
        ],
        "tension:shared": [
            Case(
                "partner view",
                static("tension:shared"),
                expect(404, partner_user=200, action_owner=200, bcu_lead=200),
            )
        ],
        "tension:incident-create": [
            Case(
                "form",
                static("tension:incident-create"),
                expect(403, force_lead=200, bcu_lead=200, other_force_lead=200),
            )
        ],
        "tension:incident-detail": [Case("force A incident", incident_url, READ_TENSION_A1)],
        "tension:bcu-history": [
            Case("BCU A1", org_url("tension:bcu-history", "bcu_a1"), READ_TENSION_A1)
        ],
        "tension:bcu-week": [
            Case("BCU A1 this week", tension_url("tension:bcu-week", "bcu_a1"), READ_TENSION_A1),
            Case(
                "not a Monday",
                lambda w: reverse("tension:bcu-week", args=[w.orgs["bcu_a1"].pk, "2026-11-24"]),
                expect(404),
            ),
        ],
        "tension:bcu-start": [
            Case("BCU A1", tension_url("tension:bcu-start", "bcu_a1"), WRITE_TENSION_A1)
        ],
        "tension:bcu-edit": [
            Case("A1 draft", tension_url("tension:bcu-edit", "bcu_a1", "bcu"), WRITE_TENSION_A1)
        ],
        "tension:bcu-submit": [
            Case("A1 draft", tension_url("tension:bcu-submit", "bcu_a1", "bcu"), WRITE_TENSION_A1)
        ],
        "tension:bcu-correct": [
            Case("A1 draft", tension_url("tension:bcu-correct", "bcu_a1", "bcu"), WRITE_TENSION_A1)
        ],
        "tension:event-add": [
            Case("A1 draft", tension_url("tension:event-add", "bcu_a1", "bcu"), WRITE_TENSION_A1)
        ],
        "tension:contribution-add": [
            Case(
                "A1 draft",
                tension_url("tension:contribution-add", "bcu_a1", "bcu"),
                WRITE_TENSION_A1,
            )
        ],
        "tension:trends": [
            Case("force A", org_url("tension:trends", "force_a"), READ_TENSION_FORCE_A)
        ],
        "tension:force-week": [
            Case("force A", tension_url("tension:force-week", "force_a"), READ_TENSION_FORCE_A)
        ],
        "tension:force-start": [
            Case("force A", tension_url("tension:force-start", "force_a"), WRITE_TENSION_FORCE_A)
        ],
        "tension:force-edit": [
            Case(
                "force A draft",
                tension_url("tension:force-edit", "force_a", "force"),
                WRITE_TENSION_FORCE_A,
            )
        ],
        "tension:force-submit": [
            Case(
                "force A draft",
                tension_url("tension:force-submit", "force_a", "force"),
                WRITE_TENSION_FORCE_A,
            )
        ],
        "tension:force-correct": [
            Case(
                "force A draft",
                tension_url("tension:force-correct", "force_a", "force"),
                WRITE_TENSION_FORCE_A,
            )
        ],
        "tension:force-export": [
            Case(
                "force A JSON",
                tension_url("tension:force-export", "force_a", "", "json"),
                READ_TENSION_FORCE_A,
            ),
            Case(
                "unknown format",
                tension_url("tension:force-export", "force_a", "", "doc"),
                {**READ_TENSION_FORCE_A, "regional_oversight": 404, "force_lead": 404},
            ),
        ],
    }
)

POLICY["reminders:preferences"] = [
    Case("own setting", static("reminders:preferences"), expect(200))
]
POLICY["reminders:calendar"] = [Case("own feed", static("reminders:calendar"), expect(200))]
POLICY["reminders:calendar-feed"] = [
    Case(
        "unknown secret",
        static("reminders:calendar-feed", "not-a-token"),
        expect(404, anonymous=404),
    )
]

COMMUNITY_SINGULARS = [k.replace("-", "_") for k in COMMUNITY_MAKERS]
COMMUNITY_SINGULARS.append("powers_return")
COMMUNITY_LISTS = ["grievances", "learning", "dip_samples", "consequence_plans", "powers_returns"]
# API routes are checked with bearer tokens in test_api.py; listed here so none is forgotten.
ENGAGEMENT_API = {
    "list": ["engagements", "networks", "communications", "projects", "posts", "training"],
    "get": ["engagement", "network", "communication", "project", "post", "training"],
}
API_POLICY = {
    "api-1.0.0:api-root": "documentation index",
    "api-1.0.0:openapi-json": "public schema",
    "api-1.0.0:openapi-view": "public schema viewer",
    "api-1.0.0:list_activities": "token required; the template is readable by every user",
    "api-1.0.0:list_organisations": "token required; scoped to the caller",
    "api-1.0.0:list_plans": "plans the caller may read (test_api_plans.py)",
    "api-1.0.0:create_plan": "leads of the organisation only",
    "api-1.0.0:get_plan": "plan readers; 404 for others",
    "api-1.0.0:patch_plan": "the plan's lead; 409 when stale",
    "api-1.0.0:list_actions": "actions the caller may see in the plan",
    "api-1.0.0:create_action": "the plan's lead",
    "api-1.0.0:patch_action": "the plan's lead; 409 when stale",
    "api-1.0.0:list_milestones": "milestones of actions the caller may see",
    "api-1.0.0:create_milestone": "the plan's lead or the action's owner",
    "api-1.0.0:patch_milestone": "the plan's lead or the action's owner; 409 when stale",
    **{
        f"api-1.0.0:{op}_{noun}": "the register's own rules (test_records.py)"
        for op, nouns in {
            "list": [
                "risks",
                "benefits",
                "impact_assessments",
                "protocols",
                *COMMUNITY_LISTS,
                *ENGAGEMENT_API["list"],
            ],
            "get": [
                "risk",
                "benefit",
                "assessment",
                "protocol",
                *COMMUNITY_SINGULARS,
                *ENGAGEMENT_API["get"],
            ],
            "create": [
                "risk",
                "benefit",
                "assessment",
                "protocol",
                *COMMUNITY_SINGULARS,
                *ENGAGEMENT_API["get"],
            ],
            "update": [
                "risk",
                "benefit",
                "assessment",
                "protocol",
                *COMMUNITY_SINGULARS,
                *ENGAGEMENT_API["get"],
            ],
        }.items()
        for noun in nouns
    },
    "api-1.0.0:list_indicators": "token required; the catalogue is readable by every user",
    "api-1.0.0:list_values": "readers of the organisation's figures; 404 for others",
    "api-1.0.0:create_value": "the organisation's lead; 403 for other readers; 409 if recorded",
    "api-1.0.0:list_boards": "boards the caller may read",
    "api-1.0.0:list_meetings": "readers of the board; 404 for others",
    "api-1.0.0:list_assessments": "NI35 assessments the caller may read",
    "api-1.0.0:get_assessment": "readers of the assessment; 404 for others",
    "api-1.0.0:get_dashboard": "readers of the organisation's dashboard; 404 for others",
    "api-1.0.0:list_tension_assessments": "tension readers of each BCU or force (test_tension.py)",
}


@dataclass
class ApiWrite:
    """An API write, a valid body for it, and the page whose access it must match."""

    operation: str
    method: str
    url: Callable[[World], str]
    body: Callable[[World], dict[str, Any]]
    page: str  # the page whose access the write matches, or…
    expected: dict[str, int] | None = None  # …the statuses, where no page matches


def api_url(operation: str, *keys: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(f"api-1.0.0:{operation}", args=[key(w) for key in keys])


def a1_plan(w: World) -> int:
    return w.plans["a1"].pk


def a1_action(w: World) -> int:
    return w.action("a1", "3.1").pk


def a1_milestone(w: World) -> int:
    return w.action("a1", "3.1").milestones.first().pk  # type: ignore[union-attr]


def a1_protocol(w: World) -> int:
    url = protocol_url("sharing:protocol-detail")(w)
    return int(url.rstrip("/").split("/")[-1])


API_WRITES = [
    ApiWrite(
        "patch_plan",
        "patch",
        api_url("patch_plan", a1_plan),
        lambda w: {"version": 1},
        "plans:plan-edit",
    ),
    ApiWrite(
        "create_action",
        "post",
        api_url("create_action", a1_plan),
        lambda w: {"objective": 3, "text": "A local forum for youth workers"},
        "plans:action-create",
    ),
    ApiWrite(
        "patch_action",
        "patch",
        api_url("patch_action", a1_plan, a1_action),
        lambda w: {"version": 1},
        "plans:action-edit",
    ),
    ApiWrite(
        "create_milestone",
        "post",
        api_url("create_milestone"),
        lambda w: {"action_id": a1_action(w), "title": "Forum meets", "due_date": "2027-01-29"},
        "plans:milestone-create",
    ),
    ApiWrite(
        "patch_milestone",
        "patch",
        api_url("patch_milestone", a1_milestone),
        lambda w: {"version": 1},
        "plans:milestone-edit",
    ),
    ApiWrite(
        "create_value",
        "post",
        lambda w: reverse("api-1.0.0:create_value", args=["PV-02"]),
        lambda w: {
            "organisation_id": w.orgs["bcu_a1"].pk,
            "period_start": "2026-04-01",
            "value": "50",
        },
        "performance:value-entry",
    ),
    ApiWrite(
        "update_risk",
        "patch",
        api_url("update_risk", lambda w: make_risk(w).pk),
        lambda w: {"version": 1},
        "programme:risk-edit",
    ),
    ApiWrite(
        "update_benefit",
        "patch",
        api_url("update_benefit", lambda w: make_benefit(w).pk),
        lambda w: {"version": 1},
        "programme:benefit-edit",
    ),
    ApiWrite(
        "update_assessment",
        "patch",
        api_url("update_assessment", lambda w: make_assessment(w).pk),
        lambda w: {"version": 1},
        "programme:assessment-edit",
    ),
    ApiWrite(
        "update_protocol",
        "patch",
        api_url("update_protocol", a1_protocol),
        lambda w: {"version": 1},
        "sharing:protocol-edit",
    ),
    ApiWrite(
        "create_risk",
        "post",
        api_url("create_risk"),
        risk_body,
        "",
        # BCU A1's lead adds; whoever sees BCU A1 is refused (403); the other force, 404.
        expect(403, bcu_lead=200, other_force_lead=404),
    ),
]
API_CASES = [(write, persona) for write in API_WRITES for persona in ALL]


@pytest.mark.parametrize(
    ("write", "persona"), API_CASES, ids=[f"{w.operation}-{p}" for w, p in API_CASES]
)
def test_api_writes_match_the_pages(write: ApiWrite, persona: str, world: World) -> None:
    """Each API write with a valid body refuses exactly whom its page refuses: outsiders 404,
    readers who may not write 403; whoever may write the page is not refused; no token, 401."""
    client = Client() if persona == "anonymous" else api_client(world, persona)
    url, body = write.url(world), write.body(world)
    response = getattr(client, write.method)(url, body, content_type="application/json")
    on_page = (write.expected or POLICY[write.page][0].expected)[persona]
    expected = {302: {401}, 404: {404}, 403: {403}}.get(on_page)
    if expected is None:  # the page is shown: the write is not refused (it may be stale, 409)
        assert response.status_code not in {401, 403, 404}, (persona, url, response.content)
        assert response.status_code < 500
    else:
        assert response.status_code in expected, (persona, url, response.status_code, on_page)


# Django's admin has its own staff-only sign-in (test_admin_is_staff_only).
EXEMPT_NAMESPACES = {"admin"}


def route_names(patterns: list[Any] | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            names |= route_names(p.url_patterns, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_route_has_a_policy() -> None:
    """Closed world: no route without an entry in the access policy."""
    unclassified = route_names() - set(POLICY) - set(API_POLICY)
    assert not unclassified, f"routes with no access policy: {sorted(unclassified)}"
    assert not set(POLICY) - route_names(), "policy entries for routes that no longer exist"


def ni35_of(w: World) -> Any:
    """The A1 forum's NI35 self-assessment: the one started already (when one world serves many
    cases, as in the s.62 walk), or a new one."""
    from preventplan.performance.models import Ni35Assessment

    found = Ni35Assessment.objects.filter(partnership=w.partnership).first()
    return found or start_ni35(w)


def shared_plan_url(w: World) -> str:
    """The A1 plan shared with the A1 forum (BCU A1 and Local Authority L) under a protocol in force."""
    from datetime import date

    from preventplan.sharing.models import LegalBasis, Protocol, ProtocolStatus

    protocol = Protocol.objects.create(
        reference="ISP-S",
        title="Shared",
        owner=w.orgs["force_a"],
        scope="Plans",
        legal_basis=LegalBasis.CDA_S115,
        categories="plans",
        signed_on=date(2020, 1, 1),
        review_on=date(2099, 1, 1),
        status=ProtocolStatus.SIGNED,
    )
    protocol.partnerships.set([w.partnership])
    w.plans["a1"].shared_with.set([w.partnership])
    return reverse("plans:plan-detail", args=[w.plans["a1"].pk])


# Partner-shared record: the partnership's members (the local authority's partner user and the
# BCU's action owner) now read the plan; the other force still gets 404.
POLICY["plans:plan-detail"].append(
    Case(
        "A1 plan shared with the A1 forum",
        shared_plan_url,
        {**READ_A1, "partner_user": 200, "action_owner": 200},
    )
)


def shared_community_url(name: str, kind: str) -> Callable[[World], str]:
    """A BCU A1 record shared with the A1 forum under a protocol in force for community
    confidence records."""

    def build(w: World) -> str:
        from preventplan.sharing.models import Protocol

        if not Protocol.objects.filter(reference="ISP-community").exists():
            make_protocol(w, "community")
        record = COMMUNITY_MAKERS[kind](w)
        record.shared_with.set([w.partnership])
        return reverse(name, args=[record.pk])

    return build


# Grievances and lessons shared with the A1 forum: its partner member reads them, and changes
# nothing.
for kind in ["grievance", "learning"]:
    POLICY[f"registers:{kind}-detail"].append(
        Case(
            f"A1 {kind} shared with the A1 forum",
            shared_community_url(f"registers:{kind}-detail", kind),
            {**SEE_RECORD, "partner_user": 200},
        )
    )
    POLICY[f"registers:{kind}-edit"].append(
        Case(
            f"A1 {kind} shared with the A1 forum",
            shared_community_url(f"registers:{kind}-edit", kind),
            {**MANAGE_RECORD, "partner_user": 403},
        )
    )

CASES = [
    (name, case, persona) for name, cases in POLICY.items() for case in cases for persona in ALL
]


@pytest.mark.parametrize(
    ("route", "case", "persona"), CASES, ids=[f"{n}[{c.label}]-{p}" for n, c, p in CASES]
)
def test_matrix(route: str, case: Case, persona: str, world: World, client_for: Any) -> None:
    """GET as each persona gives exactly the status the policy expects."""
    url = case.url(world)
    response = client_for(persona).get(url)
    expected = case.expected[persona]
    assert response.status_code == expected, (
        f"{persona} GET {url}: {response.status_code} != {expected}"
    )
    if expected == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:sign-in"))


# What a POST may answer, given what a GET answered: a write route refuses exactly as its page does
# (outsiders 404, readers 403, anonymous to sign-in); a read-only route refuses the method (405).
POST_ALLOWED = {404: {404, 405}, 403: {403, 405}}


@pytest.mark.parametrize(
    ("route", "case", "persona"), CASES, ids=[f"{n}[{c.label}]-{p}" for n, c, p in CASES]
)
def test_matrix_post(route: str, case: Case, persona: str, world: World, client_for: Any) -> None:
    """POST (an empty form) as each persona: outsiders get 404 and those refused the page 403 on
    every write route, as on its page; whoever sees the page never gets 404 (bad input is a
    message, not "not found"); nobody gets a server error; anonymous people are sent to sign in."""
    url = case.url(world)
    response = client_for(persona).post(url, {})
    got, on_get = response.status_code, case.expected[persona]
    assert got < 500, f"{persona} POST {url}: {got}"
    if persona == "anonymous" and on_get == 302:
        assert got in {302, 405}, f"anonymous POST {url}: {got}"
        if got == 302:
            assert response["Location"].startswith(reverse("accounts:sign-in"))
    elif on_get in POST_ALLOWED:
        assert got in POST_ALLOWED[on_get], f"{persona} POST {url}: {got}, GET gave {on_get}"
    elif on_get == 200:  # a reader who is not a writer gets 403; nobody who sees the page, 404
        assert got != 404, f"{persona} POST {url}: 404 though the page is shown"


def test_admin_is_staff_only(world: World, client_for: Any) -> None:
    """Only staff (national administrators) reach the housekeeping admin; it asks anyone else to
    sign in on its own page."""
    admin = world.users["national_admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    assert client_for("force_lead").get("/admin/").status_code == 302
    anonymous = client_for("anonymous").get("/admin/")
    assert anonymous["Location"].startswith("/admin/login/")  # the admin's own sign-in
    assert client_for("national_admin").get("/admin/").status_code == 200


# -- s.62: every partner read of a shared record is a consultation --------------------------------
# The routes and API reads that show the partner a record shared with their partnership, and the
# kinds of shared record each shows; every other page and API read they reach shows none.
SHARED_PAGES: dict[str, set[str]] = {
    "plans:plan-list": {"plan"},
    "plans:plan-detail": {"plan"},
    "registers:grievance-list": {"grievance"},
    "registers:grievance-detail": {"grievance"},
    "registers:grievance-export": {"grievance"},  # a download: a disclosure naming it
    "registers:learning-list": {"learning"},
    "registers:learning-detail": {"learning"},
    "registers:learning-export": {"learning"},
    "tension:shared": {"tension"},
}
SHARED_API: dict[str, set[str]] = {
    "/plans": {"plan"},
    "/plans/{plan_id}": {"plan"},
    "/plans/{plan_id}/actions": {"plan"},
    "/milestones": {"plan"},
    "/grievances": {"grievance"},
    "/grievances/{record_id}": {"grievance"},
    "/learning": {"learning"},
    "/learning/{record_id}": {"learning"},
    "/tension-assessments": {"tension"},
}


def test_every_partner_read_of_a_shared_record_is_recorded(world: World, api: Any) -> None:
    """The partner walks every route the matrix lets them read and every API read, in one world
    holding a plan, a grievance, a lesson and a tension return shared with their partnership:
    each answer showing a shared record leaves a consultation (a download, a disclosure) naming
    it; every other answer leaves no consultation through sharing. A new route or API read is
    walked too, and fails here if it shows a shared record without recording the reading."""
    from django.db import transaction

    from preventplan.api.urls import api as ninja_api
    from preventplan.audit.models import AuditAction, AuditEvent
    from preventplan.plans.models import Milestone
    from preventplan.registers.models import Grievance, LearningEntry
    from tests.factories import WEEK, shared_tension_return

    reads, failed = [], []
    for name, cases in POLICY.items():
        for case in cases:
            if case.expected["partner_user"] == 200:
                try:
                    with transaction.atomic():
                        reads.append((name, case.url(world)))
                except Exception as e:
                    failed.append((name, repr(e)))
    assert not failed, failed
    plan = world.plans["a1"]
    grievance = next(g for g in Grievance.objects.all() if g.shared_with.exists())
    learning = next(e for e in LearningEntry.objects.all() if e.shared_with.exists())
    Milestone.objects.create(action=world.action("a1", "2.4"), title="Forum meets", due_date=WEEK)
    shared = {
        "plan": plan,
        "grievance": grievance,
        "learning": learning,
        "tension": shared_tension_return(world),
    }
    assert set(SHARED_PAGES) <= {name for name, _ in reads}

    def check(where: str, response: Any, before: int, kinds: set[str]) -> None:
        events = list(AuditEvent.objects.filter(pk__gt=before))
        through_sharing = [e for e in events if e.event.endswith("consulted-shared")]
        if response.status_code != 200 or not kinds:
            assert through_sharing == [], (where, response.status_code, through_sharing)
            return
        for kind in kinds:
            obj = shared[kind]
            named = [
                e
                for e in events
                if e.action in {AuditAction.CONSULT, AuditAction.DISCLOSE}
                and (
                    (e.record_type.endswith(obj._meta.model_name) and e.record_id == str(obj.pk))
                    or obj.pk in e.details.get("ids", [])
                    or getattr(obj, "reference", None) in e.details.get("references", [])
                )
            ]
            assert named, (where, kind, [e.event for e in events])

    partner = Client()
    partner.force_login(world.users["partner_user"])
    # What only a reading of each shared record shows: a page outside SHARED_PAGES showing it
    # is a read nobody classified.
    markers = {"grievance": grievance.summary, "learning": learning.feedback}
    shown: set[str] = set()
    for name, url in reads:
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = partner.get(url)
        check(name, response, before, SHARED_PAGES.get(name, set()))
        if response.status_code == 200 and not response.streaming:
            body = response.content.decode(errors="replace")
            for kind, text in markers.items():
                if text in body:
                    assert kind in SHARED_PAGES.get(name, set()), (name, kind)
                    shown.add(kind)
    # The markers are real: each shared record's text is on at least one page the walk read.
    assert shown == set(markers), shown

    caller = api("partner_user")
    ids = {"plan_id": plan.pk, "assessment_id": 0, "board_id": 0, "organisation_id": 0}
    walked = set()
    for prefix, router in ninja_api._routers:
        for path, view in router.path_operations.items():
            if not any("GET" in op.methods for op in view.operations):
                continue
            walked.add(prefix + path)
            spec = next((k for k in ("grievances", "learning") if path.startswith(f"/{k}/")), "")
            record_id = {"grievances": grievance.pk, "learning": learning.pk}.get(spec, 0)
            query = {"/milestones": f"?plan_id={plan.pk}", "/tension-assessments": "?kind=bcu"}
            url = "/api/v1" + prefix + path.format(**ids, record_id=record_id, code="x")
            before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = caller.get(url + query.get(path, ""))
            check(prefix + path, response, before, SHARED_API.get(prefix + path, set()))
            if prefix + path in SHARED_API:
                assert response.status_code == 200, url
    assert set(SHARED_API) <= walked
