"""Codes shown as words (``TUGAS_BELAJAR`` → "Tugas belajar"), in the active language: one function for
pages, chart tables and downloads alike."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

# The words ``kode_label`` makes of the codes pages show (``abdi.reference.codes``), for the message catalog:
# they are msgids, so Indonesian (the source language) shows them as they are and English has its own words.
CODE_WORDS = (
    # JENIS_JABATAN
    gettext_noop("Struktural"), gettext_noop("Fungsional"), gettext_noop("Pelaksana"),
    # KEDUDUKAN
    gettext_noop("Aktif"), gettext_noop("Cltn"), gettext_noop("Tugas belajar"),
    gettext_noop("Pemberhentian sementara"), gettext_noop("Pensiun"), gettext_noop("Berhenti"),
    gettext_noop("Meninggal"),
    # JENIS_INSTANSI
    gettext_noop("Pusat"), gettext_noop("Provinsi"), gettext_noop("Kabupaten"), gettext_noop("Kota"),
    # JENIS_UNOR
    gettext_noop("Kantor"), gettext_noop("Sekolah"), gettext_noop("Puskesmas"), gettext_noop("Rumah sakit"),
    gettext_noop("Upt"), gettext_noop("Lainnya"),
    # JENJANG
    gettext_noop("Jpt utama"), gettext_noop("Jpt madya"), gettext_noop("Jpt pratama"),
    gettext_noop("Administrator"), gettext_noop("Pengawas"), gettext_noop("Ahli utama"),
    gettext_noop("Ahli madya"), gettext_noop("Ahli muda"), gettext_noop("Ahli pertama"),
    gettext_noop("Penyelia"), gettext_noop("Mahir"), gettext_noop("Terampil"), gettext_noop("Pemula"),
    # history changes (perubahan)
    gettext_noop("Awal"), gettext_noop("Jabatan"), gettext_noop("Unor"), gettext_noop("Golongan"),
    gettext_noop("Status"),
)


def _word(part: str) -> str:
    part = part.replace("_", " ").strip()
    return part[:1].upper() + part[1:].lower()


def kode_label(code: str) -> str:
    """``TUGAS_BELAJAR`` → ``Tugas belajar``, ``JABATAN,UNOR`` → ``Jabatan, unor``: codes shown as words, in
    the active language (a word the catalog does not know is shown as it is)."""
    words = [gettext(w) for w in (_word(p) for p in str(code or "").split(",")) if w]
    if not words:
        return "—"
    return ", ".join([words[0]] + [w[:1].lower() + w[1:] for w in words[1:]])
