"""Pages about civil servants. Every read goes through ``abdi.people.selectors`` (scope applied there)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abdi.core.audit import audit_read
from abdi.core.htmx import render_page_or_fragment
from abdi.org.selectors import access_of, instansi_list_for_user, unor_get_for_user, unor_options_for_user
from abdi.people.masking import nip_from_key
from abdi.people.selectors import (
    DEFAULT_SORT,
    MAX_LIMIT,
    InvalidCursor,
    NotFound,
    employee_list_for_user,
    employee_profile_for_user,
    employee_sorts_for_user,
    staff_counts_by_unor_for_user,
)
from abdi.reference import codes

PAGE_SIZE = 50
FILTERS = ("instansi", "unor", "jenis_jabatan", "golongan", "kedudukan")
# Each active filter is shown as a chip: its label, and whether its value is a code shown as words.
CHIPS = (("q", gettext_lazy("Cari"), False), ("instansi", gettext_lazy("Instansi"), False),
         ("unor", gettext_lazy("Unit kerja"), False), ("jenis_jabatan", gettext_lazy("Jenis jabatan"), True),
         ("golongan", gettext_lazy("Golongan"), False), ("kedudukan", gettext_lazy("Kedudukan"), True))
FORM_ID = "f-filters"  # the filter form; a results request it did not send also refreshes it (chips, sorting)
ADMIN_ROLES = ("national_admin", "agency_admin")


def _param(request, name: str, max_length: int = 200) -> str:
    # NUL never belongs in a filter, and PostgreSQL refuses it in text: drop it rather than fail.
    return (request.GET.get(name) or "").replace("\x00", "").strip()[:max_length]


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


def _url(query: dict[str, str]) -> str:
    query = {k: v for k, v in query.items() if v}
    return reverse("people:list") + ("?" + urlencode(query) if query else "")


def _chips(active: dict[str, str], sort: str, labels: dict[str, str]) -> list[dict]:
    """One chip per active filter, each with the URL of the same list without that filter (sort kept)."""
    keep_sort = {"sort": sort if sort != DEFAULT_SORT else ""}
    return [{"name": name, "label": label, "value": labels.get(name, active[name]), "code": code,
             "url": _url({**{k: v for k, v in active.items() if k != name}, **keep_sort})}
            for name, label, code in CHIPS if active.get(name)]


def _sort_links(active: dict[str, str], sort: str, allowed: tuple[str, ...]) -> dict[str, str]:
    """Per sortable column, the URL that sorts by it (ascending first, then toggling), filters kept."""
    links = {}
    for column in ("nama", "nip"):
        if column not in allowed:
            continue
        target = "-" + column if sort == column else column
        links[column] = _url({**active, "sort": target if target != DEFAULT_SORT else ""})
    return links


@login_required
def employee_list(request):
    params = {name: _param(request, name, 60) for name in FILTERS}
    q = _param(request, "q", 200)
    cursor = _param(request, "cursor", 1000) or None
    sorts = employee_sorts_for_user(request.user)
    sort = _param(request, "sort", 10)
    sort = sort if sort in sorts else DEFAULT_SORT  # an order the user may not use falls back to the default
    instansi_options = instansi_list_for_user(request.user)
    unor_options = _unor_choices(request, params, instansi_options)
    try:
        page = employee_list_for_user(
            request.user, q=q, instansi_id=params["instansi"] or None, unor_id=params["unor"] or None,
            jenis_jabatan=params["jenis_jabatan"] or None, golongan=params["golongan"] or None,
            kedudukan=params["kedudukan"] or None, after_cursor=cursor, limit=PAGE_SIZE, sort=sort)
    except InvalidCursor:
        return HttpResponseBadRequest(_("Parameter 'cursor' tidak valid: mulai lagi dari halaman pertama."))
    active = {"q": q, **params}
    labels = {"instansi": {i.instansi_id: i.nama for i in instansi_options}.get(params["instansi"], ""),
              "unor": {u: label.lstrip("\u2014 ") for u, label in unor_options}.get(params["unor"], "")}
    access = access_of(request.user)
    context = {
        "page": page,
        "q": q,
        "f": params,
        "cursor": cursor,
        "sort": sort,
        "sort_links": _sort_links(active, sort, sorts),
        "chips": _chips(active, sort, {k: v for k, v in labels.items() if v}),
        "clear_url": _url({"sort": sort if sort != DEFAULT_SORT else ""}),
        "form_id": FORM_ID,
        "sync_form": request.headers.get("HX-Trigger") != FORM_ID,
        "no_scope": access is None or access.is_empty,
        "may_load": access is not None and access.role in ADMIN_ROLES,
        "filtered": bool(q or any(params.values())),
        "instansi_options": instansi_options,
        "unor_options": unor_options,
        "show_instansi": len(instansi_options) != 1,
        "jenis_jabatan_options": codes.JENIS_JABATAN,
        "golongan_options": codes.GOLONGAN_PNS_CODES + codes.GOLONGAN_PPPK_CODES,
        "kedudukan_options": codes.KEDUDUKAN,
    }
    return render_page_or_fragment(request, "people/list.html", "people/_list_partial.html", context)


@login_required
def employee_detail(request, key: str):
    try:
        person, history = employee_profile_for_user(request.user, key)
    except NotFound:
        raise Http404(_("Pegawai tidak ditemukan")) from None
    # A profile is a read of a personal record: recorded exactly as the API's (DESIGN: security model).
    audit_read(actor=request.user, object_type="pegawai", object_id=nip_from_key(key),
               instansi_id=person.instansi_id, unor_path=person.unor_path)
    return render(request, "people/detail.html", {"p": person, "history": history})


@login_required
def unor_staff_counts(request):
    """Out-of-band fragments with the staff count of each unit asked for (the org tree loads them lazily)."""
    ids = [u[:40] for u in request.GET.getlist("unor")[:MAX_LIMIT] if u and "\x00" not in u]
    counts = staff_counts_by_unor_for_user(request.user, ids)
    return render(request, "people/_unor_counts.html", {"counts": sorted(counts.items())})
