"""``abdi analytics refresh [--instansi ID]...``: rebuild the dashboard aggregates (all, or some agencies)."""

from __future__ import annotations

from abdi.analytics.services import refresh
from abdi.core.management.base import AbdiCommand


class Command(AbdiCommand):
    help = "Analitik: `analytics refresh` menyusun ulang agregat dasbor (rebuilds the dashboard aggregates)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh"], metavar="refresh")
        parser.add_argument("--instansi", action="append", default=[], metavar="ID",
                            help="hanya instansi ini (only these agencies; repeatable)")

    def handle(self, *args, **options):
        record = refresh(instansi_ids=set(options["instansi"]) or None)
        scope = "semua instansi" if record.full else f"{record.instansi_count} instansi"
        self.stdout.write(f"Agregat diperbarui: {scope}, {record.seconds:.1f} detik")
