"""Refuse to run a production service that is not safe to run."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEMO_DOMAIN_SUFFIX = "@demo.example"


def check_settings() -> None:
    """Called when the app starts with PRODUCTION set."""
    if settings.SECRET_KEY == settings.INSECURE_DEFAULT_KEY or len(settings.SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "PRODUCTION is set but SECRET_KEY is the development key or too short: set SECRET_KEY "
            "(or SECRET_KEY_FILE) to at least 50 random characters"
        )
    if len(settings.AUDIT_KEY) < 32 or settings.AUDIT_KEY == settings.SECRET_KEY:
        raise ImproperlyConfigured(
            "PRODUCTION is set but AUDIT_KEY is missing, shorter than 32 characters or the same "
            "as SECRET_KEY: set AUDIT_KEY (or AUDIT_KEY_FILE) to its own random secret, kept "
            "out of the database (docs/audit.md)"
        )
    if not settings.DATABASE_URL:
        raise ImproperlyConfigured(
            "PRODUCTION is set but DATABASE_URL is not: use PostgreSQL in production"
        )


def check_database() -> None:
    """Called by the WSGI entry point once the database is reachable."""
    from preventplan.accounts.models import User

    if User.objects.filter(email__iendswith=DEMO_DOMAIN_SUFFIX).exists():
        raise ImproperlyConfigured(
            "PRODUCTION is set but the database holds demo users (…@demo.example). Demo data must "
            "never reach a live service: use a fresh database"
        )


def demo_users_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``check --deploy``: a database that holds demo users must never go live (registered by
    ``CoreConfig.ready`` with the deploy tag; test: ``tests/test_security.py``)."""
    from preventplan.accounts.models import User

    try:
        found = User.objects.filter(email__iendswith=DEMO_DOMAIN_SUFFIX).count()
    except DatabaseError:  # not migrated yet: nothing to find
        return []
    if not found:
        return []
    return [
        checks.Error(
            ngettext(
                "The database holds %(count)s demo user (…@demo.example).",
                "The database holds %(count)s demo users (…@demo.example).",
                found,
            )
            % {"count": found},
            hint=_("Demo data must never reach a live service: deploy on a fresh database."),
            id="preventplan.E001",
        )
    ]
