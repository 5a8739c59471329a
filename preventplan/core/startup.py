"""What an app server does once, after loading the app and before its first request."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def freeze_startup_objects() -> None:
    """Import every view, then take everything alive so far out of the garbage collector's
    sight (``gc.freeze``). Those objects — modules, models, URL patterns, settings — live as long
    as the process; left in view, every full collection walks all of them, and the request that
    happens to trigger one takes about 50 ms longer (docs/performance.md)."""
    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    gc.collect()
    gc.freeze()
