"""Calibration of the synthetic workforce to calibration.json, and the report of what was achieved.

The five [V] shares (jenis_pegawai, pusat_daerah, jenis_kelamin, pendidikan groups, jenis_jabatan with
fungsional_mix) are fitted *jointly*: a seed table over role × pusat/daerah × PNS/PPPK × gender × education
holds the realistic dependencies (lecturers are central and hold S2/S3, teachers hold a degree, structural
posts are PNS only, health staff are mostly women, …). Iterative proportional fitting scales it to every
target margin while keeping its zeros and interactions; the active staff are then dealt out by exact
integer quotas (largest remainder), so each [V] share is met to within a few people at any size.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from abdi.reference import codes

from . import refdata

# roles: the workforce groups the generator deals out
STRUK, GURU, KES, DOSEN, FUNG_LAIN, PEL = range(6)
ROLE_NAMES = ("STRUKTURAL", "GURU", "KESEHATAN", "DOSEN", "FUNGSIONAL_LAINNYA", "PELAKSANA")
N_ROLE, N_PD, N_JP, N_SEX, N_EDU = 6, 2, 2, 2, len(codes.PENDIDIKAN_CODES)
PUSAT, DAERAH = 0, 1
PNS, PPPK = 0, 1
LAKI, PEREMPUAN = 0, 1
EDU = {c: i for i, c in enumerate(codes.PENDIDIKAN_CODES)}
EDU_GROUPS = {"SD_SMA": ("SD", "SMP", "SMA"), "D1_D3": ("D1", "D2", "D3"), "D4_S1": ("D4", "S1"),
              "S2": ("S2",), "S3": ("S3",)}
EDU_GROUP_OF = np.zeros(N_EDU, dtype=np.int8)
for _g, (_name, _levels) in enumerate(EDU_GROUPS.items()):
    for _lv in _levels:
        EDU_GROUP_OF[EDU[_lv]] = _g

# --- seed: realistic dependencies (assumptions [U]; the margins are then fitted) ----------------------
_P_PUSAT = np.array([0.20, 0.10, 0.10, 1.00, 0.45, 0.35])
_P_PPPK = np.array([0.00, 0.45, 0.30, 0.10, 0.20, 0.40])
_P_FEMALE = np.array([0.40, 0.66, 0.72, 0.45, 0.42, 0.51])
#                  SD    SMP   SMA   D1     D2     D3    D4    S1    S2     S3
_EDU_SEED = {
    (STRUK, PNS): [0, 0, .01, 0, 0, .02, .02, .45, .45, .05],
    (STRUK, PPPK): [0, 0, .01, 0, 0, .02, .02, .45, .45, .05],
    (GURU, PNS): [0, 0, 0, 0, 0, 0, .03, .85, .115, .005],
    (GURU, PPPK): [0, 0, 0, 0, 0, 0, .03, .93, .04, 0],
    (KES, PNS): [0, 0, 0, 0, 0, .45, .08, .32, .14, .01],
    (KES, PPPK): [0, 0, 0, 0, 0, .55, .08, .32, .05, 0],
    (DOSEN, PNS): [0, 0, 0, 0, 0, 0, 0, 0, .62, .38],
    (DOSEN, PPPK): [0, 0, 0, 0, 0, 0, 0, 0, .90, .10],
    (FUNG_LAIN, PNS): [0, 0, .05, .005, .005, .14, .05, .55, .18, .02],
    (FUNG_LAIN, PPPK): [0, 0, .06, 0, 0, .20, .06, .60, .08, 0],
    (PEL, PNS): [.03, .05, .45, .02, .01, .12, .02, .27, .03, 0],
    (PEL, PPPK): [.03, .05, .50, .01, .01, .12, .02, .25, .01, 0],
}


def targets() -> dict[str, dict[str, float]]:
    cal = refdata.calibration()
    jab = cal["jenis_jabatan"]["shares"]
    mix = cal["fungsional_mix"]["shares_of_fungsional"]
    f = jab["FUNGSIONAL"]
    return {
        "role": {"STRUKTURAL": jab["STRUKTURAL"], "GURU": f * mix["GURU"], "KESEHATAN": f * mix["KESEHATAN"],
                 "DOSEN": f * mix["DOSEN"], "FUNGSIONAL_LAINNYA": f * mix["LAINNYA"], "PELAKSANA": jab["PELAKSANA"]},
        "pusat_daerah": cal["pusat_daerah"]["shares"],
        "jenis_pegawai": cal["jenis_pegawai"]["shares"],
        "jenis_kelamin": cal["jenis_kelamin"]["shares"],
        "pendidikan": cal["pendidikan"]["shares"],
    }


def fitted_joint(iterations: int = 200) -> np.ndarray:
    """Joint shares over [role, pd, jp, sex, edu] matching every [V] margin (sums to 1)."""
    seed = np.zeros((N_ROLE, N_PD, N_JP, N_SEX, N_EDU))
    t = targets()
    role_t = np.array([t["role"][r] for r in ROLE_NAMES])
    for r in range(N_ROLE):
        for pd in range(N_PD):
            p_pd = _P_PUSAT[r] if pd == PUSAT else 1 - _P_PUSAT[r]
            for jp in range(N_JP):
                p_jp = _P_PPPK[r] if jp == PPPK else 1 - _P_PPPK[r]
                edu = np.array(_EDU_SEED[(r, jp)], dtype=float)
                edu /= edu.sum()
                for sx in range(N_SEX):
                    p_sx = _P_FEMALE[r] if sx == PEREMPUAN else 1 - _P_FEMALE[r]
                    seed[r, pd, jp, sx] = role_t[r] * p_pd * p_jp * p_sx * edu
    pd_t = np.array([t["pusat_daerah"]["PUSAT"], t["pusat_daerah"]["DAERAH"]])
    jp_t = np.array([t["jenis_pegawai"]["PNS"], t["jenis_pegawai"]["PPPK"]])
    sx_t = np.array([t["jenis_kelamin"]["L"], t["jenis_kelamin"]["P"]])
    grp_t = np.array([t["pendidikan"][g] for g in EDU_GROUPS])
    role_t = role_t / role_t.sum()
    grp_t = grp_t / grp_t.sum()
    x = seed / seed.sum()
    for _ in range(iterations):
        x *= (role_t / x.sum(axis=(1, 2, 3, 4)))[:, None, None, None, None]
        x *= (pd_t / x.sum(axis=(0, 2, 3, 4)))[None, :, None, None, None]
        x *= (jp_t / x.sum(axis=(0, 1, 3, 4)))[None, None, :, None, None]
        x *= (sx_t / x.sum(axis=(0, 1, 2, 4)))[None, None, None, :, None]
        by_edu = x.sum(axis=(0, 1, 2, 3))
        by_grp = np.bincount(EDU_GROUP_OF, weights=by_edu, minlength=len(grp_t))
        x *= (grp_t / by_grp)[EDU_GROUP_OF][None, None, None, None, :]
    return x / x.sum()


def largest_remainder(shares: np.ndarray, total: int) -> np.ndarray:
    """Integer counts summing to ``total``, proportional to ``shares`` (ties broken by position)."""
    shares = np.asarray(shares, dtype=float).ravel()
    if total <= 0 or shares.sum() <= 0:
        return np.zeros(shares.shape, dtype=np.int64)
    exact = shares / shares.sum() * total
    base = np.floor(exact).astype(np.int64)
    rest = total - int(base.sum())
    if rest > 0:
        order = np.argsort(-(exact - base), kind="stable")
        base[order[:rest]] += 1
    return base


# --- report ----------------------------------------------------------------------------------------

def _shares(counts: dict[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {k: (v / total if total else 0.0) for k, v in counts.items()}


def _entry(target: dict[str, float], achieved: dict[str, float], confidence: str) -> dict[str, Any]:
    rows = {k: {"target": round(float(v), 4), "achieved": round(float(achieved.get(k, 0.0)), 4)}
            for k, v in target.items()}
    diff = max((abs(r["target"] - r["achieved"]) for r in rows.values()), default=0.0)
    return {"confidence": confidence, "shares": rows, "max_abs_diff_pp": round(100 * diff, 2)}


def report(a: dict[str, np.ndarray], catalog: Any, instansi_counts: dict[str, int],
           population: float, year: int) -> dict[str, Any]:
    """Target vs achieved, over active staff, for every figure in calibration.json.

    ``a`` holds per-person arrays: active (bool), jp, pd, sex, edu, jab (catalog index), birth_year,
    rank (PNS golongan 1..17 or PPPK grade 1..17).
    """
    cal = refdata.calibration()
    act = a["active"]
    n = int(act.sum())

    def count(values: np.ndarray, labels: list[str], mask: np.ndarray | None = None) -> dict[str, float]:
        m = act if mask is None else act & mask
        c = np.bincount(values[m].astype(np.int64), minlength=len(labels))
        return {lab: float(c[i]) for i, lab in enumerate(labels)}

    jenis_of_jab = np.array([["STRUKTURAL", "FUNGSIONAL", "PELAKSANA"].index(j) for j in catalog.jenis])
    jj = jenis_of_jab[a["jab"]]
    cat = catalog.category[a["jab"]]
    out: dict[str, Any] = {"active_staff": n, "reference_date": f"{year}-12-31"}
    out["jenis_pegawai"] = _entry(cal["jenis_pegawai"]["shares"], _shares(count(a["jp"], ["PNS", "PPPK"])),
                                  cal["jenis_pegawai"]["confidence"])
    out["pusat_daerah"] = _entry(cal["pusat_daerah"]["shares"], _shares(count(a["pd"], ["PUSAT", "DAERAH"])),
                                 cal["pusat_daerah"]["confidence"])
    out["jenis_kelamin"] = _entry(cal["jenis_kelamin"]["shares"], _shares(count(a["sex"], ["L", "P"])),
                                  cal["jenis_kelamin"]["confidence"])
    out["pendidikan"] = _entry(cal["pendidikan"]["shares"],
                               _shares(count(EDU_GROUP_OF[a["edu"]], list(EDU_GROUPS))),
                               cal["pendidikan"]["confidence"])
    out["jenis_jabatan"] = _entry(cal["jenis_jabatan"]["shares"],
                                  _shares(count(jj, ["STRUKTURAL", "FUNGSIONAL", "PELAKSANA"])),
                                  cal["jenis_jabatan"]["confidence"])
    mix = count(cat, ["-", "GURU", "KESEHATAN", "DOSEN", "LAINNYA"], mask=(jj == 1))
    mix.pop("-")
    out["fungsional_mix"] = _entry(cal["fungsional_mix"]["shares_of_fungsional"], _shares(mix),
                                   cal["fungsional_mix"]["confidence"])
    by = a["birth_year"]
    gen = np.select([by <= 1964, by <= 1980, by <= 1996], [0, 1, 2], 3)
    out["generasi"] = _entry(cal["generasi"]["shares"], _shares(count(gen, ["BABY_BOOMER", "X", "Y", "Z"])),
                             cal["generasi"]["confidence"])
    pns = a["jp"] == PNS
    group = np.select([a["rank"] <= 4, a["rank"] <= 8, a["rank"] <= 12], [0, 1, 2], 3)
    out["golongan_pns"] = _entry(cal["golongan_pns"]["shares_of_pns"],
                                 _shares(count(group, ["I", "II", "III", "IV"], mask=pns)),
                                 cal["golongan_pns"]["confidence"])
    grades = np.bincount(a["rank"][act & ~pns].astype(np.int64), minlength=18)[1:]
    mode = codes.GOLONGAN_PPPK_CODES[int(np.argmax(grades))] if grades.sum() else None
    out["pppk_grade_mode"] = {"confidence": cal["pppk_grade_mode"]["confidence"],
                              "target": cal["pppk_grade_mode"]["value"], "achieved": mode}
    level = catalog.jenjang[a["jab"]]
    fem = {}
    from .catalog import JENJANG_INDEX

    for lv in cal["perempuan_pimpinan"]["shares_female_by_level"]:
        m = act & (level == JENJANG_INDEX[lv])
        fem[lv] = float((a["sex"][m] == PEREMPUAN).mean()) if m.any() else 0.0
    out["perempuan_pimpinan"] = _entry(cal["perempuan_pimpinan"]["shares_female_by_level"], fem,
                                       cal["perempuan_pimpinan"]["confidence"])
    out["asn_per_100_penduduk"] = {
        "confidence": cal["asn_per_100_penduduk"]["confidence"],
        "target": cal["asn_per_100_penduduk"]["value"],
        "achieved": round(100 * n / population, 4) if population else 0.0,
        "note": "scales with --employees; the target corresponds to about 5.59 million",
    }
    ins = cal["instansi"]
    out["instansi"] = {"confidence": ins["confidence"],
                       "target": {k: ins[k] for k in ("pusat", "provinsi", "kabupaten", "kota")},
                       "achieved": instansi_counts}
    return out


# --- SKP ratings (skp.csv) -------------------------------------------------------------------------------
# ASSUMPTIONS [U]: no national distribution of SKP ratings is published. Most civil servants are rated as
# expected on both axes (predikat Baik), roughly one in eight Sangat Baik, few below expectations; the low
# cells follow DOMAIN §1's matrix (behaviour below expectations gives Kurang or worse). Shares of the
# (rating_hasil_kerja, rating_perilaku_kerja) cells; the predikat each gives is in the comment.
SKP_RATINGS = ("DI_ATAS", "SESUAI", "DI_BAWAH")
SKP_CELLS = (  # (hasil, perilaku), share
    (("DI_ATAS", "DI_ATAS"), 0.120),  # Sangat Baik
    (("DI_ATAS", "SESUAI"), 0.060),  # Baik
    (("SESUAI", "DI_ATAS"), 0.050),  # Baik
    (("SESUAI", "SESUAI"), 0.727),  # Baik
    (("DI_BAWAH", "SESUAI"), 0.027),  # Butuh Perbaikan
    (("DI_BAWAH", "DI_ATAS"), 0.003),  # Butuh Perbaikan
    (("SESUAI", "DI_BAWAH"), 0.009),  # Kurang/Misconduct
    (("DI_ATAS", "DI_BAWAH"), 0.001),  # Kurang/Misconduct
    (("DI_BAWAH", "DI_BAWAH"), 0.003),  # Sangat Kurang
)
SKP_TILT_SIGMA = 0.25  # per-agency log-normal tilt: generous agencies rate more Sangat Baik and fewer low ones
SKP_UNRATED = 0.03  # share of eligible staff without an annual rating yet
SKP_MONTHLY = 0.05  # share of eligible staff who also have monthly ratings B01–B12 (periodic data)


# --- competency standards and assessments (standar_kompetensi.csv, asesmen.csv) --------------------------
# ASSUMPTIONS [U]: DOMAIN §3 gives typical standards only for structural and pelaksana posts ("functional
# posts vary") and no national figures on who has been assessed or how well. The tables below are plausible
# choices, not published figures.
# Standard level of every competency of a functional post, by its jenjang, before the per-position variation.
FUNCTIONAL_STANDARD = {"AHLI_UTAMA": 4, "AHLI_MADYA": 3, "AHLI_MUDA": 3, "AHLI_PERTAMA": 2,
                       "PENYELIA": 2, "MAHIR": 2, "TERAMPIL": 1, "PEMULA": 1}
STANDARD_VARIED = (1, 2)  # each functional position: this many competencies (equally likely) moved by ±1
STRUCTURAL_EXPLICIT = 0.10  # share of structural positions with explicit rows (default ±1 on one or two)
# Share of active civil servants with at least one assessment in the three years before 31 December of the
# reference year, by jenjang (about 35 % of active staff overall with the synthetic workforce's mix).
ASESMEN_SHARE = {"JPT_UTAMA": 0.90, "JPT_MADYA": 0.90, "JPT_PRATAMA": 0.90, "ADMINISTRATOR": 0.80,
                 "PENGAWAS": 0.60, "AHLI_UTAMA": 0.45, "AHLI_MADYA": 0.45, "AHLI_MUDA": 0.45,
                 "AHLI_PERTAMA": 0.45, "PENYELIA": 0.30, "MAHIR": 0.30, "TERAMPIL": 0.30, "PEMULA": 0.30,
                 "PELAKSANA": 0.12}
ASESMEN_YEARS = 3  # assessment dates: within this many years before (and up to) 31 December of the year
ASESMEN_REPEAT = 0.15  # share of those assessed who also have an older assessment
ASESMEN_GAP_DAYS = (180, 900)  # days between the older and the latest assessment (uniform)
# Target shares of the latest assessments' JPM mapping categories (DOMAIN §3: Optimal ≥ 90, Cukup Optimal
# 78–< 90, Kurang Optimal < 78). People whose standard is too low for a category (all competencies at level 1:
# no one scores below the standard) fall in the next one up; the others are tilted to keep the overall shares.
JPM_CATEGORY_SHARES = {"OPTIMAL": 0.40, "CUKUP_OPTIMAL": 0.35, "KURANG_OPTIMAL": 0.25}
JPM_RANGE = (0.62, 1.12)  # JPM range drawn (as a ratio): Kurang Optimal from the low end, Optimal up to the high
