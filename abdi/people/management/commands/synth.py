"""``abdi synth --employees N --seed S --out DIR [--year Y] [--siasn]`` (CONTRACTS §2)."""

import json
from pathlib import Path

from abdi.core.management.base import AbdiCommand, Progress, UsageError


class Command(AbdiCommand):
    help = "Menulis dataset sintetis nasional yang terkalibrasi (CONTRACTS §3)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, required=True, metavar="S")
        parser.add_argument("--out", required=True, metavar="DIR")
        parser.add_argument("--year", type=int, default=None, metavar="Y",
                            help="tahun acuan (bawaan: tahun penuh terakhir); menetapkan semua tanggal")
        parser.add_argument("--siasn", action="store_true", help="juga tulis roster sebagai ekspor SIASN")

    def handle(self, *args, **opts):
        from abdi.synth import write_dataset

        if opts["employees"] < 0:
            raise UsageError("--employees harus ≥ 0")
        progress = Progress()
        summary = write_dataset(Path(opts["out"]), employees=opts["employees"], seed=opts["seed"],
                                year=opts["year"], siasn=opts["siasn"], progress=progress)
        progress.done()
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
