"""Screens of redistribution scenarios and plans: the list with the create form and the pick for comparison,
a scenario's page (parameters, the run's progress polled by HTMX, the figures, the deficit left by
province, the moves by NIP, the workflow buttons, the approvals), the comparison, and the decision list
(SK mutasi) as XLSX and PDF. Reads go through ``planning.selectors``, writes through
``planning.services``."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.audit import audit_read
from abdi.core.forms import form_step, message_invalid
from abdi.core.htmx import is_htmx_partial
from abdi.org.selectors import instansi_list_for_user, org_names
from abdi.people.masking import employee_ref, nip_as_seen_by, nip_from_key
from abdi.planning import decision, services
from abdi.planning import selectors as sel
from abdi.planning.models import Skenario
from abdi.planning.plans_forms import (
    CAKUPAN,
    KELUARGA,
    YES_NO,
    ApplyForm,
    ApproveForm,
    ScenarioForm,
    VersionForm,
)
from abdi.planning.views.plans_common import (
    PER_PAGE,
    cakupan_labels,
    code,
    guard,
    job_labels,
    page,
    refusal,
    status_labels,
    to_int,
    url,
)

LIST_PAGE = 20
RUNNING = (Skenario.Job.ANTRE, Skenario.Job.JALAN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ref(nip: str) -> str:
    try:
        return employee_ref(nip)
    except ValueError:  # not an 18-digit NIP (never in loaded data): the NIP itself is its key
        return nip


def figure_labels() -> dict[str, str]:
    return {"kursi": _("Kursi kosong"), "kursi_terisi": _("Kursi terisi"), "bobot_terisi": _("Bobot terisi"),
            "mutasi": _("Mutasi"), "total_km": _("Total jarak (km)"), "median_km": _("Median jarak (km)"),
            "total_biaya": _("Total biaya"), "lintas_instansi": _("Mutasi lintas instansi"),
            "lintas_provinsi": _("Mutasi lintas provinsi")}


def _parameter_rows(parameter: dict) -> list[tuple[str, object]]:
    labels = {"kursi_terdekat": _("Kursi terdekat per kelompok (K)"), "biaya_per_km": _("Biaya per km"),
              "penalti_lintas_instansi": _("Penalti lintas instansi"),
              "penalti_lintas_provinsi": _("Penalti lintas provinsi"),
              "penalti_lintas_jabatan": _("Penalti lintas jabatan"), "keluarga": _("Keluarga jabatan"),
              "min_tahun_di_jabatan": _("Minimal tahun di jabatan"),
              "min_tahun_sebelum_pensiun": _("Minimal tahun sebelum pensiun"),
              "cek_golongan": _("Periksa golongan"), "cek_hukdis": _("Periksa hukuman disiplin"),
              "jenis_jabatan": _("Jenis jabatan yang dapat dipindah"), "jenis_pegawai": _("Jenis pegawai")}
    yes_no = {True: _("Ya"), False: _("Tidak")}
    out = []
    for key, label in labels.items():
        if key in parameter:
            value = parameter[key]
            value = yes_no[value] if isinstance(value, bool) else ", ".join(value) if isinstance(value, list) else value
            out.append((label, value))
    return out


# --- the list and the create form -------------------------------------------------------------------------------
@login_required
def scenarios(request):
    qs = guard(sel.scenarios_for_user, request.user).order_by("-id")
    before = to_int(request.GET.get("sebelum"))
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.only("id", "nama", "cakupan", "cakupan_id", "tahun", "status", "job", "persen", "ringkasan",
                        "dibuat_oleh", "dibuat_pada", "nomor_sk")[:LIST_PAGE + 1])
    more = len(rows) > LIST_PAGE
    rows = rows[:LIST_PAGE]
    access = request.user.access
    planner = sel.plans_scenarios(request.user)
    context = {
        "rows": [{"s": s, "status": status_labels()[s.status], "job": job_labels()[s.job],
                  "cakupan": cakupan_labels()[s.cakupan]} for s in rows],
        "next": rows[-1].pk if more else None, "first_page": not before, "planner": planner,
        "national": access.national, "tahun": timezone.localdate().year + 1,
        "cakupan_choices": [(k, v) for k, v in CAKUPAN if access.national or k in ("UNOR", "INSTANSI")],
        "keluarga_choices": KELUARGA, "yes_no": YES_NO,
        "agencies": [(r.instansi_id, r.nama) for r in instansi_list_for_user(request.user)] if planner else [],
        "provinces": sorted((k, v["nama"]) for k, v in sel.province_points().items()) if planner and access.national
        else [],
    }
    return page(request, "planning/scenarios.html", "scenarios", context)


@login_required
@require_POST
def scenario_create_view(request):
    back = url("scenarios")
    form = ScenarioForm(request.POST)
    if not form.is_valid():
        message_invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    try:
        sk = services.scenario_create(actor=request.user, nama=data["nama"], cakupan=data["cakupan"],
                                      cakupan_id=data["cakupan_id"], tahun=data["tahun"], parameter=form.parameter())
    except services.PlanningError as err:
        refusal(request, err)
        return redirect(back)
    messages.success(request, _("Skenario dibuat. Jalankan untuk menghitung rencana."))
    return redirect(url("scenario", sk.pk))


# --- one scenario -------------------------------------------------------------------------------------------------
def _provinces_left(left: dict) -> list[dict]:
    points = sel.province_points(left)
    rows = [{"kode": k, "nama": points.get(k, {}).get("nama", k), "lat": points.get(k, {}).get("lat"),
             "lon": points.get(k, {}).get("lon"), "sisa": int(n)} for k, n in left.items()]
    return sorted(rows, key=lambda r: (-r["sisa"], r["kode"]))


def _moves(request, sk: Skenario) -> dict:
    after = nip_from_key(request.GET.get("setelah") or "") or ""
    instansi_id = code(request.GET.get("instansi"))
    moves, nxt = sel.moves_of(sk, after=after, limit=PER_PAGE, instansi_id=instansi_id,
                              instansi_ids=sel.agencies_seen_by(request.user))
    names = sel.move_names(moves)
    rows = [{"m": m, "nip": nip_as_seen_by(request.user, m.nip),
             "ref": m.nip if nip_as_seen_by(request.user, m.nip) == m.nip else _ref(m.nip),
             "nama": names["pegawai"].get(m.nip, ""),
             "asal": (names["jabatan"].get(m.jabatan_asal, m.jabatan_asal), names["unor"].get(m.unor_asal, m.unor_asal),
                      names["instansi"].get(m.instansi_asal, m.instansi_asal)),
             "tujuan": (names["jabatan"].get(m.jabatan_tujuan, m.jabatan_tujuan),
                        names["unor"].get(m.unor_tujuan, m.unor_tujuan),
                        names["instansi"].get(m.instansi_tujuan, m.instansi_tujuan))} for m in moves]
    return {"moves": rows, "next": _ref(nxt) if nxt else "", "moves_instansi": instansi_id,
            "moves_from_start": not after}


@login_required
def scenario(request, skenario_id: int):
    sk = guard(sel.scenario_for_user, request.user, skenario_id)
    done = sk.job == Skenario.Job.SELESAI
    involved = services.agencies_of(sk) if done else set()
    approvals = sel.approvals_of(sk)
    approved = {a.instansi_id for a in approvals}
    names = org_names(instansi_ids=involved | approved | ({sk.instansi_id} if sk.instansi_id else set()))["instansi"]
    r = sk.ringkasan or {}
    left = _provinces_left(r.get("sisa_kekurangan_provinsi", {}))
    context = {
        "sk": sk, "status": status_labels()[sk.status], "job_label": job_labels()[sk.job],
        "cakupan": cakupan_labels()[sk.cakupan], "running": sk.job in RUNNING, "done": done,
        "parameters": _parameter_rows(sk.parameter), "figures": [(label, r.get(k)) for k, label in
                                                                figure_labels().items() if k in r],
        "left": left, "map": [p for p in left if p["lat"] is not None and p["lon"] is not None],
        "actions": sel.plan_actions(request.user, sk, involved, approved),
        "involved": [(i, names.get(i, i), i in approved) for i in sorted(involved)], "names": names,
        "approvals": [(a, names.get(a.instansi_id, a.instansi_id)) for a in approvals],
        "today": timezone.localdate(),
    }
    if done:
        context |= _moves(request, sk)
    return page(request, "planning/scenario.html", "scenarios", context)


@login_required
def scenario_job(request, skenario_id: int):
    """A run's progress: an HTMX fragment polling every 2 s while queued or running; once the run has ended, the
    page reloads to show the plan. Without HTMX, the scenario's page."""
    sk = guard(sel.scenario_for_user, request.user, skenario_id)
    if not is_htmx_partial(request):
        return redirect(url("scenario", sk.pk))
    response = render(request, "planning/_job.html", {"sk": sk, "job_label": job_labels()[sk.job],
                                                      "running": sk.job in RUNNING})
    if sk.job not in RUNNING:
        response["HX-Refresh"] = "true"
    patch_vary_headers(response, ("HX-Request",))
    return response


