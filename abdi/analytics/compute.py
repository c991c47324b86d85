"""From the roster to counts: three grouped scans of active civil servants give every metric the dashboards
need, per (instansi, work-location province, PNS/PPPK). Python folds the grouped rows into metric keys
(a few hundred thousand rows at national scale, not six million).

Metric keys (``metric``, ``key``):
``total`` "" · ``jk`` L/P · ``jabatan_jenis`` STRUKTURAL/FUNGSIONAL/PELAKSANA · ``jenjang`` and ``jenjang_p``
(women) per level · ``rumpun`` per position family · ``pendidikan`` · ``golongan`` · ``lahir`` "YYYY|L" (birth
year and gender) · ``pensiun`` "YYYY" (PNS only: the year the position's retirement age is reached; the
first day of the month after the birthday, so a December birthday retires the next year) · ``unit``
per unit kind (``jenis_unor``; counted per unit, not per person, with PNS/PPPK ``*``).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Substr

from abdi.org.models import Instansi, Jabatan, Unor
from abdi.people.models import Pegawai

ANY_JP = "*"  # counts that are not per PNS/PPPK (units)
CellKey = tuple[str, str, str, str, str]  # instansi, provinsi, jenis_pegawai, metric, key


def active(qs: QuerySet | None = None) -> QuerySet:
    return (qs if qs is not None else Pegawai.objects.all()).filter(kedudukan="AKTIF")


def retirement_year(birth_year: int, december: bool, bup: int) -> int:
    """The first day of the month after the birthday at which ``bup`` is reached falls in this year."""
    return birth_year + bup + (1 if december else 0)


def person_cells(qs: QuerySet) -> dict[CellKey, int]:
    """Counts of the active civil servants of ``qs`` (already scoped and filtered) by every metric key."""
    cells: dict[CellKey, int] = defaultdict(int)
    jab = {j: (jenis, jenjang, rumpun, bup) for j, jenis, jenjang, rumpun, bup in
           Jabatan.objects.values_list("jabatan_id", "jenis", "jenjang_id", "rumpun", "bup")}
    base = active(qs).annotate(prov=Substr("lokasi_kabkota_id", 1, 2))

    for r in base.values_list("instansi_id", "prov", "jenis_pegawai", "jenis_kelamin", "jabatan_id").annotate(
            n=Count("*")).order_by():
        ins, prov, jp, jk, jab_id, n = r
        jenis, jenjang, rumpun, _ = jab.get(jab_id, ("", "", "", 58))
        at = (ins, prov, jp)
        cells[(*at, "total", "")] += n
        cells[(*at, "jk", jk)] += n
        cells[(*at, "jabatan_jenis", jenis)] += n
        cells[(*at, "jenjang", jenjang)] += n
        if jk == "P":
            cells[(*at, "jenjang_p", jenjang)] += n
        if rumpun:
            cells[(*at, "rumpun", rumpun)] += n

    for ins, prov, jp, pend, gol, n in base.values_list(
            "instansi_id", "prov", "jenis_pegawai", "pendidikan", "golongan").annotate(n=Count("*")).order_by():
        cells[(ins, prov, jp, "pendidikan", pend)] += n
        cells[(ins, prov, jp, "golongan", gol)] += n

    december = Case(When(tgl_lahir__month=12, then=Value(1)), default=Value(0), output_field=IntegerField())
    rows = (base.annotate(th=ExtractYear("tgl_lahir"), des=december, bup=Coalesce("jabatan__bup", Value(58)))
            .values_list("instansi_id", "prov", "jenis_pegawai", "jenis_kelamin", "th", "des", "bup")
            .annotate(n=Count("*")).order_by())
    for ins, prov, jp, jk, th, des, bup, n in rows:
        cells[(ins, prov, jp, "lahir", f"{int(th)}|{jk}")] += n
        if jp == "PNS":
            cells[(ins, prov, jp, "pensiun", str(retirement_year(int(th), bool(des), int(bup))))] += n
    return cells


def unit_cells(qs: QuerySet | None = None) -> dict[CellKey, int]:
    """Units per kind, placed in the province of their location (else their instansi's)."""
    qs = qs if qs is not None else Unor.objects.all()
    home = dict(Instansi.objects.values_list("instansi_id", "provinsi_id"))
    cells: dict[CellKey, int] = defaultdict(int)
    rows = (qs.annotate(prov=Substr("lokasi_kabkota_id", 1, 2)).values_list("instansi_id", "prov", "jenis_unor")
            .annotate(n=Count("*")).order_by())
    for ins, prov, kind, n in rows:
        cells[(ins, prov or home.get(ins) or "", ANY_JP, "unit", kind)] += n
    return cells


def fold(cells: dict[CellKey, int], instansi_jenis: dict[str, str], *, jenis_pegawai: str = "") -> dict:
    """Cells of one scope → ``{metric: {key: count}}``, with the scope-level breakdowns by instansi, province
    and central/regional derived from the cells' own keys."""
    metrics: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (ins, prov, jp, metric, key), n in cells.items():
        if jenis_pegawai and jp not in (jenis_pegawai, ANY_JP):
            continue
        metrics[metric][key] += n
        if metric == "total":
            metrics["jenis_pegawai"][jp] += n
            metrics["instansi"][ins] += n
            metrics["provinsi"][prov] += n
            metrics["pusat_daerah"]["PUSAT" if instansi_jenis.get(ins) == "PUSAT" else "DAERAH"] += n
        elif metric == "rumpun":
            metrics["rumpun_provinsi"][f"{key}|{prov}"] += n
        elif metric == "unit":
            metrics["unit_provinsi"][f"{key}|{prov}"] += n
    return {m: dict(v) for m, v in metrics.items()}
