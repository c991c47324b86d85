"""``abdi load DIR`` / ``abdi load --siasn FILE`` (CONTRACTS §2, §4)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import CommandError

from abdi.core.management.base import AbdiCommand, Progress, UsageError


class Command(AbdiCommand):
    help = "Memuat direktori data (instansi, unor, jabatan, pegawai) atau ekspor SIASN."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="direktori data (CONTRACTS §3)")
        parser.add_argument("--siasn", metavar="FILE", help="berkas ekspor 'Export Data ASN' dari SIASN")
        parser.add_argument("--report", metavar="FILE", help="tulis laporan JSON ke FILE")
        parser.add_argument("--strict", action="store_true", help="satu baris ditolak: tidak ada yang diubah")

    def handle(self, *args, **opts):
        from abdi.people.imports import load_directory
        from abdi.people.imports.siasn import load_siasn

        if bool(opts["directory"]) == bool(opts["siasn"]):
            raise UsageError("berikan DIR atau --siasn FILE (salah satu)")
        progress = Progress()
        if opts["siasn"]:
            path = Path(opts["siasn"])
            if not path.is_file():
                raise CommandError(f"berkas tidak ditemukan: {path}", returncode=1)
            report = load_siasn(path, strict=opts["strict"], progress=progress, actor_label=_who())
        else:
            report = load_directory(Path(opts["directory"]), strict=opts["strict"], progress=progress,
                                    actor_label=_who())
        progress.done()
        if opts["report"]:
            Path(opts["report"]).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1),
                                            encoding="utf-8")
        for name, counts in report.files.items():
            self.stdout.write(f"{name}: {counts['rows']} baris, {counts['loaded']} dimuat, "
                              f"{counts['rejected']} ditolak")
        self.stdout.write(f"{len(report.warnings)} peringatan; {report.duration_s:.1f} detik")
        if report.error:
            sys.stderr.write(f"abdi load: {report.error}\n")
        if report.rejected and not opts["report"]:
            sys.stderr.write("abdi load: baris ditolak; pakai --report FILE untuk rinciannya. Contoh:\n")
            for r in report.rejected[:5]:
                sys.stderr.write(f"  {r['file']}:{r['line']} {r['column']}: {r['reason']}\n")
        sys.stdout.flush()
        if report.exit_code:
            sys.exit(report.exit_code)


def _who() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001
        return "cli"


