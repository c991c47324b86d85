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


def _latest_assessment(part: str = "") -> str:
    """The condition that keeps only the latest assessment ``a`` of a person. (nip, tanggal) is unique, so
    "no later assessment exists" picks exactly one row; on PostgreSQL this is one hash anti-join, several
    times cheaper than sorting every assessment for ``DISTINCT ON`` (the sort was a third of the statement)."""
    return f"NOT EXISTS (SELECT 1 FROM competency_asesmen b WHERE b.nip = a.nip AND b.tanggal > a.tanggal{part})"


def _nip_part(alias: str, nip_range: tuple[str, str] | None) -> str:
    """PostgreSQL: `` AND alias.nip`` within [low, high) byte-wise (an empty bound is open), or nothing."""
    if nip_range is None:
        return ""
    low, high = nip_range
    return ((f' AND {alias}.nip COLLATE "C" >= %s' if low else "") + (f' AND {alias}.nip COLLATE "C" < %s' if high
                                                                        else ""))


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


def box_select(tahun: int, data, nip_range: tuple[str, str] | None = None) -> tuple[str, list]:
    """The SELECT of every box of ``tahun`` (``build_standard_table`` first, on the same connection).
    ``nip_range`` (PostgreSQL): only the NIPs in [low, high) byte-wise, every table filtered before its join, so
    that two sessions can each compute a part with hash tables half the size."""
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
             f"WHERE s.tahun = %s AND s.periode = 'TAHUNAN'{_nip_part('s', nip_range)}{_nip_part('p', nip_range)}"
             f"{_nip_part('a', nip_range)} AND {_latest_assessment(_nip_part('b', nip_range))}")
    middle = (f"SELECT q.nip, q.sumbu_kinerja, {pot} AS sumbu_potensial, q.nilai, q.total AS standar, q.instansi_id, "
              f"q.unor_id, q.jenjang, q.jenis_kelamin FROM ({inner}) q")
    sql = (f"SELECT q.nip, q.sumbu_kinerja, q.sumbu_potensial, {box} AS kotak, q.nilai, q.standar, q.instansi_id, "
           f"q.unor_id, q.jenjang, q.jenis_kelamin FROM ({middle}) q")
    bounds = [b for b in nip_range or () if b]
    return sql, box_params + pot_params + perf_params + [tahun] + bounds * 4


def scoped(select: str, params: list, instansi_id: str) -> tuple[str, list]:
    return f"SELECT * FROM ({select}) b WHERE b.instansi_id = %s", [*params, instansi_id]


# --- computed by two more sessions and streamed into the table (PostgreSQL) ------------------------------------
def copy_boxes(cur, tahun: int, rules, instansi_id: str, columns) -> int:
    """PostgreSQL, the recompute's refill of ``talent_kotak`` (``columns``): the boxes are computed by two more
    sessions, each for one half of the NIPs (every table filtered, so each hash table is half the size: the two
    cores share the work without a parallel plan's overhead), reading with this transaction's snapshot (exported:
    they see exactly what this statement would have seen), and their rows are streamed by binary COPY into the
    table here while they are computed, so computing and writing overlap. The write stays in this transaction:
    all or nothing; a failed read aborts the COPY."""
    import psycopg
    from psycopg import sql

    cur.execute("SELECT pg_export_snapshot()")
    snapshot = cur.fetchone()[0]
    # the median NIP from the roster's statistics (a histogram in byte order, as the "C" column is sorted)
    cur.execute("SELECT histogram_bounds::text::text[] FROM pg_stats WHERE tablename = 'people_pegawai' "
                "AND attname = 'nip'")
    row = cur.fetchone()
    middle = row[0][len(row[0]) // 2] if row and row[0] else ""
    parts = [("", middle), (middle, "")] if middle else [None]
    options = connection.get_connection_params()
    options.pop("cursor_factory", None)
    out = ("n.nip, %s::smallint, n.sumbu_kinerja, n.sumbu_potensial, n.kotak::smallint, n.nilai::integer, "
           "n.standar::integer, n.instansi_id, n.unor_id, n.jenjang, n.jenis_kelamin, %s::integer")
    readers = []
    try:
        for part in parts:
            readers.append(reader := psycopg.connect(**options))
            rcur = reader.cursor()
            rcur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            rcur.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(snapshot))
            # serial plans: a parallel hash join costs more than it gains on two cores; the expressions are cheap,
            # so no JIT to compile
            for setting in ("work_mem = '256MB'", "max_parallel_workers_per_gather = 0", "jit = off"):
                rcur.execute(f"SET LOCAL {setting}")
            build_standard_table(rcur)
            select, params = box_select(tahun, rules.data, part)
            if instansi_id:
                select, params = scoped(select, params, instansi_id)
            statement = psycopg.ClientCursor(reader).mogrify(f"SELECT {out} FROM ({select}) n",
                                                            [tahun, rules.version, *params])
            reader.pgconn.send_query(f"COPY ({statement}) TO STDOUT (FORMAT binary)".encode())
        for reader in readers:  # (the server sends "COPY begins" with the first rows: all started first)
            _check(reader.pgconn.get_result(), psycopg.pq.ExecStatus.COPY_OUT)
        sink_cur = connection.connection.cursor()
        with sink_cur.copy(f"COPY talent_kotak ({', '.join(columns)}) FROM STDIN (FORMAT binary)") as sink:
            _relay([r.pgconn for r in readers], sink)
    finally:
        for reader in readers:
            reader.close()
    return sink_cur.rowcount


SIGNATURE, TRAILER = b"PGCOPY\n\xff\r\n\x00" + bytes(8), b"\xff\xff"


def _relay(sources, sink) -> None:
    """Pass the binary COPY rows of the ``sources`` (libpq connections in COPY OUT) to ``sink`` as one stream, in
    blocks: PostgreSQL sends one message per row (the first also holds the 19-byte header, the last is the
    2-byte trailer), read straight from libpq so this process's share of the cores stays small. An error of a
    source raises, and so aborts the sink's COPY."""
    import select

    from psycopg import pq

    fresh, block, pending = set(sources), [SIGNATURE], list(sources)
    while pending:
        idle = True
        for pgconn in list(pending):
            while (got := pgconn.get_copy_data(1))[0] > 0:
                idle, data = False, got[1]
                if pgconn in fresh:
                    fresh.discard(pgconn)
                    data = data[len(SIGNATURE):]
                if len(data) == 2 and bytes(data) == TRAILER:
                    continue
                block.append(data)
                if len(block) >= 4096:
                    sink.write(b"".join(block))
                    block.clear()
            if got[0] < 0:  # this source is done: its statement's result follows
                idle = False
                pending.remove(pgconn)
                while (result := pgconn.get_result()) is not None:
                    _check(result, pq.ExecStatus.COMMAND_OK)
        if block:
            sink.write(b"".join(block))
            block.clear()
        if idle:  # nothing received yet: wait for a socket
            select.select([p.socket for p in pending], [], [])
            for pgconn in pending:
                pgconn.consume_input()
    sink.write(TRAILER)


def _check(result, status) -> None:
    if result.status != status:
        from psycopg import DatabaseError

        raise DatabaseError(result.error_message.decode(errors="replace"))
