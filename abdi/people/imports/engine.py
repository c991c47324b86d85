"""``abdi load``: a dataset directory into the database, set-based, atomic (CONTRACTS §4).

fetch → compute → write: each file is streamed in batches through the vectorised checks of ``specs`` into a
staging table; duplicates and the unit tree are settled there; then one upsert per table applies every
accepted row and one insert appends history for every changed civil servant. Everything happens in one
transaction: a crash or a lost connection leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from abdi.core.models import LoadBatch
from abdi.people.imports import checks as ck
from abdi.people.imports import specs
from abdi.people.imports.source import Issue, MalformedRows, read_batches, sniff, suggest
from abdi.people.imports.staging import Staging, insert_rows, is_postgres, qn

Progress = Callable[[str, float], None]
log = logging.getLogger("abdi.load")
MAX_WARNINGS_PER_MESSAGE = 1000
MAX_VALUE_CHARS = 200


class LoadAborted(Exception):
    """Raised inside the transaction to roll back everything (strict mode, nothing loadable)."""


@dataclass
class LoadReport:
    files: dict[str, dict] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    duration_s: float = 0.0
    exit_code: int = 0
    batch_id: int | None = None
    error: str = ""

    def to_dict(self) -> dict:
        return {"files": self.files, "rejected": self.rejected, "warnings": self.warnings,
                "duration_s": round(self.duration_s, 3)}

    def warn(self, file: str, line: int, message: str) -> None:
        self.warnings.append({"file": file, "line": line, "message": message})


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _distinct(a: str, b: str) -> str:
    return f"{a} IS DISTINCT FROM {b}" if is_postgres() else f"{a} IS NOT {b}"


def _date(expr: str) -> str:
    return f"CAST(NULLIF({expr}, '') AS date)" if is_postgres() else f"NULLIF({expr}, '')"


# --- context: what the database already holds ---------------------------------------------------------
def _fetch(sql: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def build_context(today: dt.date) -> specs.Context:
    from abdi.reference import codes

    ctx = specs.Context(today=today)
    ctx.provinsi = pa.array([r[0] for r in _fetch("SELECT kode FROM org_provinsi")], pa.string())
    ctx.kabkota = pa.array([r[0] for r in _fetch("SELECT kode FROM org_kabkota")], pa.string())
    ctx.instansi = pa.array([r[0] for r in _fetch("SELECT instansi_id FROM org_instansi")], pa.string())
    rows = _fetch("SELECT unor_id, instansi_id FROM org_unor")
    ctx.unor_ids = pa.array([r[0] for r in rows], pa.string())
    ctx.unor_instansi = np.array([r[1] for r in rows], dtype=object)
    ctx.unor_index = {r[0]: i for i, r in enumerate(rows)}
    rows = _fetch("SELECT jabatan_id, golongan_min, golongan_max, bup, jenis FROM org_jabatan")
    ctx.jabatan_ids = pa.array([r[0] for r in rows], pa.string())
    ctx.jabatan_gmin = np.array([codes.GOLONGAN_RANK.get(r[1], 0) for r in rows], dtype=np.int64)
    ctx.jabatan_gmax = np.array([codes.GOLONGAN_RANK.get(r[2], 0) for r in rows], dtype=np.int64)
    ctx.jabatan_bup = np.array([r[3] for r in rows], dtype=np.int64)
    ctx.jabatan_jenis = np.array([r[4] for r in rows], dtype=object)
    return ctx


# --- one file ----------------------------------------------------------------------------------------
class FileLoad:
    def __init__(self, spec: specs.FileSpec, path: Path, report: LoadReport, batch_id: int, today: dt.date,
                 progress: Progress, validate=None, label: str | None = None):
        self.spec = spec
        self.path = path
        self.report = report
        self.batch_id = batch_id
        self.today = today
        self.progress = progress
        self.validate = validate or spec.validate
        self.label = label or spec.name
        extra = ("path", "depth") if spec.name == "unor.csv" else ()
        self.staging = Staging(f"stg_{spec.name.split('.')[0]}", spec.columns + extra)
        self.extra = extra
        self.warn_counts: dict[str, int] = {}
        self.conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy

    def _warn(self, line: int, message: str) -> None:
        count = self.warn_counts.get(message, 0) + 1
        self.warn_counts[message] = count
        if count <= MAX_WARNINGS_PER_MESSAGE:
            self.report.warn(self.label, line, message)

    def run(self) -> None:
        info = sniff(self.path)
        for w in info.warnings:
            self._warn(w.line, w.reason)
        self.report.files[self.label] = {"rows": 0, "loaded": 0, "rejected": 0}
        if info.empty:
            self._warn(1, "berkas kosong (tanpa header); tidak ada yang dimuat")
            return
        known = self.spec.header_known or self.spec.columns
        for name in info.header:
            if name not in known:
                self._warn(1, f"kolom '{name}' tidak dikenal; diabaikan{suggest(name, list(known))}")
        required = self.spec.header_required or self.spec.required
        missing = [c for c in required if c not in info.header]
        self.missing = {c: ck.R_MISSING_COLUMN.format(col=c, hint=suggest(c, info.header)) for c in missing}
        ctx = build_context(self.today)
        if self.spec.name == "pegawai.csv" and _table_is_empty("people_pegawai"):
            self._run_direct(info, ctx)
            return
        self.staging.create()
        try:
            self._stage(info, ctx, slow=False)
        except MalformedRows:
            self.staging.clear()
            self.report.warnings = [w for w in self.report.warnings
                                    if not (w["file"] == self.label and w["line"] > 1)]
            self.warn_counts = {}
            self._stage(info, ctx, slow=True)
        t0 = time.perf_counter()
        self.progress(f"{self.label}: memeriksa duplikat", 0.0)
        self.staging.analyze()
        self._dedupe()
        log.info("%s: staged and deduplicated in %.1f s", self.label, time.perf_counter() - t0)
        if self.spec.name == "unor.csv":
            self._tree()
            log.info("%s: tree settled at %.1f s", self.label, time.perf_counter() - t0)
        self.progress(f"{self.label}: menerapkan", 0.0)
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*), sum(CASE WHEN rej_col <> '' THEN 1 ELSE 0 END) FROM {qn(self.staging.table)}")
            rows, rejected = cur.fetchone()
        rows, rejected = int(rows or 0), int(rejected or 0)
        self.report.files[self.label] = {"rows": rows, "loaded": rows - rejected, "rejected": rejected}
        APPLY[self.spec.name](self)
        self._collect_rejections()
        self.staging.drop()
        for message, count in self.warn_counts.items():
            if count > MAX_WARNINGS_PER_MESSAGE:
                self.report.warn(self.label, 0, f"{message}: {count - MAX_WARNINGS_PER_MESSAGE} baris lain "
                                 "tidak dirinci")

    # --- first load of the roster: straight into the tables ---------------------------------------------
    def _run_direct(self, info, ctx: specs.Context) -> None:
        """``people_pegawai`` is empty: nothing to update and no history to compare, so checked rows go
        straight into the roster and its history with ``COPY`` (no staging pass, no INSERT … SELECT), the
        secondary indexes are built once at the end, and duplicates are found in memory (``NipDeduper``)."""
        self.direct = True
        self.now = timezone.now()
        started = time.perf_counter()
        with _SecondaryIndexesDropped("people_pegawai", "people_riwayatpegawai"):
            try:
                self._direct_pass(info, ctx, slow=False)
            except MalformedRows:
                with connection.cursor() as cur:
                    for table in ("people_riwayatpegawai", "people_pegawai"):
                        cur.execute(f"DELETE FROM {qn(table)} WHERE batch_id = %s", [self.batch_id])
                self.report.warnings = [w for w in self.report.warnings
                                        if not (w["file"] == self.label and w["line"] > 1)]
                self.warn_counts = {}
                self._direct_pass(info, ctx, slow=True)
            log.info("%s: rows written in %.1f s", self.label, time.perf_counter() - started)
            self.progress(f"{self.label}: membangun indeks", 0.0)
        log.info("%s: done with indexes in %.1f s", self.label, time.perf_counter() - started)
        for message, count in self.warn_counts.items():
            if count > MAX_WARNINGS_PER_MESSAGE:
                self.report.warn(self.label, 0, f"{message}: {count - MAX_WARNINGS_PER_MESSAGE} baris lain "
                                 "tidak dirinci")

    def _direct_pass(self, info, ctx: specs.Context, *, slow: bool) -> None:
        self.deduper = ck.NipDeduper()
        self.rejections: list[dict] = []
        self.rows = 0
        self.conn.inc_thread_sharing()
        try:
            self._stage_pipelined(info, ctx, slow=slow)
        finally:
            self.conn.dec_thread_sharing()
        rejected = len(self.rejections)
        self.report.files[self.label] = {"rows": self.rows, "loaded": self.rows - rejected, "rejected": rejected}
        self.report.rejected.extend(self.rejections)

    def _direct_tables(self, batch, checked: specs.Checked) -> tuple[pa.Table, pa.Table]:
        err = checked.errors
        c = checked.columns
        earlier = self.deduper.check(c["nip"], batch.lines)
        dup = earlier > 0
        if dup.any():
            err.col[dup] = err.index["nip"] if "nip" in err.index else 0
            err.reason[dup] = np.array([ck.R_DUPLICATE.format(line=int(x)) for x in earlier[dup]], dtype=object)
        table = self._table(batch, checked)
        rej = err.rejected
        self.rows += batch.num_rows
        if rej.any():
            sel = table.filter(pa.array(rej))
            for line, col, value, reason in zip(sel.column("line").to_pylist(), sel.column("rej_col").to_pylist(),
                                                sel.column("rej_value").to_pylist(),
                                                sel.column("rej_reason").to_pylist(), strict=True):
                self.rejections.append({"file": self.label, "line": int(line), "column": "" if col == "*" else col,
                                        "value": value, "reason": reason})
        ok = pa.array(~rej)
        n_ok = int((~rej).sum())
        t = table.filter(ok)

        def date(name: str) -> pa.Array:
            col = t.column(name)
            return pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)

        batch_ids = pa.array(np.full(n_ok, self.batch_id, dtype=np.int64))
        now = pa.array([self.now.isoformat()] * n_ok, pa.string())
        kerja = t.column("instansi_kerja_id")
        pegawai = pa.table({
            "nip": t.column("nip"), "pns_id": t.column("pns_id"), "nip_lama": t.column("nip_lama"),
            "nama": t.column("nama"), "gelar_depan": t.column("gelar_depan"),
            "gelar_belakang": t.column("gelar_belakang"), "tgl_lahir": date("tgl_lahir"),
            "jenis_kelamin": t.column("jenis_kelamin"), "jenis_pegawai": t.column("jenis_pegawai"),
            "status": t.column("status"), "kedudukan": t.column("kedudukan"), "golongan": t.column("golongan"),
            "pendidikan": t.column("pendidikan"), "tmt_cpns": date("tmt_cpns"), "tmt_pns": date("tmt_pns"),
            "tmt_golongan": date("tmt_golongan"), "instansi_id": t.column("instansi_id"),
            "unor_id": t.column("unor_id"), "jabatan_id": t.column("jabatan_id"),
            "tmt_jabatan": date("tmt_jabatan"), "lokasi_kabkota_id": t.column("lokasi_kabkota_kode"),
            "instansi_kerja_id": pc.if_else(pc.equal(kerja, ""), pa.scalar(None, pa.string()), kerja),
            "batch_id": batch_ids, "diperbarui_pada": now,
        })
        history = pa.table({
            "nip": t.column("nip"), "tmt": date("tmt_jabatan"), "perubahan": pa.array(["AWAL"] * n_ok, pa.string()),
            "instansi_id": t.column("instansi_id"), "unor_id": t.column("unor_id"),
            "jabatan_id": t.column("jabatan_id"), "golongan": t.column("golongan"), "status": t.column("status"),
            "kedudukan": t.column("kedudukan"), "nomor_sk": pa.array([""] * n_ok, pa.string()),
            "dicatat_pada": now, "batch_id": batch_ids,
        })
        return pegawai, history

    def _write_direct(self, tables: tuple[pa.Table, pa.Table]) -> None:
        pegawai, history = tables
        insert_rows("people_pegawai", pegawai, conn=self.conn,
                    nullable=("tgl_lahir", "tmt_cpns", "tmt_pns", "tmt_golongan", "tmt_jabatan", "instansi_kerja_id"))
        insert_rows("people_riwayatpegawai", history, conn=self.conn, nullable=("tmt",))

    def _stage(self, info, ctx: specs.Context, *, slow: bool) -> None:
        """Check batch k+1 in this thread while batch k is written to the staging table in another: on
        PostgreSQL the server parses the COPY stream on the second core meanwhile."""
        self.conn.inc_thread_sharing()
        try:
            self._stage_pipelined(info, ctx, slow=slow)
        finally:
            self.conn.dec_thread_sharing()

    def _stage_pipelined(self, info, ctx: specs.Context, *, slow: bool) -> None:
        done = 0
        with ThreadPoolExecutor(max_workers=1) as writer:
            pending = None
            direct = getattr(self, "direct", False)
            for batch in read_batches(self.path, info, slow=slow):
                table = self._checked_table(batch, ctx, direct=direct)
                if pending is not None:
                    pending.result()
                pending = writer.submit(self._write_direct if direct else self._write_in_thread, table)
                done += batch.num_rows
                self.progress(f"{self.label}: {done:,} baris diperiksa", float(done))
            if pending is not None:
                pending.result()

    def _write_in_thread(self, table: pa.Table) -> None:
        # The load's own connection (shared for the duration of _stage): the main thread does not touch it
        # while a write is pending.
        self.staging.write(table, conn=self.conn)

    def _checked_table(self, batch, ctx: specs.Context, *, direct: bool = False):
        checked = self.validate(batch, ctx)
        err = checked.errors
        for col, reason in self.missing.items():
            idx = err.index.get(col)
            sel = err.col == idx
            err.reason[sel] = reason
        for w in checked.warnings:
            lines = w.lines
            msgs = w.message if isinstance(w.message, np.ndarray) else None
            for k, line in enumerate(lines[: MAX_WARNINGS_PER_MESSAGE + 1]):
                self._warn(int(line), str(msgs[k]) if msgs is not None else w.message)
            if len(lines) > MAX_WARNINGS_PER_MESSAGE + 1 and msgs is None:
                self.warn_counts[w.message] = self.warn_counts.get(w.message, 0) + len(lines) - MAX_WARNINGS_PER_MESSAGE - 1
        if direct:
            return self._direct_tables(batch, checked)
        return self._table(batch, checked)

    def _table(self, batch, checked: specs.Checked) -> pa.Table:
        err = checked.errors
        n = batch.num_rows
        rej = err.rejected
        rej_col = np.full(n, "", dtype=object)
        rej_reason = np.full(n, "", dtype=object)
        rej_value = np.full(n, "", dtype=object)
        if rej.any():
            value_cols = {}
            for i in np.flatnonzero(rej):
                name = err.column_name(i)
                rej_col[i] = name or "*"
                rej_reason[i] = str(err.reason[i])
                if name:
                    if name not in value_cols:
                        value_cols[name] = checked.values[name].to_numpy(zero_copy_only=False) \
                            if name in checked.values else np.full(n, "", dtype=object)
                    rej_value[i] = str(value_cols[name][i])[:MAX_VALUE_CHARS]
        data = {
            "line": pa.array(batch.lines, pa.int64()),
            "rej_col": pa.array(rej_col, pa.string()),
            "rej_reason": pa.array(rej_reason, pa.string()),
            "rej_value": pa.array(rej_value, pa.string()),
        }
        for c in self.spec.columns:
            data[c] = checked.columns[c]
        for c in self.extra:
            data[c] = pa.array(np.full(n, "0" if c == "depth" else "", dtype=object), pa.string())
        return pa.table(data)

    def _dedupe(self) -> None:
        t, key = qn(self.staging.table), qn(self.spec.key)
        reason = ck.R_DUPLICATE.split("{line}")[0]
        concat = "|| CAST(d.first AS text)" if is_postgres() else "|| d.first"
        with connection.cursor() as cur:
            cur.execute(
                f"UPDATE {t} SET rej_col = %s, rej_reason = %s {concat}, rej_value = {t}.{key} "
                f"FROM (SELECT {key} AS k, min(line) AS first FROM {t} WHERE {key} <> '' "
                f"GROUP BY {key} HAVING count(*) > 1) d WHERE {t}.{key} = d.k AND {t}.line > d.first",
                [self.spec.key, reason],
            )

    def _tree(self) -> None:
        from abdi.people.imports.tree import settle_unor_tree

        self.tree_moved = settle_unor_tree(self.staging)

    def _collect_rejections(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"SELECT line, rej_col, rej_value, rej_reason FROM {qn(self.staging.table)} "
                        f"WHERE rej_col <> '' ORDER BY line")
            for line, col, value, reason in cur.fetchall():
                self.report.rejected.append({"file": self.label, "line": int(line),
                                             "column": "" if col == "*" else col, "value": value,
                                             "reason": reason})


# --- apply: one statement per table --------------------------------------------------------------------
def _table_is_empty(target: str) -> bool:
    with connection.cursor() as cur:
        cur.execute(f"SELECT 1 FROM {qn(target)} LIMIT 1")
        return cur.fetchone() is None


class _SecondaryIndexesDropped:
    """On PostgreSQL, a first load into an empty table drops the table's indexes (its primary key too, when no
    foreign key depends on it) and builds them again at the end: one sorted build per index instead of
    millions of random inserts. DDL is transactional in PostgreSQL, so a failed load leaves everything as it
    was; a duplicate that slipped through would make the primary key fail to build and roll the load back."""

    def __init__(self, *tables: str):
        self.tables = tables
        self.restore: list[str] = []

    def __enter__(self):
        if not is_postgres():
            return self
        with connection.cursor() as cur:
            for table in self.tables:
                cur.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND i.indexname NOT IN "
                    "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table])
                for name, definition in cur.fetchall():
                    self.restore.append(definition)
                    cur.execute(f"DROP INDEX {qn(name)}")
                # the primary key only when nothing points at it and the table has no deferred foreign-key
                # checks of its own pending (PostgreSQL refuses ALTER TABLE while such events are queued)
                cur.execute("SELECT 1 FROM pg_constraint WHERE (confrelid = %s::regclass OR conrelid = %s::regclass) "
                            "AND contype = 'f'", [table, table])
                if cur.fetchone() is None:
                    cur.execute(
                        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid = %s::regclass AND contype = 'p'", [table])
                    for name, definition in cur.fetchall():
                        cur.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
                        self.restore.insert(0, f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None and self.restore:
            with connection.cursor() as cur:
                log.info("rebuilding %d indexes of %s", len(self.restore), ", ".join(self.tables))
                cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
                # run the queued deferred foreign-key checks now: PostgreSQL builds no index on a table with
                # pending trigger events; the checks are the same, only earlier
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for statement in self.restore:
                    t0 = time.perf_counter()
                    cur.execute(statement)
                    log.info("%.1f s: %s", time.perf_counter() - t0, statement[:90])
                cur.execute("SET CONSTRAINTS ALL DEFERRED")
        return False


def _upsert(fl: FileLoad, target: str, pk: str, mapping: dict[str, str], *, extra_params: list | None = None,
            empty: bool | None = None) -> None:
    """Apply accepted staging rows: insert the new keys, update only the rows where something differs.

    Two statements instead of ``INSERT … ON CONFLICT DO UPDATE``, whose conflict path locks (and so writes)
    every existing row even when nothing changes: a re-load of millions with 1 % changed stays cheap.
    """
    cols = list(mapping)
    exprs = list(mapping.values())
    data_cols = [c for c in cols if c not in (pk, "batch_id", "diperbarui_pada")]
    stg = qn(fl.staging.table)
    params = extra_params or []
    empty = _table_is_empty(target) if empty is None else empty
    order = f" ORDER BY s.{qn(fl.spec.key)}" if is_postgres() else ""
    with connection.cursor() as cur:
        if empty:
            cur.execute(f"INSERT INTO {qn(target)} ({', '.join(qn(c) for c in cols)}) "
                        f"SELECT {', '.join(exprs)} FROM {stg} s WHERE s.rej_col = ''{order}", params)
            return
        cur.execute(f"INSERT INTO {qn(target)} ({', '.join(qn(c) for c in cols)}) "
                    f"SELECT {', '.join(exprs)} FROM {stg} s LEFT JOIN {qn(target)} t ON t.{qn(pk)} = s.{qn(fl.spec.key)} "
                    f"WHERE s.rej_col = '' AND t.{qn(pk)} IS NULL", params)
        by_col = dict(zip(cols, exprs, strict=True))
        sets = ", ".join(f"{qn(c)} = {by_col[c]}" for c in cols if c != pk)
        differs = " OR ".join(_distinct(f"{qn(target)}.{qn(c)}", by_col[c]) for c in data_cols)
        cur.execute(f"UPDATE {qn(target)} SET {sets} FROM {stg} s "
                    f"WHERE {qn(target)}.{qn(pk)} = s.{qn(fl.spec.key)} AND s.rej_col = '' AND ({differs})",
                    params)


def apply_instansi(fl: FileLoad) -> None:
    _upsert(fl, "org_instansi", "instansi_id", {
        "instansi_id": "s.instansi_id", "nama": "s.nama", "jenis": "s.jenis",
        "provinsi_id": "NULLIF(s.provinsi_kode, '')", "kabkota_id": "NULLIF(s.kabkota_kode, '')",
        "batch_id": str(int(fl.batch_id)),
    })


def apply_unor(fl: FileLoad) -> None:
    from abdi.people.imports.tree import rewrite_paths

    empty = _table_is_empty("org_unor")
    with _SecondaryIndexesDropped(*(("org_unor",) if empty else ())):
        _upsert(fl, "org_unor", "unor_id", {
        "unor_id": "s.unor_id", "instansi_id": "s.instansi_id", "diatasan_id": "NULLIF(s.diatasan_id, '')",
        "nama": "s.nama", "eselon": "s.eselon", "jenis_unor": "s.jenis_unor",
        "lokasi_kabkota_id": "NULLIF(s.lokasi_kabkota_kode, '')", "pemimpin_nip": "s.pemimpin_nip",
        "path": "s.path", "depth": "CAST(s.depth AS integer)", "batch_id": str(int(fl.batch_id)),
        }, empty=empty)
    rewrite_paths(fl.tree_moved)


def apply_jabatan(fl: FileLoad) -> None:
    _upsert(fl, "org_jabatan", "jabatan_id", {
        "jabatan_id": "s.jabatan_id", "nama": "s.nama", "jenis": "s.jenis", "jenjang": "s.jenjang",
        "kelas": "CAST(s.kelas AS integer)", "rumpun": "s.rumpun", "bup": "CAST(s.bup AS integer)",
        "golongan_min": "s.golongan_min", "golongan_max": "s.golongan_max", "batch_id": str(int(fl.batch_id)),
    })


def apply_pegawai(fl: FileLoad) -> None:
    """A load into a roster that already has people (a first load goes straight in, ``_run_direct``).

    One join of the file against the roster keeps only the new and the changed rows (with what changed), in a
    small TEMP table; history, inserts and updates then read that, not the millions of unchanged rows."""
    now = timezone.now()
    stg = qn(fl.staging.table)
    diff = qn(fl.staging.table + "_beda")
    mapping = {
        "nip": "s.nip", "pns_id": "s.pns_id", "nip_lama": "s.nip_lama", "nama": "s.nama",
        "gelar_depan": "s.gelar_depan", "gelar_belakang": "s.gelar_belakang", "tgl_lahir": _date("s.tgl_lahir"),
        "jenis_kelamin": "s.jenis_kelamin", "jenis_pegawai": "s.jenis_pegawai", "status": "s.status",
        "kedudukan": "s.kedudukan", "golongan": "s.golongan", "pendidikan": "s.pendidikan",
        "tmt_cpns": _date("s.tmt_cpns"), "tmt_pns": _date("s.tmt_pns"), "tmt_golongan": _date("s.tmt_golongan"),
        "instansi_id": "s.instansi_id", "unor_id": "s.unor_id", "jabatan_id": "s.jabatan_id",
        "tmt_jabatan": _date("s.tmt_jabatan"), "lokasi_kabkota_id": "s.lokasi_kabkota_kode",
        "instansi_kerja_id": "NULLIF(s.instansi_kerja_id, '')", "batch_id": str(int(fl.batch_id)),
        "diperbarui_pada": "%s",
    }
    data_cols = [c for c in mapping if c not in ("nip", "batch_id", "diperbarui_pada")]
    differs = " OR ".join(_distinct(f"p.{qn(c)}", mapping[c]) for c in data_cols)
    changed = {
        "JABATAN": "p.jabatan_id <> s.jabatan_id",
        "UNOR": "p.unor_id <> s.unor_id OR p.instansi_id <> s.instansi_id",
        "GOLONGAN": "p.golongan <> s.golongan",
        "STATUS": "p.status <> s.status OR p.kedudukan <> s.kedudukan",
    }
    any_change = " OR ".join(f"({v})" for v in changed.values())
    labels = " || ".join(f"CASE WHEN {v} THEN '{k},' ELSE '' END" for k, v in changed.items())
    # effective date of the history row: the move's TMT, or the rank's; NULL means "the load date"
    tmt = (f"CASE WHEN p.nip IS NULL OR {changed['JABATAN']} OR {changed['UNOR']} THEN {_date('s.tmt_jabatan')} "
           f"WHEN {changed['GOLONGAN']} THEN {_date('s.tmt_golongan')} ELSE NULL END")
    cols = list(mapping)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {diff}")
        cur.execute(
            f"CREATE TEMP TABLE {diff} AS SELECT s.*, CASE WHEN p.nip IS NULL THEN 1 ELSE 0 END AS baru, "
            f"CASE WHEN p.nip IS NULL THEN 'AWAL' ELSE rtrim({labels}, ',') END AS riwayat_perubahan, "
            f"{tmt} AS riwayat_tmt, CASE WHEN p.nip IS NULL OR {any_change} THEN 1 ELSE 0 END AS riwayat "
            f"FROM {stg} s LEFT JOIN people_pegawai p ON p.nip = s.nip "
            f"WHERE s.rej_col = '' AND (p.nip IS NULL OR {differs})")
        cur.execute(
            "INSERT INTO people_riwayatpegawai (nip, tmt, perubahan, instansi_id, unor_id, jabatan_id, golongan, "
            "status, kedudukan, nomor_sk, tanggal_sk, dicatat_pada, batch_id) "
            "SELECT s.nip, COALESCE(s.riwayat_tmt, %s), s.riwayat_perubahan, s.instansi_id, s.unor_id, s.jabatan_id, "
            f"s.golongan, s.status, s.kedudukan, '', NULL, %s, %s FROM {diff} s WHERE s.riwayat = 1",
            [fl.today, now, fl.batch_id])
        cur.execute(f"INSERT INTO people_pegawai ({', '.join(qn(c) for c in cols)}) "
                    f"SELECT {', '.join(mapping.values())} FROM {diff} s WHERE s.baru = 1", [now])
        sets = ", ".join(f"{qn(c)} = {mapping[c]}" for c in cols if c != "nip")
        cur.execute(f"UPDATE people_pegawai SET {sets} FROM {diff} s WHERE people_pegawai.nip = s.nip AND s.baru = 0",
                    [now])
        cur.execute(f"DROP TABLE {diff}")


APPLY = {"instansi.csv": apply_instansi, "unor.csv": apply_unor, "jabatan.csv": apply_jabatan,
         "pegawai.csv": apply_pegawai}


# --- the load ------------------------------------------------------------------------------------------
def _quiet(stage: str, fraction: float) -> None:  # noqa: ARG001
    return None


def run_load(plan: list[tuple[specs.FileSpec, Path, Callable | None, str]], *, kind: str, actor=None,
             actor_label: str = "", strict: bool = False, progress: Progress | None = None,
             today: dt.date | None = None, report: LoadReport | None = None,
             hashed: list[Path] | None = None) -> LoadReport:
    """Load ``plan`` (spec, path, validate override, label) in order, in one transaction."""
    progress = progress or _quiet
    report = report or LoadReport()
    today = today or timezone.localdate()
    started = time.perf_counter()
    started_at = timezone.now()
    files_meta = {p.name: {"sha256": file_sha256(p), "bytes": p.stat().st_size} for p in (hashed or [p for _, p, _, _ in plan])}
    try:
        with transaction.atomic():
            batch = LoadBatch.objects.create(kind=kind, actor=actor, actor_label=actor_label,
                                             started_at=started_at, files=files_meta)
            if is_postgres():
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL work_mem = '256MB'")
            for spec, path, validate, label in plan:
                progress(f"{label}: mulai", 0.0)
                t0 = time.perf_counter()
                FileLoad(spec, path, report, batch.pk, today, progress, validate, label).run()
                log.info("%s: %.1f s", label, time.perf_counter() - t0)
            loaded = sum(f["loaded"] for f in report.files.values())
            rejected = sum(f["rejected"] for f in report.files.values())
            if strict and rejected:
                raise LoadAborted("--strict: ada baris yang ditolak; tidak ada yang diubah")
            if rejected and not loaded:
                raise LoadAborted("semua baris ditolak; tidak ada yang diubah")
            for name, meta in files_meta.items():
                meta.update(report.files.get(name, {}))
            batch.files = files_meta
            batch.finished_at = timezone.now()
            batch.status = LoadBatch.Status.PARTIAL if rejected else LoadBatch.Status.DONE
            batch.rejected_count = rejected
            batch.warning_count = len(report.warnings)
            batch.save(update_fields=["files", "finished_at", "status", "rejected_count", "warning_count"])
            pause = os.environ.get("ABDI_LOAD_PAUSE_BEFORE_COMMIT")
            if pause:  # used by the test that kills a load mid-way
                print("abdi load: siap commit", file=sys.stderr, flush=True)
                time.sleep(float(pause))
        report.batch_id = batch.pk
        report.exit_code = 2 if rejected else 0
    except LoadAborted as exc:
        report.error = str(exc)
        report.exit_code = 1
        LoadBatch.objects.create(kind=kind, actor=actor, actor_label=actor_label, started_at=started_at,
                                 finished_at=timezone.now(), status=LoadBatch.Status.FAILED, files=files_meta,
                                 rejected_count=sum(f["rejected"] for f in report.files.values()),
                                 warning_count=len(report.warnings))
    report.duration_s = time.perf_counter() - started
    return report


def load_directory(path: Path, *, actor=None, actor_label: str = "", strict: bool = False,
                   progress: Progress | None = None, today: dt.date | None = None) -> LoadReport:
    """Load a dataset directory (CONTRACTS §3) and return its report."""
    path = Path(path)
    report = LoadReport()
    if not path.is_dir():
        report.error = f"direktori data tidak ditemukan: {path}"
        report.exit_code = 1
        return report
    present = {p.name: p for p in sorted(path.iterdir()) if p.is_file()}
    plan = []
    for name in specs.LOAD_ORDER:
        if name in present:
            plan.append((specs.SPECS[name], present[name], None, name))
    for name in present:
        if name in specs.LOAD_ORDER:
            continue
        if name in specs.LATER_MODULE_FILES:
            report.warn(name, 0, "berkas modul yang belum tersedia; diabaikan")
        elif name.lower().endswith(".csv"):
            report.warn(name, 0, "berkas tidak dikenal; diabaikan")
    if not plan:
        report.warn("", 0, "tidak ada berkas data yang dikenal (instansi.csv, unor.csv, jabatan.csv, pegawai.csv)")
    return run_load(plan, kind="dataset", actor=actor, actor_label=actor_label, strict=strict, progress=progress,
                    today=today, report=report)


__all__ = ["LoadReport", "load_directory", "run_load", "Issue"]
