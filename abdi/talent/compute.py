"""The 9-box of a year as one SQL statement (fetch → compute → write, DESIGN style 4).

``box_select(tahun)`` returns ``SELECT nip, sumbu_kinerja, sumbu_potensial, kotak, nilai, standar, instansi_id,
jenjang, jenis_kelamin`` for everyone with an annual (TAHUNAN) SKP rating of ``tahun``, an assessment (the latest
counts) and a competency standard for their position:

* the performance axis: the predikat matrix in force (performance) composed with ``kinerja`` of the rule set,
  so nine (hasil, perilaku) cells map straight to an axis, as its row (0 top … 2 bottom);
* the potential axis: JPM = nilai × 100 ÷ standar from the position's standard (a small TEMP table with one
  row per position: which competencies it has a standard for and their sum), compared with the cut-offs in
  integers (exact: 89.99… is never rounded up to 90), unless a weighted potential score is configured; as its
  column (0 left … 2 right);
* the box: DOMAIN §2's numbering of the row and column. The axes' codes are only spelled out where read (the
  export); the refill keeps the box alone.

Used by the recompute (into ``talent_kotak``) and by ``abdi export talent`` (current right after a load). On
PostgreSQL a national refill runs it in parallel sessions, one NIP range each (``build_partitions``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from abdi.competency import rules as crules
from abdi.core.rulesets import rules_in_force
from abdi.performance.selectors import matrix_in_force
from abdi.talent import rules

STD_TABLE = "tmp_talent_skj"
log = logging.getLogger("abdi.talent")


def rules_for(tahun: int):
    r = rules_in_force("talent.sembilan_kotak", dt.date(tahun, 12, 31))
    rules.validate(r.data)
    return r


def _pg() -> bool:
    return connection.vendor == "postgresql"


def standard_rows() -> list[tuple]:
    """Per position with a standard: its id, a 0/1 mask per competency, the standard's sum (``m_*`` × level summed =
    the denominator) and its level. Positions are few (a national catalogue is thousands), so this is computed
    here from the rows and the default rule set."""
    from abdi.competency.selectors import standards_by_position
    from abdi.org.models import Jabatan

    standards = standards_by_position()
    table = []
    for jabatan_id, jenjang in Jabatan.objects.values_list("jabatan_id", "jenjang_id"):
        standard = standards.get(jabatan_id)
        if standard:
            table.append((jabatan_id, *[1 if k in standard else 0 for k in crules.COMPETENCIES],
                          sum(standard.values()), jenjang or ""))
    return table


def build_standard_table(cursor=None, table: list[tuple] | None = None) -> int:
    """(Re)create the TEMP table of position standards (``standard_rows``). ``cursor``: a cursor of another
    PostgreSQL session to create it in, with ``table`` read by this one."""
    table = standard_rows() if table is None else table
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


def _assessments(nip_range: tuple[str, str] | None, nips: list[str] | None = None) -> tuple[str, str]:
    """The join of each person's latest assessment ``a``, and its condition. PostgreSQL: the first entry of each NIP
    in the unique (nip, tanggal DESC) index, which carries the levels (``DISTINCT ON``, read in NIP order like the
    tables it is merged with). Elsewhere: "no later assessment exists" ((nip, tanggal) is unique, so exactly one
    row)."""
    if _pg():
        levels = ", ".join(crules.COMPETENCIES)
        return (f"JOIN (SELECT DISTINCT ON (nip) nip, {levels}, skor_potensi FROM competency_asesmen "
                f"WHERE TRUE{_nip_part('competency_asesmen', nip_range)}{_nip_list('competency_asesmen', nips)} "
                f"ORDER BY nip, tanggal DESC) a "
                f"ON a.nip = s.nip", "")
    return ("JOIN competency_asesmen a ON a.nip = s.nip",
            " AND NOT EXISTS (SELECT 1 FROM competency_asesmen b WHERE b.nip = a.nip AND b.tanggal > a.tanggal)")


def _nip_part(alias: str, nip_range: tuple[str, str] | None) -> str:
    """PostgreSQL: `` AND alias.nip`` within [low, high) byte-wise (an empty bound is open), or nothing."""
    if nip_range is None:
        return ""
    low, high = nip_range
    return ((f' AND {alias}.nip COLLATE "C" >= %s' if low else "") + (f' AND {alias}.nip COLLATE "C" < %s' if high
                                                                        else ""))


def _nip_list(alias: str, nips: list[str] | None) -> str:
    """`` AND alias.nip IN (…)`` for ``nips`` (a few people), or nothing."""
    return f" AND {alias}.nip IN ({', '.join(['%s'] * len(nips))})" if nips is not None else ""


def _performance_case(tahun: int, data) -> tuple[str, list]:
    """The performance axis of a rating as its row (0 = DI_ATAS … 2 = DI_BAWAH), a nested simple CASE (at most
    six short comparisons per row): the predikat matrix in force composed with the rule set's axis mapping."""
    from abdi.performance import rules as prules

    matrix = matrix_in_force(tahun).data
    outer, params = [], []
    for hasil in prules.RATINGS:
        params.append(hasil)
        inner = []
        for perilaku in prules.RATINGS:
            inner.append("WHEN %s THEN %s")
            axis = rules.performance_axis(prules.predikat(hasil, perilaku, matrix), data)
            params += [perilaku, rules.KINERJA.index(axis)]
        outer.append("WHEN %s THEN CASE s.rating_perilaku_kerja " + " ".join(inner) + " END")
    return "CASE s.rating_hasil_kerja " + " ".join(outer) + " END", params


