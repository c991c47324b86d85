"""Screens of penyetaraan jabatan (DOMAIN §7): the eligible holders of administrative posts by level with the
proposal form, the proposals with their history and the approve / refuse / apply steps, and the effect on an
agency's structure. Reads go through ``penyetaraan_selectors``, writes through ``penyetaraan_services``; a
refusal is a 403 or a 404 as such, else its message on the page the user came from."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.forms import form_step, message_invalid, refusal
from abdi.people.masking import employee_ref, nip_from_key
from abdi.planning import penyetaraan_selectors as sel
from abdi.planning import penyetaraan_services as svc
from abdi.planning.models import UsulanPenyetaraan
from abdi.planning.penyetaraan_forms import ApplyForm, ApproveForm, ProposeForm, RejectForm, RulesForm

PER_PAGE = 50
Status = UsulanPenyetaraan.Status


# --- helpers -----------------------------------------------------------------------------------------------
def _guard(fn, *args, **kwargs):
    """A selector's refusal as HTTP: 403 for a role that never sees this, 404 outside the scope."""
    try:
        return fn(*args, **kwargs)
    except sel.PenyetaraanError as err:
        if err.status == 403:
            raise PermissionDenied(_("Peran ini tidak melihat penyetaraan jabatan.")) from None
        raise Http404(err.message) from None


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _code(value) -> str:
    value = (value or "").strip()
    return value if len(value) <= 40 and "\x00" not in value else ""


def _page(request) -> int:
    return max(1, min(_int(request.GET.get("halaman"), 1) or 1, 100000))


def _url(name: str, *args, **query) -> str:
    query = {k: v for k, v in query.items() if v not in ("", None)}
    url = reverse(f"planning:{name}", args=args)
    return url + ("?" + urlencode(query) if query else "")


def _render(request, template: str, current: str, context: dict):
    agencies = _guard(sel.agencies_for_user, request.user)
    return render(request, template, {"current": current, "agencies": agencies, **context})


def _status_labels() -> dict[str, str]:
    return {"DIUSULKAN": _("Diusulkan"), "DISETUJUI": _("Disetujui"), "DITOLAK": _("Ditolak"),
            "DITERAPKAN": _("Diterapkan")}


def _ref(nip: str) -> str:
    try:
        return employee_ref(nip)
    except ValueError:  # not an 18-digit NIP (never in loaded data): the NIP itself is its key
        return nip


def _tingkat_tabs(rules: dict) -> list[dict]:
    labels = {"ADMINISTRATOR": _("Administrator"), "PENGAWAS": _("Pengawas"), "V": _("Eselon V")}
    jenjang = {"AHLI_MADYA": _("Ahli Madya"), "AHLI_MUDA": _("Ahli Muda"), "AHLI_PERTAMA": _("Ahli Pertama"),
               "AHLI_UTAMA": _("Ahli Utama")}
    return [{"kode": k, "label": labels[k], "tujuan": jenjang.get(v, v)} for k, v in rules["pemetaan"].items()]


