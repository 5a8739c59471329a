"""Signed checkpoints of the audit log, kept outside the database.

Once a day ``audit_checkpoint`` checks the chain and writes its head — how many events, the
last hash, when — with an HMAC (``AUDIT_KEY``) to a file in ``AUDIT_CHECKPOINT_DIR``. Someone able
to rewrite the database, head included, still cannot make the log agree with yesterday's
checkpoint after removing or changing events: ``verify_audit --checkpoint FILE`` finds it.
(docs/audit.md; tests in tests/test_audit.py.)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from preventplan.audit.log import ChainReport, key_id, read_head, verify_chain


class CheckpointError(Exception):
    pass


@dataclass(frozen=True)
class Checkpoint:
    count: int
    last_hash: str
    at: datetime
    key_id: str

    def body(self) -> dict[str, object]:
        return {
            "count": self.count,
            "last_hash": self.last_hash,
            "at": self.at.isoformat(),
            "key_id": self.key_id,
        }


def _signature(body: dict[str, object]) -> str:
    message = json.dumps(body, sort_keys=True).encode()
    return hmac.new(settings.AUDIT_KEY.encode(), message, hashlib.sha256).hexdigest()


def write(directory: Path | None = None) -> tuple[Path, ChainReport]:
    """Check the chain, then write its head as a signed checkpoint. A broken chain is never
    checkpointed: CheckpointError says why."""
    count, last_hash, _ = read_head()
    report = verify_chain({count: (last_hash, "the chain's head")})
    if not report.intact:
        raise CheckpointError(f"The audit log has been tampered with: {report.problem}")
    point = Checkpoint(count, last_hash, timezone.now(), key_id())
    body = point.body()
    directory = directory or settings.AUDIT_CHECKPOINT_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"audit-checkpoint-{point.at:%Y%m%dT%H%M%S%fZ}.json"
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({**body, "hmac": _signature(body)}, indent=2) + "\n")
    os.replace(partial, path)
    return path, report


def read(path: Path) -> Checkpoint:
    """A checkpoint whose signature holds; CheckpointError if it was altered or made with
    another key."""
    try:
        data = json.loads(path.read_text())
        body = {k: data[k] for k in ("count", "last_hash", "at", "key_id")}
        signature = str(data["hmac"])
        point = Checkpoint(
            int(body["count"]),
            str(body["last_hash"]),
            datetime.fromisoformat(str(body["at"])),
            str(body["key_id"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{path} is not an audit checkpoint ({error})") from error
    if not hmac.compare_digest(signature, _signature(body)):
        raise CheckpointError(
            f"{path}: the signature does not match: the file was altered, or AUDIT_KEY is not "
            "the key it was signed with"
        )
    return point


def verify_against(point: Checkpoint) -> ChainReport:
    """The chain checked as usual, and against the checkpoint: the log still holds at least its
    count of events and the event at that position still has its hash."""
    where = f"the checkpoint of {timezone.localtime(point.at):%-d %B %Y %H:%M}"
    return verify_chain({point.count: (point.last_hash, where)})
