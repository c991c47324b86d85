"""The 9-box of a year as one SQL statement (fetch → compute → write, DESIGN style 4).

``box_select(tahun)`` returns ``SELECT nip, sumbu_kinerja, sumbu_potensial, kotak, nilai, standar,
instansi_id, unor_id, jenjang, jenis_kelamin`` for everyone with an annual (TAHUNAN) SKP rating of ``tahun``,
an assessment (the latest counts) and a competency standard for their position:

* the performance axis: the predikat matrix in force (performance) composed with ``kinerja`` of the rule set,
  so nine (hasil, perilaku) cells map straight to an axis value;
* the potential axis: JPM = nilai × 100 ÷ standar from the position's standard (a small TEMP table with one
  row per position: which competencies it has a standard for and their sum), compared with the cut-offs in
  integers (exact: 89.99… is never rounded up to 90), unless a weighted potential score is configured;
* the box: DOMAIN §2's numbering.

Used by the recompute (into ``talent_kotak``) and by ``abdi export talent`` (current right after a load).
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from decimal import Decimal

from django.db import connection

from abdi.competency import rules as crules
from abdi.core.rulesets import rules_in_force
from abdi.performance.selectors import matrix_in_force
from abdi.talent import rules

STD_TABLE = "tmp_talent_skj"


def rules_for(tahun: int):
    r = rules_in_force("talent.sembilan_kotak", dt.date(tahun, 12, 31))
    rules.validate(r.data)
    return r


def _pg() -> bool:
    return connection.vendor == "postgresql"


def build_standard_table(cursor=None) -> int:
    """(Re)create the TEMP table of position standards: per position with a standard, a 0/1 mask per
    competency and the standard's sum (``m_*`` × level summed = the denominator). Positions are few (a
    national catalogue is thousands), so this is computed here from the rows and the default rule set.
    ``cursor``: a cursor of another PostgreSQL session to create it in (read here, written there)."""
    from abdi.competency.models import StandarKompetensi
    from abdi.org.models import Jabatan

    defaults = rules_in_force("competency.standar_bawaan", dt.date.today()).data
    rows: dict[str, dict[str, int]] = {}
    for jabatan_id, kompetensi, level in StandarKompetensi.objects.values_list("jabatan_id", "kompetensi", "level"):
        rows.setdefault(jabatan_id, {})[kompetensi] = level
    table = []
    for jabatan_id, jenjang in Jabatan.objects.values_list("jabatan_id", "jenjang_id"):
        standard = crules.standard_of(jenjang, rows.get(jabatan_id), defaults)
        if standard:
            table.append((jabatan_id, *[1 if k in standard else 0 for k in crules.COMPETENCIES],
                          sum(standard.values()), jenjang or ""))
    masks = ", ".join(f"m_{k} integer" for k in crules.COMPETENCIES)
    with nullcontext(cursor) if cursor is not None else connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {STD_TABLE}")
        cur.execute(f"CREATE TEMP TABLE {STD_TABLE} (jabatan_id varchar(40) PRIMARY KEY, {masks}, total integer, "
                    f"jenjang varchar(20))")
        if table:
            marks = ", ".join(["%s"] * (len(crules.COMPETENCIES) + 3))
            cur.executemany(f"INSERT INTO {STD_TABLE} VALUES ({marks})", table)
        if cursor is not None or _pg():
            cur.execute(f"ANALYZE {STD_TABLE}")
    return len(table)


def _latest_assessment() -> str:
    """The condition that keeps only the latest assessment ``a`` of a person. (nip, tanggal) is unique, so
    "no later assessment exists" picks exactly one row; on PostgreSQL this is one hash anti-join, several
    times cheaper than sorting every assessment for ``DISTINCT ON`` (the sort was a third of the statement)."""
    return "NOT EXISTS (SELECT 1 FROM competency_asesmen b WHERE b.nip = a.nip AND b.tanggal > a.tanggal)"


def _performance_case(tahun: int, data) -> tuple[str, list]:
    """The performance axis of a rating as a nested simple CASE (at most six short comparisons per row): the
    predikat matrix in force composed with the rule set's axis mapping."""
    from abdi.performance import rules as prules

    matrix = matrix_in_force(tahun).data
    outer, params = [], []
    for hasil in prules.RATINGS:
        inner = []
        for perilaku in prules.RATINGS:
            inner.append("WHEN %s THEN %s")
            params += [perilaku, rules.performance_axis(prules.predikat(hasil, perilaku, matrix), data)]
        outer.append("WHEN %s THEN CASE s.rating_perilaku_kerja " + " ".join(inner) + " END")
        params.insert(len(params) - 6, hasil)
    return "CASE s.rating_hasil_kerja " + " ".join(outer) + " END", params


