"""``abdi talent hitung --year Y [--instansi ID]``: recompute the 9-box (loads do it by themselves)."""

import json

from django.core.management.base import CommandError

from abdi.core.management.base import AbdiCommand


class Command(AbdiCommand):
    help = "Manajemen talenta: hitung ulang 9-box (hitung)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["hitung"], metavar="hitung", help="hitung ulang 9-box satu tahun")
        parser.add_argument("--year", type=int, metavar="Y", help="tahun SKP (bawaan: tahun terakhir yang dinilai)")
        parser.add_argument("--instansi", metavar="ID", help="hanya instansi ini")

    def handle(self, *args, **opts):
        from abdi.org.models import Instansi
        from abdi.talent.bulk import default_year
        from abdi.talent.services import ninebox_recompute

        year = opts["year"] or default_year()
        if year is None:
            raise CommandError("belum ada penilaian SKP tahunan", returncode=1)
        if opts["instansi"] and not Instansi.objects.filter(pk=opts["instansi"]).exists():
            raise CommandError(f"instansi tidak dikenal: {opts['instansi']}", returncode=1)
        result = ninebox_recompute(tahun=year, instansi_id=opts["instansi"] or "", actor_label="cli")
        self.stdout.write(json.dumps({"tahun": year, **result}, ensure_ascii=False))
