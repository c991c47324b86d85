"""Writes of the performance app. ``predikat_recompute`` applies the predikat matrix in force to every rating
of a year in one set-based UPDATE (DESIGN style 4): the matrix becomes a SQL CASE, so six million annual
ratings are one statement, and only rows whose predikat or rule version changes are written."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from abdi.core.audit import audit_record
from abdi.core.rulesets import rules_in_force
from abdi.people.models import Pegawai
from abdi.performance import rules
from abdi.performance.models import SkpRating, SkpSummary


def _case_sql(matrix) -> tuple[str, list[str]]:
    parts, params = [], []
    for hasil in rules.RATINGS:
        for perilaku in rules.RATINGS:
            parts.append("WHEN rating_hasil_kerja = %s AND rating_perilaku_kerja = %s THEN %s")
            params += [hasil, perilaku, rules.predikat(hasil, perilaku, matrix)]
    return "CASE " + " ".join(parts) + " ELSE '' END", params


def predikat_recompute(*, tahun: int, actor=None, actor_label: str = "") -> int:
    """Set the predikat of every SKP rating of ``tahun`` from the ``skp.predikat`` rule set in force on 31
    December of that year; returns how many rows changed. One audit event for the job."""
    matrix = rules_in_force("skp.predikat", dt.date(tahun, 12, 31))
    rules.validate_matrix(matrix.data)
    case, params = _case_sql(matrix.data)
    table = SkpRating._meta.db_table
    sql = (f"UPDATE {table} SET predikat = {case}, rule_version = %s "
           f"WHERE tahun = %s AND (predikat <> {case} OR rule_version IS NULL OR rule_version <> %s)")
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(sql, [*params, matrix.version, tahun, *params, matrix.version])
            changed = cur.rowcount
        audit_record(actor=actor, actor_label=actor_label or ("" if actor else "cli"), action="skp.predikat_recompute",
                     object_type="skp_tahun", object_id=str(tahun),
                     after={"rule_version": matrix.version, "changed": changed})
    return changed


def summary_recompute(*, tahun: int) -> int:
    """Rebuild ``SkpSummary`` of ``tahun`` from the roster and the annual ratings in one INSERT … SELECT: per
    unit, active civil servants, those with an annual (TAHUNAN) rating, and the count of each predikat.
    Returns the number of units written."""
    people, skp, summary = Pegawai._meta.db_table, SkpRating._meta.db_table, SkpSummary._meta.db_table
    counts = ", ".join(f"SUM(CASE WHEN s.predikat = '{code}' THEN 1 ELSE 0 END)" for code in rules.PREDIKAT)
    sql = (f"INSERT INTO {summary} (tahun, instansi_id, unor_id, aktif, dinilai, sangat_baik, baik, "
           f"butuh_perbaikan, kurang, sangat_kurang) "
           f"SELECT %s, p.instansi_id, p.unor_id, COUNT(*), COUNT(s.nip), {counts} "
           f"FROM {people} p LEFT JOIN {skp} s ON s.nip = p.nip AND s.tahun = %s AND s.periode = 'TAHUNAN' "
           f"WHERE p.kedudukan = 'AKTIF' GROUP BY p.instansi_id, p.unor_id")
    with transaction.atomic():
        SkpSummary.objects.filter(tahun=tahun).delete()
        with connection.cursor() as cur:
            cur.execute(sql, [tahun, tahun])
            return cur.rowcount
