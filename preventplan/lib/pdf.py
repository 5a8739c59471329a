"""PDF files from HTML (WeasyPrint), and what to show when this server cannot make them.

WeasyPrint runs outside the request worker (``settings.PDF_IN_SUBPROCESS``, on unless turned
off): each worker sends its HTML to its own engine process (``lib.pdf_engine``), which makes
each PDF in a short-lived child. The worker never grows by the engine's caches and a layout's
garbage (a worker used to grow from 104 to 152 MiB over four board packs and keep it; see
docs/performance.md and ``scripts/memory.py``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import struct
import subprocess
import sys
import threading
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from preventplan.lib import pdf_engine


def html_to_pdf(html: str) -> bytes:
    """Raises OSError where WeasyPrint lacks the Pango library (see :func:`unavailable`)."""
    if getattr(settings, "PDF_IN_SUBPROCESS", True):
        return _ENGINE.make(html)
    return _in_this_process(html)


class Engine:
    """This worker's connection to its PDF engine process, started on first use and again if
    it has gone. One PDF at a time per worker (a lock), as the engine makes them one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "preventplan.lib.pdf_engine"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        return self._process

    def make(self, html: str) -> bytes:
        request = html.encode()
        with self._lock:
            for attempt in (1, 2):
                process = self._start()
                assert process.stdin and process.stdout  # noqa: S101 - both are pipes
                try:
                    process.stdin.write(struct.pack(">I", len(request)) + request)
                    process.stdin.flush()
                    status, size = struct.unpack(">BI", pdf_engine.read_exactly(process.stdout, 5))
                    body = pdf_engine.read_exactly(process.stdout, size)
                    break
                except (BrokenPipeError, EOFError):  # the engine died (killed, out of memory)
                    process.kill()
                    process.wait()
                    self._process = None
                    if attempt == 2:
                        raise OSError("The PDF engine stopped") from None
        if status == pdf_engine.UNAVAILABLE:
            raise OSError(body.decode())
        if status == pdf_engine.FAILED:
            raise RuntimeError(f"The PDF engine failed: {body.decode()}")
        return body

    def stop(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.kill()
                self._process.wait()
                self._process = None


_ENGINE = Engine()


def _in_this_process(html: str) -> bytes:
    try:
        return pdf_engine.render(html)
    finally:
        release_memory()


@cache
def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None on a C library without it (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Collect a layout's reference cycles, then hand the freed heap back to the system (gives
    back about 10 MiB of the 50 a worker grew by; the engine's own caches stay)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def unavailable(request: HttpRequest, instead: str) -> HttpResponse:
    """The page for a PDF this server cannot make at the moment; ``instead`` says what to use."""
    return render(
        request,
        "layouts/message.html",
        {
            "heading": _("PDF export is not available"),
            "body": _(
                "This server cannot make PDF files at the moment. %(instead)s and tell the "
                "service owner."
            )
            % {"instead": instead},
        },
        status=503,
    )
