"""Writes of the performance app. ``summary_recompute`` rebuilds a year's completion and predikat spread per
unit in one INSERT … SELECT (DESIGN style 4): the predikat matrix in force becomes a SQL CASE over the two
ratings, so six million annual ratings are one statement and no rating row is rewritten."""

from __future__ import annotations

from django.db import connection, transaction

from abdi.core.audit import audit_record
from abdi.people.models import Pegawai
from abdi.performance import rules
from abdi.performance.models import SkpRating, SkpSummary
from abdi.performance.selectors import matrix_in_force


def predikat_case_sql(matrix, alias: str = "") -> tuple[str, list[str]]:
    """The matrix as ``CASE WHEN hasil = %s AND perilaku = %s THEN %s … END`` and its parameters."""
    col = f"{alias}." if alias else ""
    parts, params = [], []
    for hasil in rules.RATINGS:
        for perilaku in rules.RATINGS:
            parts.append(f"WHEN {col}rating_hasil_kerja = %s AND {col}rating_perilaku_kerja = %s THEN %s")
            params += [hasil, perilaku, rules.predikat(hasil, perilaku, matrix)]
    return "CASE " + " ".join(parts) + " END", params


def summary_recompute(*, tahun: int, actor=None, actor_label: str = "") -> int:
    """Rebuild ``SkpSummary`` of ``tahun`` from the roster and the annual ratings: per unit, active civil
    servants, those with an annual (TAHUNAN) rating, and how many got each predikat under the matrix in force
    on 31 December. Returns the number of units written; one audit event for the job."""
    matrix = matrix_in_force(tahun)
    case, case_params = predikat_case_sql(matrix.data, "s")
    people, skp, summary = Pegawai._meta.db_table, SkpRating._meta.db_table, SkpSummary._meta.db_table
    counts = ", ".join(f"SUM(CASE WHEN q.predikat = '{code}' THEN 1 ELSE 0 END)" for code in rules.PREDIKAT)
    sql = (f"INSERT INTO {summary} (tahun, instansi_id, unor_id, aktif, dinilai, sangat_baik, baik, "
           f"butuh_perbaikan, kurang, sangat_kurang, rule_version) "
           f"SELECT %s, q.instansi_id, q.unor_id, COUNT(*), COUNT(q.predikat), {counts}, %s FROM ("
           f"SELECT p.instansi_id, p.unor_id, {case} AS predikat FROM {people} p "
           f"LEFT JOIN {skp} s ON s.nip = p.nip AND s.tahun = %s AND s.periode = 'TAHUNAN' "
           f"WHERE p.kedudukan = 'AKTIF') q GROUP BY q.instansi_id, q.unor_id")
    with transaction.atomic():
        SkpSummary.objects.filter(tahun=tahun).delete()
        with connection.cursor() as cur:
            cur.execute(sql, [tahun, matrix.version, *case_params, tahun])
            written = cur.rowcount
        audit_record(actor=actor, actor_label=actor_label or ("" if actor else "cli"), action="skp.summary",
                     object_type="skp_tahun", object_id=str(tahun),
                     after={"rule_version": matrix.version, "units": written})
    return written
