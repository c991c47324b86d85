"""Competency rules of PermenPANRB 38/2017 (DOMAIN §3), pure: no Django.

* The nine competencies of an assessment: the 8 managerial ones and Perekat Bangsa (socio-cultural), levels
  1–5, in the column order of ``asesmen.csv``.
* ``competency.standar_bawaan``: the default standard (SKJ) of a position level, used where a position has no
  rows in ``standar_kompetensi.csv``: JPT Utama/Madya 5, JPT Pratama 4, Administrator 3, Pengawas 2, Pelaksana 1
  for every competency ([U]: "typical standards"; functional levels have none by default — they vary by
  position — so a functional position needs its own rows). A versioned rule set.
* ``competency.jpm``: JPM = Σ individual levels ÷ Σ standard levels × 100 over the competencies the position
  has a standard for, uncapped by default (``cap``: e.g. 100), and its categories for mapping (Optimal ≥ 90,
  Cukup Optimal 78–< 90, Kurang Optimal < 78) and for selection (MS ≥ 80, MMS 68–< 80, KMS < 68).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

COMPETENCIES = ("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
                "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa")
LABELS = {"integritas": "Integritas", "kerja_sama": "Kerja Sama", "komunikasi": "Komunikasi",
          "orientasi_hasil": "Orientasi pada Hasil", "pelayanan_publik": "Pelayanan Publik",
          "pengembangan_diri": "Pengembangan Diri dan Orang Lain", "mengelola_perubahan": "Mengelola Perubahan",
          "pengambilan_keputusan": "Pengambilan Keputusan", "perekat_bangsa": "Perekat Bangsa"}
MANAGERIAL = COMPETENCIES[:8]
LEVELS = (1, 2, 3, 4, 5)

DEFAULT_STANDARD = {"JPT_UTAMA": 5, "JPT_MADYA": 5, "JPT_PRATAMA": 4, "ADMINISTRATOR": 3, "PENGAWAS": 2,
                    "PELAKSANA": 1}
JPM_RULES = {
    "cap": None,  # e.g. 100 to cap JPM; None: uncapped (DOMAIN §3: the cap is implementation-specific)
    "pemetaan": [{"kategori": "OPTIMAL", "min": 90}, {"kategori": "CUKUP_OPTIMAL", "min": 78},
                 {"kategori": "KURANG_OPTIMAL", "min": None}],
    "seleksi": [{"kategori": "MS", "min": 80}, {"kategori": "MMS", "min": 68}, {"kategori": "KMS", "min": None}],
}
CATEGORY_LABELS = {"OPTIMAL": "Optimal", "CUKUP_OPTIMAL": "Cukup Optimal", "KURANG_OPTIMAL": "Kurang Optimal",
                   "MS": "Memenuhi Syarat", "MMS": "Masih Memenuhi Syarat", "KMS": "Kurang Memenuhi Syarat"}
DEFAULTS = {"competency.standar_bawaan": DEFAULT_STANDARD, "competency.jpm": JPM_RULES}


class RuleSetError(ValueError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


# The position levels a default standard may name (``abdi.reference.codes.JENJANG``; rules modules stay pure).
JENJANG = ("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "AHLI_UTAMA", "AHLI_MADYA",
           "AHLI_MUDA", "AHLI_PERTAMA", "PENYELIA", "MAHIR", "TERAMPIL", "PEMULA", "PELAKSANA")


def validate_default_standard(data: Mapping) -> None:
    """``competency.standar_bawaan``: position-level code → level 1–5."""
    if not isinstance(data, Mapping):
        raise RuleSetError("standar_bawaan", "harus objek kode jenjang → level 1–5")
    for jenjang, level in data.items():
        if jenjang not in JENJANG:
            raise RuleSetError(str(jenjang), f"kode jenjang tidak dikenal ({', '.join(JENJANG)})")
        if isinstance(level, bool) or level not in LEVELS:
            raise RuleSetError(jenjang, "level harus 1–5")


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_jpm_rules(data: Mapping) -> None:
    """``competency.jpm``: ``cap`` empty or a positive number; the ``pemetaan`` and ``seleksi`` bands, each
    ``{"kategori", "min"}``, ``min`` descending and the last band without one (``null``)."""
    if not isinstance(data, Mapping):
        raise RuleSetError("jpm", "harus objek dengan cap, pemetaan dan seleksi")
    cap = data.get("cap")
    if cap is not None and not (_number(cap) and cap > 0):
        raise RuleSetError("cap", "batas harus angka positif atau kosong")
    for scheme in ("pemetaan", "seleksi"):
        bands = data.get(scheme)
        if not isinstance(bands, list) or not bands or not all(isinstance(b, Mapping) for b in bands):
            raise RuleSetError(scheme, "harus daftar kategori {kategori, min}")
        if any(not isinstance(b.get("kategori"), str) or b.get("kategori") not in CATEGORY_LABELS for b in bands):
            raise RuleSetError(scheme, f"kategori tidak dikenal ({', '.join(CATEGORY_LABELS)})")
        if bands[-1].get("min") is not None:
            raise RuleSetError(scheme, "kategori terakhir harus tanpa batas bawah")
        mins = [b.get("min") for b in bands[:-1]]
        if not all(_number(m) for m in mins):
            raise RuleSetError(scheme, "batas bawah harus angka (kecuali kategori terakhir)")
        if any(a <= b for a, b in zip(mins, mins[1:], strict=False)):
            raise RuleSetError(scheme, "batas bawah harus menurun")


VALIDATORS = {"competency.standar_bawaan": validate_default_standard, "competency.jpm": validate_jpm_rules}
RULESET_LABELS = {"competency.standar_bawaan": "Standar kompetensi bawaan per jenjang jabatan",
                  "competency.jpm": "JPM: batas atas dan kategori pemetaan/seleksi"}


def standard_of(jenjang: str, rows: Mapping[str, int] | None, defaults: Mapping = DEFAULT_STANDARD) -> dict[str, int]:
    """The standard of a position: its own rows (competency → level) when it has any, else the default of its
    level for every competency, else none (``{}``)."""
    if rows:
        return {k: int(v) for k, v in rows.items() if k in COMPETENCIES}
    level = defaults.get(jenjang)
    return dict.fromkeys(COMPETENCIES, int(level)) if level else {}


def gaps(levels: Mapping[str, int], standard: Mapping[str, int]) -> dict[str, int]:
    """Per competency with a standard: individual − standard (negative: a development need)."""
    return {k: int(levels[k]) - int(s) for k, s in standard.items()}


def jpm(levels: Mapping[str, int], standard: Mapping[str, int], rules: Mapping = JPM_RULES) -> Decimal | None:
    """Σ individual ÷ Σ standard × 100 over the standard's competencies (exact; ``None`` without a standard)."""
    total = sum(int(s) for s in standard.values())
    if not total:
        return None
    value = Decimal(sum(int(levels[k]) for k in standard)) * 100 / Decimal(total)
    cap = rules.get("cap")
    return min(value, Decimal(str(cap))) if cap is not None else value


def round_jpm(value: Decimal) -> Decimal:
    """2 decimals, half-up (the exports' form)."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def category(value: Decimal | float, scheme: str = "pemetaan", rules: Mapping = JPM_RULES) -> str:
    for band in rules[scheme]:
        if band["min"] is None or value >= Decimal(str(band["min"])):
            return band["kategori"]
    raise AssertionError("the last band has no lower bound")


def as_levels(values: Sequence[int]) -> dict[str, int]:
    return dict(zip(COMPETENCIES, (int(v) for v in values), strict=True))