def _box_case() -> tuple[str, list]:
    """DOMAIN §2's box of the axes' row ``q.baris`` and column ``q.kolom``, as a nested simple CASE."""
    outer, params = [], []
    for r, row in enumerate(rules.CANONICAL):
        params.append(r)
        inner = []
        for c, number in enumerate(row):
            inner.append("WHEN %s THEN %s")
            params += [c, number]
        outer.append("WHEN %s THEN CASE q.kolom " + " ".join(inner) + " END")
    return "CASE q.baris " + " ".join(outer) + " END", params


def _axis_code(column: str, codes) -> tuple[str, list]:
    return (f"CASE {column} " + " ".join(["WHEN %s THEN %s"] * len(codes)) + " END",
            [x for i, code in enumerate(codes) for x in (i, code)])


def _potential_case(data) -> tuple[str, list]:
    """The potential axis as its column (0 = RENDAH … 2 = TINGGI). JPM alone: exact integer comparisons (nilai ×
    10 000 ≥ cut-off × 100 × standar); with a JPM cap below a cut-off that band cannot be reached. A weighted
    potential score: numeric."""
    from abdi.competency.selectors import jpm_rules_in_force

    cap = jpm_rules_in_force().get("cap")
    weights = data["potensial"].get("bobot", {"jpm": 1})
    w_jpm, w_pot = Decimal(str(weights.get("jpm", 1))), Decimal(str(weights.get("skor_potensi", 0)))
    parts, params = [], []
    for band in data["potensial"]["batas"]:
        column = rules.POTENSIAL.index(band["sumbu"])
        if band["min"] is None:
            parts.append("ELSE %s")
            params.append(column)
            continue
        cut = Decimal(str(band["min"]))
        if w_pot == 0:
            if cap is not None and Decimal(str(cap)) < cut:
                continue
            parts.append("WHEN q.total > 0 AND q.nilai * 10000 >= %s * q.total THEN %s")
            params += [int(cut * 100), column]
        else:
            # exact numeric on PostgreSQL; SQLite's NUMERIC cast keeps an integer (integer division), so REAL
            jpm = f"CAST(q.nilai AS {'numeric' if _pg() else 'REAL'}) * 100 / q.total"
            if cap is not None:
                jpm = f"LEAST({jpm}, {Decimal(str(cap))})" if _pg() else f"MIN({jpm}, {Decimal(str(cap))})"
            score = (f"(({w_jpm}) * {jpm} + ({w_pot}) * COALESCE(q.skor_potensi, {jpm})) / ({w_jpm + w_pot})")
            # the cut-off inlined as a number (a validated Decimal): as a parameter SQLite would compare it as
            # text, and every number sorts below text there
            if not cut.is_finite():
                raise ValueError(f"potensial.batas: {cut}")
            parts.append(f"WHEN {score} >= {cut} THEN %s")
            params.append(column)
    return "CASE " + " ".join(parts) + " END", params


