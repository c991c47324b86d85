"""``abdi rules list | show CODE [--on YYYY-MM-DD] [--history] | set CODE --file F.json --from YYYY-MM-DD
[--note TEXT]``: the versioned rule sets (``core.rulesets``) without a Python shell.

``show`` prints the data in force as JSON on standard output, so that ``show`` > file, an edit, then ``set
--file`` makes the next version. ``set`` validates with the module's validator and writes an audited version
(actor ``cli``); a file that is not JSON, an unknown code or data the module refuses exit 2 and write nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from abdi.core.management.base import EXIT_FAILED, EXIT_REJECTED, AbdiCommand, UsageError
from abdi.core.rulesets import (
    UnknownRuleSet,
    rules_codes,
    rules_history,
    rules_in_force,
    rules_registered,
    rules_version_add,
    rules_version_counts,
)

MAX_NOTE = 300  # RuleSet.note


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal tidak sah: {value!r} (format YYYY-MM-DD)") from None


def _no_constant(name: str):
    raise ValueError(f"{name} bukan nilai JSON yang sah")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


class Command(AbdiCommand):
    help = ("Aturan berversi: `rules list` (semua kode), `rules show KODE` (aturan yang berlaku, JSON), "
            "`rules set KODE --file F.json --from YYYY-MM-DD` (versi baru, diaudit).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "show", "set"], metavar="list|show|set",
                            help="list: semua kode aturan; show: aturan yang berlaku; set: tulis versi baru")
        parser.add_argument("code", nargs="?", metavar="KODE", help="kode aturan, mis. skp.predikat")
        parser.add_argument("--on", type=_date, metavar="YYYY-MM-DD", help="show: yang berlaku pada tanggal ini "
                                                                           "(bawaan: hari ini)")
        parser.add_argument("--history", action="store_true", help="show: semua versi, dengan tanggal berlaku, "
                                                                   "catatan dan penulisnya")
        parser.add_argument("--file", metavar="F.json", help="set: berkas JSON berisi aturan baru")
        parser.add_argument("--from", dest="valid_from", type=_date, metavar="YYYY-MM-DD",
                            help="set: tanggal mulai berlaku versi baru")
        parser.add_argument("--note", default="", metavar="TEKS", help=f"set: catatan (paling banyak {MAX_NOTE} "
                                                                        "karakter)")

    def handle(self, *args, **opts):
        action = opts["action"]
        misplaced = [flag for flag, key, used_by in (("--on", "on", "show"), ("--history", "history", "show"),
                                                     ("--file", "file", "set"), ("--from", "valid_from", "set"),
                                                     ("--note", "note", "set"))
                     if opts[key] and action != used_by]
        if misplaced:
            raise UsageError(f"{', '.join(misplaced)} tidak berlaku untuk `rules {action}`")
        if action == "list":
            if opts["code"]:
                raise UsageError("`rules list` tidak menerima KODE")
            return self._list()
        if not opts["code"]:
            raise UsageError(f"`rules {action}` perlu KODE (lihat `abdi rules list`)")
        if action == "show":
            return self._show(opts["code"], opts["on"], opts["history"])
        return self._set(opts["code"], opts["file"], opts["valid_from"], opts["note"])

    def _list(self) -> None:
        today = timezone.localdate()
        counts = rules_version_counts()
        rows = []
        for code in rules_codes():
            rules = rules_in_force(code, today)
            rows.append((code, str(rules.version), rules.valid_from.isoformat() if rules.valid_from else "(bawaan)",
                         str(counts.get(code, 0)), rules_registered(code).label))
        header = ("KODE", "VERSI", "BERLAKU SEJAK", "JUMLAH VERSI", "NAMA")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
        for row in (header, *rows):
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row[:4], widths, strict=True)) + "  " + row[4])

    def _registered(self, code: str, returncode: int) -> None:
        try:
            rules_registered(code)
        except UnknownRuleSet:
            raise CommandError(f"kode aturan tidak dikenal: {code} (terdaftar: {', '.join(rules_codes())})",
                               returncode=returncode) from None

    def _show(self, code: str, on: dt.date | None, history: bool) -> None:
        self._registered(code, EXIT_FAILED)
        if history:
            self.stdout.write(_json([{"version": v.version, "valid_from": v.valid_from, "note": v.note,
                                      "author": v.author, "created_at": v.created_at, "data": v.data}
                                     for v in rules_history(code)]))
            return
        on = on or timezone.localdate()
        rules = rules_in_force(code, on)
        since = f"berlaku sejak {rules.valid_from}" if rules.valid_from else "bawaan dalam kode"
        self.stderr.write(f"{code} versi {rules.version} ({since}), berlaku pada {on}")
        self.stdout.write(_json(rules.data))

    def _set(self, code: str, file: str | None, valid_from: dt.date | None, note: str) -> None:
        if not file or not valid_from:
            raise UsageError("`rules set` perlu --file F.json dan --from YYYY-MM-DD")
        if len(note) > MAX_NOTE:
            raise UsageError(f"--note paling banyak {MAX_NOTE} karakter")
        self._registered(code, EXIT_REJECTED)
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"berkas tidak dapat dibaca: {file} ({exc})", returncode=EXIT_FAILED) from None
        try:
            data = json.loads(text, parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise CommandError(f"berkas bukan JSON yang sah: {file}: {exc}", returncode=EXIT_REJECTED) from None
        try:
            row = rules_version_add(code=code, data=data, valid_from=valid_from, actor=None, note=note,
                                    actor_label="cli")
        except ValueError as exc:
            raise CommandError(f"aturan {code} tidak sah, tidak ada yang ditulis: {exc}",
                               returncode=EXIT_REJECTED) from None
        self.stderr.write(f"{code} versi {row.version} ditulis, berlaku sejak {row.valid_from}")
        self.stdout.write(json.dumps({"code": code, "version": row.version, "valid_from": valid_from.isoformat()},
                                     ensure_ascii=False))
