"""WSGI entry point for gunicorn and other servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preventplan.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if settings.PRODUCTION:
    from preventplan.core.production import check_database

    check_database()

from preventplan.core.startup import freeze_startup_objects  # noqa: E402

freeze_startup_objects()
