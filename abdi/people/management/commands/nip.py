"""``abdi nip [--pppk] NIP...``: one JSON object per NIP (CONTRACTS §5); exit 0 whether valid or not."""

import json

from abdi.core.management.base import AbdiCommand


class Command(AbdiCommand):
    help = "Memeriksa NIP (18 digit): tanggal lahir, TMT, jenis kelamin, nomor urut."

    def add_arguments(self, parser):
        parser.add_argument("nips", nargs="+", metavar="NIP")
        parser.add_argument("--pppk", action="store_true", help="tata letak NI PPPK (tahun pengangkatan + kode)")

    def handle(self, *args, **opts):
        from abdi.people.nip import parse_nip

        for value in opts["nips"]:
            info = parse_nip(value, pppk=opts["pppk"])
            self.stdout.write(json.dumps(info.as_json_dict(), ensure_ascii=False))
