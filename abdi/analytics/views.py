"""Workforce dashboards, chart downloads and the agency scorecard. Every figure comes from
``analytics.selectors.dashboard_for_user`` (scope checked there); the charts' rows from ``analytics.charts``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abdi.analytics import charts as chart_defs
from abdi.analytics.scorecard import scorecard_for_user
from abdi.analytics.selectors import SCOPES, Filters, ScopeNotAllowed, dashboard_for_user
from abdi.core.htmx import render_page_or_fragment
from abdi.org.selectors import NotFound, instansi_list_for_user
from abdi.people.exports import escape_formula, write_table
from abdi.reference import codes

FILTER_OPTIONS = {
    "jenis_pegawai": codes.JENIS_PEGAWAI,
    "jenis_jabatan": codes.JENIS_JABATAN,
    "pendidikan": codes.PENDIDIKAN_CODES,
    "golongan": codes.GOLONGAN_PNS_CODES + codes.GOLONGAN_PPPK_CODES,
}
FILTER_LABELS = {"jenis_pegawai": gettext_lazy("Jenis pegawai"), "jenis_jabatan": gettext_lazy("Jenis jabatan"),
                 "pendidikan": gettext_lazy("Pendidikan"), "golongan": gettext_lazy("Golongan")}
CODE_CHIPS = ("jenis_jabatan",)  # chips whose value is a code shown as words
PICKER_LIMIT = 20  # agencies listed per search (about 640 nationally: the user narrows the name)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _param(request, name: str, max_length: int = 40) -> str:
    return (request.GET.get(name) or "").replace("\x00", "").strip()[:max_length]


def filters_from(request) -> Filters:
    """The filters asked for; a value that is not a known code is ignored (it could only select nothing)."""
    values = {name: _param(request, name) for name in FILTER_OPTIONS}
    return Filters(**{k: v if v in FILTER_OPTIONS[k] else "" for k, v in values.items()})


def scope_from(request) -> tuple[str | None, str]:
    """``cakupan`` and ``id``; the national form's ``wilayah`` (``nasional`` or ``provinsi:<kode>``) wins."""
    wilayah = _param(request, "wilayah", 20)
    if wilayah:
        kind, _sep, scope_id = wilayah.partition(":")
        return (kind if kind in ("nasional", "provinsi") else None), scope_id
    kind = _param(request, "cakupan", 10)
    return (kind if kind in SCOPES else None) if kind else None, _param(request, "id")


def scope_query(data: dict, filters: Filters | None = None) -> dict[str, str]:
    """The query that asks for the same scope and filters (downloads, chips, the API)."""
    cakupan = data["cakupan"]
    query = {"cakupan": cakupan["jenis"]}
    if cakupan["id"]:
        query["id"] = cakupan["id"]
    return query | (filters.as_dict() if filters is not None else data["saringan"])


def _no_scope(request, message: str):
    return render(request, "analytics/no_scope.html", {"message": message}, status=403)


def _dashboard_data(request, kind, scope_id):
    filters = filters_from(request)
    if (_param(request, "cakupan", 10) or _param(request, "wilayah", 20)) and kind is None:
        raise Http404(_("Cakupan tidak dikenal"))
    try:
        return dashboard_for_user(request.user, kind=kind, scope_id=scope_id, filters=filters), filters
    except NotFound:
        raise Http404(_("Cakupan tidak ditemukan")) from None


def _chips(data: dict, filters: Filters, base: str) -> list[dict]:
    active = filters.as_dict()
    scope = scope_query(data, Filters())
    return [{"label": FILTER_LABELS[name], "value": value, "code": name in CODE_CHIPS,
             "url": base + "?" + urlencode(scope | {k: v for k, v in active.items() if k != name})}
            for name, value in active.items()]