def box_select(tahun: int, data, nip_range: tuple[str, str] | None = None,
               nips: list[str] | None = None) -> tuple[str, list]:
    """The SELECT of every box of ``tahun`` (``build_standard_table`` first, on the same connection).
    ``nip_range`` (PostgreSQL): only the NIPs in [low, high) byte-wise, every table filtered before its join, so
    that each session reads its range of the three NIP-ordered indexes and nothing more. ``nips``: only these
    people, every table filtered likewise (an edit's refresh)."""
    perf, perf_params = _performance_case(tahun, data)
    pot, pot_params = _potential_case(data)
    box, box_params = _box_case()
    kinerja, kinerja_params = _axis_code("q.baris", rules.KINERJA)
    potensial, potensial_params = _axis_code("q.kolom", rules.POTENSIAL)
    nilai = " + ".join(f"a.{k} * j.m_{k}" for k in crules.COMPETENCIES)
    latest, only_latest = _assessments(nip_range, nips)
    inner = (f"SELECT s.nip AS nip, {perf} AS baris, {nilai} AS nilai, j.total AS total, a.skor_potensi "
             f"AS skor_potensi, p.instansi_id AS instansi_id, j.jenjang AS jenjang, p.jenis_kelamin AS jenis_kelamin "
             f"FROM performance_skprating s JOIN people_pegawai p ON p.nip = s.nip {latest} "
             f"JOIN {STD_TABLE} j ON j.jabatan_id = p.jabatan_id "
             f"WHERE s.tahun = %s AND s.periode = 'TAHUNAN'{_nip_part('s', nip_range)}{_nip_part('p', nip_range)}"
             f"{_nip_list('s', nips)}{_nip_list('p', nips)}{only_latest}")
    middle = (f"SELECT q.nip, q.baris, {pot} AS kolom, q.nilai, q.total, q.instansi_id, q.jenjang, q.jenis_kelamin "
              f"FROM ({inner}) q")
    sql = (f"SELECT q.nip, {kinerja} AS sumbu_kinerja, {potensial} AS sumbu_potensial, {box} AS kotak, q.nilai, "
           f"q.total AS standar, q.instansi_id, q.jenjang, q.jenis_kelamin FROM ({middle}) q")
    bounds = [b for b in nip_range or () if b]
    # the parameters in the statement's order: the assessments' subquery (PostgreSQL) comes before the WHERE
    inner_nips = list(nips or []) if _pg() else []
    return sql, (kinerja_params + potensial_params + box_params + pot_params + perf_params + bounds + inner_nips
                 + [tahun] + bounds * 2 + list(nips or []) * 2)


def scoped(select: str, params: list, instansi_id: str) -> tuple[str, list]:
    return f"SELECT * FROM ({select}) b WHERE b.instansi_id = %s", [*params, instansi_id]


# --- a national refill: partitions built by parallel sessions, then swapped in (PostgreSQL) ---------------------
KOTAK_COLS = ("nip", "tahun", "kotak", "nilai", "standar", "instansi_id", "jenjang", "jenis_kelamin", "rule_version")
COUNT_COLS = ("tahun", "instansi_id", "jenjang", "jenis_kelamin", "kotak")
INPUTS = ("people_pegawai", "performance_skprating", "competency_asesmen")
PARTITION = re.compile(r"^talent_kotak_(\d{4})_[0-9a-f]{8}_\d+$")


@dataclass
class Part:
    """One NIP range of a year's refill: its table (committed by its session, not attached yet), bounds, rows
    and counts per agency × position level × gender × box."""

    table: str
    low: str
    high: str
    rows: int = 0
    counts: list = field(default_factory=list)


