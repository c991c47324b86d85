"""Needs-planning rules, pure: no Django. Two versioned rule sets:

``planning.abk`` (workload analysis, ABK):
* ``jam_kerja_efektif``: effective working hours a year, 1 250 by default (the figure the ABK guidance uses;
  configurable);
* ``pembulatan``: how the need Σ volume × norma ÷ jam is rounded: ``ATAS`` (up, the default: a fraction of
  a person's workload still needs a person) or ``BIASA`` (half up).

``planning.redistribusi`` (who may move where, and what a move costs). Defaults are the project's
assumptions [U], each a setting:
* cost = ``biaya_per_km`` × km between the regency capitals + ``penalti_lintas_instansi`` when the move
  crosses agencies + ``penalti_lintas_provinsi`` when it crosses provinces + ``penalti_lintas_jabatan`` when
  the target position differs from the person's own (a competency mismatch: same family, other post).
  The default family is the position itself because filling seats comes before cost: a rumpun as loaded may
  lump professions (KESEHATAN holds doctors, nurses and midwives alike), and a family-wide default would put
  a nurse in a doctor's seat rather than leave it empty. ``RUMPUN`` (with the penalty) and explicit
  mappings widen it where an agency's families are fine-grained;
* eligibility: the same position family (``keluarga``: ``JABATAN``, the position itself, by default, or
  ``RUMPUN``, the job family code of the position) or an allowed mapping (``pemetaan``: [from, to] pairs of
  family keys: position ids or rumpun codes), the rank
  within the target position's range (``cek_golongan``), at least ``min_tahun_di_jabatan`` years in the
  current post, not retiring within ``min_tahun_sebelum_pensiun`` years, active (``AKTIF``), no sanction in
  force (``cek_hukdis``), of the position types ``jenis_jabatan`` and employee types ``jenis_pegawai``
  (structural posts are filled by selection, PPPK contracts bind them to their agency: neither moves by
  default);
* ``kursi_terdekat`` (K): the pruning: each candidate class keeps its K cheapest eligible seat groups (0 keeps
  them all). The plan is optimal over the moves so generated;
* quality (the gap analysis): ``pendidikan_minimum`` per position level (D4 stands for "D4/S1") and
  ``jpm_minimum`` (an assessed person whose JPM against the post's standard is below it does not fit).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

ABK = "planning.abk"
REDISTRIBUSI = "planning.redistribusi"
CAKUPAN = ("UNOR", "INSTANSI", "PROVINSI", "NASIONAL")

DEFAULTS: dict[str, dict] = {
    ABK: {"jam_kerja_efektif": 1250, "pembulatan": "ATAS"},
    REDISTRIBUSI: {
        "biaya_per_km": 1,
        "penalti_lintas_instansi": 200,
        "penalti_lintas_provinsi": 300,
        "penalti_lintas_jabatan": 150,
        "keluarga": "JABATAN",
        "pemetaan": [],
        "cek_golongan": True,
        "min_tahun_di_jabatan": 2,
        "min_tahun_sebelum_pensiun": 1,
        "cek_hukdis": True,
        "jenis_jabatan": ["FUNGSIONAL", "PELAKSANA"],
        "jenis_pegawai": ["PNS"],
        "kursi_terdekat": 30,
        "pendidikan_minimum": {
            "JPT_UTAMA": "D4", "JPT_MADYA": "D4", "JPT_PRATAMA": "D4", "ADMINISTRATOR": "D4", "PENGAWAS": "D3",
            "AHLI_UTAMA": "D4", "AHLI_MADYA": "D4", "AHLI_MUDA": "D4", "AHLI_PERTAMA": "D4",
            "PENYELIA": "D3", "MAHIR": "D3", "TERAMPIL": "D3", "PEMULA": "SMA", "PELAKSANA": "SMA",
        },
        "jpm_minimum": 78,
    },
}

PENDIDIKAN = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
_INTS = ("biaya_per_km", "penalti_lintas_instansi", "penalti_lintas_provinsi", "penalti_lintas_jabatan",
         "min_tahun_di_jabatan", "min_tahun_sebelum_pensiun", "kursi_terdekat")


def validate_abk(data: Mapping) -> None:
    hours = data.get("jam_kerja_efektif")
    if not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= 8784:
        raise ValueError("jam_kerja_efektif harus angka > 0 (jam setahun)")
    if data.get("pembulatan") not in ("ATAS", "BIASA"):
        raise ValueError("pembulatan harus ATAS atau BIASA")


def validate_redistribusi(data: Mapping) -> None:
    for key in _INTS:
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1_000_000:
            raise ValueError(f"{key} harus bilangan bulat 0–1 000 000")
    if data.get("keluarga") not in ("RUMPUN", "JABATAN"):
        raise ValueError("keluarga harus RUMPUN atau JABATAN")
    pairs = data.get("pemetaan")
    if not isinstance(pairs, list) or any(not isinstance(p, list | tuple) or len(p) != 2
                                          or not all(isinstance(x, str) and x for x in p) for p in pairs):
        raise ValueError("pemetaan harus daftar pasangan [asal, tujuan]")
    for key in ("cek_golongan", "cek_hukdis"):
        if not isinstance(data.get(key), bool):
            raise ValueError(f"{key} harus true atau false")
    for key, allowed in (("jenis_jabatan", ("STRUKTURAL", "FUNGSIONAL", "PELAKSANA")), ("jenis_pegawai", ("PNS", "PPPK"))):
        value = data.get(key)
        if not isinstance(value, list) or not value or any(v not in allowed for v in value):
            raise ValueError(f"{key} harus daftar tak kosong dari {', '.join(allowed)}")
    minimum = data.get("pendidikan_minimum")
    if not isinstance(minimum, dict) or any(v not in PENDIDIKAN for v in minimum.values()):
        raise ValueError("pendidikan_minimum: jenjang → kode pendidikan (SD … S3)")
    jpm = data.get("jpm_minimum")
    if not isinstance(jpm, int | float) or isinstance(jpm, bool) or jpm < 0:
        raise ValueError("jpm_minimum harus angka ≥ 0")


VALIDATORS = {ABK: validate_abk, REDISTRIBUSI: validate_redistribusi}
RULESET_LABELS = {ABK: "Analisis beban kerja: jam kerja efektif dan pembulatan",
                  REDISTRIBUSI: "Redistribusi pegawai: biaya, kelayakan pindah dan syarat mutu"}


def need_from_workload(tasks: list[tuple[Decimal, Decimal]], rules: Mapping) -> int:
    """The headcount a workload needs: Σ volume × norma (hours) ÷ effective hours a year, rounded per
    ``pembulatan``. No task, no need."""
    hours = sum((Decimal(v) * Decimal(n) for v, n in tasks), Decimal(0))
    if hours <= 0:
        return 0
    ratio = hours / Decimal(str(rules["jam_kerja_efektif"]))
    mode = ROUND_CEILING if rules["pembulatan"] == "ATAS" else ROUND_HALF_UP
    return int(ratio.quantize(Decimal(1), rounding=mode))


def education_fits(pendidikan: str, jenjang: str, rules: Mapping) -> bool:
    """Whether ``pendidikan`` meets the minimum of the level (a level without a minimum always fits;
    "D4" as a minimum accepts S1 too, since D4 ranks below S1 in the list)."""
    minimum = rules["pendidikan_minimum"].get(jenjang)
    if not minimum or pendidikan not in PENDIDIKAN:
        return minimum is None
    return PENDIDIKAN.index(pendidikan) >= PENDIDIKAN.index(minimum)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius 6 371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def move_cost(km: int, *, lintas_instansi: bool, lintas_provinsi: bool, lintas_jabatan: bool, rules: Mapping) -> int:
    """The integer cost of one move (see the module docstring)."""
    return (rules["biaya_per_km"] * km + rules["penalti_lintas_instansi"] * lintas_instansi
            + rules["penalti_lintas_provinsi"] * lintas_provinsi + rules["penalti_lintas_jabatan"] * lintas_jabatan)


def family_allowed(rumpun_from: str, rumpun_to: str, rules: Mapping) -> bool:
    """Whether a person of family ``rumpun_from`` may take a post of family ``rumpun_to``."""
    return rumpun_from == rumpun_to or [rumpun_from, rumpun_to] in [list(p) for p in rules["pemetaan"]]
