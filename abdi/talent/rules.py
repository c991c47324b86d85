"""Talent-management rules (PermenPANRB 3/2020, DOMAIN §2), pure: no Django.

``talent.sembilan_kotak`` (a versioned rule set) holds:
* ``kinerja``: the performance axis from the annual SKP predikat (SANGAT_BAIK → DI_ATAS, BAIK → SESUAI, the
  rest → DI_BAWAH by default);
* ``potensial``: the potential axis from JPM cut-offs (≥ 90 TINGGI, ≥ 78 MENENGAH, else RENDAH: the practice
  DOMAIN §2 cites) and the axis weights (``bobot``: JPM alone by default; a potential-test score may be
  weighed in, as the 2025 BKN framework reports [U]);
* ``nomor``: how the boxes are numbered on screen, by rows (performance, top first) and columns (potential,
  left to right); the default is DOMAIN §2's [4 7 9 / 2 5 8 / 1 3 6]. Files and the API always use that
  canonical numbering (``CANONICAL``), whatever the screen shows.
* ``kelompok``: the boxes of the succession pools (7, 8, 9 by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

KINERJA = ("DI_ATAS", "SESUAI", "DI_BAWAH")  # rows, top first
POTENSIAL = ("RENDAH", "MENENGAH", "TINGGI")  # columns, left to right
KINERJA_LABELS = {"DI_ATAS": "Di Atas Ekspektasi", "SESUAI": "Sesuai Ekspektasi", "DI_BAWAH": "Di Bawah Ekspektasi"}
POTENSIAL_LABELS = {"TINGGI": "Tinggi", "MENENGAH": "Menengah", "RENDAH": "Rendah"}
# DOMAIN §2: rows Di Atas / Sesuai / Di Bawah, columns Rendah / Menengah / Tinggi
CANONICAL = ((4, 7, 9), (2, 5, 8), (1, 3, 6))

ACTIONS = {
    9: "Promosi dan dipertahankan; masuk kelompok rencana suksesi instansi/nasional; penghargaan",
    8: "Dipertahankan; masuk kelompok rencana suksesi instansi; rotasi atau perluasan jabatan; bimbingan kinerja",
    7: "Dipertahankan; masuk kelompok rencana suksesi instansi; rotasi atau pengayaan jabatan; pengembangan "
       "kompetensi; tugas belajar",
    6: "Penempatan yang sesuai; bimbingan kinerja; konseling kinerja",
    5: "Penempatan yang sesuai; bimbingan kinerja; pengembangan kompetensi",
    4: "Rotasi; pengembangan kompetensi",
    3: "Bimbingan kinerja; konseling; pengembangan kompetensi; penempatan yang sesuai",
    2: "Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai",
    1: "Diproses sesuai ketentuan peraturan perundang-undangan",
}

NINEBOX = {
    "kinerja": {"SANGAT_BAIK": "DI_ATAS", "BAIK": "SESUAI", "BUTUH_PERBAIKAN": "DI_BAWAH", "KURANG": "DI_BAWAH",
                "SANGAT_KURANG": "DI_BAWAH"},
    "potensial": {"batas": [{"sumbu": "TINGGI", "min": 90}, {"sumbu": "MENENGAH", "min": 78},
                            {"sumbu": "RENDAH", "min": None}],
                  "bobot": {"jpm": 1, "skor_potensi": 0}},
    "nomor": [list(row) for row in CANONICAL],
    "kelompok": [7, 8, 9],
}
DEFAULTS = {"talent.sembilan_kotak": NINEBOX}
PREDIKAT = ("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")


class RuleSetError(ValueError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def validate(rules: Mapping) -> None:
    """Raises ``RuleSetError`` (a ``ValueError``) naming the field when ``rules`` is not a valid rule set."""
    try:
        _validate(rules)
    except (AttributeError, TypeError, KeyError, IndexError) as exc:
        raise RuleSetError("data", f"bentuk aturan tidak dikenali ({exc})") from exc


def _validate(rules: Mapping) -> None:
    for p in PREDIKAT:
        if rules.get("kinerja", {}).get(p) not in KINERJA:
            raise RuleSetError(f"kinerja.{p}", "harus DI_ATAS, SESUAI atau DI_BAWAH")
    bands = rules.get("potensial", {}).get("batas") or []
    if [b.get("sumbu") for b in bands] != ["TINGGI", "MENENGAH", "RENDAH"] or bands[-1].get("min") is not None:
        raise RuleSetError("potensial.batas", "urutan TINGGI, MENENGAH, RENDAH; RENDAH tanpa batas bawah")
    if not bands[0]["min"] > bands[1]["min"]:
        raise RuleSetError("potensial.batas", "batas TINGGI harus di atas batas MENENGAH")
    weights = rules["potensial"].get("bobot", {})
    if weights.get("jpm", 0) <= 0 or weights.get("skor_potensi", 0) < 0:
        raise RuleSetError("potensial.bobot", "bobot JPM harus positif, bobot skor potensi tidak negatif")
    numbers = rules.get("nomor")
    if not numbers or sorted(n for row in numbers for n in row) != list(range(1, 10)) or len(numbers) != 3:
        raise RuleSetError("nomor", "tiga baris yang memuat 1–9 masing-masing sekali")
    if any(b not in range(1, 10) for b in rules.get("kelompok", [])):
        raise RuleSetError("kelompok", "kotak 1–9")


def performance_axis(predikat: str, rules: Mapping = NINEBOX) -> str:
    return rules["kinerja"][predikat]


def potential_axis(score: Decimal | float | int, rules: Mapping = NINEBOX) -> str:
    for band in rules["potensial"]["batas"]:
        if band["min"] is None or Decimal(str(score)) >= Decimal(str(band["min"])):
            return band["sumbu"]
    raise AssertionError("the last band has no lower bound")


def box(kinerja: str, potensial: str) -> int:
    """The canonical box number (DOMAIN §2) of a performance and a potential axis value."""
    return CANONICAL[KINERJA.index(kinerja)][POTENSIAL.index(potensial)]


def axes_of(canonical_box: int) -> tuple[str, str]:
    for r, row in enumerate(CANONICAL):
        for c, number in enumerate(row):
            if number == canonical_box:
                return KINERJA[r], POTENSIAL[c]
    raise ValueError(f"no box {canonical_box}")


def display_number(canonical_box: int, rules: Mapping = NINEBOX) -> int:
    """The number the screen shows for a canonical box under the configured numbering."""
    kinerja, potensial = axes_of(canonical_box)
    return rules["nomor"][KINERJA.index(kinerja)][POTENSIAL.index(potensial)]
