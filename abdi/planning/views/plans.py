"""Screens of needs planning: the gap analysis of the user's scope (table, deficit and surplus chart, a bubble
map by province), the needs of one unit with the entry form, and a position's workload analysis (ABK).
Reads go through ``planning.needs`` and ``planning.selectors``, writes through ``planning.needs``; a
refusal is a 403 or a 404 as such, else its message on the page the user came from. The scenario and plan
screens are in :mod:`.scenarios`; both are registered in ``urlpatterns`` here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.forms import form_step, message_invalid
from abdi.org.selectors import instansi_list_for_user
from abdi.planning import needs
from abdi.planning import selectors as sel
from abdi.planning.plans_forms import AbkApplyForm, NeedForm, TaskForm
from abdi.planning.views import scenarios
from abdi.planning.views.plans_common import (
    code,
    guard,
    page,
    refusal,
    rollup_labels,
    sumber_labels,
    url,
    year,
)

GAP_LIMIT = 500
CHART_TOP = 10


def _split(text: str, sep: str) -> tuple[str, str]:
    a, _sep, b = text.partition(sep)
    return a, b


def _chart(rows: list[needs.GapRow]) -> dict:
    """The largest deficits and the largest surpluses of the rows (for the bar chart)."""
    short = [r for r in rows if r.kekurangan][:CHART_TOP]
    over = sorted((r for r in rows if r.surplus), key=lambda r: (-r.surplus, r.key))[:CHART_TOP]
    return {"kurang": [{"nama": r.label, "nilai": r.kekurangan} for r in short],
            "lebih": [{"nama": r.label, "nilai": r.surplus} for r in over]}


def _map(provinces: list[needs.GapRow]) -> list[dict]:
    points = sel.province_points([r.key for r in provinces])
    out = []
    for r in provinces:
        p = points.get(r.key)
        if p and p["lat"] is not None and p["lon"] is not None:
            out.append({"kode": r.key, "nama": p["nama"], "lat": p["lat"], "lon": p["lon"], "kurang": r.kekurangan,
                        "lebih": r.surplus, "selisih": r.selisih})
    return out


# --- the gap analysis ---------------------------------------------------------------------------------------
@login_required
def home(request):
    unit = code(request.GET.get("unit"))
    if unit:
        return redirect(url("unit_needs", unit, tahun=request.GET.get("tahun")))
    tahun = year(request)
    by = request.GET.get("by") if request.GET.get("by") in rollup_labels() else "instansi"
    instansi_id = code(request.GET.get("instansi"))
    rows = guard(needs.gaps_for_user, request.user, tahun=tahun, by=by, instansi_id=instansi_id, limit=GAP_LIMIT)
    has_needs = sel.needs_exist_for_user(request.user, instansi_id)
    context = {"tahun": tahun, "by": by, "instansi": instansi_id, "rollups": list(rollup_labels().items()),
               "by_label": rollup_labels()[by], "has_needs": has_needs, "limit": GAP_LIMIT,
               "agencies": [(r.instansi_id, r.nama) for r in instansi_list_for_user(request.user)],
               "writer": sel.writes_needs(request.user)}
    if has_needs:
        provinces = rows if by == "provinsi" else guard(needs.gaps_for_user, request.user, tahun=tahun,
                                                       by="provinsi", instansi_id=instansi_id, limit=100)
        table = []
        for r in rows:
            unor_id, jabatan_id = _split(r.key, " × ") if by == "pasangan" else ("", "")
            table.append({"r": r, "unor_id": unor_id, "jabatan_id": jabatan_id})
        context |= {"rows": table, "total": needs.totals(rows), "truncated": len(rows) >= GAP_LIMIT,
                    "charts": {"kesenjangan": _chart(rows), "peta": _map(provinces)}}
    return page(request, "planning/home.html", "home", context)


# --- the needs of one unit ------------------------------------------------------------------------------------
@login_required
def unit_needs(request, unor_id: str):
    unit = guard(sel.unit_for_user, request.user, unor_id)
    tahun = year(request)
    rows = guard(needs.gaps_for_user, request.user, tahun=tahun, by="pasangan", unor_id=unor_id, limit=1000)
    own = sel.unit_needs_of(unor_id)
    labels = sumber_labels()
    table = []
    for r in rows:
        u, j = _split(r.key, " × ")
        unit_name, jabatan_name = _split(r.label, " — ")
        entered = own.get(j) if u == unor_id else None
        table.append({"r": r, "unor_id": u, "jabatan_id": j, "unit": unit_name, "jabatan": jabatan_name,
                      "sendiri": u == unor_id, "prioritas": entered["prioritas"] if entered else "",
                      "sumber": labels.get(entered["sumber"], "") if entered else ""})
    table.sort(key=lambda x: (not x["sendiri"], x["unit"], x["jabatan"]))
    context = {"unit": unit, "tahun": tahun, "rows": table, "total": needs.totals(rows),
               "writer": sel.writes_needs(request.user), "positions": sorted({(x["jabatan_id"], x["jabatan"])
                                                                            for x in table})}
    return page(request, "planning/unit.html", "home", context)


@login_required
@require_POST
def need_set_view(request, unor_id: str):
    back = url("unit_needs", unor_id, tahun=code(request.POST.get("tahun")))
    form = NeedForm(request.POST)
    if not form.is_valid():
        message_invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    try:
        needs.need_set(actor=request.user, unor_id=unor_id, jabatan_id=data["jabatan_id"],
                       kebutuhan=data["kebutuhan"], prioritas=data["prioritas"] or 1)
    except needs.NeedsError as err:
        refusal(request, err)
        return redirect(back)
    messages.success(request, _("Kebutuhan %(jabatan)s disimpan: %(n)d orang.") % {
        "jabatan": data["jabatan_id"], "n": data["kebutuhan"]})
    return redirect(back)


# --- the workload analysis (ABK) of one position in one unit -------------------------------------------------------
@login_required
def abk(request, unor_id: str, jabatan_id: str):
    a = guard(needs.abk_for_user, request.user, unor_id, jabatan_id)
    context = {"a": a, "tugas": [{"t": t, "jam": t.volume * t.norma_jam} for t in a["tugas"]],
               "writer": sel.writes_needs(request.user),
               "pembulatan": _("ke atas") if a["pembulatan"] == "ATAS" else _("biasa (setengah ke atas)")}
    return page(request, "planning/abk.html", "home", context)


def _abk_step(request, unor_id: str, jabatan_id: str, form_class, do, done: str):
    return form_step(request, url("abk", unor_id, jabatan_id), form_class, do, done)


@login_required
@require_POST
def abk_task_add_view(request, unor_id: str, jabatan_id: str):
    return _abk_step(request, unor_id, jabatan_id, TaskForm, lambda d: needs.abk_task_add(
        actor=request.user, unor_id=unor_id, jabatan_id=jabatan_id, uraian=d["uraian"], satuan=d["satuan"],
        volume=d["volume"], norma_jam=d["norma_jam"]), _("Tugas ditambahkan."))


@login_required
@require_POST
def abk_task_remove_view(request, unor_id: str, jabatan_id: str, tugas_id: int):
    return _abk_step(request, unor_id, jabatan_id, AbkApplyForm, lambda d: needs.abk_task_remove(
        actor=request.user, tugas_id=tugas_id), _("Tugas dihapus."))


@login_required
@require_POST
def abk_apply_view(request, unor_id: str, jabatan_id: str):
    def do(d):
        row = needs.abk_apply(actor=request.user, unor_id=unor_id, jabatan_id=jabatan_id, prioritas=d["prioritas"])
        messages.success(request, _("Kebutuhan ditetapkan dari analisis beban kerja: %(n)d orang.") % {
            "n": row.kebutuhan})

    back = url("abk", unor_id, jabatan_id)
    form = AbkApplyForm(request.POST)
    if not form.is_valid():
        message_invalid(request, form)
        return redirect(back)
    try:
        do(form.cleaned_data)
    except needs.NeedsError as err:
        refusal(request, err)
    return redirect(back)


_UNIT = "unit/<str:unor_id>/"
_ABK = _UNIT + "abk/<str:jabatan_id>/"
urlpatterns: list = [
    path("", home, name="home"),
    path(_UNIT, unit_needs, name="unit_needs"),
    path(_UNIT + "kebutuhan/", need_set_view, name="need_set"),
    path(_ABK, abk, name="abk"),
    path(_ABK + "tugas/", abk_task_add_view, name="abk_task_add"),
    path(_ABK + "tugas/<int:tugas_id>/hapus/", abk_task_remove_view, name="abk_task_remove"),
    path(_ABK + "terapkan/", abk_apply_view, name="abk_apply"),
    *scenarios.urlpatterns,
]