def _step(request, skenario_id: int, form_class, do, done: str):
    sk = guard(sel.scenario_for_user, request.user, skenario_id)
    return form_step(request, url("scenario", sk.pk), form_class, lambda d: do(sk, d), done)


@login_required
@require_POST
def run_view(request, skenario_id: int):
    return _step(request, skenario_id, VersionForm, lambda sk, d: services.scenario_run_request(
        actor=request.user, skenario=sk), _("Skenario dimasukkan ke antrean perhitungan."))


@login_required
@require_POST
def review_view(request, skenario_id: int):
    return _step(request, skenario_id, VersionForm, lambda sk, d: services.plan_review(
        actor=request.user, skenario=sk, versi=d["versi"]), _("Rencana ditinjau; menunggu persetujuan instansi."))


@login_required
@require_POST
def approve_view(request, skenario_id: int):
    return _step(request, skenario_id, ApproveForm, lambda sk, d: services.plan_approve(
        actor=request.user, skenario=sk, instansi_id=d["instansi_id"], catatan=d["catatan"], versi=d["versi"]),
        _("Persetujuan instansi dicatat."))


@login_required
@require_POST
def apply_view(request, skenario_id: int):
    return _step(request, skenario_id, ApplyForm, lambda sk, d: services.plan_apply(
        actor=request.user, skenario=sk, nomor_sk=d["nomor_sk"], tanggal=d["tanggal"], versi=d["versi"]),
        _("Rencana diterapkan: unit dan jabatan pegawai telah diperbarui."))