def _render_dashboard(request, kind: str | None, scope_id: str):
    try:
        data, filters = _dashboard_data(request, kind, scope_id)
    except ScopeNotAllowed as exc:
        return _no_scope(request, str(exc))
    base = reverse("analytics:dashboard")
    query = urlencode(scope_query(data, filters))
    charts = chart_defs.charts_for(data)
    for chart in charts:
        url = reverse("analytics:export", args=[chart["slug"], "csv"])
        chart["csv_url"] = f"{url}?{query}"
        chart["xlsx_url"] = reverse("analytics:export", args=[chart["slug"], "xlsx"]) + f"?{query}"
        chart["cells"] = [[chart_defs.cell_text(v) for v in row] for row in chart["rows"]]
    scope = data["cakupan"]
    context = {
        "data": data, "scope": scope, "filters": filters, "charts": charts,
        "chart_json": {c["slug"]: {k: c[k] for k in ("kind", "keys", "header", "rows", "title")} for c in charts},
        "chips": _chips(data, filters, base),
        "clear_url": base + "?" + urlencode(scope_query(data, Filters())),
        "options": FILTER_OPTIONS,
        "national": request.user.access.national,
        "provinces": sorted((r["provinsi"], r["nama"]) for r in data["ketimpangan_provinsi"]),
        "api_url": "/api/v1/analytics/dashboard?" + query,
        "scorecard_url": reverse("analytics:scorecard", args=[scope["id"]]) if scope["jenis"] == "instansi" else "",
        "women_share": data["kepemimpinan_perempuan"]["porsi_perempuan_semua"],
        "per100": data["per_100_penduduk"].get("NASIONAL"),
    }
    return render(request, "analytics/dashboard.html", context)


@login_required
def dashboard(request):
    """``/analitik/``: the user's own scope, or ``?cakupan=nasional|instansi|provinsi|unor&id=...``."""
    kind, scope_id = scope_from(request)
    return _render_dashboard(request, kind, scope_id)


@login_required
def instansi_dashboard(request, instansi_id: str):
    return _render_dashboard(request, "instansi", instansi_id)


@login_required
def instansi_search(request):
    """The national roles' agency picker: agencies whose name matches ``q`` (scoped by
    ``org.selectors.instansi_list_for_user``), each linked to its dashboard and scorecard. An HTMX request gets
    the list only; without JavaScript the form opens this as a page."""
    if not request.user.access.national:
        return _no_scope(request, _("Pencarian instansi di dasbor analitik hanya untuk peran nasional."))
    q = _param(request, "q", 100)
    rows = instansi_list_for_user(request.user, q=q) if q else []
    items = [{"id": r.instansi_id, "nama": r.nama, "jenis": r.jenis, "provinsi": r.provinsi_nama,
              "dashboard_url": reverse("analytics:instansi", args=[r.instansi_id]),
              "scorecard_url": reverse("analytics:scorecard", args=[r.instansi_id])} for r in rows[:PICKER_LIMIT]]
    context = {"q": q, "items": items, "more": max(len(rows) - PICKER_LIMIT, 0)}
    return render_page_or_fragment(request, "analytics/instansi_search.html", "analytics/_instansi_results.html",
                                   context)


@login_required
def chart_export(request, chart: str, fmt: str):
    """Exactly the numbers of one chart, for the same scope and filters, as CSV or XLSX."""
    definition = chart_defs.BY_SLUG.get(chart)
    if definition is None:
        raise Http404(_("Grafik tidak dikenal"))
    kind, scope_id = scope_from(request)
    try:
        data, _filters = _dashboard_data(request, kind, scope_id)
    except ScopeNotAllowed as exc:
        return _no_scope(request, str(exc))
    if not definition.available(data):
        raise Http404(_("Grafik ini tidak tersedia untuk cakupan ini"))
    header, rows = chart_defs.table(definition, data)
    safe = ([escape_formula(v) if isinstance(v, str) else v for v in row] for row in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"grafik.{fmt}"
        write_table(path, [escape_formula(h) for h in header], safe, fmt=fmt)
        body = path.read_bytes()
    scope = data["cakupan"]
    name = "-".join(p for p in (chart, scope["jenis"], scope["id"]) if p)
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
    response = HttpResponse(body, content_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def scorecard(request, instansi_id: str):
    try:
        card = scorecard_for_user(request.user, instansi_id)
    except ScopeNotAllowed as exc:
        return _no_scope(request, str(exc))
    except NotFound:
        raise Http404(_("Instansi tidak ditemukan")) from None
    trend = next((i for i in card["indikator"] if i["kode"] == "jumlah_asn_tren"), None)
    chart_json = {}
    if trend and trend["seri"]:
        chart_json["tren-jumlah-asn"] = {"kind": "garis", "keys": ["tahun", "jumlah"],
                                         "header": [_("Tahun"), _("Jumlah ASN aktif")], "title": trend["label"],
                                         "rows": [[s["label"], s["nilai"]] for s in trend["seri"]]}
    return render(request, "analytics/scorecard.html", {
        "card": card, "chart_json": chart_json, "trend": trend,
        "dashboard_url": reverse("analytics:instansi", args=[card["instansi"]["id"]])})
