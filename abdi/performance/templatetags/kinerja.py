"""Template filters of the SKP screens: the codes of ``performance.rules`` shown by their official labels (in
the active language), never as codes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext, gettext_noop

from abdi.performance import rules

register = template.Library()

# The official labels (rules.*_LABELS) are msgids, so the English catalog has its own words for them.
LABEL_WORDS = (
    gettext_noop("Di Atas Ekspektasi"), gettext_noop("Sesuai Ekspektasi"), gettext_noop("Di Bawah Ekspektasi"),
    gettext_noop("Sangat Baik"), gettext_noop("Baik"), gettext_noop("Butuh Perbaikan"),
    gettext_noop("Kurang/Misconduct"), gettext_noop("Sangat Kurang"), gettext_noop("Istimewa"),
    gettext_noop("Kurang"), gettext_noop("Berorientasi Pelayanan"), gettext_noop("Akuntabel"),
    gettext_noop("Kompeten"), gettext_noop("Harmonis"), gettext_noop("Loyal"), gettext_noop("Adaptif"),
    gettext_noop("Kolaboratif"), gettext_noop("Kuantitas"), gettext_noop("Kualitas"), gettext_noop("Waktu"),
    gettext_noop("Biaya"),
)
MONTHS = (gettext_noop("Januari"), gettext_noop("Februari"), gettext_noop("Maret"), gettext_noop("April"),
          gettext_noop("Mei"), gettext_noop("Juni"), gettext_noop("Juli"), gettext_noop("Agustus"),
          gettext_noop("September"), gettext_noop("Oktober"), gettext_noop("November"), gettext_noop("Desember"))
QUARTERS = {"TW1": gettext_noop("Triwulan I"), "TW2": gettext_noop("Triwulan II"),
            "TW3": gettext_noop("Triwulan III"), "TW4": gettext_noop("Triwulan IV")}
STATUS = {"BELUM": gettext_noop("Belum menyusun"), "DRAFT": gettext_noop("Draf"),
          "DIAJUKAN": gettext_noop("Diajukan"), "DIKEMBALIKAN": gettext_noop("Dikembalikan"),
          "DISETUJUI": gettext_noop("Disetujui"), "FINAL": gettext_noop("Final"),
          "DITERIMA": gettext_noop("Diterima"), "DITOLAK": gettext_noop("Ditolak")}
AKSI = {"BUAT": gettext_noop("SKP dibuat"), "HASIL_TAMBAH": gettext_noop("Hasil kerja ditambahkan"),
        "HASIL_HAPUS": gettext_noop("Hasil kerja dihapus"), "AJUKAN": gettext_noop("Diajukan"),
        "SETUJUI": gettext_noop("Disetujui"), "KEMBALIKAN": gettext_noop("Dikembalikan"),
        "EKSPEKTASI": gettext_noop("Ekspektasi perilaku ditetapkan"), "KOMENTAR": gettext_noop("Komentar"),
        "REALISASI": gettext_noop("Realisasi diisi"), "NILAI": gettext_noop("Dinilai"),
        "FINAL": gettext_noop("Penilaian tahunan ditetapkan"), "KEBERATAN": gettext_noop("Keberatan diajukan"),
        "KEBERATAN_PUTUS": gettext_noop("Keberatan diputus")}


def _label(table: dict, code: str) -> str:
    text = table.get(code or "")
    return gettext(text) if text else "—"


@register.filter
def rating_label(code: str) -> str:
    return _label(rules.RATING_LABELS, code)


@register.filter
def predikat_label(code: str) -> str:
    return _label(rules.PREDIKAT_LABELS, code)


@register.filter
def berakhlak_label(code: str) -> str:
    return _label(rules.BERAKHLAK_LABELS, code)


@register.filter
def org_result_label(code: str) -> str:
    return _label(rules.ORG_RESULT_LABELS, code)


@register.filter
def aspek_label(code: str) -> str:
    return _label(rules.ASPEK_LABELS, code)


@register.filter
def status_label(code: str) -> str:
    return _label(STATUS, code)


@register.filter
def aksi_label(code: str) -> str:
    return gettext(AKSI[code]) if code in AKSI else code


@register.filter
def periode_label(code: str) -> str:
    code = code or ""
    if code == "TAHUNAN":
        return gettext("Tahunan")
    if code in QUARTERS:
        return gettext(QUARTERS[code])
    if len(code) == 3 and code.startswith("B") and code[1:].isdigit() and 1 <= int(code[1:]) <= 12:
        return gettext(MONTHS[int(code[1:]) - 1])
    return code


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (``None`` when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent(value) -> str:
    """A share 0–1 as a whole percentage (``0.7`` → ``70%``)."""
    try:
        return f"{round(float(value) * 100):d}%"
    except (TypeError, ValueError):
        return "—"


@register.filter
def nip_for(nip: str, user) -> str:
    """A NIP as ``user`` may see it (``people.masking.nip_as_seen_by``)."""
    from abdi.people.masking import nip_as_seen_by

    return nip_as_seen_by(user, nip)


@register.filter
def nip_ref(nip: str) -> str:
    """The opaque reference of a NIP, for element ids (a page's markup must not carry a masked NIP whole)."""
    from abdi.people.masking import employee_ref

    try:
        return employee_ref(nip)
    except ValueError:  # not an 18-digit NIP
        return ""