# --- eligible holders and the proposal form ----------------------------------------------------------------
@login_required
def home(request):
    _guard(sel.viewer_access, request.user)
    rules = sel.rules_now()
    tabs = _tingkat_tabs(rules.data)
    tingkat = _code(request.GET.get("tingkat"))
    if tingkat not in {t["kode"] for t in tabs}:
        tingkat = tabs[0]["kode"] if tabs else ""
    instansi_id, q, page = _code(request.GET.get("instansi")), (request.GET.get("q") or "").strip()[:100], _page(request)
    # National roles pick an agency first: the whole nation's eligible holders are no page to count and read.
    need_agency = request.user.access.national and not instansi_id
    rows, total = ([], 0) if need_agency else _guard(
        sel.candidates_for_user, request.user, instansi_id=instansi_id, tingkat=tingkat, q=q, limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE)
    may_propose = sel.may_propose(request.user)
    labels = _status_labels()
    families = {r.rumpun for r in rows if r.rumpun}
    context = {
        "tabs": tabs, "tingkat": tingkat, "need_agency": need_agency, "instansi": instansi_id, "q": q, "page": page, "total": total,
        "pages": max(1, -(-total // PER_PAGE)), "rows": [{"c": r, "ref": _ref(r.nip), "status_label": labels.get(r.usulan_status, "")}
                                                   for r in rows],
        "may_propose": may_propose, "rules": rules, "may_configure": sel.may_decide(request.user),
        "excluded_text": " ".join(rules.data["jabatan_dikecualikan"]), "counts": _guard(sel.status_counts_for_user, request.user),
        "targets": sel.targets_for(tingkat, rumpun=families) if may_propose and rows else [],
        "list_url": _url("penyetaraan_home", tingkat=tingkat, instansi=instansi_id, q=q),
    }
    if request.headers.get("HX-Request"):
        return render(request, "planning/penyetaraan_calon.html", context)
    return _render(request, "planning/penyetaraan_home.html", "calon", context)


@login_required
@require_POST
def propose_view(request):
    back = _url("penyetaraan_home", tingkat=_code(request.POST.get("tingkat")),
                instansi=_code(request.POST.get("instansi")))
    form = ProposeForm(request.POST)
    if not form.is_valid():
        message_invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    nips = [nip_from_key(k) for k in data["pegawai"]]
    if any(n is None for n in nips):
        raise Http404(_("Pegawai tidak ditemukan"))
    try:
        created = svc.proposal_create(actor=request.user, nips=nips, jabatan_tujuan_id=data["jabatan_tujuan_id"],
                                      catatan=data["catatan"])
    except sel.PenyetaraanError as err:
        refusal(request, err)
        return redirect(back)
    messages.success(request, _("%(n)d usulan penyetaraan diajukan.") % {"n": len(created)})
    if len(created) == 1:
        return redirect(_url("penyetaraan_proposal", created[0].pk))
    return redirect(_url("penyetaraan_proposals", status=Status.DIUSULKAN))


@login_required
@require_POST
def rules_view(request):
    _guard(sel.viewer_access, request.user)
    back = _url("penyetaraan_home")
    form = RulesForm(request.POST)
    if not form.is_valid():
        message_invalid(request, form)
        return redirect(back)
    try:
        rules = svc.rules_update(actor=request.user, change=form.cleaned_data)
    except sel.PenyetaraanError as err:
        refusal(request, err)
        return redirect(back)
    messages.success(request, _("Aturan penyetaraan versi %(v)d berlaku mulai hari ini.") % {"v": rules.version})
    return redirect(back)


# --- proposals ------------------------------------------------------------------------------------------------
@login_required
def proposals(request):
    status = _code(request.GET.get("status"))
    status = status if status in Status.values else ""
    instansi_id, page = _code(request.GET.get("instansi")), _page(request)
    rows, total = _guard(sel.proposals_for_user, request.user, status=status, instansi_id=instansi_id,
                         limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    labels = _status_labels()
    context = {"rows": [{"u": u, "status_label": labels[u.status]} for u in rows], "total": total, "status": status, "instansi": instansi_id, "page": page,
               "pages": max(1, -(-total // PER_PAGE)), "statuses": list(labels.items()),
               "counts": _guard(sel.status_counts_for_user, request.user),
               "list_url": _url("penyetaraan_proposals", status=status, instansi=instansi_id)}
    return _render(request, "planning/penyetaraan_usulan.html", "usulan", context)


@login_required
def proposal(request, usulan_id: int):
    u = _guard(sel.proposal_get_for_user, request.user, usulan_id)
    tingkat = {"ADMINISTRATOR": _("Administrator"), "PENGAWAS": _("Pengawas"), "V": _("Eselon V")}
    context = {"u": u, "status_label": _status_labels()[u.status], "tingkat_label": tingkat.get(u.tingkat_asal, ""),
               "may_decide": sel.may_decide(request.user) and u.status == Status.DIUSULKAN,
               "may_apply": sel.may_apply(request.user, u.instansi_id) and u.status == Status.DISETUJUI}
    return _render(request, "planning/penyetaraan_detail.html", "usulan", context)


def _step(request, usulan_id: int, form_class, do, done: str):
    u = _guard(sel.proposal_get_for_user, request.user, usulan_id)
    return form_step(request, _url("penyetaraan_proposal", u.pk), form_class, lambda d: do(u, d), done)


@login_required
@require_POST
def approve_view(request, usulan_id: int):
    return _step(request, usulan_id, ApproveForm, lambda u, d: svc.proposal_approve(
        actor=request.user, usulan=u, catatan=d["catatan"], versi=d["versi"]), _("Usulan disetujui."))


@login_required
@require_POST
def reject_view(request, usulan_id: int):
    return _step(request, usulan_id, RejectForm, lambda u, d: svc.proposal_reject(
        actor=request.user, usulan=u, alasan=d["alasan"], versi=d["versi"]), _("Usulan ditolak."))


@login_required
@require_POST
def apply_view(request, usulan_id: int):
    return _step(request, usulan_id, ApplyForm, lambda u, d: svc.proposal_apply(
        actor=request.user, usulan=u, nomor_sk=d["nomor_sk"], tanggal_sk=d["tanggal_sk"], tmt=d["tmt"],
        versi=d["versi"]), _("Penyetaraan diterapkan: jabatan pegawai kini jabatan fungsional."))


# --- the effect on the structure ---------------------------------------------------------------------------------
@login_required
def effect(request):
    agencies = _guard(sel.agencies_for_user, request.user)
    instansi_id = _code(request.GET.get("instansi"))
    if not instansi_id and len(agencies) == 1:
        instansi_id = agencies[0][0]
    result = _guard(sel.effect_for_user, request.user, instansi_id) if instansi_id else None
    labels = {"ADMINISTRATOR": _("Administrator"), "PENGAWAS": _("Pengawas"), "V": _("Eselon V"),
              "STRUKTURAL_LAIN": _("Struktural lain (JPT)"), "AHLI_MADYA": _("Fungsional Ahli Madya"),
              "AHLI_MUDA": _("Fungsional Ahli Muda"), "AHLI_PERTAMA": _("Fungsional Ahli Pertama"),
              "FUNGSIONAL_LAIN": _("Fungsional lain"), "PELAKSANA": _("Pelaksana")}
    rows = [{"label": labels[r.kategori], "r": r, "admin": r.kategori in ("ADMINISTRATOR", "PENGAWAS", "V")}
            for r in result.rows] if result else []
    context = {"instansi": instansi_id, "e": result, "rows": rows}
    return _render(request, "planning/penyetaraan_dampak.html", "dampak", context)


urlpatterns: list = [
    path("", home, name="penyetaraan_home"),
    path("usulkan/", propose_view, name="penyetaraan_propose"),
    path("aturan/", rules_view, name="penyetaraan_rules"),
    path("usulan/", proposals, name="penyetaraan_proposals"),
    path("usulan/<int:usulan_id>/", proposal, name="penyetaraan_proposal"),
    path("usulan/<int:usulan_id>/setujui/", approve_view, name="penyetaraan_approve"),
    path("usulan/<int:usulan_id>/tolak/", reject_view, name="penyetaraan_reject"),
    path("usulan/<int:usulan_id>/terapkan/", apply_view, name="penyetaraan_apply"),
    path("dampak/", effect, name="penyetaraan_effect"),
]
