"""The baseline for ``bench.load``: a plain Django loader of pegawai.csv with the same validation, row by row.

    python -m bench.naive_loader PEGAWAI_CSV

csv.DictReader, per-row Python checks (the rules of ``abdi load``: codes, dates, references, NIP rules and
its agreement with birth date and gender, duplicates, lengths), then ``bulk_create`` of civil servants and
their initial history in batches, in one transaction. It is what a straightforward Django loader looks like.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys


def main(path: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from abdi.org.models import Instansi, Jabatan, KabKota, Unor
    from abdi.people.models import Pegawai, RiwayatPegawai
    from abdi.people.nip import parse_nip
    from abdi.reference import codes

    today = dt.date.today()
    instansi = set(Instansi.objects.values_list("pk", flat=True))
    unor = dict(Unor.objects.values_list("pk", "instansi_id"))
    jabatan = set(Jabatan.objects.values_list("pk", flat=True))
    kabkota = set(KabKota.objects.values_list("pk", flat=True))

    def date(value: str) -> dt.date | None:
        try:
            d = dt.date.fromisoformat(value)
        except ValueError:
            return None
        return d if d.year >= 1900 else None

    seen: set[str] = set()
    rejected = 0
    people: list[Pegawai] = []
    history: list[RiwayatPegawai] = []
    now = timezone.now()
    with open(path, newline="", encoding="utf-8") as fh, transaction.atomic():
        for row in csv.DictReader(fh):
            nip = row["nip"]
            pppk = row["jenis_pegawai"] == "PPPK"
            info = parse_nip(nip, pppk=pppk, today=today)
            birth = date(row["tgl_lahir"])
            ok = (
                info.valid and nip not in seen and len(row["nama"]) <= 200 and bool(row["nama"])
                and birth is not None and birth <= today and info.birth_date == birth
                and row["jenis_kelamin"] in codes.JENIS_KELAMIN and info.gender == row["jenis_kelamin"]
                and row["jenis_pegawai"] in codes.JENIS_PEGAWAI
                and row["status"] in codes.STATUS_BY_JENIS.get(row["jenis_pegawai"], ())
                and row["kedudukan"] in codes.KEDUDUKAN
                and row["golongan"] in (codes.GOLONGAN_PPPK_CODES if pppk else codes.GOLONGAN_PNS_CODES)
                and row["pendidikan"] in codes.PENDIDIKAN_CODES
                and date(row["tmt_cpns"]) is not None and date(row["tmt_jabatan"]) is not None
                and row["instansi_id"] in instansi and unor.get(row["unor_id"]) in (row["instansi_id"],
                                                                                    row.get("instansi_kerja_id"))
                and row["jabatan_id"] in jabatan and row["lokasi_kabkota_kode"] in kabkota
            )
            if not ok:
                rejected += 1
                continue
            seen.add(nip)
            people.append(Pegawai(
                nip=nip, nama=row["nama"], tgl_lahir=birth, jenis_kelamin=row["jenis_kelamin"],
                jenis_pegawai=row["jenis_pegawai"], status=row["status"], kedudukan=row["kedudukan"],
                golongan=row["golongan"], pendidikan=row["pendidikan"], tmt_cpns=date(row["tmt_cpns"]),
                tmt_pns=date(row.get("tmt_pns") or "") if row.get("tmt_pns") else None,
                tmt_golongan=date(row.get("tmt_golongan") or "") if row.get("tmt_golongan") else None,
                instansi_id=row["instansi_id"], unor_id=row["unor_id"], jabatan_id=row["jabatan_id"],
                tmt_jabatan=date(row["tmt_jabatan"]), lokasi_kabkota_id=row["lokasi_kabkota_kode"],
                pns_id=row.get("pns_id", ""), nip_lama=row.get("nip_lama", ""),
                gelar_depan=row.get("gelar_depan", ""), gelar_belakang=row.get("gelar_belakang", ""),
                instansi_kerja_id=row.get("instansi_kerja_id") or None, diperbarui_pada=now))
            history.append(RiwayatPegawai(
                pegawai_id=nip, tmt=date(row["tmt_jabatan"]), perubahan="AWAL", instansi_id=row["instansi_id"],
                unor_id=row["unor_id"], jabatan_id=row["jabatan_id"], golongan=row["golongan"],
                status=row["status"], kedudukan=row["kedudukan"], dicatat_pada=now))
            if len(people) >= 2000:
                Pegawai.objects.bulk_create(people)
                RiwayatPegawai.objects.bulk_create(history)
                people, history = [], []
        Pegawai.objects.bulk_create(people)
        RiwayatPegawai.objects.bulk_create(history)
    print(f"rejected {rejected}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
