"""Template helpers of the talent screens: the axes, readiness and bench-strength codes in words (in the active
language), the competency names, and the "Talenta" entry of the main menu (cheap: no query for most users)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext, gettext_noop

from abdi.competency import rules as crules
from abdi.talent import rules

register = template.Library()

# The official words of rules.*_LABELS and competency.rules.LABELS are msgids: the English catalog has its own.
LABEL_WORDS = (
    gettext_noop("Tinggi"), gettext_noop("Menengah"), gettext_noop("Rendah"),
    gettext_noop("Integritas"), gettext_noop("Kerja Sama"), gettext_noop("Komunikasi"),
    gettext_noop("Orientasi pada Hasil"), gettext_noop("Pelayanan Publik"),
    gettext_noop("Pengembangan Diri dan Orang Lain"), gettext_noop("Mengelola Perubahan"),
    gettext_noop("Pengambilan Keputusan"), gettext_noop("Perekat Bangsa"),
    gettext_noop("Optimal"), gettext_noop("Cukup Optimal"), gettext_noop("Kurang Optimal"),
)
READINESS = {"siap_sekarang": gettext_noop("Siap sekarang"), "siap_1_2_tahun": gettext_noop("Siap 1–2 tahun"),
             "siap_3_tahun_lebih": gettext_noop("Siap ≥3 tahun")}
BENCH = {"aman": gettext_noop("Aman"), "rawan": gettext_noop("Rawan"), "kritis": gettext_noop("Kritis")}
BENCH_HINT = {"aman": gettext_noop("cukup suksesor siap sekarang"),
              "rawan": gettext_noop("kurang suksesor siap sekarang"),
              "kritis": gettext_noop("pemangku pensiun ≤ 2 tahun dan tidak ada suksesor siap sekarang")}
JOB_STATUS = {"ANTRE": gettext_noop("Dalam antrean"), "JALAN": gettext_noop("Berjalan"),
              "SELESAI": gettext_noop("Selesai"), "GAGAL": gettext_noop("Gagal")}
SESSION_STATUS = {"BUKA": gettext_noop("Dibuka"), "TUTUP": gettext_noop("Ditutup")}
POOL_LEVEL = {"NASIONAL": gettext_noop("Nasional"), "INSTANSI": gettext_noop("Instansi")}
# The recommended actions of rules.ACTIONS, written out as msgids so that they follow the language too.
ACTION_MSGIDS = {
    9: gettext_noop("Promosi dan dipertahankan; masuk kelompok rencana suksesi instansi/nasional; penghargaan"),
    8: gettext_noop("Dipertahankan; masuk kelompok rencana suksesi instansi; rotasi atau perluasan jabatan; "
                    "bimbingan kinerja"),
    7: gettext_noop("Dipertahankan; masuk kelompok rencana suksesi instansi; rotasi atau pengayaan jabatan; "
                    "pengembangan kompetensi; tugas belajar"),
    6: gettext_noop("Penempatan yang sesuai; bimbingan kinerja; konseling kinerja"),
    5: gettext_noop("Penempatan yang sesuai; bimbingan kinerja; pengembangan kompetensi"),
    4: gettext_noop("Rotasi; pengembangan kompetensi"),
    3: gettext_noop("Bimbingan kinerja; konseling; pengembangan kompetensi; penempatan yang sesuai"),
    2: gettext_noop("Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai"),
    1: gettext_noop("Diproses sesuai ketentuan peraturan perundang-undangan"),
}


def _words(table: dict, code) -> str:
    text = table.get(code or "")
    return gettext(text) if text else (code or "—")


@register.filter
def kinerja_axis(code: str) -> str:
    return _words(rules.KINERJA_LABELS, code)


@register.filter
def potensial_axis(code: str) -> str:
    return _words(rules.POTENSIAL_LABELS, code)


@register.filter
def competency_label(code: str) -> str:
    return _words(crules.LABELS, code)


@register.filter
def category_label(code: str) -> str:
    return _words(crules.CATEGORY_LABELS, code)


@register.filter
def readiness_label(code: str) -> str:
    return _words(READINESS, code)


@register.filter
def bench_label(code: str) -> str:
    return _words(BENCH, code)


@register.filter
def bench_hint(code: str) -> str:
    return _words(BENCH_HINT, code)


@register.filter
def job_status_label(code: str) -> str:
    return _words(JOB_STATUS, code)


@register.filter
def session_status_label(code: str) -> str:
    return _words(SESSION_STATUS, code)


@register.filter
def pool_level_label(code: str) -> str:
    return _words(POOL_LEVEL, code)


@register.filter
def box_action(canonical_box) -> str:
    """The recommended actions of a box (DOMAIN §2), by its canonical number."""
    try:
        return gettext(rules.ACTIONS[int(canonical_box)])
    except (KeyError, TypeError, ValueError):
        return "—"


@register.filter
def words(text: str) -> str:
    """A rule set's Indonesian text (e.g. the actions of a card) in the active language, where the catalog has it."""
    return gettext(text) if text else "—"


@register.filter
def shown(canonical_box, numbering) -> str:
    """The number the screen shows for a canonical box (``numbering``: the rule set's ``nomor``)."""
    try:
        return str(rules.display_number(int(canonical_box), {"nomor": numbering}))
    except (TypeError, ValueError):
        return "—"


@register.filter
def signed(value) -> str:
    """A gap with its sign (``-1``, ``0``, ``+2``)."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return "—"
    return f"+{n}" if n > 0 else str(n)


def talent_menu_target(user) -> str:
    """Where the main menu's "Talenta" leads: the grid for a role that sees talent data (or a committee
    member), the user's own card for anyone else with a NIP, nowhere (``""``) otherwise. Cached on the user
    object (one per request); no query unless the user has neither a talent role nor a NIP (then the
    committee grants are read once)."""
    cached = user.__dict__.get("_talent_menu")
    if cached is not None:
        return cached
    from django.urls import reverse

    from abdi.talent.selectors import VIEW_ROLES, talent_scope

    access = getattr(user, "access", None)
    target = ""
    if access is not None and access.role in VIEW_ROLES and access.org_scoped:
        target = reverse("talent:home")
    elif getattr(user, "nip", ""):
        target = reverse("talent:card", args=[user.nip])
    elif getattr(user, "is_authenticated", False) and not talent_scope(user).empty:
        target = reverse("talent:home")
    user.__dict__["_talent_menu"] = target
    return target


@register.simple_tag
def talent_menu(user) -> str:
    return talent_menu_target(user)
