"""``write_dataset``: the calibrated synthetic national dataset as a dataset directory (CONTRACTS §3)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from abdi.reference import codes

from . import calibration as cb
from . import catalog as ct
from . import competency as cp
from . import csvout as co
from . import names as nm
from . import needs as nd
from . import org as og
from . import refdata
from . import siasn as sx
from . import skp as sk
from .people import K_AKTIF, KEDUDUKAN, NO_DATE, S_CPNS, S_PNS, S_PPPK, Generator, People

CHUNK = 500_000  # rows per written chunk (fixed: part of what makes the bytes reproducible)
PEGAWAI_COLUMNS = ("nip", "nama", "tgl_lahir", "jenis_kelamin", "jenis_pegawai", "status", "kedudukan",
                   "golongan", "pendidikan", "tmt_cpns", "instansi_id", "unor_id", "jabatan_id", "tmt_jabatan",
                   "lokasi_kabkota_kode", "pns_id", "nip_lama", "gelar_depan", "gelar_belakang", "tmt_pns",
                   "tmt_golongan", "instansi_kerja_id")
INSTANSI_COLUMNS = ("instansi_id", "nama", "jenis", "provinsi_kode", "kabkota_kode")
UNOR_COLUMNS = ("unor_id", "instansi_id", "diatasan_id", "nama", "eselon", "jenis_unor", "lokasi_kabkota_kode",
                "pemimpin_nip")
JABATAN_COLUMNS = ("jabatan_id", "nama", "jenis", "jenjang", "kelas", "rumpun", "bup", "golongan_min",
                   "golongan_max")
HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)

Progress = Callable[[str, float], None]


def default_year(today: dt.date | None = None) -> int:
    """The last full calendar year."""
    return (today or dt.date.today()).year - 1


def write_dataset(out_dir: Path, *, employees: int, seed: int, year: int | None = None, siasn: bool = False,
                  progress: Progress | None = None) -> dict[str, Any]:
    """Write ``instansi.csv``, ``unor.csv``, ``jabatan.csv``, ``pegawai.csv`` (exactly ``employees``
    civil servants), ``skp.csv`` (their SKP ratings of ``year``, see :mod:`abdi.synth.skp`),
    ``standar_kompetensi.csv`` and ``asesmen.csv`` (competency standards and assessments, see
    :mod:`abdi.synth.competency`), ``kebutuhan.csv`` (required headcount per unit and position) and
    ``hukdis.csv`` (disciplinary sanctions; both see :mod:`abdi.synth.needs`) into ``out_dir``; with
    ``siasn`` also ``siasn_roster.csv`` (the same people as a SIASN export, see :mod:`abdi.synth.siasn`).

    Every value is fixed by ``(employees, seed, year)``: the reference date is 31 December of ``year``
    (default: the last full calendar year, the only use of today's date), so the same arguments give
    byte-identical files on any day. Returns a summary: the files with their row counts and the
    ``calibration`` report (target, achieved share of active staff and confidence for every figure in
    calibration.json).
    """
    started = time.perf_counter()
    if employees < 0:
        raise ValueError("employees must be ≥ 0")
    year = default_year() if year is None else int(year)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report: Progress = progress or (lambda stage, fraction: None)

    regions = refdata.regions()
    catalog = ct.build_catalog()
    inst = og.build_instansi(regions)
    gen = Generator(seed, year, regions, catalog, inst)
    spread = og.make_spread(gen.rng(0), regions)
    report("pegawai", 0.0)
    people, units = gen.build(employees, spread, progress=report)
    report("menulis berkas", 0.6)

    unit_ids = pa.array(og.unit_ids(inst, units), pa.string())
    inst_ids = pa.array(inst.ids, pa.string())
    kab_codes = pa.array(regions.kab_codes, pa.string())
    files: dict[str, int] = {}
    with open(out_dir / "instansi.csv", "wb") as fh:
        files["instansi.csv"] = _write_instansi(fh, inst, regions)
    with open(out_dir / "jabatan.csv", "wb") as fh:
        files["jabatan.csv"] = _write_jabatan(fh, catalog)
    with open(out_dir / "unor.csv", "wb") as fh:
        files["unor.csv"] = _write_unor(fh, inst_ids, unit_ids, kab_codes, units, people)
    report("pegawai.csv", 0.65)
    ctx = _Context(gen, regions, catalog, inst, units, unit_ids, inst_ids, kab_codes, year)
    n = len(people)
    with open(out_dir / "pegawai.csv", "wb") as fh, \
            (open(out_dir / "siasn_roster.csv", "wb") if siasn else _Null()) as sfh:
        fh.write(co.header(PEGAWAI_COLUMNS))
        if siasn:
            sfh.write(co.header(sx.COLUMNS))
        for k, lo in enumerate(range(0, n, CHUNK)):
            hi = min(n, lo + CHUNK)
            common = ctx.common(people, lo, hi, k)
            co.write_rows(fh, ctx.pegawai_columns(people, lo, hi, common), free_text=(1, 17, 18))
            if siasn:
                co.write_rows(sfh, ctx.siasn_columns(people, lo, hi, common), free_text=sx_free_text())
            report("pegawai.csv", 0.65 + 0.33 * hi / max(n, 1))
    files["pegawai.csv"] = n
    if siasn:
        files["siasn_roster.csv"] = n
    report("skp.csv", 0.985)
    files["skp.csv"] = _write_skp(out_dir / "skp.csv", gen.seed, people, len(inst), year)
    report("asesmen.csv", 0.987)
    std = cp.build_standards(gen.seed, catalog)
    with open(out_dir / "standar_kompetensi.csv", "wb") as fh:
        files["standar_kompetensi.csv"] = cp.write_standards(fh, catalog, std)
    files["asesmen.csv"] = _write_asesmen(out_dir / "asesmen.csv", gen.seed, people, catalog, std, year)
    report("kebutuhan.csv", 0.988)
    needs = nd.build_needs(gen.seed, people.unit, people.jab, units, inst, regions, catalog)
    with open(out_dir / "kebutuhan.csv", "wb") as fh:
        files["kebutuhan.csv"] = nd.write_kebutuhan(fh, needs, unit_ids, ctx.jab_ids)
    del needs
    sanctions = nd.build_hukdis(gen.seed, people.kedudukan, people.tmt_cpns, gen.ref_days)
    with open(out_dir / "hukdis.csv", "wb") as fh:
        files["hukdis.csv"] = nd.write_hukdis(fh, sanctions, people.nip)
    report("laporan kalibrasi", 0.99)
    arrays = {
        "active": people.kedudukan == 0, "jp": people.jp, "pd": people.pd, "sex": people.sex, "edu": people.edu,
        "jab": people.jab, "birth_year": people.birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        + 1970, "rank": people.rank,
    }
    calibration = cb.report(arrays, catalog, inst.counts(), float(regions.prov_population.sum()), year)
    report("selesai", 1.0)
    return {
        "out_dir": str(out_dir),
        "employees": employees,
        "seed": seed,
        "year": year,
        "reference_date": f"{year}-12-31",
        "files": files,
        "units": len(units),
        "calibration": calibration,
        "seconds": round(time.perf_counter() - started, 2),
    }


class _Null:
    def __enter__(self) -> _Null:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, data: bytes) -> int:
        return 0


def _write_skp(path: Path, seed: int, people: People, n_inst: int, year: int) -> int:
    """``skp.csv`` in the roster's chunks (each from its own random stream): the rows' count."""
    cum = sk.agency_tables(seed, n_inst)
    cutoff = int((np.datetime64(f"{year:04d}-07-01") - np.datetime64("1970-01-01")).astype(np.int64))
    ok = sk.eligible(people.kedudukan, people.tmt_cpns, cutoff, K_AKTIF)
    rows = 0
    with open(path, "wb") as fh:
        fh.write(co.header(sk.COLUMNS))
        for k, lo in enumerate(range(0, len(people), CHUNK)):
            hi = min(len(people), lo + CHUNK)
            rng = np.random.default_rng([seed, sk.CHUNK_STREAM + k])
            rows += sk.write_chunk(fh, rng, people.nip[lo:hi], people.inst[lo:hi].astype(np.int64), ok[lo:hi], cum,
                                   year)
    return rows


def _write_asesmen(path: Path, seed: int, people: People, catalog: ct.Catalog, std: cp.Standards,
                   year: int) -> int:
    """``asesmen.csv`` in the roster's chunks (each from its own random stream): the rows' count."""
    p_jab = cp.assess_share(catalog)
    active = people.kedudukan == K_AKTIF
    jab = people.jab.astype(np.int64)
    started = people.tmt_cpns <= cp.days(year, 12, 31)
    weight = np.bincount(jab[active & started], minlength=len(catalog)) * p_jab
    kc = cp.category_thresholds(std, weight)
    rows = 0
    with open(path, "wb") as fh:
        fh.write(co.header(cp.ASESMEN_COLUMNS))
        for k, lo in enumerate(range(0, len(people), CHUNK)):
            hi = min(len(people), lo + CHUNK)
            rng = np.random.default_rng([seed, cp.ASESMEN_STREAM, k])
            rows += cp.write_chunk(fh, rng, people.nip[lo:hi], jab[lo:hi], active[lo:hi], people.tmt_cpns[lo:hi],
                                   p_jab, std, kc, year)
    return rows


def sx_free_text() -> tuple[int, ...]:
    return tuple(sx.COLUMNS.index(c) for c in ("nama", "gelar_belakang", "jabatan_nama", "unor_nama",
                                                 "instansi_induk_nama", "instansi_kerja_nama", "lokasi_kerja_nama"))


def _write_instansi(fh, inst: og.Instansi, regions: refdata.Regions) -> int:
    jenis = [codes.JENIS_INSTANSI[j] for j in inst.jenis.tolist()]
    prov = ["" if p < 0 else regions.prov_codes[p] for p in inst.prov.tolist()]
    kab = ["" if k < 0 else regions.kab_codes[k] for k in inst.kab.tolist()]
    cols = [pa.array(inst.ids), pa.array(inst.names), pa.array(jenis), pa.array(prov), pa.array(kab)]
    return co.write_table(fh, INSTANSI_COLUMNS, cols, free_text=(1,))


def _write_jabatan(fh, cat: ct.Catalog) -> int:
    rank_codes = ("",) + codes.GOLONGAN_PNS_CODES
    cols = [
        pa.array(cat.ids), pa.array(cat.names), pa.array(cat.jenis),
        co.labels(ct.JENJANG_CODES, cat.jenjang), pa.array(cat.kelas.astype(np.int64)), pa.array(cat.rumpun),
        pa.array(cat.bup.astype(np.int64)), co.labels(rank_codes, cat.gmin), co.labels(rank_codes, cat.gmax),
    ]
    return co.write_table(fh, JABATAN_COLUMNS, cols, free_text=(1,))


def _write_unor(fh, inst_ids: pa.Array, unit_ids: pa.Array, kab_codes: pa.Array, units: og.FrozenUnits,
                people: People) -> int:
    n = len(units)
    head_nip = np.zeros(n, "S18")
    heads = np.flatnonzero(people.head)
    head_nip[people.unit[heads]] = people.nip[heads]
    has_head = np.zeros(n, bool)
    has_head[people.unit[heads]] = True
    nip_arr = pa.array(head_nip).cast(pa.string())
    nip_arr = pc.if_else(pa.array(has_head), nip_arr, pa.scalar(None, pa.string()))
    root = units.parent < 0
    parent = unit_ids.take(pa.array(np.where(root, 0, units.parent)))
    parent = pc.if_else(pa.array(root), pa.scalar(None, pa.string()), parent)
    cols = [
        unit_ids, inst_ids.take(pa.array(units.inst.astype(np.int64))), parent, pa.array(units.names, pa.string()),
        co.labels(codes.ESELON, np.maximum(units.eselon, 0), units.eselon < 0),
        co.labels(codes.JENIS_UNOR, units.jenis), kab_codes.take(pa.array(units.lokasi.astype(np.int64))), nip_arr,
    ]
    return co.write_table(fh, UNOR_COLUMNS, cols, free_text=(3,))


def _uuid_like(rng: np.random.Generator, n: int) -> pa.Array:
    """Random version-4-style UUID strings (deterministic per rng)."""
    raw = rng.integers(0, 256, (n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    hexed = np.empty((n, 32), np.uint8)
    hexed[:, 0::2] = HEX[raw >> 4]
    hexed[:, 1::2] = HEX[raw & 0x0F]
    out = np.full((n, 36), ord("-"), np.uint8)
    for src, dst, width in ((0, 0, 8), (8, 9, 4), (12, 14, 4), (16, 19, 4), (20, 24, 12)):
        out[:, dst:dst + width] = hexed[:, src:src + width]
    return pa.array(out.view("S36").reshape(n)).cast(pa.string())


class _Context:
    """Lookups shared by the chunk writers."""

    def __init__(self, gen: Generator, regions: refdata.Regions, catalog: ct.Catalog, inst: og.Instansi,
                 units: og.FrozenUnits, unit_ids: pa.Array, inst_ids: pa.Array, kab_codes: pa.Array, year: int):
        self.gen, self.R, self.cat, self.inst, self.units = gen, regions, catalog, inst, units
        self.unit_ids, self.inst_ids, self.kab_codes = unit_ids, inst_ids, kab_codes
        self.year = year
        self.jab_ids = pa.array(catalog.ids, pa.string())
        self.jab_names = pa.array(catalog.names, pa.string())
        self.unit_names = pa.array(units.names, pa.string())
        self.inst_names = pa.array(inst.names, pa.string())
        self.style_p = nm.style_for_provinces(regions.prov_codes)
        self.gelar_group = np.full(len(catalog), nm.G_GEN, np.int8)
        for fi, fam in enumerate(ct.FAMILIES):
            g = nm.FAMILY_GELAR_GROUP.get(fam.code, nm.G_KES if fam.category == ct.CAT_KES else nm.G_GEN)
            for k in catalog.func[fi]:
                if k >= 0:
                    self.gelar_group[k] = g
        self.profesor = catalog.func[ct.FAMILY_INDEX["DOSEN"], ct.J["AHLI_UTAMA"]]
        self.rank_labels = ("",) + codes.GOLONGAN_PNS_CODES
        self.grade_labels = ("",) + codes.GOLONGAN_PPPK_CODES

    def common(self, p: People, lo: int, hi: int, chunk: int) -> dict[str, Any]:
        """Names, titles and ids of rows lo..hi, from a random stream of their own chunk."""
        rng = np.random.default_rng([self.gen.seed, 1000 + chunk])
        m = hi - lo
        unit = p.unit[lo:hi]
        lokasi = self.units.lokasi[unit]
        prov = self.R.kab_prov[lokasi]
        sex = p.sex[lo:hi]
        cum = np.cumsum(self.style_p[prov], axis=1)
        style = (rng.random(m)[:, None] > cum[:, :3]).sum(axis=1)
        tokens = nm.draw_name_tokens(rng, style, sex)
        jab = p.jab[lo:hi]
        gel = nm.draw_gelar(rng, self.gelar_group[jab], p.edu[lo:hi])
        depan = nm.GELAR_DEPAN_ARRAY.take(pa.array(gel))
        # professors; haji for some Muslim-style names over 40 without another front title
        prof = jab == self.profesor
        age = (self.gen.ref_days - p.birth[lo:hi]) / 365.25
        haji = (style == nm.GENERAL) & (age > 40) & (rng.random(m) < 0.06)
        haji &= pc.equal(depan, "").to_numpy(zero_copy_only=False)
        depan = pc.if_else(pa.array(prof), pa.scalar("Prof."), depan)
        depan = pc.if_else(pa.array(prof & (p.edu[lo:hi] == cb.EDU["S3"])), pa.scalar("Prof. Dr."), depan)
        depan = pc.if_else(pa.array(haji & (sex == 0)), pa.scalar("H."), depan)
        depan = pc.if_else(pa.array(haji & (sex == 1)), pa.scalar("Hj."), depan)
        empty = pc.equal(depan, "")
        depan = pc.if_else(empty, pa.scalar(None, pa.string()), depan)
        belakang = nm.GELAR_BELAKANG_ARRAY.take(pa.array(gel))
        belakang = pc.if_else(pc.equal(belakang, ""), pa.scalar(None, pa.string()), belakang)
        missing = lambda a: a == NO_DATE  # noqa: E731
        pppk = p.jp[lo:hi] == cb.PPPK
        rank = p.rank[lo:hi].astype(np.int64)
        return {
            "nip": pa.array(p.nip[lo:hi]).cast(pa.string()),
            "nama": nm.join_names(tokens),
            "gelar_depan": depan,
            "gelar_belakang": belakang,
            "pns_id": _uuid_like(rng, m),
            "nip_lama": pc.if_else(pa.array(p.nip_lama[lo:hi] > 0), pa.array(p.nip_lama[lo:hi]).cast(pa.string()),
                                   pa.scalar(None, pa.string())),
            "unor_id": self.unit_ids.take(pa.array(unit)),
            "instansi_id": self.inst_ids.take(pa.array(p.inst[lo:hi].astype(np.int64))),
            "jabatan_id": self.jab_ids.take(pa.array(jab.astype(np.int64))),
            "lokasi": self.kab_codes.take(pa.array(lokasi.astype(np.int64))),
            "golongan": pc.if_else(pa.array(pppk), co.labels(self.grade_labels, rank),
                                   co.labels(self.rank_labels, rank)),
            "tmt_pns_missing": missing(p.tmt_pns[lo:hi]),
            "tmt_gol_missing": missing(p.tmt_gol[lo:hi]),
        }

    def pegawai_columns(self, p: People, lo: int, hi: int, c: dict[str, Any]) -> list[pa.Array]:
        sl = slice(lo, hi)
        status = np.select([p.status[sl] == S_CPNS, p.status[sl] == S_PNS], [0, 1], 2)
        return [
            c["nip"], c["nama"], co.dates(p.birth[sl]), co.labels(codes.JENIS_KELAMIN, p.sex[sl]),
            co.labels(codes.JENIS_PEGAWAI, p.jp[sl]), co.labels(("CPNS", "PNS", "PPPK"), status),
            co.labels(KEDUDUKAN, p.kedudukan[sl]), c["golongan"], co.labels(codes.PENDIDIKAN_CODES, p.edu[sl]),
            co.dates(p.tmt_cpns[sl]), c["instansi_id"], c["unor_id"], c["jabatan_id"], co.dates(p.tmt_jab[sl]),
            c["lokasi"], c["pns_id"], c["nip_lama"], c["gelar_depan"], c["gelar_belakang"],
            co.dates(p.tmt_pns[sl], c["tmt_pns_missing"]), co.dates(p.tmt_gol[sl], c["tmt_gol_missing"]),
            pa.nulls(hi - lo, pa.string()),
        ]

    def siasn_columns(self, p: People, lo: int, hi: int, c: dict[str, Any]) -> list[pa.Array]:
        sl = slice(lo, hi)
        m = hi - lo
        empty = pa.nulls(m, pa.string())
        jp = p.jp[sl]
        pd = p.pd[sl]
        jp_key = np.where(jp == cb.PPPK, 2, pd)  # 0 PNS Pusat, 1 PNS Daerah, 2 PPPK
        jp_ids = ("1", "2", "3")
        jp_names = ("PNS Pusat", "PNS Daerah", "PPPK")
        ked = [sx.KEDUDUKAN_HUKUM[k] for k in KEDUDUKAN]
        status = np.select([p.status[sl] == S_CPNS, p.status[sl] == S_PNS], [0, 1], 2)
        pppk = jp == cb.PPPK
        gol_codes = codes.GOLONGAN_PNS_CODES
        gol_ids = [sx.golongan_id(g) for g in gol_codes]
        grade_ids = [sx.golongan_id(g) for g in codes.GOLONGAN_PPPK_CODES]
        rank = p.rank[sl].astype(np.int64) - 1
        entry = np.where(pppk, rank, p.entry_rank[sl].astype(np.int64) - 1)

        def gol(idx: np.ndarray, names: bool) -> pa.Array:
            pns_l = co.labels(gol_codes if names else gol_ids, np.clip(idx, 0, 16))
            pppk_l = co.labels(codes.GOLONGAN_PPPK_CODES if names else grade_ids, np.clip(idx, 0, 16))
            return pc.if_else(pa.array(pppk), pppk_l, pns_l)

        months = (self.gen.ref_days - p.tmt_cpns[sl]) // 1  # days
        mk_months = np.floor(months / 30.436875).astype(np.int64)
        jenis_jab = np.array([["STRUKTURAL", "FUNGSIONAL", "PELAKSANA"].index(j) for j in self.cat.jenis])[p.jab[sl]]
        jj = [sx.JENIS_JABATAN[j] for j in ("STRUKTURAL", "FUNGSIONAL", "PELAKSANA")]
        tp = [sx.TINGKAT_PENDIDIKAN[e] for e in codes.PENDIDIKAN_CODES]
        unit = p.unit[sl]
        lokasi = self.units.lokasi[unit]
        inst_names = self.inst_names.take(pa.array(p.inst[sl].astype(np.int64)))
        cols = {
            "pns_id": c["pns_id"], "nip_baru": c["nip"], "nip_lama": c["nip_lama"], "nama": c["nama"],
            "gelar_depan": c["gelar_depan"], "gelar_belakang": c["gelar_belakang"],
            "tanggal_lahir": co.dmy(p.birth[sl]), "jenis_kelamin": co.labels(sx.JENIS_KELAMIN, p.sex[sl]),
            "jenis_pegawai_id": co.labels(jp_ids, jp_key), "jenis_pegawai_nama": co.labels(jp_names, jp_key),
            "kedudukan_hukum_id": co.labels([k[0] for k in ked], p.kedudukan[sl]),
            "kedudukan_hukum_nama": co.labels([k[1] for k in ked], p.kedudukan[sl]),
            "status_cpns_pns": co.labels(("C", "P", ""), status),
            "tmt_cpns": co.dmy(p.tmt_cpns[sl]), "tmt_pns": co.dmy(p.tmt_pns[sl], c["tmt_pns_missing"]),
            "gol_awal_id": gol(entry, False), "gol_awal_nama": gol(entry, True),
            "gol_akhir_id": gol(rank, False), "gol_akhir_nama": gol(rank, True),
            "tmt_golongan": co.dmy(p.tmt_gol[sl], c["tmt_gol_missing"]),
            "mk_tahun": pa.array(mk_months // 12), "mk_bulan": pa.array(mk_months % 12),
            "jenis_jabatan_id": co.labels([x[0] for x in jj], jenis_jab),
            "jenis_jabatan_nama": co.labels([x[1] for x in jj], jenis_jab),
            "jabatan_id": c["jabatan_id"], "jabatan_nama": self.jab_names.take(pa.array(p.jab[sl].astype(np.int64))),
            "tmt_jabatan": co.dmy(p.tmt_jab[sl]),
            "tingkat_pendidikan_id": co.labels([x[0] for x in tp], p.edu[sl]),
            "tingkat_pendidikan_nama": co.labels([x[1] for x in tp], p.edu[sl]),
            "lokasi_kerja_id": c["lokasi"],
            "lokasi_kerja_nama": co.labels(self.R.kab_names, lokasi),
            "unor_id": c["unor_id"], "unor_nama": self.unit_names.take(pa.array(unit)),
            "instansi_induk_id": c["instansi_id"], "instansi_induk_nama": inst_names,
            "instansi_kerja_id": c["instansi_id"], "instansi_kerja_nama": inst_names,
        }
        return [cols.get(name, empty) for name in sx.COLUMNS]


__all__ = ["write_dataset", "default_year", "PEGAWAI_COLUMNS", "S_PPPK"]
