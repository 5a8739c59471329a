"""Refuse to run a production service that is not safe to run."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_DOMAIN_SUFFIX = "@demo.example"


def check_settings() -> None:
    """Called when the app starts with PRODUCTION set."""
    if settings.SECRET_KEY == settings.INSECURE_DEFAULT_KEY or len(settings.SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "PRODUCTION is set but SECRET_KEY is the development key or too short: set SECRET_KEY "
            "(or SECRET_KEY_FILE) to at least 50 random characters"
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
