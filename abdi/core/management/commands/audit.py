"""``abdi audit verify`` checks the hash chain (CONTRACTS §2); ``abdi audit seal`` seals pending read events."""

from __future__ import annotations

import sys
import time

from abdi.core.audit import audit_verify
from abdi.core.management.base import EXIT_FAILED, AbdiCommand
from abdi.core.tasks import seal_all


class Command(AbdiCommand):
    help = ("Jejak audit (audit trail): `audit verify` memeriksa rantai hash (exit 0 utuh, 1 rusak); "
            "`audit seal` menyegel kejadian baca yang tertunda.")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["verify", "seal"], metavar="verify|seal",
                            help="verify: periksa rantai (check the chain); seal: segel kejadian tertunda "
                                 "(seal pending read events)")
        parser.add_argument("--limit", type=int, default=10_000,
                            help="seal: paling banyak sekian kejadian per putaran (at most this many per round)")
        parser.add_argument("--every", type=float, default=0, metavar="N",
                            help="seal: ulangi setiap N detik sampai dihentikan (repeat every N seconds; for "
                                 "deployments without Celery beat)")

    def handle(self, *args, **options):
        if options["what"] == "seal":
            every = options["every"]
            while True:
                total = seal_all(limit=max(1, options["limit"]))
                if not every:
                    self.stdout.write(f"Disegel: {total} kejadian")
                    return
                if total:
                    self.stderr.write(f"Disegel: {total} kejadian")
                time.sleep(every)
        intact, broken_id, message = audit_verify()
        if intact:
            self.stdout.write(message)
            return  # exit 0
        self.stdout.write(f"Jejak audit rusak pada kejadian {broken_id}: {message}")
        sys.exit(EXIT_FAILED)
