"""Writes of the performance app. ``predikat_recompute`` applies the predikat matrix in force to every rating
of a year in one set-based UPDATE (DESIGN style 4): the matrix becomes a SQL CASE, so six million annual
ratings are one statement, and only rows whose predikat or rule version changes are written."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from abdi.core.audit import audit_record
from abdi.core.rulesets import rules_in_force
from abdi.performance import rules
from abdi.performance.models import SkpRating


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
