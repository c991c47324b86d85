"""Applying a checked file to its table, set-based (the write step of ``engine``).

Per table: insert the new keys, update only the rows that differ; for the roster, history first. On PostgreSQL
a first load into an empty table drops its indexes and builds them once at the end.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from abdi.people.imports.staging import is_postgres, qn

if TYPE_CHECKING:
    from abdi.people.imports.engine import FileLoad

log = logging.getLogger("abdi.load")


def _distinct(a: str, b: str) -> str:
    return f"{a} IS DISTINCT FROM {b}" if is_postgres() else f"{a} IS NOT {b}"


def _date(expr: str) -> str:
    return f"CAST(NULLIF({expr}, '') AS date)" if is_postgres() else f"NULLIF({expr}, '')"


# --- apply: one statement per table --------------------------------------------------------------------
def table_is_empty(target: str) -> bool:
    with connection.cursor() as cur:
        cur.execute(f"SELECT 1 FROM {qn(target)} LIMIT 1")
        return cur.fetchone() is None


class IndexesBuiltAtEnd:
    """On PostgreSQL, a first load into an empty table drops the table's indexes (its primary key too, when no
    foreign key depends on it) and builds them again at the end: one sorted build per index instead of
    millions of random inserts. DDL is transactional in PostgreSQL, so a failed load leaves everything as it
    was; a duplicate that slipped through would make the primary key fail to build and roll the load back.
    With ``unique=True`` the table's unique constraints are dropped and rebuilt the same way (under the same
    condition as the primary key); the rebuild checks them, so a duplicate still rolls the load back."""

    def __init__(self, *tables: str, unique: bool = False):
        self.tables = tables
        self.unique = unique
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
                    kinds = "('p', 'u')" if self.unique else "('p')"
                    cur.execute(
                        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        f"WHERE conrelid = %s::regclass AND contype IN {kinds} ORDER BY contype, conname", [table])
                    for k, (name, definition) in enumerate(cur.fetchall()):
                        cur.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
                        self.restore.insert(k, f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
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
    empty = table_is_empty(target) if empty is None else empty
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

    empty = table_is_empty("org_unor")
    with IndexesBuiltAtEnd(*(("org_unor",) if empty else ())):
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


R_NIP_UNKNOWN = "nip tidak dikenal (tidak ada di pegawai)"


def reject_unknown_nips(fl: FileLoad) -> None:
    """A ``stage_check`` for the files of feature modules keyed by a civil servant: mark staged rows whose NIP
    is not in the roster (the database, after this load's ``pegawai.csv``), one anti-join UPDATE.

    ``nip`` is the first column, so it is the first failing column of any row it fails: rows already rejected
    on a later column are re-marked; rows already rejected on ``nip`` itself keep their reason."""
    t = qn(fl.staging.table)
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {t} SET rej_col = 'nip', rej_reason = %s, rej_value = {t}.nip "
            f"WHERE {t}.rej_col NOT IN ('nip', '*') AND NOT EXISTS "
            f"(SELECT 1 FROM people_pegawai p WHERE p.nip = {t}.nip)", [R_NIP_UNKNOWN])