# --- comparison ----------------------------------------------------------------------------------------------------
def _ids(request) -> list[int]:
    out: list[int] = []
    for value in request.GET.getlist("ids"):
        for part in value.split(","):
            n = to_int(part)
            if n is None or n <= 0:
                raise Http404(_("Skenario tidak ditemukan"))
            if n not in out:
                out.append(n)
    return sorted(out)  # oldest first, whatever order the boxes were ticked or typed in


@login_required
def compare(request):
    guard(sel.scenarios_for_user, request.user)  # 403 before anything for a role without planning
    ids = _ids(request)
    if not 1 <= len(ids) <= 4:
        messages.error(request, _("Pilih 2–4 skenario untuk dibandingkan."))
        return redirect(url("scenarios"))
    c = guard(sel.compare, request.user, ids)
    labels = figure_labels()
    points = sel.province_points([p for p, _v in c.provinces])
    provinces = [{"kode": p, "nama": points.get(p, {}).get("nama", p), "nilai": v} for p, v in c.provinces]
    chart = {"skenario": [s.nama for s in c.scenarios], "provinsi": [p["nama"] for p in provinces],
             "nilai": [[p["nilai"][i] for p in provinces] for i in range(len(c.scenarios))]}
    context = {"c": c, "figures": [(labels[k], v) for k, v in c.figures], "provinces": provinces, "chart": chart,
               "statuses": [status_labels()[s.status] for s in c.scenarios]}
    return page(request, "planning/compare.html", "scenarios", context)


# --- the decision list (SK mutasi) -----------------------------------------------------------------------------
@login_required
def decision_download(request, skenario_id: int, fmt: str):
    sk = guard(sel.scenario_for_user, request.user, skenario_id)
    if sk.job != Skenario.Job.SELESAI:
        raise Http404(_("Rencana belum dihitung"))
    # the list names civil servants with their NIPs: a read of personal records, one event per download
    audit_read(actor=request.user, object_type="skenario", object_id=sk.pk, action="planning.sk_mutasi",
               instansi_id=sk.instansi_id)
    head = decision.head_of(sk)
    rows = decision.rows_of(sk.pk, lambda nip: nip_as_seen_by(request.user, nip), sel.agencies_seen_by(request.user))
    name = f"sk-mutasi-{sk.pk}.{fmt}"
    if fmt == "xlsx":
        out = tempfile.TemporaryFile()
        decision.write_xlsx(out, head, rows)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
    response = HttpResponse(decision.write_pdf(head, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


_SK = "skenario/<int:skenario_id>/"
urlpatterns: list = [
    path("skenario/", scenarios, name="scenarios"),
    path("skenario/baru/", scenario_create_view, name="scenario_create"),
    path("skenario/bandingkan/", compare, name="compare"),
    path(_SK, scenario, name="scenario"),
    path(_SK + "status/", scenario_job, name="scenario_job"),
    path(_SK + "jalankan/", run_view, name="scenario_run"),
    path(_SK + "tinjau/", review_view, name="scenario_review"),
    path(_SK + "setujui/", approve_view, name="scenario_approve"),
    path(_SK + "terapkan/", apply_view, name="scenario_apply"),
    path(_SK + "sk.xlsx", decision_download, {"fmt": "xlsx"}, name="decision_xlsx"),
    path(_SK + "sk.pdf", decision_download, {"fmt": "pdf"}, name="decision_pdf"),
]
