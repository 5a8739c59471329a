"""The PDF engine: WeasyPrint, in its own process beside the app server's worker.

``lib.pdf`` starts this module once per worker (``python -m preventplan.lib.pdf_engine``) and
sends it HTML over a pipe. The engine loads WeasyPrint and sets fontconfig and Pango up once, then
forks a child for each PDF; the child makes the PDF, writes it back and ends, giving back
everything the layout used. So neither the worker nor the engine grows with the PDFs it makes
(issue 18, item 4; ``scripts/memory.py``). Nothing here uses Django.

Messages: a request is a 4-byte big-endian length and that many bytes of UTF-8 HTML; a reply is
one status byte (0 the PDF, 1 this server cannot make PDFs, 2 another error), a length and the
PDF or the error's text.
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
from typing import IO

PDF, UNAVAILABLE, FAILED = 0, 1, 2


def render(html: str) -> bytes:
    """The PDF of ``html``; raises OSError where WeasyPrint lacks the Pango library."""
    # Imported here: without Pango the import itself fails, and it takes half a second or more;
    # every other page must work (and start quickly) on a server that cannot make PDFs.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def read_exactly(stream: IO[bytes], size: int) -> bytes:
    """``size`` bytes, or EOFError if the other side has gone."""
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def write_message(stream: IO[bytes], status: int, body: bytes) -> None:
    stream.write(struct.pack(">BI", status, len(body)) + body)
    stream.flush()


def _reply(html: str, out: IO[bytes]) -> None:
    try:
        write_message(out, PDF, render(html))
    except OSError as error:
        write_message(out, UNAVAILABLE, str(error).encode())
    except Exception as error:
        write_message(out, FAILED, f"{type(error).__name__}: {error}".encode())


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """Answer requests until the worker closes the pipe."""
    with contextlib.suppress(OSError):  # no Pango here: each request reports it
        render("<p>Ready</p>")  # fontconfig and Pango set up once, before any fork
    while True:
        try:
            (size,) = struct.unpack(">I", read_exactly(requests, 4))
            html = read_exactly(requests, size).decode()
        except EOFError:
            return
        child = os.fork()
        if child == 0:  # pragma: no cover - the child's coverage is not collected
            try:
                _reply(html, replies)
            finally:
                os._exit(0)
        os.waitpid(child, 0)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
