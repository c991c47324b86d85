"""``abdi stats [--instansi ID] [--json]`` (CONTRACTS §6)."""

import json

from django.core.management.base import CommandError

from abdi.core.management.base import AbdiCommand


class Command(AbdiCommand):
    help = "Statistik ASN aktif: nasional atau satu instansi."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", metavar="ID")
        parser.add_argument("--json", action="store_true", help="satu objek JSON")

    def handle(self, *args, **opts):
        from abdi.org.models import Instansi
        from abdi.people.stats import workforce_stats

        if opts["instansi"] and not Instansi.objects.filter(pk=opts["instansi"]).exists():
            raise CommandError(f"instansi tidak dikenal: {opts['instansi']}", returncode=1)
        stats = workforce_stats(instansi_id=opts["instansi"])
        if opts["json"]:
            self.stdout.write(json.dumps(stats, ensure_ascii=False))
            return
        self.stdout.write(f"ASN aktif: {stats['total']:,}".replace(",", "."))
        for key, value in stats.items():
            if key == "total":
                continue
            self.stdout.write(f"\n{key}")
            for k, v in value.items():
                self.stdout.write(f"  {k:<24} {v}")
