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

from abdi.core.audit import audit_record
from abdi.core.models import LoadBatch
from abdi.people.imports import checks as ck
from abdi.people.imports import registry, specs
from abdi.people.imports.apply import APPLY, IndexesBuiltAtEnd, table_is_empty
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
        self.direct = False  # first load of the roster: rows go straight into the tables

    def _forget_row_warnings(self) -> None:
        """Before a file is read again by the slow path: its row warnings will come again."""
        self.report.warnings = [w for w in self.report.warnings if not (w["file"] == self.label and w["line"] > 1)]
        self.warn_counts = {}

    def _summarize_warnings(self) -> None:
        for message, count in self.warn_counts.items():
            if count > MAX_WARNINGS_PER_MESSAGE:
                self.report.warn(self.label, 0, f"{message}: {count - MAX_WARNINGS_PER_MESSAGE} baris lain "
                                 "tidak dirinci")

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
        ctx = build_context(self.today) if self.spec.needs_context else specs.Context(today=self.today)
        if self.spec.name == "pegawai.csv" and table_is_empty("people_pegawai"):
            self._run_direct(info, ctx)
            return
        self.staging.create()
        try:
            self._stage(info, ctx, slow=False)
        except MalformedRows:
            self.staging.clear()
            self._forget_row_warnings()
            self._stage(info, ctx, slow=True)
        t0 = time.perf_counter()
        self.progress(f"{self.label}: memeriksa duplikat", 0.0)
        self.staging.analyze()
        self._dedupe()
        if self.spec.stage_check is not None:
            self.spec.stage_check(self)
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
        apply = APPLY.get(self.spec.name)
        if apply is None:
            entry = registry.registered(self.spec.name)
            if entry is None:
                raise LookupError(f"no apply step for {self.spec.name}")
            apply = entry.apply
        apply(self)
        self._collect_rejections()
        self.staging.drop()
        self._summarize_warnings()

    # --- first load of the roster: straight into the tables ---------------------------------------------
    def _run_direct(self, info, ctx: specs.Context) -> None:
        """``people_pegawai`` is empty: nothing to update and no history to compare, so checked rows go
        straight into the roster and its history with ``COPY`` (no staging pass, no INSERT … SELECT), the
        secondary indexes are built once at the end, and duplicates are found in memory (``NipDeduper``)."""
        self.direct = True
        self.now = timezone.now()
        started = time.perf_counter()
        with IndexesBuiltAtEnd("people_pegawai", "people_riwayatpegawai"):
            try:
                self._direct_pass(info, ctx, slow=False)
            except MalformedRows:
                with connection.cursor() as cur:
                    for table in ("people_riwayatpegawai", "people_pegawai"):
                        cur.execute(f"DELETE FROM {qn(table)} WHERE batch_id = %s", [self.batch_id])
                self._forget_row_warnings()
                self._direct_pass(info, ctx, slow=True)
            log.info("%s: rows written in %.1f s", self.label, time.perf_counter() - started)
            self.progress(f"{self.label}: membangun indeks", 0.0)
        log.info("%s: done with indexes in %.1f s", self.label, time.perf_counter() - started)
        self._summarize_warnings()

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
            direct = self.direct
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
        """Every occurrence of a key after its first line is rejected (CONTRACTS §4), whether or not the first
        was rejected itself. A key of several columns (``spec.key_columns``) counts when all its parts are
        present; the report names the first key column and its value."""
        t = qn(self.staging.table)
        keys = [qn(k) for k in self.spec.keys]
        reason = ck.R_DUPLICATE.split("{line}")[0]
        concat = "|| CAST(d.first AS text)" if is_postgres() else "|| d.first"
        aliases = ", ".join(f"{k} AS k{i}" for i, k in enumerate(keys))
        present = " AND ".join(f"{k} <> ''" for k in keys)
        same = " AND ".join(f"{t}.{k} = d.k{i}" for i, k in enumerate(keys))
        with connection.cursor() as cur:
            cur.execute(
                f"UPDATE {t} SET rej_col = %s, rej_reason = %s {concat}, rej_value = {t}.{keys[0]} "
                f"FROM (SELECT {aliases}, min(line) AS first FROM {t} WHERE {present} "
                f"GROUP BY {', '.join(keys)} HAVING count(*) > 1) d WHERE {same} AND {t}.line > d.first",
                [self.spec.keys[0], reason],
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
            # one audit event for the whole job; the per-row changes live in the effective-dated history
            audit_record(actor=actor, actor_label=actor_label, action=f"load.{kind}", object_type="load_batch",
                         object_id=str(batch.pk), after={"files": files_meta, "status": batch.status})
            pause = os.environ.get("ABDI_LOAD_PAUSE_BEFORE_COMMIT")
            if pause:  # used by the test that kills a load mid-way
                print("abdi load: siap commit", file=sys.stderr, flush=True)
                time.sleep(float(pause))
        report.batch_id = batch.pk
        report.exit_code = 2 if rejected else 0
        # committed: fresh planner statistics for the tables the load wrote (PostgreSQL plans the follow-up
        # jobs and every read on them; without it, a server without autovacuum may pick a plan 100× slower)
        _analyze([(spec.name, label) for spec, _, _, label in plan], report)
        # modules that keep derived data current (analytics, SKP summaries, 9-box) follow the load
        from abdi.core.hooks import after_load

        after_load.run(batch_id=batch.pk, kind=kind)
    except LoadAborted as exc:
        report.error = str(exc)
        report.exit_code = 1
        LoadBatch.objects.create(kind=kind, actor=actor, actor_label=actor_label, started_at=started_at,
                                 finished_at=timezone.now(), status=LoadBatch.Status.FAILED, files=files_meta,
                                 rejected_count=sum(f["rejected"] for f in report.files.values()),
                                 warning_count=len(report.warnings))
    report.duration_s = time.perf_counter() - started
    return report


def _analyze(files: list[tuple[str, str]], report: LoadReport) -> None:
    """ANALYZE the tables of the files (spec name, report label) that loaded rows (PostgreSQL)."""
    from abdi.people.imports.registry import tables_of

    if not is_postgres():
        return
    tables = sorted({t for name, label in files if report.files.get(label, {}).get("loaded") for t in tables_of(name)})
    started = time.perf_counter()
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"ANALYZE {qn(table)}")
    log.info("analysed %s in %.1f s", ", ".join(tables) or "nothing", time.perf_counter() - started)


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
    order = registry.load_order()  # the roster files, then the files feature apps registered
    for name in order:
        if name in present:
            plan.append((registry.spec_of(name), present[name], None, name))
    for name in present:
        if name in order:
            continue
        if name in specs.LATER_MODULE_FILES:
            report.warn(name, 0, "berkas modul yang belum tersedia; diabaikan")
        elif name.lower().endswith(".csv"):
            report.warn(name, 0, "berkas tidak dikenal; diabaikan")
    if not plan:
        report.warn("", 0, f"tidak ada berkas data yang dikenal ({', '.join(order)})")
    return run_load(plan, kind="dataset", actor=actor, actor_label=actor_label, strict=strict, progress=progress,
                    today=today, report=report)


__all__ = ["LoadReport", "load_directory", "run_load", "Issue"]
