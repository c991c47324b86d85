"""Penyetaraan jabatan rules (DOMAIN §7, PermenPANRB 17/2021), pure: no Django.

The versioned rule set ``planning.penyetaraan``:

* ``pemetaan``: the level an administrative post converts to: ``ADMINISTRATOR`` → ``AHLI_MADYA``,
  ``PENGAWAS`` → ``AHLI_MUDA``, ``V`` (eselon V) → ``AHLI_PERTAMA``. A level left out of the mapping is not
  converted at all.
* ``eselon_v``: the unit eselon codes that make a structural post an eselon V post. The position catalog has no
  eselon V level (eselon V was abolished before the new levels were named), so an eselon V post is detected
  through its unit: a STRUKTURAL post held in a unit whose ``eselon`` is one of these codes (``["V"]`` by
  default, the code list of CONTRACTS §3). The unit's eselon wins over the post's level.
* ``kecualikan_pimpinan_unit``: exclude heads of work units (the holder is the unit's ``pemimpin_nip``);
  true by default, as DOMAIN §7 excludes heads of work units.
* ``jabatan_dikecualikan``: ids of posts that exercise legal authority (approvals, signing, territorial
  duties) and so stay structural; empty by default.

Conversion is regardless of rank (DOMAIN §7): the holder's golongan is never looked at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PENYETARAAN = "planning.penyetaraan"
TINGKAT = ("ADMINISTRATOR", "PENGAWAS", "V")  # the administrative levels that convert
JENJANG_AHLI = ("AHLI_UTAMA", "AHLI_MADYA", "AHLI_MUDA", "AHLI_PERTAMA")

DEFAULTS: dict[str, dict] = {
    PENYETARAAN: {
        "pemetaan": {"ADMINISTRATOR": "AHLI_MADYA", "PENGAWAS": "AHLI_MUDA", "V": "AHLI_PERTAMA"},
        "eselon_v": ["V"],
        "kecualikan_pimpinan_unit": True,
        "jabatan_dikecualikan": [],
    },
}

# why a holder is not eligible (codes; the services word them)
TIDAK_AKTIF = "TIDAK_AKTIF"
BUKAN_JABATAN_ADMINISTRASI = "BUKAN_JABATAN_ADMINISTRASI"
PIMPINAN_UNIT = "PIMPINAN_UNIT"
DIKECUALIKAN = "DIKECUALIKAN"
REASONS = {
    TIDAK_AKTIF: "pegawai tidak berkedudukan AKTIF",
    BUKAN_JABATAN_ADMINISTRASI: "jabatan bukan Administrator, Pengawas atau eselon V",
    PIMPINAN_UNIT: "pegawai adalah pimpinan unit kerja (dikecualikan)",
    DIKECUALIKAN: "jabatan ini dikecualikan karena memiliki kewenangan (tanda tangan/pengesahan)",
}


def validate(data: Mapping) -> None:
    """Raise ``ValueError`` (Indonesian message) when ``data`` is not a valid ``planning.penyetaraan``."""
    if not isinstance(data, Mapping):
        raise ValueError("aturan penyetaraan harus objek")
    unknown = set(data) - set(DEFAULTS[PENYETARAAN])
    if unknown:
        raise ValueError(f"kunci tidak dikenal: {', '.join(sorted(unknown))}")
    mapping = data.get("pemetaan")
    if not isinstance(mapping, Mapping) or not mapping:
        raise ValueError("pemetaan harus objek tingkat → jenjang fungsional")
    for level, target in mapping.items():
        if level not in TINGKAT:
            raise ValueError(f"pemetaan: tingkat {level} tidak dikenal (ADMINISTRATOR, PENGAWAS, V)")
        if target not in JENJANG_AHLI:
            raise ValueError(f"pemetaan: {level} harus ke jenjang fungsional keahlian, bukan {target}")
    for key in ("eselon_v", "jabatan_dikecualikan"):
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v and len(v) <= 40 for v in value):
            raise ValueError(f"{key} harus daftar kode (teks)")
    if not isinstance(data.get("kecualikan_pimpinan_unit"), bool):
        raise ValueError("kecualikan_pimpinan_unit harus true atau false")


VALIDATORS = {PENYETARAAN: validate}
RULESET_LABELS = {PENYETARAAN: "Penyetaraan jabatan administrasi ke jabatan fungsional"}


def level_of(jenis: str, jenjang: str, eselon_unit: str, rules: Mapping) -> str:
    """The administrative level of a post (``ADMINISTRATOR``, ``PENGAWAS``, ``V``), or ``""`` when the post is
    not one that converts under ``rules``."""
    if jenis != "STRUKTURAL":
        return ""
    level = "V" if eselon_unit and eselon_unit in rules["eselon_v"] else jenjang
    return level if level in rules["pemetaan"] else ""


@dataclass(frozen=True)
class Holder:
    """What eligibility looks at: the holder's status and post, the unit's eselon and head."""

    kedudukan: str
    jenis: str
    jenjang: str
    jabatan_id: str
    eselon_unit: str
    pimpinan_unit: bool


@dataclass(frozen=True)
class Verdict:
    tingkat: str  # the administrative level, "" when the post does not convert
    jenjang_tujuan: str  # the functional level it converts to
    alasan: str  # "" when eligible, else one of REASONS

    @property
    def eligible(self) -> bool:
        return not self.alasan


def assess(holder: Holder, rules: Mapping) -> Verdict:
    level = level_of(holder.jenis, holder.jenjang, holder.eselon_unit, rules)
    target = rules["pemetaan"].get(level, "") if level else ""
    if not level:
        reason = BUKAN_JABATAN_ADMINISTRASI
    elif holder.kedudukan != "AKTIF":
        reason = TIDAK_AKTIF
    elif holder.jabatan_id in rules["jabatan_dikecualikan"]:
        reason = DIKECUALIKAN
    elif holder.pimpinan_unit and rules["kecualikan_pimpinan_unit"]:
        reason = PIMPINAN_UNIT
    else:
        reason = ""
    return Verdict(level, target, reason)


# --- the effect on the structure ----------------------------------------------------------------------
KATEGORI = ("ADMINISTRATOR", "PENGAWAS", "V", "STRUKTURAL_LAIN", "AHLI_MADYA", "AHLI_MUDA", "AHLI_PERTAMA",
            "FUNGSIONAL_LAIN", "PELAKSANA")


def category(jenis: str, jenjang: str, eselon_unit: str, rules: Mapping) -> str:
    """The row of the effect table a post counts in."""
    if jenis == "STRUKTURAL":
        return level_of(jenis, jenjang, eselon_unit, rules) or "STRUKTURAL_LAIN"
    if jenis == "FUNGSIONAL":
        return jenjang if jenjang in ("AHLI_MADYA", "AHLI_MUDA", "AHLI_PERTAMA") else "FUNGSIONAL_LAIN"
    return "PELAKSANA"


@dataclass(frozen=True)
class EffectRow:
    kategori: str
    sebelum: int  # before the applied conversions (the applied ones undone)
    sekarang: int  # now
    setelah: int  # once the open proposals (proposed or approved) are applied too


def effect(now: Mapping[str, int], applied: Iterable[tuple[str, str]], open_: Iterable[tuple[str, str]]
           ) -> list[EffectRow]:
    """Counts per category before the applied conversions, now, and after the open ones; ``applied`` and
    ``open_`` are ``(tingkat, jenjang_tujuan)`` pairs, one per conversion."""
    before, after = dict(now), dict(now)
    applied = [(s, d if d in KATEGORI else "FUNGSIONAL_LAIN") for s, d in applied]
    open_ = [(s, d if d in KATEGORI else "FUNGSIONAL_LAIN") for s, d in open_]
    for src, dst in applied:
        before[src] = before.get(src, 0) + 1
        before[dst] = before.get(dst, 0) - 1
    for src, dst in open_:
        after[src] = after.get(src, 0) - 1
        after[dst] = after.get(dst, 0) + 1
    return [EffectRow(k, max(0, before.get(k, 0)), now.get(k, 0), max(0, after.get(k, 0))) for k in KATEGORI]


def totals(rows: Iterable[EffectRow], kategori: Iterable[str]) -> tuple[int, int, int]:
    keep = [r for r in rows if r.kategori in set(kategori)]
    return (sum(r.sebelum for r in keep), sum(r.sekarang for r in keep), sum(r.setelah for r in keep))