def nip_ranges(cur, sessions: int) -> list[tuple[str, str]]:
    """``sessions`` NIP ranges of about the same size, split at the roster's NIP histogram (byte order, as the
    "C" column is sorted); one open range when there are no statistics."""
    cur.execute("SELECT histogram_bounds::text::text[] FROM pg_stats WHERE tablename = 'people_pegawai' "
                "AND attname = 'nip'")
    row = cur.fetchone()
    bounds = row[0] if row and row[0] else []
    cuts = sorted({bounds[len(bounds) * k // sessions] for k in range(1, sessions)}) if bounds else []
    edges = ["", *cuts, ""]
    return list(zip(edges[:-1], edges[1:], strict=True))


def vacuum_inputs() -> None:
    """VACUUM the three tables the refill reads (outside any transaction): the index-only scans it relies on skip
    the heap only for pages the visibility map marks all-visible. After the load's own follow-up has vacuumed
    them this finds nothing to do and takes a moment."""
    with connection.cursor() as cur:
        cur.execute(f"VACUUM {', '.join(INPUTS)}")


def build_partitions(tahun: int, rules, snapshot: str, ranges: list[tuple[str, str]]) -> list[Part]:
    """Each NIP range's boxes computed by a session of its own into a new table, with its primary key, statistics
    and counts, reading with the job's exported ``snapshot`` (they see exactly what the job's transaction saw),
    concurrently (one session per core: each merges its range of three NIP-ordered indexes, so no session reads
    another's rows). The tables are committed by their sessions and attached by the job (``swap_in``); the job
    drops them if it fails (``drop_tables``)."""
    from concurrent.futures import ThreadPoolExecutor

    token = secrets.token_hex(4)
    parts = [Part(f"talent_kotak_{tahun}_{token}_{k}", low, high) for k, (low, high) in enumerate(ranges)]
    # everything read through Django (the standards, the rules in force) is read here, by the job: the threads
    # only talk to their own sessions
    standards = standard_rows()
    statements = [box_select(tahun, rules.data, (part.low, part.high)) for part in parts]
    with ThreadPoolExecutor(len(parts)) as pool:
        for done in [pool.submit(_build_partition, part, tahun, rules.version, snapshot, standards, statement)
                     for part, statement in zip(parts, statements, strict=True)]:
            done.result()
    return parts


def _build_partition(part: Part, tahun: int, version: int, snapshot: str, standards: list[tuple],
                     statement: tuple[str, list]) -> None:
    import psycopg
    from psycopg import sql

    options = connection.get_connection_params()
    # parameters quoted by the client, as Django's cursors do by default: the statement's CASE arms are untyped
    # literals, and DDL takes no parameters
    options["cursor_factory"] = psycopg.ClientCursor
    with psycopg.connect(**options) as session, session.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cur.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(snapshot))
        # a merge of three NIP-ordered index-only scans: no hash table of millions of rows, no sort; serial (the
        # sessions are the parallelism); JIT-compiled expressions (millions of rows: the compilation pays)
        for setting in ("work_mem = '64MB'", "maintenance_work_mem = '512MB'", "max_parallel_workers_per_gather = 0",
                        "max_parallel_maintenance_workers = 0", "enable_hashjoin = off", "enable_sort = off"):
            cur.execute(f"SET LOCAL {setting}")
        build_standard_table(cur, standards)
        select, params = statement
        bound = " AND ".join(["tahun = %s", *(["nip >= %s"] if part.low else []), *(["nip < %s"] if part.high else [])])
        bound_params = [tahun, *([part.low] if part.low else []), *([part.high] if part.high else [])]
        table = sql.Identifier(part.table)
        # the parent's CHECK constraints are added after the fill, with the bound and the key, in one pass over the
        # table, rather than checked row by row as the rows go in
        cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                    "'talent_kotak'::regclass AND contype = 'c'")
        checks = [f'ADD CONSTRAINT "{name}" {definition}' for name, definition in cur.fetchall()]
        cur.execute(sql.SQL("CREATE TABLE {} (LIKE talent_kotak INCLUDING DEFAULTS)").format(table))
        cols = ", ".join(KOTAK_COLS)
        started = time.perf_counter()
        cur.execute(f"INSERT INTO {part.table} ({cols}) SELECT n.nip, %s, n.kotak, n.nilai, n.standar, n.instansi_id, "
                    f"n.jenjang, n.jenis_kelamin, %s FROM ({select}) n", [tahun, version, *params])
        part.rows = cur.rowcount
        times = {"hitung": time.perf_counter() - started}
        # a small sample is enough for the few plans that read a partition's columns (the key's build has set
        # its size)
        cur.execute("SET LOCAL default_statistics_target = 10")
        cur.execute(sql.SQL("ANALYZE {}").format(table))
        # (grouped byte-wise: the codes are ASCII, and a byte comparison is the cheapest)
        keys = ", ".join(f'{c} COLLATE "C"' if c in ("jenjang", "jenis_kelamin") else c for c in COUNT_COLS)
        cur.execute(sql.SQL(f"SELECT {keys}, COUNT(*) FROM {{}} GROUP BY {keys}").format(table))
        part.counts = cur.fetchall()
        times["hitungan"] = time.perf_counter() - started - sum(times.values())
        # the partition's bound as a constraint, so that attaching it needs no scan to prove it
        cur.execute(f"ALTER TABLE {part.table} {''.join(c + ', ' for c in checks)}"
                    f"ADD CONSTRAINT {part.table}_batas CHECK ({bound}), "
                    f"ADD CONSTRAINT {part.table}_pkey PRIMARY KEY (nip, tahun)", bound_params)
        session.commit()
        times["kunci"] = time.perf_counter() - started - sum(times.values())
        log.info("9-box %s [%s, %s): %d rows; %s", tahun, part.low, part.high, part.rows,
                 ", ".join(f"{k} {v:.1f} s" for k, v in times.items()))


def swap_in(cur, tahun: int, parts: list[Part]) -> int:
    """In the job's transaction: the year's previous partitions dropped, its rows in the default partition
    deleted, the new partitions attached (their constraints prove their bounds: no scan), the counts replaced.
    The parent is locked only from here to the commit. Returns how many boxes the year had before."""
    from psycopg import sql

    cur.execute("SELECT COALESCE(SUM(jumlah), 0) FROM talent_kotakringkas WHERE tahun = %s", [tahun])
    before = cur.fetchone()[0]
    cur.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'talent_kotak'::regclass")
    fresh = {p.table for p in parts}
    for (name,) in cur.fetchall():
        m = PARTITION.match(name)
        if m and int(m.group(1)) == tahun and name not in fresh:
            cur.execute(f'DROP TABLE "{name}"')
    cur.execute("DELETE FROM talent_kotak WHERE tahun = %s", [tahun])
    for p in parts:  # (DDL takes no parameters: the bounds are quoted here)
        low = sql.Literal(p.low) if p.low else sql.SQL("MINVALUE")
        high = sql.Literal(p.high) if p.high else sql.SQL("MAXVALUE")
        cur.execute(sql.SQL("ALTER TABLE talent_kotak ATTACH PARTITION {} FOR VALUES FROM ({}, {}) TO ({}, {})").format(
            sql.Identifier(p.table), sql.Literal(tahun), low, sql.Literal(tahun), high).as_string(connection.connection))
        cur.execute(f'ALTER TABLE "{p.table}" DROP CONSTRAINT "{p.table}_batas"')
    totals: dict[tuple, int] = {}
    for p in parts:
        for *key, n in p.counts:
            totals[tuple(key)] = totals.get(tuple(key), 0) + n
    cur.execute("DELETE FROM talent_kotakringkas WHERE tahun = %s", [tahun])
    with connection.connection.cursor().copy(
            f"COPY talent_kotakringkas ({', '.join(COUNT_COLS)}, jumlah) FROM STDIN") as copy:
        for key, n in totals.items():
            copy.write_row((*key, n))
    return before


def drop_tables(parts: list[Part]) -> None:
    """Drop the refill's tables that were not attached (after the job's transaction rolled back)."""
    with connection.cursor() as cur:
        for p in parts:
            cur.execute(f'DROP TABLE IF EXISTS "{p.table}"')


def drop_strays() -> None:
    """Drop tables of refills that died before attaching theirs (named as partitions, not partitions)."""
    with connection.cursor() as cur:
        cur.execute("SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE 'talent\\_kotak\\_%' "
                    "AND NOT c.relispartition")
        for (name,) in cur.fetchall():
            if PARTITION.match(name):
                cur.execute(f'DROP TABLE IF EXISTS "{name}"')
