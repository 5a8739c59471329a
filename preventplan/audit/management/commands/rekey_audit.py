"""preventplan rekey_audit (--from-unkeyed | --old-key-file PATH): re-chain the audit log with the
current AUDIT_KEY after checking every event against the old hash; refuses a log that fails
that check. Needs the table owner's database rights (it lifts the append-only triggers inside
its transaction); writers wait while it runs. Write a new checkpoint afterwards."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventplan.audit.log import RekeyError, chain_hash, rekey, unkeyed_chain_hash
from preventplan.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Re-chain the audit log with the current AUDIT_KEY (after a key change)."

    def add_arguments(self, parser: CommandParser) -> None:
        old = parser.add_mutually_exclusive_group(required=True)
        old.add_argument("--old-key-file", type=Path, help="A file holding the previous key.")
        old.add_argument(
            "--from-unkeyed", action="store_true", help="The log was chained without a key."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["from_unkeyed"]:
            old_hash = unkeyed_chain_hash
        else:
            old_key = options["old_key_file"].read_text(encoding="utf-8").strip()

            def old_hash(event: AuditEvent) -> str:
                return chain_hash(event, old_key)

        try:
            count = rekey(old_hash)
        except RekeyError as error:
            raise CommandError(f"The audit log was not re-keyed: {error}") from error
        self.stdout.write(
            f"{count:,} events re-chained with the current key. Write a new checkpoint now "
            "(audit_checkpoint): older checkpoints no longer match."
        )
