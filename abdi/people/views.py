"""Pages about civil servants. Every read goes through ``abdi.people.selectors`` (scope applied there)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from abdi.org.selectors import instansi_list_for_user, unor_get_for_user, unor_options_for_user
from abdi.people.selectors import (
    MAX_LIMIT,
    InvalidCursor,
    NotFound,
    employee_get_for_user,
    employee_history_for_user,
    employee_list_for_user,
    staff_counts_by_unor_for_user,
)
from abdi.reference import codes

PAGE_SIZE = 50
FILTERS = ("instansi", "unor", "jenis_jabatan", "golongan", "kedudukan")


def _param(request, name: str, max_length: int = 200) -> str:
    # NUL never belongs in a filter, and PostgreSQL refuses it in text: drop it rather than fail.
    return (request.GET.get(name) or "").replace("\x00", "").strip()[:max_length]


def _is_htmx_partial(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def _unor_choices(request, params: dict[str, str], instansi_options) -> list[tuple[str, str]]:
    """Choices of the unit filter: the top two levels of the chosen (or only) agency, plus the chosen unit.
    Drops a chosen unit that belongs to another agency than the chosen one (the agency was just changed)."""
    chosen = None
    if params["unor"]:
        try:
            chosen = unor_get_for_user(request.user, params["unor"])
        except NotFound:
            chosen = None
        if chosen is not None and params["instansi"] and chosen.instansi_id != params["instansi"]:
            params["unor"], chosen = "", None
    instansi_id = params["instansi"] or (instansi_options[0].instansi_id if len(instansi_options) == 1 else "")
    if not instansi_id and chosen is not None:
        instansi_id = chosen.instansi_id
    if not instansi_id:
        return []
    options = [(u, "\u2014 " * level + nama) for u, nama, level in
               unor_options_for_user(request.user, instansi_id=instansi_id)]
    if chosen is not None and all(u != chosen.unor_id for u, _ in options):
        options.insert(0, (chosen.unor_id, chosen.nama))
    return options


@login_required
def employee_list(request):
    params = {name: _param(request, name, 60) for name in FILTERS}
    q = _param(request, "q", 200)
    cursor = _param(request, "cursor", 1000) or None
    instansi_options = instansi_list_for_user(request.user)
    unor_options = _unor_choices(request, params, instansi_options)
    try:
        page = employee_list_for_user(
            request.user, q=q, instansi_id=params["instansi"] or None, unor_id=params["unor"] or None,
            jenis_jabatan=params["jenis_jabatan"] or None, golongan=params["golongan"] or None,
            kedudukan=params["kedudukan"] or None, after_cursor=cursor, limit=PAGE_SIZE)
    except InvalidCursor:
        return HttpResponseBadRequest("Parameter 'cursor' tidak valid: mulai lagi dari halaman pertama.")
    context = {
        "page": page,
        "q": q,
        "f": params,
        "cursor": cursor,
        "filtered": bool(q or any(params.values())),
        "instansi_options": instansi_options,
        "unor_options": unor_options,
        "show_instansi": len(instansi_options) != 1,
        "jenis_jabatan_options": codes.JENIS_JABATAN,
        "golongan_options": codes.GOLONGAN_PNS_CODES + codes.GOLONGAN_PPPK_CODES,
        "kedudukan_options": codes.KEDUDUKAN,
    }
    template = "people/_list_partial.html" if _is_htmx_partial(request) else "people/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def employee_detail(request, key: str):
    try:
        person = employee_get_for_user(request.user, key)
        history = employee_history_for_user(request.user, key)
    except NotFound:
        raise Http404("Pegawai tidak ditemukan") from None
    return render(request, "people/detail.html", {"p": person, "history": history})


@login_required
def unor_staff_counts(request):
    """Out-of-band fragments with the staff count of each unit asked for (the org tree loads them lazily)."""
    ids = [u[:40] for u in request.GET.getlist("unor")[:MAX_LIMIT] if u and "\x00" not in u]
    counts = staff_counts_by_unor_for_user(request.user, ids)
    return render(request, "people/_unor_counts.html", {"counts": sorted(counts.items())})
