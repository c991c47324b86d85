"""Writes of the talent app: the 9-box recomputed set-based, calibration, pools and successors."""

from __future__ import annotations

import logging
import time

from django.db import connection, transaction
from django.utils import timezone

from abdi.core.audit import audit_record
from abdi.talent import compute
from abdi.talent.models import HitungKotak, Kotak

log = logging.getLogger("abdi.talent")
KOTAK_COLS = ("nip", "tahun", "sumbu_kinerja", "sumbu_potensial", "kotak", "nilai", "standar", "instansi_id",
              "unor_id", "jenjang", "jenis_kelamin", "rule_version")
NEW = "tmp_talent_kotak"


def _stage(job: HitungKotak | None, tahap: str, persen: int) -> None:
    if job is not None:
        HitungKotak.objects.filter(pk=job.pk).update(status=HitungKotak.Status.JALAN, tahap=tahap, persen=persen)


def ninebox_recompute(*, tahun: int, instansi_id: str = "", actor=None, actor_label: str = "",
                      job: HitungKotak | None = None) -> dict:
    """Rebuild the 9-box of ``tahun`` (of one agency, or everyone) from the annual SKP ratings and the latest
    assessments, in a handful of statements: the new boxes into a TEMP table, then delete the boxes that are
    gone, update the ones that changed and insert the new ones (a first computation inserts directly).
    Calibrations live in their own rows and are untouched. One audit event for the job."""
    started = time.perf_counter()
    rules = compute.rules_for(tahun)
    # the stages are written outside the job's transaction (which is all or nothing), so a screen sees them
    _stage(job, "menghitung dan menulis kotak", 10)
    with transaction.atomic():
        positions = compute.build_standard_table()
        select, params = compute.box_select(tahun, rules.data)
        if instansi_id:
            select, params = _scoped(select, params, instansi_id)
        cols = ", ".join(KOTAK_COLS)
        src = ("n.nip, %s, n.sumbu_kinerja, n.sumbu_potensial, n.kotak, n.nilai, n.standar, n.instansi_id, n.unor_id, "
               "n.jenjang, n.jenis_kelamin, %s")
        scope = " AND instansi_id = %s" if instansi_id else ""
        scope_params = [instansi_id] if instansi_id else []
        with connection.cursor() as cur:
            if is_pg():
                cur.execute("SET LOCAL work_mem = '256MB'")
            first = not Kotak.objects.filter(tahun=tahun, **({"instansi_id": instansi_id} if instansi_id else {})).exists()
            if first:
                cur.execute(f"INSERT INTO talent_kotak ({cols}) SELECT {src} FROM ({select}) n",
                            [tahun, rules.version, *params])
                counts = {"ditambah": cur.rowcount, "diubah": 0, "dihapus": 0}
            else:
                cur.execute(f"DROP TABLE IF EXISTS {NEW}")
                cur.execute(f"CREATE TEMP TABLE {NEW} AS {select}", params)
                if is_pg():
                    cur.execute(f"CREATE UNIQUE INDEX ON {NEW} (nip)")
                    cur.execute(f"ANALYZE {NEW}")
                cur.execute(f"DELETE FROM talent_kotak WHERE tahun = %s{scope} AND NOT EXISTS "
                            f"(SELECT 1 FROM {NEW} n WHERE n.nip = talent_kotak.nip)", [tahun, *scope_params])
                deleted = cur.rowcount
                data_cols = [c for c in KOTAK_COLS if c not in ("nip", "tahun", "rule_version")]
                differs = " OR ".join(f"talent_kotak.{c} <> n.{c}" for c in data_cols)
                sets = ", ".join(f"{c} = n.{c}" for c in data_cols)
                cur.execute(f"UPDATE talent_kotak SET {sets}, rule_version = %s FROM {NEW} n WHERE talent_kotak.tahun = %s "
                            f"AND talent_kotak.nip = n.nip AND ({differs} OR talent_kotak.rule_version <> %s)",
                            [rules.version, tahun, rules.version])
                updated = cur.rowcount
                cur.execute(f"INSERT INTO talent_kotak ({cols}) SELECT {src} FROM {NEW} n LEFT JOIN talent_kotak t "
                            f"ON t.nip = n.nip AND t.tahun = %s WHERE t.id IS NULL", [tahun, rules.version, tahun])
                counts = {"ditambah": cur.rowcount, "diubah": updated, "dihapus": deleted}
                cur.execute(f"DROP TABLE {NEW}")
            cur.execute(f"DROP TABLE {compute.STD_TABLE}")
        result = {**counts, "jabatan_berstandar": positions, "rule_version": rules.version,
                  "detik": round(time.perf_counter() - started, 2)}
        audit_record(actor=actor, actor_label=actor_label or ("" if actor else "cli"), action="talent.sembilan_kotak",
                     object_type="talent_tahun", object_id=f"{tahun}:{instansi_id or 'nasional'}", after=result,
                     instansi_id=instansi_id)
    if job is not None:
        HitungKotak.objects.filter(pk=job.pk).update(status=HitungKotak.Status.SELESAI, tahap="selesai", persen=100,
                                                     hasil=result, selesai_pada=timezone.now())
    log.info("9-box %s %s: %s", tahun, instansi_id or "nasional", result)
    return result


def is_pg() -> bool:
    return connection.vendor == "postgresql"


def _scoped(select: str, params: list, instansi_id: str) -> tuple[str, list]:
    return f"SELECT * FROM ({select}) b WHERE b.instansi_id = %s", [*params, instansi_id]
