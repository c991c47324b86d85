"""``kebutuhan.csv`` (required headcount per unit × position) and ``hukdis.csv`` (disciplinary sanctions,
PP 94/2021) of the synthetic dataset (CONTRACTS §3), vectorised over the arrays the generator already has.

**kebutuhan.csv** — what a workload analysis (analisis beban kerja, ABK) would ask for. One row for every
unit × position pair that has staff (active or not), plus vacant formations: pairs nobody holds that a unit of
its kind needs (a school without a teacher level it needs; a puskesmas or hospital without one of its core
health professions; a headed office whose head post is empty).

* Structural posts (``JS-*``): need 1 per head post, nothing else (no surplus or deficit there).
* Every other staffed pair: ``base`` is everyone holding it (active or not: the absent still hold the
  formation, the retired and departed left a seat to fill), times a ratio ``r`` = the position class's
  ratio in the unit's region (:data:`NEED_RATIO`) × corrections (:data:`KOTA_FACTOR` for teachers and health
  workers in cities outside Java, :data:`CENTRAL_FACTOR` in central agencies) × a log-normal noise per
  unit and per pair; need = ``floor(base × r + u)``, ``u`` uniform (unbiased rounding, so a one-person
  pair with ``r = 0.8`` has need 0 one time in five: a surplus seat).
* Position classes: teachers (rumpun ``GURU``), health workers (``KESEHATAN``), pelaksana (``JP-*``),
  administrative functional families (:data:`ADMIN_RUMPUN`), other functional families (lecturers
  included), structural.
* Region of a unit: its location's province (``lokasi_kabkota_kode``), by Kemendagri province code:
  Java (31–36) split into cities (a ``KOTA`` location, DKI Jakarta's included) and regencies; the east
  (:data:`EAST_PROVINCES`: NTT 53, Maluku 81 and Maluku Utara 82, the six Papua provinces 91–96); Kalimantan
  and Sulawesi (:data:`OUTER_PROVINCES`: 61–65, 71–76); the rest (Sumatra 11–21, Bali 51, NTB 52).

The result is the national imbalance the file exists to show: shortages of teachers and health workers
growing from Java's cities to the east and from cities to regencies, surpluses of pelaksana and
administrative staff in central agencies and in Java's cities, with the same positions short elsewhere
(pelaksana in eastern regencies, teachers outside Java's cities) so that transfers can close gaps.

``prioritas`` (1–3): 1, +1 for a teacher or health post in a school, puskesmas or hospital, +1 for a teacher
or health post in the east or in Kalimantan/Sulawesi.

**hukdis.csv** — :data:`HUKDIS_SHARE` of the civil servants (anyone not retired or deceased), one sanction
each, kinds in the exact shares :data:`HUKDIS_KINDS`; ``tmt_mulai`` uniform over the three years up to the
reference date (not before the person's TMT CPNS); RINGAN and SEDANG end after 6, 9 or 12 months (so some are
still in force on the reference date and some are over), BERAT is open-ended except a share
(:data:`BERAT_ENDED_SHARE`: demotion or release from post for 12 months).

Every share and ratio here is an assumption (no national ABK or sanction statistics are calibrated), named
as a constant. Every draw comes from random streams of ``(seed, NEEDS_STREAM…)`` only, so the same
``(employees, seed, year)`` give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from . import catalog as ct
from . import csvout as co
from . import org as og
from . import refdata
from .calibration import largest_remainder
from .people import K_MENINGGAL, K_PENSIUN

KEBUTUHAN_COLUMNS = ("unor_id", "jabatan_id", "kebutuhan", "prioritas")
HUKDIS_COLUMNS = ("nip", "jenis", "tmt_mulai", "tmt_selesai")
NEEDS_STREAM = 4000  # 4000 unit noise, 4001 pair noise and rounding, 4002 vacancies, 4010 hukdis
WRITE_CHUNK = 500_000

# --- position classes and regions ------------------------------------------------------------------
C_STRUCT, C_GURU, C_KES, C_PEL, C_ADMIN, C_FUNG = range(6)
# functional families doing general administration (assumption: they share the pelaksana's surplus, milder)
ADMIN_RUMPUN = frozenset({"KEARSIPAN", "SDM_APARATUR", "KEBIJAKAN", "PERENCANAAN", "KOMUNIKASI", "KEUANGAN",
                          "PENGADAAN"})
R_JAWA_KOTA, R_JAWA_KAB, R_BARAT, R_OUTER, R_EAST = range(5)
JAVA_PROVINCES = frozenset({"31", "32", "33", "34", "35", "36"})
EAST_PROVINCES = frozenset({"53", "81", "82", "91", "92", "93", "94", "95", "96"})  # NTT, Maluku, Papua
OUTER_PROVINCES = frozenset({"61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76"})  # Kal., Sul.

# need ÷ holders by class (rows: C_*) and region (columns: R_*) — assumptions chosen so that, at 6 million
# employees, about half a million active civil servants sit in surplus seats and somewhat more seats are short
NEED_RATIO = np.array([
    # JAWA_KOTA JAWA_KAB BARAT OUTER EAST
    [1.00, 1.00, 1.00, 1.00, 1.00],  # structural (not used: need is 1 per head post)
    [0.86, 1.00, 1.10, 1.18, 1.35],  # teachers
    [0.88, 1.02, 1.12, 1.20, 1.40],  # health workers
    [0.78, 0.86, 0.94, 1.02, 1.10],  # pelaksana
    [0.84, 0.92, 0.97, 1.02, 1.06],  # administrative functional families
    [1.00, 1.03, 1.06, 1.10, 1.15],  # other functional families (lecturers included)
])
# teachers and health workers in cities outside Java are less short than in the regencies (assumption)
KOTA_FACTOR = np.array([1.0, 0.92, 0.92, 1.0, 1.0, 1.0])
# central agencies carry more pelaksana and administrative staff than their workload needs (assumption)
CENTRAL_FACTOR = np.array([1.0, 1.0, 1.0, 0.84, 0.90, 1.0])
UNIT_SIGMA = 0.12  # log-normal noise of a unit's workload, shared by its positions (assumption)
PAIR_SIGMA = 0.10  # log-normal noise of one position's workload in one unit (assumption)

# vacant formations: chance that a missing core post of a school / health unit is in the ABK, by region
VACANT_SHARE = np.array([0.10, 0.25, 0.35, 0.45, 0.60])  # R_* order (assumption)
VACANT_TWO = np.array([0.0, 0.05, 0.10, 0.15, 0.25])  # chance that such a vacant formation asks for two
SCHOOL_LEVELS = ("AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA")  # teacher levels every school needs (assumption)
# core professions: PUSKESMAS after Permenkes 43/2019's nine health workers; hospitals a shorter list
PUSKESMAS_CORE = (("DOKTER", "AHLI_PERTAMA"), ("DOKTERGIGI", "AHLI_PERTAMA"), ("PERAWAT", "TERAMPIL"),
                  ("BIDAN", "TERAMPIL"), ("PROMKES", "AHLI_PERTAMA"), ("SANITARIAN", "TERAMPIL"),
                  ("NUTRISIONIS", "TERAMPIL"), ("LABKES", "TERAMPIL"), ("FARMASI", "TERAMPIL"))
RS_CORE = (("DOKTER", "AHLI_PERTAMA"), ("PERAWAT", "AHLI_PERTAMA"), ("BIDAN", "TERAMPIL"),
           ("APOTEKER", "AHLI_PERTAMA"), ("RADIOGRAFER", "TERAMPIL"), ("LABKES", "TERAMPIL"),
           ("REKAMMEDIS", "TERAMPIL"), ("NUTRISIONIS", "TERAMPIL"))

# --- sanctions ---------------------------------------------------------------------------------------
HUKDIS_SHARE = 0.005  # of the civil servants in pegawai.csv (assumption)
HUKDIS_KINDS = ("RINGAN", "SEDANG", "BERAT")
HUKDIS_KIND_SHARES = np.array([0.60, 0.30, 0.10])  # assumption
HUKDIS_MONTHS = np.array([6, 9, 12])  # duration of RINGAN and SEDANG sanctions, equally likely (assumption)
BERAT_ENDED_SHARE = 0.25  # BERAT sanctions of 12 months (demotion, release from post); the rest open-ended
HUKDIS_WINDOW_DAYS = 3 * 365  # tmt_mulai within the last three years up to the reference date


@dataclass
class Needs:
    unit: np.ndarray  # unit index, sorted with jab
    jab: np.ndarray  # catalog index
    kebutuhan: np.ndarray  # int64 ≥ 0
    prioritas: np.ndarray  # int8 1..3

    def __len__(self) -> int:
        return self.unit.shape[0]


def position_class(catalog: ct.Catalog) -> np.ndarray:
    """C_* of every catalog position."""
    out = np.full(len(catalog), C_FUNG, np.int8)
    for k, (jenis, rumpun) in enumerate(zip(catalog.jenis, catalog.rumpun, strict=True)):
        if jenis == "STRUKTURAL":
            out[k] = C_STRUCT
        elif jenis == "PELAKSANA":
            out[k] = C_PEL
        elif rumpun == "GURU":
            out[k] = C_GURU
        elif rumpun == "KESEHATAN":
            out[k] = C_KES
        elif rumpun in ADMIN_RUMPUN:
            out[k] = C_ADMIN
    return out


def province_region(regions: refdata.Regions) -> np.ndarray:
    """Region of each province for a regency location (Java's split is by the location, see unit_region)."""
    out = np.full(regions.n_prov, R_BARAT, np.int8)
    for p, code in enumerate(regions.prov_codes):
        if code in JAVA_PROVINCES:
            out[p] = R_JAWA_KAB
        elif code in EAST_PROVINCES:
            out[p] = R_EAST
        elif code in OUTER_PROVINCES:
            out[p] = R_OUTER
    return out


def unit_region(units: og.FrozenUnits, regions: refdata.Regions) -> tuple[np.ndarray, np.ndarray]:
    """(R_* of each unit by its location, whether the location is a city)."""
    lok = units.lokasi.astype(np.int64)
    kota = regions.kab_is_kota[lok]
    region = province_region(regions)[regions.kab_prov[lok]]
    region = np.where((region == R_JAWA_KAB) & kota, R_JAWA_KOTA, region).astype(np.int8)
    return region, kota


def build_needs(seed: int, unit: np.ndarray, jab: np.ndarray, units: og.FrozenUnits, inst: og.Instansi,
                regions: refdata.Regions, catalog: ct.Catalog) -> Needs:
    """The rows of ``kebutuhan.csv`` from every person's unit and position (any kedudukan)."""
    n_jab = len(catalog)
    cls = position_class(catalog)
    region, kota = unit_region(units, regions)
    central = inst.jenis[units.inst.astype(np.int64)] == og.J_PUSAT
    key = unit.astype(np.int64) * n_jab + jab.astype(np.int64)
    pairs, base = np.unique(key, return_counts=True)
    p_unit, p_jab = pairs // n_jab, pairs % n_jab
    p_cls = cls[p_jab]
    p_reg = region[p_unit]
    ratio = NEED_RATIO[p_cls, p_reg]
    ratio = ratio * np.where(kota[p_unit] & (p_reg != R_JAWA_KOTA), KOTA_FACTOR[p_cls], 1.0)
    ratio = ratio * np.where(central[p_unit], CENTRAL_FACTOR[p_cls], 1.0)
    rng_u = np.random.default_rng([seed, NEEDS_STREAM])
    unit_noise = rng_u.normal(0.0, UNIT_SIGMA, len(units)) - UNIT_SIGMA ** 2 / 2  # mean factor 1
    rng_p = np.random.default_rng([seed, NEEDS_STREAM + 1])
    pair_noise = rng_p.normal(0.0, PAIR_SIGMA, pairs.size) - PAIR_SIGMA ** 2 / 2
    ratio = ratio * np.exp(unit_noise[p_unit] + pair_noise)
    need = np.floor(base * ratio + rng_p.random(pairs.size)).astype(np.int64)
    need[p_cls == C_STRUCT] = 1
    v_unit, v_jab, v_need = _vacancies(seed, pairs, units, region, catalog)
    all_unit = np.concatenate([p_unit, v_unit])
    all_jab = np.concatenate([p_jab, v_jab])
    all_need = np.concatenate([need, v_need])
    order = np.lexsort((all_jab, all_unit))
    all_unit, all_jab, all_need = all_unit[order], all_jab[order], all_need[order]
    return Needs(all_unit, all_jab, all_need, priority(cls[all_jab], units.jenis[all_unit], region[all_unit]))


def priority(cls: np.ndarray, jenis_unor: np.ndarray, region: np.ndarray) -> np.ndarray:
    """1, +1 for a teacher/health post in a school or health unit, +1 for one in the east or Kal./Sul."""
    core = (cls == C_GURU) | (cls == C_KES)
    service = np.isin(jenis_unor, (og.U_SEKOLAH, og.U_PUSKESMAS, og.U_RS))
    remote = (region == R_EAST) | (region == R_OUTER)
    return (1 + (core & service) + (core & remote)).astype(np.int8)


def _vacancies(seed: int, pairs: np.ndarray, units: og.FrozenUnits, region: np.ndarray,
               catalog: ct.Catalog) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vacant formations: (unit, jab, need) of pairs nobody holds (none of ``pairs``)."""
    n_jab = len(catalog)
    rng = np.random.default_rng([seed, NEEDS_STREAM + 2])
    fam = {f.code: i for i, f in enumerate(ct.FAMILIES)}
    J = ct.JENJANG_INDEX
    out_u, out_j, out_n = [], [], []
    p_unit, p_jab = pairs // n_jab, pairs % n_jab
    # head posts without a holder (normally none: every head post is filled by construction)
    headed = np.flatnonzero(units.head_jab >= 0)
    hkey = headed.astype(np.int64) * n_jab + units.head_jab[headed]
    empty = headed[~np.isin(hkey, pairs)]
    out_u.append(empty), out_j.append(units.head_jab[empty].astype(np.int64)), out_n.append(np.ones(empty.size,
                                                                                                     np.int64))
    groups = (
        (og.U_SEKOLAH, [(fam["GURU"], J[lv]) for lv in SCHOOL_LEVELS], False),
        (og.U_PUSKESMAS, [(fam[f], J[lv]) for f, lv in PUSKESMAS_CORE], True),
        (og.U_RS, [(fam[f], J[lv]) for f, lv in RS_CORE], True),
    )
    jab_family = np.full(n_jab, -1, np.int64)
    for fi in range(len(ct.FAMILIES)):
        ks = catalog.func[fi]
        jab_family[ks[ks >= 0]] = fi
    for jenis, posts, by_family in groups:
        us = np.flatnonzero(units.jenis == jenis)
        if not us.size:
            continue
        jabs = np.array([catalog.func[f, lv] for f, lv in posts], np.int64)
        # has[i, c]: unit us[i] has someone in post c (or, for health units, in its family at any level)
        col = np.full(n_jab, -1, np.int64)
        if by_family:
            fam_col = {f: c for c, (f, _lv) in enumerate(posts)}
            for fi, c in fam_col.items():
                ks = catalog.func[fi]
                col[ks[ks >= 0]] = c
        else:
            col[jabs] = np.arange(jabs.size)
        row = np.full(len(units), -1, np.int64)
        row[us] = np.arange(us.size)
        held = (row[p_unit] >= 0) & (col[p_jab] >= 0)
        has = np.zeros((us.size, jabs.size), bool)
        has[row[p_unit[held]], col[p_jab[held]]] = True
        miss_i, miss_c = np.nonzero(~has)
        reg = region[us[miss_i]]
        keep = rng.random(miss_i.size) < VACANT_SHARE[reg]
        two = rng.random(miss_i.size) < VACANT_TWO[reg]
        out_u.append(us[miss_i[keep]]), out_j.append(jabs[miss_c[keep]])
        out_n.append(1 + two[keep].astype(np.int64))
    return (np.concatenate(out_u).astype(np.int64), np.concatenate(out_j).astype(np.int64),
            np.concatenate(out_n).astype(np.int64))


def write_kebutuhan(fh: BinaryIO, needs: Needs, unit_ids: pa.Array, jab_ids: pa.Array) -> int:
    fh.write(co.header(KEBUTUHAN_COLUMNS))
    rows = 0
    for lo in range(0, len(needs), WRITE_CHUNK):
        sl = slice(lo, lo + WRITE_CHUNK)
        rows += co.write_rows(fh, [unit_ids.take(pa.array(needs.unit[sl])), jab_ids.take(pa.array(needs.jab[sl])),
                                   pa.array(needs.kebutuhan[sl]), pa.array(needs.prioritas[sl].astype(np.int64))])
    return rows


# --- hukdis ----------------------------------------------------------------------------------------


@dataclass
class Sanctions:
    person: np.ndarray  # index into the roster, increasing
    jenis: np.ndarray  # index into HUKDIS_KINDS
    mulai: np.ndarray  # days since 1970-01-01
    selesai: np.ndarray  # days; valid where ``ended``
    ended: np.ndarray  # bool

    def __len__(self) -> int:
        return self.person.shape[0]


def build_hukdis(seed: int, kedudukan: np.ndarray, tmt_cpns: np.ndarray, ref_days: int) -> Sanctions:
    """Sanctions of ``HUKDIS_SHARE`` of the roster, drawn among those neither retired nor deceased who
    started before the reference date (days since 1970-01-01)."""
    rng = np.random.default_rng([seed, NEEDS_STREAM + 10])
    pool = np.flatnonzero(~np.isin(kedudukan, (K_PENSIUN, K_MENINGGAL)) & (tmt_cpns < ref_days))
    k = min(int(round(HUKDIS_SHARE * kedudukan.shape[0])), pool.size)
    person = np.sort(rng.choice(pool, size=k, replace=False)) if k else np.zeros(0, np.int64)
    kinds = np.repeat(np.arange(len(HUKDIS_KINDS)), largest_remainder(HUKDIS_KIND_SHARES, k))
    jenis = kinds[rng.permutation(k)].astype(np.int8)
    lo = np.maximum(ref_days - HUKDIS_WINDOW_DAYS + 1, tmt_cpns[person])
    mulai = lo + np.floor(rng.random(k) * (ref_days - lo + 1)).astype(np.int64)
    months = HUKDIS_MONTHS[rng.integers(0, HUKDIS_MONTHS.size, k)]
    berat = jenis == HUKDIS_KINDS.index("BERAT")
    ended = ~berat | (rng.random(k) < BERAT_ENDED_SHARE)
    months = np.where(berat, 12, months)
    selesai = _add_months(mulai, months) - 1
    return Sanctions(person, jenis, mulai, selesai, ended)


def _add_months(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The same day of the month ``months`` later (the month's last day when it is shorter)."""
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    target = m + months.astype("timedelta64[M]")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return (target.astype("datetime64[D]").astype(np.int64) + np.minimum(dom, length - 1)).astype(np.int64)


def write_hukdis(fh: BinaryIO, s: Sanctions, nip: np.ndarray) -> int:
    return co.write_table(fh, HUKDIS_COLUMNS, [
        pa.array(nip[s.person]).cast(pa.string()), co.labels(HUKDIS_KINDS, s.jenis), co.dates(s.mulai),
        co.dates(s.selesai, ~s.ended),
    ])