def _box_case() -> tuple[str, list]:
    """DOMAIN §2's box of the two axes, as a nested simple CASE."""
    outer, params = [], []
    for k in rules.KINERJA:
        params.append(k)
        inner = []
        for p in rules.POTENSIAL:
            inner.append("WHEN %s THEN %s")
            params += [p, rules.box(k, p)]
        outer.append("WHEN %s THEN CASE q.sumbu_potensial " + " ".join(inner) + " END")
    return "CASE q.sumbu_kinerja " + " ".join(outer) + " END", params


def _potential_case(data) -> tuple[str, list]:
    """The potential axis. JPM alone: exact integer comparisons (nilai × 10 000 ≥ cut-off × 100 × standar);
    with a JPM cap below a cut-off that band cannot be reached. A weighted potential score: numeric."""
    from abdi.competency.selectors import jpm_rules_in_force

    cap = jpm_rules_in_force().get("cap")
    weights = data["potensial"].get("bobot", {"jpm": 1})
    w_jpm, w_pot = Decimal(str(weights.get("jpm", 1))), Decimal(str(weights.get("skor_potensi", 0)))
    parts, params = [], []
    for band in data["potensial"]["batas"]:
        if band["min"] is None:
            parts.append("ELSE %s")
            params.append(band["sumbu"])
            continue
        cut = Decimal(str(band["min"]))
        if w_pot == 0:
            if cap is not None and Decimal(str(cap)) < cut:
                continue
            parts.append("WHEN q.total > 0 AND q.nilai * 10000 >= %s * q.total THEN %s")
            params += [int(cut * 100), band["sumbu"]]
        else:
            jpm = "CAST(q.nilai AS numeric) * 100 / q.total"
            if cap is not None:
                jpm = f"LEAST({jpm}, {Decimal(str(cap))})" if _pg() else f"MIN({jpm}, {Decimal(str(cap))})"
            score = (f"(({w_jpm}) * {jpm} + ({w_pot}) * COALESCE(q.skor_potensi, {jpm})) / ({w_jpm + w_pot})")
            parts.append(f"WHEN {score} >= %s THEN %s")
            params += [str(cut), band["sumbu"]]
    return "CASE " + " ".join(parts) + " END", params


def box_select(tahun: int, data) -> tuple[str, list]:
    """The SELECT of every box of ``tahun`` (``build_standard_table`` first, on the same connection)."""
    perf, perf_params = _performance_case(tahun, data)
    pot, pot_params = _potential_case(data)
    box, box_params = _box_case()
    nilai = " + ".join(f"a.{k} * j.m_{k}" for k in crules.COMPETENCIES)
    inner = (f"SELECT s.nip AS nip, {perf} AS sumbu_kinerja, {nilai} AS nilai, j.total AS total, a.skor_potensi "
             f"AS skor_potensi, p.instansi_id AS instansi_id, p.unor_id AS unor_id, j.jenjang AS jenjang, "
             f"p.jenis_kelamin AS jenis_kelamin "
             f"FROM performance_skprating s JOIN people_pegawai p ON p.nip = s.nip "
             f"JOIN {STD_TABLE} j ON j.jabatan_id = p.jabatan_id "
             f"JOIN competency_asesmen a ON a.nip = s.nip "
             f"WHERE s.tahun = %s AND s.periode = 'TAHUNAN' AND {_latest_assessment()}")
    middle = (f"SELECT q.nip, q.sumbu_kinerja, {pot} AS sumbu_potensial, q.nilai, q.total AS standar, q.instansi_id, "
              f"q.unor_id, q.jenjang, q.jenis_kelamin FROM ({inner}) q")
    sql = (f"SELECT q.nip, q.sumbu_kinerja, q.sumbu_potensial, {box} AS kotak, q.nilai, q.standar, q.instansi_id, "
           f"q.unor_id, q.jenjang, q.jenis_kelamin FROM ({middle}) q")
    return sql, box_params + pot_params + perf_params + [tahun]
