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
    if not isinstance(matrix, Mapping):
        raise RuleSetError("predikat", "matriks harus objek rating hasil kerja → rating perilaku → predikat")
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
    if not isinstance(cycle, Mapping):
        raise RuleSetError("siklus", "harus objek dengan periodik dan hasil_pimpinan")
    if cycle.get("periodik") not in ("BULANAN", "TRIWULANAN"):
        raise RuleSetError("periodik", "harus BULANAN atau TRIWULANAN")
    mapping = cycle.get("hasil_pimpinan")
    if not isinstance(mapping, Mapping):
        raise RuleSetError("hasil_pimpinan", "pemetaan tidak ada")
    for result in ORG_RESULTS:
        if mapping.get(result) not in RATINGS:
            raise RuleSetError(f"hasil_pimpinan.{result}", f"rating tidak dikenal: {mapping.get(result)!r}")


def _share(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


def validate_distribution(curve: Mapping) -> None:
    """``skp.distribusi``: organisational result → rules, each ``{"predikat": [...]}`` with ``min`` and/or ``max``
    (shares 0–1) and/or ``min_count`` (a whole number ≥ 0). A result left out has no rule."""
    if not isinstance(curve, Mapping):
        raise RuleSetError("distribusi", "harus objek hasil kerja organisasi → daftar aturan")
    for org_result, rule_list in curve.items():
        if org_result not in ORG_RESULTS:
            raise RuleSetError(str(org_result), f"hasil kerja organisasi tidak dikenal ({', '.join(ORG_RESULTS)})")
        if not isinstance(rule_list, list) or not all(isinstance(r, Mapping) for r in rule_list):
            raise RuleSetError(org_result, "harus daftar aturan")
        for i, rule in enumerate(rule_list):
            field = f"{org_result}[{i}]"
            group = rule.get("predikat")
            if not isinstance(group, list) or not group or any(p not in PREDIKAT for p in group):
                raise RuleSetError(f"{field}.predikat", f"daftar tak kosong dari {', '.join(PREDIKAT)}")
            unknown = set(rule) - {"predikat", "min", "max", "min_count"}
            if unknown:
                raise RuleSetError(field, f"kunci tidak dikenal: {', '.join(sorted(map(str, unknown)))}")
            if not set(rule) & {"min", "max", "min_count"}:
                raise RuleSetError(field, "perlu min, max atau min_count")
            for key in ("min", "max"):
                if key in rule and not _share(rule[key]):
                    raise RuleSetError(f"{field}.{key}", "harus pecahan 0–1")
            count = rule.get("min_count", 0)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise RuleSetError(f"{field}.min_count", "harus bilangan bulat ≥ 0")


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def validate_credit(credit: Mapping) -> None:
    """``skp.angka_kredit``: ``koefisien`` (functional level → a positive number) and ``faktor`` (every
    predikat → a number ≥ 0); numbers as text (``"12.5"``) or plain numbers."""
    if not isinstance(credit, Mapping):
        raise RuleSetError("angka_kredit", "harus objek dengan koefisien dan faktor")
    coefficients = credit.get("koefisien")
    if not isinstance(coefficients, Mapping):
        raise RuleSetError("koefisien", "harus objek jenjang → koefisien")
    for jenjang, value in coefficients.items():
        number = _decimal(value)
        if number is None or not 0 < number <= 1000:
            raise RuleSetError(f"koefisien.{jenjang}", "harus angka positif (paling besar 1000)")
    factors = credit.get("faktor")
    if not isinstance(factors, Mapping):
        raise RuleSetError("faktor", "harus objek predikat → faktor")
    for code in PREDIKAT:
        number = _decimal(factors.get(code))
        if number is None or not 0 <= number <= 100:
            raise RuleSetError(f"faktor.{code}", "harus angka 0–100 untuk setiap predikat")


VALIDATORS = {"skp.predikat": validate_matrix, "skp.distribusi": validate_distribution,
              "skp.angka_kredit": validate_credit, "skp.siklus": validate_cycle}
RULESET_LABELS = {"skp.predikat": "Matriks predikat kinerja SKP",
                  "skp.distribusi": "Pola distribusi predikat per hasil kerja organisasi",
                  "skp.angka_kredit": "Angka kredit jabatan fungsional (koefisien dan faktor)",
                  "skp.siklus": "Siklus evaluasi periodik dan rating hasil kerja pimpinan unit"}


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
