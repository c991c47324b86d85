"""``kebutuhan.csv`` and ``hukdis.csv`` in ``abdi load DIR`` (CONTRACTS §3), set-based like the other files:
vectorised checks per batch, a staging table, then two statements per file (update what differs, insert
what is new). A load is a delta: rows absent from the file are left as they are.

* ``kebutuhan.csv``: key (``unor_id``, ``jabatan_id``), both known (the database or the same load's
  ``unor.csv``/``jabatan.csv``); ``kebutuhan`` an integer 0–100 000; ``prioritas`` an integer 1–99 (default 1).
  Rows loaded from a file are marked ``IMPOR``.
* ``hukdis.csv``: key (``nip``, ``jenis``, ``tmt_mulai``); ``nip`` 18 digits and in the roster (one anti-join in
  the staging table), ``jenis`` RINGAN/SEDANG/BERAT, ``tmt_mulai`` a real date not after today, ``tmt_selesai``
  (optional) a real date not before ``tmt_mulai``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection
from django.utils import timezone

from abdi.people.imports import checks as ck
from abdi.people.imports.apply import reject_unknown_nips
from abdi.people.imports.source import Batch
from abdi.people.imports.specs import Checked, Context, FileSpec, _common, _iso
from abdi.people.imports.staging import is_postgres, qn

R_NIP_FORMAT = "NIP tidak sah: harus 18 digit angka"
R_END_BEFORE_START = "tanggal tidak mungkin: sebelum tmt_mulai"

KEBUTUHAN_REQ = ("unor_id", "jabatan_id", "kebutuhan")
KEBUTUHAN_OPT = ("prioritas",)
HUKDIS_REQ = ("nip", "jenis", "tmt_mulai")
HUKDIS_OPT = ("tmt_selesai",)
JENIS_HUKDIS = ("RINGAN", "SEDANG", "BERAT")


# --- kebutuhan.csv ---------------------------------------------------------------------------------------
def validate_kebutuhan(batch: Batch, ctx: Context) -> Checked:
    err, c = _common(batch, KEBUTUHAN_REQ + KEBUTUHAN_OPT)
    values = dict(c)
    ck.check_refs_indexed(err, "unor_id", c["unor_id"], ctx.unor_index, "unit organisasi")
    ck.check_refs(err, "jabatan_id", c["jabatan_id"], ctx.jabatan_ids, "jabatan")
    need = ck.check_int(err, "kebutuhan", c["kebutuhan"], 0, 100_000)
    c["kebutuhan"] = pa.array(need.astype(str))
    priority = ck.check_int(err, "prioritas", c["prioritas"], 1, 99, required=False)
    c["prioritas"] = pa.array(np.where(priority > 0, priority, 1).astype(str))
    return Checked(c, err, values, [])


def apply_kebutuhan(fl) -> None:
    stg, target = qn(fl.staging.table), "planning_kebutuhan"
    now = timezone.now()
    need, prio = "CAST(s.kebutuhan AS integer)", "CAST(s.prioritas AS integer)"
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {target} SET kebutuhan = {need}, prioritas = {prio}, sumber = 'IMPOR', batch_id = %s, "
            f"diperbarui_pada = %s FROM {stg} s WHERE {target}.unor_id = s.unor_id AND {target}.jabatan_id = s.jabatan_id "
            f"AND s.rej_col = '' AND ({target}.kebutuhan <> {need} OR {target}.prioritas <> {prio})",
            [fl.batch_id, now])
        cur.execute(
            f"INSERT INTO {target} (unor_id, jabatan_id, kebutuhan, prioritas, sumber, batch_id, diperbarui_pada) "
            f"SELECT s.unor_id, s.jabatan_id, {need}, {prio}, 'IMPOR', %s, %s FROM {stg} s "
            f"LEFT JOIN {target} t ON t.unor_id = s.unor_id AND t.jabatan_id = s.jabatan_id "
            f"WHERE s.rej_col = '' AND t.id IS NULL", [fl.batch_id, now])


KEBUTUHAN_SPEC = FileSpec("kebutuhan.csv", "unor_id", KEBUTUHAN_REQ, KEBUTUHAN_OPT, validate_kebutuhan,
                          key_columns=("unor_id", "jabatan_id"))


# --- hukdis.csv -------------------------------------------------------------------------------------------
def validate_hukdis(batch: Batch, ctx: Context) -> Checked:
    err, c = _common(batch, HUKDIS_REQ + HUKDIS_OPT)
    values = dict(c)
    missing = ck.check_required(err, "nip", c["nip"])
    digits = pc.match_substring_regex(c["nip"], r"^\d{18}$").to_numpy(zero_copy_only=False)
    err.mark(~missing & ~digits, "nip", R_NIP_FORMAT)
    c["jenis"] = pc.utf8_upper(c["jenis"])
    ck.check_code(err, "jenis", c["jenis"], JENIS_HUKDIS)
    start = ck.check_date(err, "tmt_mulai", c["tmt_mulai"], ctx.today, not_future=True)
    end = ck.check_date(err, "tmt_selesai", c["tmt_selesai"], ctx.today, required=False)
    err.mark(~np.isnat(start) & ~np.isnat(end) & (end < start), "tmt_selesai", R_END_BEFORE_START)
    c["tmt_mulai"], c["tmt_selesai"] = _iso(start), _iso(end)
    return Checked(c, err, values, [])


def apply_hukdis(fl) -> None:
    stg, target = qn(fl.staging.table), "planning_hukdis"
    start = "CAST(s.tmt_mulai AS date)" if is_postgres() else "s.tmt_mulai"
    end = "CAST(NULLIF(s.tmt_selesai, '') AS date)" if is_postgres() else "NULLIF(s.tmt_selesai, '')"
    differs = f"{target}.tmt_selesai IS DISTINCT FROM {end}" if is_postgres() else f"{target}.tmt_selesai IS NOT {end}"
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {target} SET tmt_selesai = {end}, batch_id = %s FROM {stg} s WHERE {target}.nip = s.nip "
            f"AND {target}.jenis = s.jenis AND {target}.tmt_mulai = {start} AND s.rej_col = '' AND {differs}",
            [fl.batch_id])
        cur.execute(
            f"INSERT INTO {target} (nip, jenis, tmt_mulai, tmt_selesai, batch_id) "
            f"SELECT s.nip, s.jenis, {start}, {end}, %s FROM {stg} s LEFT JOIN {target} t ON t.nip = s.nip "
            f"AND t.jenis = s.jenis AND t.tmt_mulai = {start} WHERE s.rej_col = '' AND t.id IS NULL", [fl.batch_id])


HUKDIS_SPEC = FileSpec("hukdis.csv", "nip", HUKDIS_REQ, HUKDIS_OPT, validate_hukdis,
                       key_columns=("nip", "jenis", "tmt_mulai"), stage_check=reject_unknown_nips, needs_context=False)
