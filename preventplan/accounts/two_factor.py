"""Two-factor sign-in with an authenticator app (TOTP) and single-use recovery codes.

Required for force leads, national administrators and auditors, and for everyone in an
organisation that asks for it; optional for others. It applies to every way of signing in (the
sign-in page, the housekeeping admin, after a password reset): the middleware lets a signed-in
session do nothing but verify, set up or sign out until the second factor has been given.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlencode

import pyotp
import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils import timezone

from preventplan.accounts.models import RecoveryCode, TotpDevice, User
from preventplan.lib.tokens import hash_token

SESSION_KEY = "two_factor_verified"
ISSUER = "Prevent Delivery Planner"
RECOVERY_CODES = 10
ALLOWED_WHILE_PENDING = {
    "accounts:two-factor-verify",
    "accounts:two-factor-setup",
    "accounts:sign-out",
    "core:healthz",
    "core:accessibility",
}


# Who must use a second factor depends on their roles and organisations, which the organisations
# app (a layer above this one) knows: it gives its rule here when Django starts.
_requirement: Callable[[User], bool] | None = None


def require_when(rule: Callable[[User], bool]) -> None:
    """Set the rule that says whether a person must use two-factor sign-in."""
    global _requirement  # set once, when Django starts
    _requirement = rule


def is_required(user: User) -> bool:
    if _requirement is None:  # fail closed rather than let privileged people in on a password
        raise ImproperlyConfigured("No two-factor rule: is preventplan.organisations installed?")
    return _requirement(user)


def device_for(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first()


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").svg_data_uri(scale=4, dark="#0b0c0c")


def _step(at: float) -> int:
    return int(at // 30)


def check_code(secret: str, code: str, last_used_step: int) -> int | None:
    """The time step the code belongs to, if it is valid now (±30 s) and newer than the last used."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = timezone.now().timestamp()
    for offset in (-30, 0, 30):
        step = _step(now + offset)
        if step > last_used_step and secrets.compare_digest(totp.at(now + offset), code):
            return step
    return None


@transaction.atomic
def verify_device_code(user: User, code: str) -> bool:
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return False
    step = check_code(device.secret, code, device.last_used_step)
    if step is None:
        return False
    device.last_used_step = step
    device.save(update_fields=["last_used_step"])
    return True


def _hash(code: str) -> str:
    """Recovery codes are hashed without spaces and in lower case, however they are typed."""
    return hash_token("".join(code.split()).lower())


@transaction.atomic
def use_recovery_code(user: User, code: str) -> bool:
    used = RecoveryCode.objects.filter(
        user=user, code_hash=_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return bool(used)


@transaction.atomic
def enrol(user: User, secret: str) -> list[str]:
    """Save the confirmed authenticator and return fresh recovery codes (shown once)."""
    TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now(), "last_used_step": 0}
    )
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


@transaction.atomic
def remove(user: User) -> None:
    TotpDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()


def mark_verified(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = True


class TwoFactorMiddleware:
    """Until the second factor is given, a signed-in session may only verify, set up or sign out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not request.path_info.startswith(settings.STATIC_URL)
            and not request.path_info.startswith("/api/")
        ):
            try:
                name = resolve(request.path_info).view_name
            except Exception:
                name = ""
            if name not in ALLOWED_WHILE_PENDING:
                assert isinstance(user, User)  # noqa: S101 - authenticated users are ours
                if device_for(user) is not None:
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('accounts:two-factor-verify')}?{query}")
                if is_required(user):
                    return redirect("accounts:two-factor-setup")
                mark_verified(request)
        return self.get_response(request)
