"""SKP rules of PermenPANRB 6/2022 (DOMAIN §1), pure: no Django. The rule sets are data (``DEFAULTS``), kept
versioned in ``core.RuleSet`` under the codes below, so a change is a new version rather than a code edit.

* ``skp.predikat``: the predikat matrix, ``{rating_hasil_kerja: {rating_perilaku_kerja: predikat}}``.
* ``skp.distribusi``: the pola distribusi per organisational result (a secondary source: a warning, not a
  refusal), each rule a share bound on a set of predikat.
* ``skp.angka_kredit``: annual credit points of functional posts = coefficient (by level) × factor (by
  predikat) (PermenPANRB 1/2023).
* ``skp.siklus``: how often periodic evaluations happen (``BULANAN`` by default, ``TRIWULANAN`` allowed; the
  regulation leaves it to each organisation, DOMAIN §1 [U]), and how a unit head's organisational result
  becomes his or her rating of results (the mapping of five levels onto three is [U]).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

RATINGS = ("DI_ATAS", "SESUAI", "DI_BAWAH")
PREDIKAT = ("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")
PERIODS = ("TAHUNAN", "TW1", "TW2", "TW3", "TW4") + tuple(f"B{m:02d}" for m in range(1, 13))
ORG_RESULTS = ("ISTIMEWA", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")

# The labels users read; files and the API use the codes.
RATING_LABELS = {"DI_ATAS": "Di Atas Ekspektasi", "SESUAI": "Sesuai Ekspektasi", "DI_BAWAH": "Di Bawah Ekspektasi"}
PREDIKAT_LABELS = {"SANGAT_BAIK": "Sangat Baik", "BAIK": "Baik", "BUTUH_PERBAIKAN": "Butuh Perbaikan",
                   "KURANG": "Kurang/Misconduct", "SANGAT_KURANG": "Sangat Kurang"}

PREDIKAT_MATRIX = {
    "DI_ATAS": {"DI_BAWAH": "KURANG", "SESUAI": "BAIK", "DI_ATAS": "SANGAT_BAIK"},
    "SESUAI": {"DI_BAWAH": "KURANG", "SESUAI": "BAIK", "DI_ATAS": "BAIK"},
    "DI_BAWAH": {"DI_BAWAH": "SANGAT_KURANG", "SESUAI": "BUTUH_PERBAIKAN", "DI_ATAS": "BUTUH_PERBAIKAN"},
}

# Each rule: {"predikat": [...], "min" | "max": share 0–1, or "min_count": n}; all must hold.
DISTRIBUTION = {
    "ISTIMEWA": [{"predikat": ["SANGAT_BAIK"], "max": 0.70}],
    "BAIK": [{"predikat": ["BAIK"], "max": 0.70},
             {"predikat": ["BUTUH_PERBAIKAN", "KURANG"], "min_count": 1}],
    "BUTUH_PERBAIKAN": [{"predikat": ["BUTUH_PERBAIKAN"], "min": 0.60},
                        {"predikat": ["SANGAT_BAIK"], "max": 0.10}],
    "KURANG": [{"predikat": ["KURANG"], "min": 0.60}, {"predikat": ["BUTUH_PERBAIKAN"], "min": 0.10},
               {"predikat": ["SANGAT_BAIK"], "max": 0.10}],
    "SANGAT_KURANG": [{"predikat": ["SANGAT_KURANG"], "min": 0.60},
                      {"predikat": ["KURANG", "BUTUH_PERBAIKAN"], "min": 0.10},
                      {"predikat": ["SANGAT_BAIK"], "max": 0.0}],
}

CREDIT = {
    "koefisien": {"PEMULA": "3.75", "TERAMPIL": "5", "MAHIR": "12.5", "PENYELIA": "25", "AHLI_PERTAMA": "12.5",
                  "AHLI_MUDA": "25", "AHLI_MADYA": "37.5", "AHLI_UTAMA": "50"},
    "faktor": {"SANGAT_BAIK": "1.50", "BAIK": "1.00", "BUTUH_PERBAIKAN": "0.75", "KURANG": "0.50",
               "SANGAT_KURANG": "0.25"},
}

# The 7 BerAKHLAK core values (the behaviour assessed, DOMAIN §1), in their official order.
BERAKHLAK = ("BERORIENTASI_PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")
BERAKHLAK_LABELS = {"BERORIENTASI_PELAYANAN": "Berorientasi Pelayanan", "AKUNTABEL": "Akuntabel",
                    "KOMPETEN": "Kompeten", "HARMONIS": "Harmonis", "LOYAL": "Loyal", "ADAPTIF": "Adaptif",
                    "KOLABORATIF": "Kolaboratif"}
ORG_RESULT_LABELS = {"ISTIMEWA": "Istimewa", "BAIK": "Baik", "BUTUH_PERBAIKAN": "Butuh Perbaikan",
                     "KURANG": "Kurang", "SANGAT_KURANG": "Sangat Kurang"}
# The aspects of an indicator's target (rencana hasil kerja).
ASPEK = ("KUANTITAS", "KUALITAS", "WAKTU", "BIAYA")
ASPEK_LABELS = {"KUANTITAS": "Kuantitas", "KUALITAS": "Kualitas", "WAKTU": "Waktu", "BIAYA": "Biaya"}

CYCLE = {
    "periodik": "BULANAN",  # or "TRIWULANAN"
    # organisational result -> the unit head's rating of results (DOMAIN §1: the mapping is [U])
    "hasil_pimpinan": {"ISTIMEWA": "DI_ATAS", "BAIK": "SESUAI", "BUTUH_PERBAIKAN": "DI_BAWAH",
                       "KURANG": "DI_BAWAH", "SANGAT_KURANG": "DI_BAWAH"},
}
MONTHS = tuple(f"B{m:02d}" for m in range(1, 13))
QUARTERS = ("TW1", "TW2", "TW3", "TW4")

DEFAULTS = {"skp.predikat": PREDIKAT_MATRIX, "skp.distribusi": DISTRIBUTION, "skp.angka_kredit": CREDIT,
            "skp.siklus": CYCLE}


class RuleSetError(ValueError):
    """A rule set that cannot be used: ``field`` and ``reason`` say why."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def validate_matrix(matrix: Mapping) -> None:
    """Every (hasil, perilaku) pair maps to a known predikat."""
    for hasil in RATINGS:
        row = matrix.get(hasil)
        if not isinstance(row, Mapping):
            raise RuleSetError(hasil, "baris matriks tidak ada (matrix row missing)")
        for perilaku in RATINGS:
            if row.get(perilaku) not in PREDIKAT:
                raise RuleSetError(f"{hasil}.{perilaku}", f"predikat tidak dikenal: {row.get(perilaku)!r}")


