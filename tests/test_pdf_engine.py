"""PDFs are made in an engine process beside the worker (issue 18, item 4)."""

from __future__ import annotations

import io
import os
import struct
from typing import Any

import pytest
from django.test import override_settings

from preventplan.lib import pdf, pdf_engine
from tests.factories import needs_pdf


def reply(stream: io.BytesIO) -> tuple[int, bytes]:
    stream.seek(0)
    status, size = struct.unpack(">BI", stream.read(5))
    return status, stream.read(size)


@needs_pdf
def test_the_engine_makes_pdfs_in_another_process() -> None:
    """PDFs come back from one engine process, not this one; stopping it ends it."""
    engine = pdf.Engine()
    try:
        assert engine.make("<h1>Board pack</h1>").startswith(b"%PDF")
        process = engine._process
        assert process is not None and process.pid != os.getpid()
        assert engine.make("<h1>Second</h1>").startswith(b"%PDF")
        assert engine._process is process
    finally:
        engine.stop()
    assert engine._process is None and process.poll() is not None


@needs_pdf
def test_an_engine_that_died_is_started_again() -> None:
    """If the engine process has gone (killed, out of memory), the next PDF starts a new one."""
    engine = pdf.Engine()
    try:
        engine.make("<p>First</p>")
        first = engine._process
        assert first is not None
        first.kill()
        first.wait()
        assert engine.make("<p>After</p>").startswith(b"%PDF")
        assert engine._process is not first
    finally:
        engine.stop()


def test_a_server_without_pango_is_reported_as_unavailable(monkeypatch: Any) -> None:
    """The engine answers a PDF it cannot make for want of Pango with its own status, which the
    worker raises as OSError (so the pages offer Excel or CSV instead)."""

    def no_pango(html: str) -> bytes:
        raise OSError("cannot load library 'libpango'")

    monkeypatch.setattr(pdf_engine, "render", no_pango)
    out = io.BytesIO()
    pdf_engine._reply("<p>x</p>", out)
    assert reply(out) == (pdf_engine.UNAVAILABLE, b"cannot load library 'libpango'")
    out = io.BytesIO()
    monkeypatch.setattr(pdf_engine, "render", lambda html: 1 / 0)
    pdf_engine._reply("<p>x</p>", out)
    status, text = reply(out)
    assert status == pdf_engine.FAILED and b"ZeroDivisionError" in text


def test_the_engine_ends_when_the_worker_closes_the_pipe() -> None:
    """An engine reading an empty pipe (its worker gone) returns instead of waiting for ever."""
    pdf_engine.serve(io.BytesIO(b""), io.BytesIO())


@needs_pdf
@override_settings(PDF_IN_SUBPROCESS=False)
def test_pdfs_can_still_be_made_in_the_worker() -> None:
    """With the engine turned off the worker makes the PDF itself."""
    assert pdf.html_to_pdf("<p>In the worker</p>").startswith(b"%PDF")


def test_errors_in_the_engine_are_raised_in_the_worker(monkeypatch: Any) -> None:
    """An engine reply saying the PDF failed becomes an exception in the worker."""

    class Fake:
        def __init__(self, status: int, body: bytes) -> None:
            self.stdin = io.BytesIO()
            self.stdout = io.BytesIO(struct.pack(">BI", status, len(body)) + body)

        def poll(self) -> None:
            return None

    engine = pdf.Engine()
    engine._process = Fake(pdf_engine.FAILED, b"ValueError: bad")  # type: ignore[assignment]
    with pytest.raises(RuntimeError, match="ValueError: bad"):
        engine.make("<p>x</p>")
    engine._process = Fake(pdf_engine.UNAVAILABLE, b"no pango")  # type: ignore[assignment]
    with pytest.raises(OSError, match="no pango"):
        engine.make("<p>x</p>")
