"""Helpers shared by the needs and plan screens: refusals as HTTP or as a message, query parsing, labels,
and the page frame with the planning sub-navigation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.core.errors import Refused
from abdi.core.forms import refusal  # noqa: F401 (re-exported for the planning screens)

PER_PAGE = 50


def guard(fn, *args, **kwargs):
    """A selector's refusal as HTTP: 403 for a role that never sees planning, 404 outside the scope (and
    for anything else a read refuses: a page address that names nothing)."""
    try:
        return fn(*args, **kwargs)
    except Refused as err:
        if err.status == 403:
            raise PermissionDenied(err.message) from None
        raise Http404(err.message) from None


def to_int(value, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def code(value) -> str:
    value = (value or "").strip()
    return value if len(value) <= 40 and "\x00" not in value and "/" not in value else ""


def year(request) -> int:
    """``?tahun=`` within 2000 … 2100, else next year (the usual plan year)."""
    value = to_int(request.GET.get("tahun"))
    return value if value is not None and 2000 <= value <= 2100 else timezone.localdate().year + 1


def url(name: str, *args, **query) -> str:
    query = {k: v for k, v in query.items() if v not in ("", None)}
    target = reverse(f"planning:{name}", args=args)
    return target + ("?" + urlencode(query) if query else "")


def _penyetaraan_url() -> str:
    try:
        return reverse("planning:penyetaraan_home")
    except NoReverseMatch:
        return ""


def page(request, template: str, current: str, context: dict, status: int = 200):
    nav = {"current": current, "penyetaraan": _penyetaraan_url()}
    return render(request, template, {"nav": nav, **context}, status=status)


def status_labels() -> dict[str, str]:
    return {"DRAF": _("Draf"), "DITINJAU": _("Ditinjau"), "DISETUJUI": _("Disetujui"), "DITERAPKAN": _("Diterapkan")}


def job_labels() -> dict[str, str]:
    return {"BARU": _("Belum dijalankan"), "ANTRE": _("Dalam antrean"), "JALAN": _("Berjalan"),
            "SELESAI": _("Selesai"), "GAGAL": _("Gagal")}


def cakupan_labels() -> dict[str, str]:
    return {"UNOR": _("Unit organisasi"), "INSTANSI": _("Instansi"), "PROVINSI": _("Provinsi"),
            "NASIONAL": _("Nasional")}


def rollup_labels() -> dict[str, str]:
    return {"instansi": _("Instansi"), "provinsi": _("Provinsi"), "jabatan": _("Jabatan"),
            "rumpun": _("Rumpun jabatan"), "pasangan": _("Unit × jabatan")}


def sumber_labels() -> dict[str, str]:
    return {"ISIAN": _("Diisi"), "IMPOR": _("Impor berkas"), "ABK": _("Analisis beban kerja")}
