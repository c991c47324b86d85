"""Workforce statistics of CONTRACTS §6, computed set-based in the database.

Four grouped scans of the active roster (each a single GROUP BY over indexed columns) give every breakdown;
Python only reshapes the few hundred resulting rows. Pre-aggregated tables for dashboards come with the
analytics app; this is the straightforward computation they are checked against.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import ExtractYear, Substr

from abdi.org.models import Instansi, Jabatan, Provinsi
from abdi.people.models import Pegawai
from abdi.reference import codes


def _round(value: float, places: int) -> float:
    q = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def generasi_of(year: int) -> str:
    for name, lo, hi in codes.GENERASI:
        if (lo is None or year >= lo) and (hi is None or year <= hi):
            return name
    return "Z"


def retirement_year(birth_year: int, birth_month: int, bup: int) -> int:
    """Year of the first day of the month after the birthday at which ``bup`` is reached."""
    return birth_year + bup + (1 if birth_month == 12 else 0)


def workforce_stats(*, instansi_id: str | None = None, instansi_ids: list[str] | None = None,
                    today: dt.date | None = None) -> dict:
    """Statistics of active civil servants, nationally or for the given instansi."""
    today = today or dt.date.today()
    qs = Pegawai.objects.filter(kedudukan="AKTIF")
    if instansi_id is not None:
        qs = qs.filter(instansi_id=instansi_id)
    if instansi_ids is not None:
        qs = qs.filter(instansi_id__in=instansi_ids)

    out: dict = {}
    jenis_instansi = dict(Instansi.objects.values_list("instansi_id", "jenis"))
    by_jp: dict[str, int] = defaultdict(int)
    by_jk: dict[str, int] = defaultdict(int)
    by_pd: dict[str, int] = {"PUSAT": 0, "DAERAH": 0}
    by_inst: dict[str, int] = defaultdict(int)
    by_prov: dict[str, int] = defaultdict(int)
    total = 0
    rows = (qs.annotate(prov=Substr("lokasi_kabkota_id", 1, 2))
            .values("instansi_id", "prov", "jenis_pegawai", "jenis_kelamin").annotate(n=Count("*")).order_by())
    for r in rows:
        n = r["n"]
        total += n
        by_jp[r["jenis_pegawai"]] += n
        by_jk[r["jenis_kelamin"]] += n
        by_pd["PUSAT" if jenis_instansi.get(r["instansi_id"]) == "PUSAT" else "DAERAH"] += n
        by_inst[r["instansi_id"]] += n
        by_prov[r["prov"]] += n
    out["total"] = total
    out["by_jenis_pegawai"] = {k: by_jp.get(k, 0) for k in codes.JENIS_PEGAWAI}
    out["by_jenis_kelamin"] = {k: by_jk.get(k, 0) for k in codes.JENIS_KELAMIN}
    out["by_pusat_daerah"] = by_pd
    out["by_instansi"] = dict(sorted(by_inst.items()))
    out["by_provinsi"] = dict(sorted(by_prov.items()))

    by_edu: dict[str, int] = defaultdict(int)
    by_gol: dict[str, int] = defaultdict(int)
    for r in qs.values("pendidikan", "golongan").annotate(n=Count("*")).order_by():
        by_edu[r["pendidikan"]] += r["n"]
        by_gol[r["golongan"]] += r["n"]
    out["by_pendidikan"] = {k: by_edu[k] for k in codes.PENDIDIKAN_CODES if by_edu.get(k)}
    order = {c: i for i, c in enumerate(codes.GOLONGAN_PNS_CODES + codes.GOLONGAN_PPPK_CODES)}
    out["by_golongan"] = dict(sorted(by_gol.items(), key=lambda kv: order.get(kv[0], 99)))

    jab = {j: (jenis, jenjang) for j, jenis, jenjang in Jabatan.objects.values_list("jabatan_id", "jenis", "jenjang")}
    by_jj: dict[str, int] = defaultdict(int)
    level_all: dict[str, int] = defaultdict(int)
    level_women: dict[str, int] = defaultdict(int)
    for r in qs.values("jabatan_id", "jenis_kelamin").annotate(n=Count("*")).order_by():
        jenis, jenjang = jab[r["jabatan_id"]]
        by_jj[jenis] += r["n"]
        level_all[jenjang] += r["n"]
        if r["jenis_kelamin"] == "P":
            level_women[jenjang] += r["n"]
    out["by_jenis_jabatan"] = {k: by_jj.get(k, 0) for k in codes.JENIS_JABATAN}
    women = {}
    for j in codes.JENJANG:
        if level_all.get(j.kode):
            women[j.kode] = _round(level_women[j.kode] / level_all[j.kode], 4)
    women["SEMUA"] = _round(by_jk.get("P", 0) / total, 4) if total else 0.0
    out["perempuan_pimpinan"] = women

    by_gen = {name: 0 for name, _, _ in codes.GENERASI}
    pensiun = {str(today.year + k): 0 for k in range(6)}
    rows = (qs.annotate(th=ExtractYear("tgl_lahir"),
                        des=Case(When(tgl_lahir__month=12, then=Value(1)), default=Value(0),
                                 output_field=IntegerField()))
            .values("th", "des", "jenis_pegawai", "jabatan__bup").annotate(n=Count("*")).order_by())
    for r in rows:
        by_gen[generasi_of(int(r["th"]))] += r["n"]
        if r["jenis_pegawai"] != "PNS":
            continue
        year = max(retirement_year(int(r["th"]), 12 if r["des"] else 1, int(r["jabatan__bup"])), today.year)
        if str(year) in pensiun:
            pensiun[str(year)] += r["n"]
    out["by_generasi"] = by_gen

    population = dict(Provinsi.objects.values_list("kode", "penduduk"))
    per100 = {}
    for kode, n in sorted(by_prov.items()):
        if population.get(kode):
            per100[kode] = _round(n / population[kode] * 100, 2)
    national_pop = sum(p for p in population.values() if p)
    per100["NASIONAL"] = _round(total / national_pop * 100, 2) if national_pop else 0.0
    out["per_100_penduduk"] = per100
    out["pensiun_5_tahun"] = pensiun
    return out
