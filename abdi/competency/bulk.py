"""``standar_kompetensi.csv`` and ``asesmen.csv`` in ``abdi load DIR`` (CONTRACTS §3), set-based like the
roster: vectorised checks per batch, a staging table, then two statements per file (update what differs,
insert what is new).

* ``standar_kompetensi.csv``: key (``jabatan_id``, ``kompetensi``); ``jabatan_id`` must be a known position
  (the database or the same load's ``jabatan.csv``), ``kompetensi`` one of the nine competency columns of
  ``asesmen.csv`` (any case), ``level`` an integer 1–5.
* ``asesmen.csv``: key (``nip``, ``tanggal``); ``nip`` 18 digits and in the roster (checked in the staging
  table, one anti-join), ``tanggal`` a real date not after today, each of the nine levels an integer 1–5.
"""

from __future__ import annotations

import logging
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection
from django.utils import timezone

from abdi.competency import rules
from abdi.people.imports import checks as ck
from abdi.people.imports.apply import reject_unknown_nips
from abdi.people.imports.source import Batch
from abdi.people.imports.specs import Checked, Context, FileSpec, _common, _iso
from abdi.people.imports.staging import is_postgres, qn

log = logging.getLogger("abdi.load")
R_NIP_FORMAT = "NIP tidak sah: harus 18 digit angka"

STANDAR_REQ = ("jabatan_id", "kompetensi", "level")
ASESMEN_REQ = ("nip", "tanggal") + rules.COMPETENCIES
ASESMEN_OPT = ("skor_potensi", "asesor")


def _distinct(a: str, b: str) -> str:
    return f"{a} IS DISTINCT FROM {b}" if is_postgres() else f"{a} IS NOT {b}"


# --- standar_kompetensi.csv ------------------------------------------------------------------------------
def validate_standar(batch: Batch, ctx: Context) -> Checked:
    err, c = _common(batch, STANDAR_REQ)
    values = dict(c)
    ck.check_refs(err, "jabatan_id", c["jabatan_id"], ctx.jabatan_ids, "jabatan")
    c["kompetensi"] = pc.utf8_lower(c["kompetensi"])
    ck.check_code(err, "kompetensi", c["kompetensi"], rules.COMPETENCIES)
    level = ck.check_int(err, "level", c["level"], 1, 5)
    c["level"] = pa.array(level.astype(str))
    return Checked(c, err, values, [])


def apply_standar(fl) -> None:
    stg, target = qn(fl.staging.table), "competency_standarkompetensi"
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {target} SET level = CAST(s.level AS integer), batch_id = %s FROM {stg} s "
            f"WHERE {target}.jabatan_id = s.jabatan_id AND {target}.kompetensi = s.kompetensi AND s.rej_col = '' "
            f"AND {target}.level <> CAST(s.level AS integer)", [fl.batch_id])
        cur.execute(
            f"INSERT INTO {target} (jabatan_id, kompetensi, level, batch_id) "
            f"SELECT s.jabatan_id, s.kompetensi, CAST(s.level AS integer), %s FROM {stg} s "
            f"LEFT JOIN {target} t ON t.jabatan_id = s.jabatan_id AND t.kompetensi = s.kompetensi "
            f"WHERE s.rej_col = '' AND t.id IS NULL", [fl.batch_id])


STANDAR_SPEC = FileSpec("standar_kompetensi.csv", "jabatan_id", STANDAR_REQ, (), validate_standar,
                        key_columns=("jabatan_id", "kompetensi"))


# --- asesmen.csv -------------------------------------------------------------------------------------------
def validate_asesmen(batch: Batch, ctx: Context) -> Checked:
    err, c = _common(batch, ASESMEN_REQ + ASESMEN_OPT)
    values = dict(c)
    missing = ck.check_required(err, "nip", c["nip"])
    digits = pc.match_substring_regex(c["nip"], r"^\d{18}$").to_numpy(zero_copy_only=False)
    err.mark(~missing & ~digits, "nip", R_NIP_FORMAT)
    dates = ck.check_date(err, "tanggal", c["tanggal"], ctx.today, not_future=True)
    c["tanggal"] = _iso(dates)
    for name in rules.COMPETENCIES:
        level = ck.check_int(err, name, c[name], 1, 5)
        c[name] = pa.array(level.astype(str))
    # optional: a potential score 0–100 with up to 2 decimals
    score = c["skor_potensi"]
    present = ~ck.blank(score)
    ok = pc.match_substring_regex(score, r"^\d{1,3}(\.\d{1,2})?$").to_numpy(zero_copy_only=False)
    value = np.zeros(len(score))
    if (present & ok).any():
        value[present & ok] = np.asarray(score.filter(pa.array(present & ok)).to_numpy(zero_copy_only=False),
                                         dtype=float)
    err.mark(present & (~ok | (value > 100)), "skor_potensi", "harus angka 0–100 (paling banyak 2 desimal)")
    ck.check_length(err, "asesor", c["asesor"], 200)
    return Checked(c, err, values, [])


def apply_asesmen(fl) -> None:
    t0 = time.perf_counter()
    stg, target = qn(fl.staging.table), "competency_asesmen"
    date = "CAST(s.tanggal AS date)" if is_postgres() else "s.tanggal"
    levels = [f"CAST(s.{k} AS integer)" for k in rules.COMPETENCIES]
    score = "CAST(NULLIF(s.skor_potensi, '') AS numeric)" if is_postgres() else "CAST(NULLIF(s.skor_potensi, '') AS real)"
    data = dict(zip(rules.COMPETENCIES, levels, strict=True)) | {"skor_potensi": score, "asesor": "s.asesor"}
    now = timezone.now()
    with connection.cursor() as cur:
        sets = ", ".join(f"{k} = {v}" for k, v in data.items())
        differs = " OR ".join(_distinct(f"{target}.{k}", v) for k, v in data.items())
        cur.execute(
            f"UPDATE {target} SET {sets}, batch_id = %s, diperbarui_pada = %s FROM {stg} s "
            f"WHERE {target}.nip = s.nip AND {target}.tanggal = {date} AND s.rej_col = '' AND ({differs})",
            [fl.batch_id, now])
        updated = cur.rowcount
        cols = ", ".join(data)
        cur.execute(
            f"INSERT INTO {target} (nip, tanggal, {cols}, catatan, dicatat_oleh, batch_id, diperbarui_pada) "
            f"SELECT s.nip, {date}, {', '.join(data.values())}, '', '', %s, %s FROM {stg} s "
            f"LEFT JOIN {target} t ON t.nip = s.nip AND t.tanggal = {date} WHERE s.rej_col = '' AND t.id IS NULL",
            [fl.batch_id, now])
        log.info("%s: %d updated, %d inserted in %.1f s", fl.label, updated, cur.rowcount, time.perf_counter() - t0)


ASESMEN_SPEC = FileSpec("asesmen.csv", "nip", ASESMEN_REQ, ASESMEN_OPT, validate_asesmen,
                        key_columns=("nip", "tanggal"), stage_check=reject_unknown_nips, needs_context=False)
