"""``abdi audit verify`` checks the hash chain (CONTRACTS §2); ``abdi audit seal`` seals pending read events."""

from __future__ import annotations

import sys

from abdi.core.audit import audit_seal_pending, audit_verify
from abdi.core.management.base import EXIT_FAILED, AbdiCommand


class Command(AbdiCommand):
    help = ("Jejak audit (audit trail): `audit verify` memeriksa rantai hash (exit 0 utuh, 1 rusak); "
            "`audit seal` menyegel kejadian baca yang tertunda.")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["verify", "seal"], metavar="verify|seal",
                            help="verify: periksa rantai (check the chain); seal: segel kejadian tertunda "
                                 "(seal pending read events)")
        parser.add_argument("--limit", type=int, default=10_000,
                            help="seal: paling banyak sekian kejadian per putaran (at most this many per round)")

    def handle(self, *args, **options):
        if options["what"] == "seal":
            total = 0
            while True:
                sealed = audit_seal_pending(limit=max(1, options["limit"]))
                total += sealed
                if sealed < max(1, options["limit"]):
                    break
            self.stdout.write(f"Disegel: {total} kejadian")
            return
        intact, broken_id, message = audit_verify()
        if intact:
            self.stdout.write(message)
            return  # exit 0
        self.stdout.write(f"Jejak audit rusak pada kejadian {broken_id}: {message}")
        sys.exit(EXIT_FAILED)