def predikat(rating_hasil_kerja: str, rating_perilaku_kerja: str, matrix: Mapping = PREDIKAT_MATRIX) -> str:
    return matrix[rating_hasil_kerja][rating_perilaku_kerja]


@dataclass(frozen=True)
class Violation:
    predikat: tuple[str, ...]
    rule: str  # "min", "max" or "min_count"
    bound: float
    actual: float


def distribution_violations(org_result: str, counts: Mapping[str, int],
                            rules: Mapping = DISTRIBUTION) -> list[Violation]:
    """The pola distribusi rules of ``org_result`` that the unit's predikat ``counts`` break (empty: all hold)."""
    total = sum(counts.values())
    out = []
    for rule in rules.get(org_result, []):
        group = tuple(rule["predikat"])
        n = sum(counts.get(p, 0) for p in group)
        if "min_count" in rule and n < rule["min_count"]:
            out.append(Violation(group, "min_count", rule["min_count"], n))
        share = n / total if total else 0.0
        if "min" in rule and total and share < rule["min"]:
            out.append(Violation(group, "min", rule["min"], round(share, 4)))
        if "max" in rule and share > rule["max"]:
            out.append(Violation(group, "max", rule["max"], round(share, 4)))
    return out


def credit_points(jenjang: str, predikat_code: str, credit: Mapping = CREDIT) -> Decimal | None:
    """Annual credit points of a functional post; ``None`` for levels without a coefficient."""
    coefficient = credit["koefisien"].get(jenjang)
    if coefficient is None:
        return None
    return Decimal(coefficient) * Decimal(credit["faktor"][predikat_code])


def validate_cycle(cycle: Mapping) -> None:
    if cycle.get("periodik") not in ("BULANAN", "TRIWULANAN"):
        raise RuleSetError("periodik", "harus BULANAN atau TRIWULANAN")
    mapping = cycle.get("hasil_pimpinan")
    if not isinstance(mapping, Mapping):
        raise RuleSetError("hasil_pimpinan", "pemetaan tidak ada")
    for result in ORG_RESULTS:
        if mapping.get(result) not in RATINGS:
            raise RuleSetError(f"hasil_pimpinan.{result}", f"rating tidak dikenal: {mapping.get(result)!r}")


def periods_of(cycle: Mapping) -> tuple[str, ...]:
    """The evaluation periods of a year under ``cycle``: the periodic ones, then ``TAHUNAN``."""
    return (MONTHS if cycle.get("periodik", "BULANAN") == "BULANAN" else QUARTERS) + ("TAHUNAN",)


def head_rating(org_result: str, cycle: Mapping = CYCLE) -> str:
    """A unit head's rating of results: the unit's organisational result mapped onto the three levels."""
    return cycle["hasil_pimpinan"][org_result]


def distribution_counts(predikat_codes) -> dict[str, int]:
    counts = dict.fromkeys(PREDIKAT, 0)
    for code in predikat_codes:
        counts[code] += 1
    return counts
