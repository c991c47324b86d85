"""What each dataset file holds and how its rows are checked (CONTRACTS §3, §4). Pure: no Django.

``FileSpec.validate(batch, ctx)`` returns the staged text columns, the row errors and the warnings of one
batch. References to other tables are checked against key arrays in ``Context``, which the engine fills from
the database after loading the files this one depends on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from abdi.people import nip as nip_rules
from abdi.people.imports import checks as ck
from abdi.people.imports.source import Batch
from abdi.reference import codes


@dataclass
class Context:
    today: dt.date
    provinsi: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    kabkota: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    instansi: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    unor_ids: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    unor_instansi: np.ndarray = field(default_factory=lambda: np.zeros(0, object))
    unor_index: dict[str, int] = field(default_factory=dict)  # unor_id -> position in unor_ids
    jabatan_ids: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    jabatan_gmin: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # PNS rank 1..17, 0 none
    jabatan_gmax: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    jabatan_bup: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    jabatan_jenis: np.ndarray = field(default_factory=lambda: np.zeros(0, object))


@dataclass
class Warn:
    lines: np.ndarray
    message: str | np.ndarray


@dataclass
class Checked:
    columns: dict[str, pa.Array]  # staged text columns
    errors: ck.RowErrors
    values: dict[str, pa.Array]  # the value shown per column in the report (raw text)
    warnings: list[Warn]


@dataclass(frozen=True)
class FileSpec:
    name: str
    key: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    validate: Callable[[Batch, Context], Checked]
    # For inputs in another shape (SIASN): the header columns required and known, if not ``columns``.
    header_required: tuple[str, ...] | None = None
    header_known: tuple[str, ...] | None = None
    # A key of several columns (e.g. ``skp.csv``: nip, tahun, periode); ``None``: the single column ``key``.
    key_columns: tuple[str, ...] | None = None
    # Called by the engine with the ``FileLoad`` after duplicates are settled and before rows are counted:
    # set-based checks against the database (an UPDATE of the staging table marking rows rejected), for
    # references too large for ``Context`` (millions of NIPs).
    stage_check: Callable[..., None] | None = None
    # Whether ``validate`` reads ``Context`` (the agencies, units and positions of the database); a file
    # that does not skips fetching them.
    needs_context: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def keys(self) -> tuple[str, ...]:
        return self.key_columns or (self.key,)


def _text(batch: Batch, name: str) -> pa.Array:
    arr = batch.columns.get(name)
    if arr is None:
        return pa.array([""] * batch.num_rows, pa.string())
    return ck.strip_formula_escape(pc.utf8_trim_whitespace(arr))


def _common(batch: Batch, spec_columns: tuple[str, ...]) -> tuple[ck.RowErrors, dict[str, pa.Array]]:
    err = ck.RowErrors(batch.num_rows, list(spec_columns))
    cols = {c: _text(batch, c) for c in spec_columns}
    if "__field_count__" in batch.columns:
        counts = batch.columns["__field_count__"].to_numpy()
        want = len([c for c in batch.columns if c != "__field_count__"])
        wrong = counts != want
        reasons = np.array([ck.R_FIELDS.format(got=int(c), want=want) for c in counts], dtype=object)
        err.mark(wrong, spec_columns[0], reasons)
    if batch.bad_utf8 is not None:
        for i in np.flatnonzero(batch.bad_utf8):
            col = batch.bad_utf8_column[i] if batch.bad_utf8_column else ""
            m = np.zeros(batch.num_rows, bool)
            m[i] = True
            err.mark(m, col if col in err.index else spec_columns[0], ck.R_UTF8)
    return err, cols


def _lengths(err: ck.RowErrors, cols: dict[str, pa.Array], limits: dict[str, int]) -> None:
    for name, limit in limits.items():
        ck.check_length(err, name, cols[name], limit)


def _no_slash(err: ck.RowErrors, name: str, arr: pa.Array) -> None:
    bad = pc.match_substring(arr, "/").to_numpy(zero_copy_only=False)
    err.mark(bad, name, "tidak boleh memuat '/'")


def _lookup(keys: pa.Array, values: np.ndarray, arr: pa.Array, fill) -> np.ndarray:
    values = np.asarray(values)
    out = np.full(len(arr), fill, dtype=values.dtype if len(values) else object)
    if not len(keys) or not len(arr):
        return out
    idx_arr = pc.index_in(arr, value_set=keys)
    found = idx_arr.is_valid().to_numpy(zero_copy_only=False)
    if found.any():
        idx = idx_arr.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        out[found] = values[idx[found]]
    return out


# --- instansi.csv ---------------------------------------------------------------------------------
INSTANSI_REQ = ("instansi_id", "nama", "jenis", "provinsi_kode")
INSTANSI_OPT = ("kabkota_kode",)


def validate_instansi(batch: Batch, ctx: Context) -> Checked:
    err, c = _common(batch, INSTANSI_REQ + INSTANSI_OPT)
    ck.check_required(err, "instansi_id", c["instansi_id"])
    _no_slash(err, "instansi_id", c["instansi_id"])
    ck.check_required(err, "nama", c["nama"])
    _lengths(err, c, {"instansi_id": 40, "nama": 200})
    jenis = pc.utf8_upper(c["jenis"])
    c["jenis"] = jenis
    ck.check_code(err, "jenis", jenis, codes.JENIS_INSTANSI)
    pusat = pc.equal(jenis, "PUSAT").to_numpy(zero_copy_only=False)
    prov_present = ~ck.blank(c["provinsi_kode"])
    ck.check_refs(err, "provinsi_kode", c["provinsi_kode"], ctx.provinsi, "provinsi", required=False)
    err.mark(~pusat & ~prov_present, "provinsi_kode", ck.R_REQUIRED + " (kecuali instansi PUSAT)")
    ck.check_refs(err, "kabkota_kode", c["kabkota_kode"], ctx.kabkota, "kabupaten/kota", required=False)
    kab_prov = pc.utf8_slice_codeunits(c["kabkota_kode"], 0, 2)
    wrong_prov = (~ck.blank(c["kabkota_kode"]) & prov_present
                  & pc.not_equal(kab_prov, c["provinsi_kode"]).to_numpy(zero_copy_only=False))
    err.mark(wrong_prov, "kabkota_kode", "kabupaten/kota tidak berada di provinsi_kode")
    return Checked(c, err, c, [])


# --- unor.csv -------------------------------------------------------------------------------------
UNOR_REQ = ("unor_id", "instansi_id", "diatasan_id", "nama")
UNOR_OPT = ("eselon", "jenis_unor", "lokasi_kabkota_kode", "pemimpin_nip")


def validate_unor(batch: Batch, ctx: Context) -> Checked:
    err, c = _common(batch, UNOR_REQ + UNOR_OPT)
    ck.check_required(err, "unor_id", c["unor_id"])
    _no_slash(err, "unor_id", c["unor_id"])
    _lengths(err, c, {"unor_id": 40, "nama": 200, "diatasan_id": 40})
    ck.check_refs(err, "instansi_id", c["instansi_id"], ctx.instansi, "instansi")
    ck.check_required(err, "nama", c["nama"])
    # eselon is written I.a …; accept case variants
    ck.check_code(err, "eselon", c["eselon"], codes.ESELON, required=False)
    c["jenis_unor"] = pc.utf8_upper(c["jenis_unor"])
    ck.check_code(err, "jenis_unor", c["jenis_unor"], codes.JENIS_UNOR, required=False)
    ck.check_refs(err, "lokasi_kabkota_kode", c["lokasi_kabkota_kode"], ctx.kabkota, "kabupaten/kota",
                  required=False)
    warnings = []
    head = c["pemimpin_nip"]
    present = ~ck.blank(head)
    if present.any():
        well = pc.match_substring_regex(head, r"^\d{18}$").to_numpy(zero_copy_only=False)
        bad = present & ~well
        if bad.any():
            warnings.append(Warn(batch.lines[bad], "pemimpin_nip bukan NIP 18 digit; dikosongkan"))
            c["pemimpin_nip"] = pc.if_else(pa.array(bad), "", head)
    return Checked(c, err, c, warnings)


# --- jabatan.csv ----------------------------------------------------------------------------------
JABATAN_REQ = ("jabatan_id", "nama", "jenis", "jenjang", "kelas")
JABATAN_OPT = ("rumpun", "bup", "golongan_min", "golongan_max")


def validate_jabatan(batch: Batch, ctx: Context) -> Checked:  # noqa: ARG001
    err, c = _common(batch, JABATAN_REQ + JABATAN_OPT)
    ck.check_required(err, "jabatan_id", c["jabatan_id"])
    ck.check_required(err, "nama", c["nama"])
    _lengths(err, c, {"jabatan_id": 40, "nama": 200, "rumpun": 40})
    c["jenis"] = pc.utf8_upper(c["jenis"])
    c["jenjang"] = pc.utf8_upper(c["jenjang"])
    ck.check_code(err, "jenis", c["jenis"], codes.JENIS_JABATAN)
    known_jenjang = ck.check_code(err, "jenjang", c["jenjang"], tuple(j.kode for j in codes.JENJANG))
    jenjang_jenis = pa.array([j.jenis for j in codes.JENJANG])
    expected = _lookup(pa.array([j.kode for j in codes.JENJANG]), np.asarray(jenjang_jenis.to_pylist(), object),
                       c["jenjang"], "")
    jenis_np = ck.to_numpy_str(c["jenis"])
    err.mark(known_jenjang & (expected != jenis_np), "jenjang", "jenjang tidak sesuai dengan jenis jabatan")
    kelas = ck.check_int(err, "kelas", c["kelas"], 1, 17)
    bup = ck.check_int(err, "bup", c["bup"], 30, 80, required=False)
    default_bup = _lookup(pa.array([j.kode for j in codes.JENJANG]), np.array([j.bup for j in codes.JENJANG]),
                          c["jenjang"], 58)
    bup = np.where(bup > 0, bup, default_bup)
    c["bup"] = pa.array(bup.astype(str))
    c["kelas"] = pa.array(kelas.astype(str))
    c["rumpun"] = pc.utf8_upper(c["rumpun"])
    for col in ("golongan_min", "golongan_max"):
        ck.check_code(err, col, c[col], codes.GOLONGAN_PNS_CODES, required=False)
    warnings = []
    kmin = _lookup(pa.array([j.kode for j in codes.JENJANG]), np.array([j.kelas_min for j in codes.JENJANG]),
                   c["jenjang"], 1)
    kmax = _lookup(pa.array([j.kode for j in codes.JENJANG]), np.array([j.kelas_max for j in codes.JENJANG]),
                   c["jenjang"], 17)
    odd = known_jenjang & (kelas > 0) & ((kelas < kmin - 1) | (kelas > kmax + 1)) & ~err.rejected
    if odd.any():
        warnings.append(Warn(batch.lines[odd], "kelas jabatan di luar kisaran yang lazim untuk jenjangnya"))
    return Checked(c, err, c, warnings)


# --- pegawai.csv ----------------------------------------------------------------------------------
PEGAWAI_REQ = ("nip", "nama", "tgl_lahir", "jenis_kelamin", "jenis_pegawai", "status", "kedudukan", "golongan",
               "pendidikan", "tmt_cpns", "instansi_id", "unor_id", "jabatan_id", "tmt_jabatan",
               "lokasi_kabkota_kode")
PEGAWAI_OPT = ("pns_id", "nip_lama", "gelar_depan", "gelar_belakang", "tmt_pns", "tmt_golongan",
               "instansi_kerja_id")
PEGAWAI_DATES = ("tgl_lahir", "tmt_cpns", "tmt_jabatan", "tmt_pns", "tmt_golongan")


def _iso(dates: np.ndarray) -> pa.Array:
    """``YYYY-MM-DD`` text, ``''`` where NaT (pyarrow's cast, not a Python loop)."""
    arr = pa.array(dates, type=pa.date32(), from_pandas=True)
    return pc.fill_null(pc.cast(arr, pa.string()), "")


def validate_pegawai(batch: Batch, ctx: Context, *, dmy_allowed: bool = False) -> Checked:
    err, c = _common(batch, PEGAWAI_REQ + PEGAWAI_OPT)
    n = batch.num_rows
    today = ctx.today
    values = dict(c)
    for col in ("jenis_kelamin", "jenis_pegawai", "status", "kedudukan", "pendidikan"):
        c[col] = pc.utf8_upper(c[col])
    # nip
    nip_present = ~ck.check_required(err, "nip", c["nip"])
    pppk = pc.equal(c["jenis_pegawai"], "PPPK").to_numpy(zero_copy_only=False)
    nip_check = nip_rules.validate_nip_array(c["nip"], pppk=pppk, today=today)
    nip_codes = np.asarray(nip_check)
    nip_bad = nip_present & (nip_codes != 0)
    if nip_bad.any():
        reasons = np.empty(n, dtype=object)
        for i in np.flatnonzero(nip_bad):
            reasons[i] = "NIP tidak sah: " + nip_rules.NIP_ERROR_MESSAGES[int(nip_codes[i])]
        err.mark(nip_bad, "nip", reasons)
    _lengths(err, c, {"nip": 18, "nama": 200, "pns_id": 64, "nip_lama": 20, "gelar_depan": 60,
                      "gelar_belakang": 60})
    ck.check_required(err, "nama", c["nama"])
    dates = {}
    for col in PEGAWAI_DATES:
        dates[col] = ck.check_date(err, col, c[col], today, required=col in PEGAWAI_REQ, dmy_allowed=dmy_allowed,
                                   not_future=col == "tgl_lahir")
    ck.check_code(err, "jenis_kelamin", c["jenis_kelamin"], codes.JENIS_KELAMIN)
    ck.check_code(err, "jenis_pegawai", c["jenis_pegawai"], codes.JENIS_PEGAWAI)
    pns = pc.equal(c["jenis_pegawai"], "PNS").to_numpy(zero_copy_only=False)
    status_ok = ck.check_code(err, "status", c["status"], ("CPNS", "PNS", "PPPK"))
    status = ck.to_numpy_str(c["status"])
    err.mark(status_ok & pns & (status == "PPPK"), "status", "status PPPK tidak sah untuk jenis_pegawai PNS")
    err.mark(status_ok & pppk & (status != "PPPK"), "status", "status harus PPPK untuk jenis_pegawai PPPK")
    ck.check_code(err, "kedudukan", c["kedudukan"], codes.KEDUDUKAN)
    gol = c["golongan"]
    gol_pns = pc.is_in(gol, value_set=pa.array(codes.GOLONGAN_PNS_CODES)).to_numpy(zero_copy_only=False)
    gol_pppk = pc.is_in(gol, value_set=pa.array(codes.GOLONGAN_PPPK_CODES)).to_numpy(zero_copy_only=False)
    gol_present = ~ck.blank(gol)
    err.mark(gol_present & pns & ~gol_pns, "golongan", "golongan PNS harus I/a … IV/e")
    err.mark(gol_present & pppk & ~gol_pppk, "golongan", "golongan PPPK harus I … XVII")
    err.mark(~gol_present, "golongan", ck.R_REQUIRED)
    ck.check_code(err, "pendidikan", c["pendidikan"], codes.PENDIDIKAN_CODES)
    birth = dates["tgl_lahir"]
    for col in ("tmt_cpns", "tmt_jabatan", "tmt_pns", "tmt_golongan"):
        before = ~np.isnat(birth) & ~np.isnat(dates[col]) & (dates[col] < birth)
        err.mark(before, col, ck.R_DATE_IMPOSSIBLE.format(why="sebelum tanggal lahir"))
    ck.check_refs(err, "instansi_id", c["instansi_id"], ctx.instansi, "instansi")
    unit_pos = ck.check_refs_indexed(err, "unor_id", c["unor_id"], ctx.unor_index, "unor")
    unor_ok = unit_pos >= 0
    unit_instansi = np.where(unor_ok, ctx.unor_instansi[np.maximum(unit_pos, 0)] if len(ctx.unor_instansi)
                             else "", "")
    inst = ck.to_numpy_str(c["instansi_id"])
    inst_kerja = ck.to_numpy_str(c["instansi_kerja_id"])
    err.mark(unor_ok & (unit_instansi != inst) & (unit_instansi != inst_kerja), "unor_id",
             "unor bukan bagian dari instansi_id (atau instansi_kerja_id)")
    jab_ok = ck.check_refs(err, "jabatan_id", c["jabatan_id"], ctx.jabatan_ids, "jabatan")
    ck.check_refs(err, "lokasi_kabkota_kode", c["lokasi_kabkota_kode"], ctx.kabkota, "kabupaten/kota")
    ck.check_refs(err, "instansi_kerja_id", c["instansi_kerja_id"], ctx.instansi, "instansi", required=False)
    # NIP must agree with tgl_lahir and jenis_kelamin (the field that disagrees is named)
    check = nip_present & (nip_codes == 0) & ~np.isnat(birth)
    nip_birth = np.where(check, nip_check.nip_birth_date, np.datetime64("NaT"))
    mism = check & (nip_birth != birth)
    if mism.any():
        reasons = np.empty(n, dtype=object)
        text = np.datetime_as_string(nip_birth, unit="D")
        for i in np.flatnonzero(mism):
            reasons[i] = ck.R_NIP_BIRTH.format(nip_date=text[i])
        err.mark(mism, "tgl_lahir", reasons)
    nip_gender = np.where(nip_present & (nip_codes == 0), nip_check.nip_gender, "")
    sex = ck.to_numpy_str(c["jenis_kelamin"])
    err.mark((nip_gender != "") & np.isin(sex, ["L", "P"]) & (nip_gender != sex), "jenis_kelamin", ck.R_NIP_GENDER)
    for col in PEGAWAI_DATES:
        c[col] = _iso(dates[col])
    warnings = _pegawai_warnings(batch, ctx, c, dates, pns, pppk, jab_ok, err)
    return Checked(c, err, values, warnings)


def _pegawai_warnings(batch, ctx, c, dates, pns, pppk, jab_ok, err) -> list[Warn]:
    ok = ~err.rejected
    out: list[Warn] = []
    gol = c["golongan"]
    rank = _lookup(_PNS_KEYS, _PNS_RANKS, gol, 0)
    grade = _lookup(_PPPK_KEYS, _PPPK_RANKS, gol, 0)
    gmin = _lookup(ctx.jabatan_ids, ctx.jabatan_gmin, c["jabatan_id"], 0)
    gmax = _lookup(ctx.jabatan_ids, ctx.jabatan_gmax, c["jabatan_id"], 0)
    bup = _lookup(ctx.jabatan_ids, ctx.jabatan_bup, c["jabatan_id"], 58)
    outside = ok & pns & jab_ok & (rank > 0) & (((gmin > 0) & (rank < gmin)) | ((gmax > 0) & (rank > gmax)))
    if outside.any():
        out.append(Warn(batch.lines[outside], "golongan di luar kisaran golongan jabatan"))
    edu_max = _lookup(_EDU_KEYS, _EDU_MAX, c["pendidikan"], 99)
    edu_entry_pppk = _lookup(_EDU_KEYS, _EDU_PPPK, c["pendidikan"], 0)
    jenis_jab = _lookup(ctx.jabatan_ids, ctx.jabatan_jenis, c["jabatan_id"], "")
    above = ok & pns & (rank > edu_max) & (jenis_jab == "PELAKSANA")
    if above.any():
        out.append(Warn(batch.lines[above], "golongan di atas batas kenaikan reguler untuk pendidikannya"))
    below = ok & pppk & (grade > 0) & (grade < edu_entry_pppk)
    if below.any():
        out.append(Warn(batch.lines[below], "golongan PPPK di bawah golongan awal untuk pendidikannya"))
    today = np.datetime64(ctx.today)
    age = ck.years_between(dates["tgl_lahir"], np.full(len(gol), today))
    aktif = ck.to_numpy_str(c["kedudukan"]) == "AKTIF"
    past = ok & aktif & (age >= bup) & (bup > 0)
    if past.any():
        out.append(Warn(batch.lines[past], "masih AKTIF tetapi sudah mencapai batas usia pensiun jabatannya"))
    age_start = ck.years_between(dates["tgl_lahir"], dates["tmt_cpns"])
    # PPPK are often appointed late in a career (long-serving contract teachers): only PNS starts are odd past 50
    odd = ok & (((age_start >= 0) & (age_start < 18)) | (pns & (age_start > 50)) | (age > 75))
    if odd.any():
        out.append(Warn(batch.lines[odd], "usia tidak lazim (mulai kerja < 18, PNS mulai > 50 tahun, atau umur > 75)"))
    return out


_PNS_KEYS = pa.array(codes.GOLONGAN_PNS_CODES)
_PNS_RANKS = np.arange(1, len(codes.GOLONGAN_PNS_CODES) + 1)
_PPPK_KEYS = pa.array(codes.GOLONGAN_PPPK_CODES)
_PPPK_RANKS = np.arange(1, len(codes.GOLONGAN_PPPK_CODES) + 1)
_EDU_KEYS = pa.array([p.kode for p in codes.PENDIDIKAN])
_EDU_MAX = np.array([codes.GOLONGAN_RANK[p.golongan_maks] for p in codes.PENDIDIKAN])
_EDU_PPPK = np.array([codes.PPPK_RANK[p.pppk_awal] for p in codes.PENDIDIKAN])

SPECS: dict[str, FileSpec] = {
    "instansi.csv": FileSpec("instansi.csv", "instansi_id", INSTANSI_REQ, INSTANSI_OPT, validate_instansi),
    "unor.csv": FileSpec("unor.csv", "unor_id", UNOR_REQ, UNOR_OPT, validate_unor),
    "jabatan.csv": FileSpec("jabatan.csv", "jabatan_id", JABATAN_REQ, JABATAN_OPT, validate_jabatan),
    "pegawai.csv": FileSpec("pegawai.csv", "nip", PEGAWAI_REQ, PEGAWAI_OPT, validate_pegawai),
}
LOAD_ORDER = ("instansi.csv", "unor.csv", "jabatan.csv", "pegawai.csv")
# Files other modules define (CONTRACTS §3): ignored with a warning until their module is built and registers
# them (``abdi.people.imports.registry.register_file``).
LATER_MODULE_FILES = ("skp.csv", "standar_kompetensi.csv", "asesmen.csv", "kebutuhan.csv", "hukdis.csv",
                      "diklat.csv", "pakar.csv")
