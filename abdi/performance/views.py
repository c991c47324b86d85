"""The SKP screens (PermenPANRB 6/2022, DOMAIN §1): the user's own SKP, the SKP page with the forms its owner
and its pejabat penilai may use, the evaluation page, the penilai's team with quick annual rating and the
distribution check, the atasan's objections and the agency's completion table. Every read goes through
``performance.selectors`` and every write through ``performance.services``; a refused step (``SkpError``)
becomes a 404, a 403 or the service's message on the page it came from."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.audit import audit_read
from abdi.core.forms import form_step, refusal, refusal_text
from abdi.core.htmx import is_htmx_partial
from abdi.org.selectors import NotFound, instansi_get_for_user, instansi_list_for_user
from abdi.performance import rules
from abdi.performance.forms import DelegationForm, OrgResultForm, ResultForm, indicators_from, int_or_none
from abdi.performance.models import Delegasi, Keberatan, Skp
from abdi.performance.selectors import (
    InstansiNotVisible,
    SkpNotVisible,
    completion_for_user,
    completion_totals,
    credit_points_of,
    matrix_in_force,
    objections_for_user,
    skp_detail,
    skp_get_for_user,
    skp_of,
    team_distribution,
    team_for_user,
)
from abdi.performance.services import (
    HR_ROLES,
    SkpError,
    comment_add,
    delegation_set,
    evaluation_rate,
    expectation_set,
    objection_decide,
    objection_file,
    org_result_set,
    realisation_set,
    result_add,
    result_remove,
    skp_approve,
    skp_create,
    skp_return,
    skp_submit,
    team_finalise,
)
from abdi.performance.templatetags.kinerja import predikat_label

UNITS_PER_PAGE = 100
TABS = ("semua", "belum", "diajukan", "evaluasi", "dinilai")


# --- small helpers -------------------------------------------------------------------------------------------
def _year(request) -> int:
    """``?tahun=`` (or the posted ``tahun``) within 2000 … next year; the current year otherwise."""
    this = timezone.localdate().year
    value = int_or_none(request.POST.get("tahun") if request.method == "POST" else request.GET.get("tahun"))
    return value if value is not None and 2000 <= value <= this + 1 else this


def _nip(request) -> str:
    return getattr(request.user, "nip", "") or ""


def _skp_or_404(request, skp_id: int) -> Skp:
    try:
        return skp_get_for_user(request.user, skp_id)
    except SkpNotVisible:
        raise Http404(_("SKP tidak ditemukan")) from None


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _skp_url(skp_id: int) -> str:
    return reverse("performance:skp", args=[skp_id])


def _with_query(url: str, **query) -> str:
    query = {k: v for k, v in query.items() if v not in ("", None)}
    return url + ("?" + urlencode(query) if query else "")


def violation_text(v: rules.Violation, who: str) -> str:
    """One broken rule of the pola distribusi in words, e.g. "Baik paling banyak 70%: tim 100%"."""
    names = _(" dan/atau ").join(predikat_label(p) for p in v.predikat)
    if v.rule == "min_count":
        return _("sedikitnya %(n)d orang %(names)s: %(who)s %(actual)d") % {
            "n": int(v.bound), "names": names, "who": who, "actual": int(v.actual)}
    share = {"names": names, "bound": f"{round(v.bound * 100):d}%", "who": who, "actual": f"{round(v.actual * 100):d}%"}
    if v.rule == "min":
        return _("%(names)s paling sedikit %(bound)s: %(who)s %(actual)s") % share
    return _("%(names)s paling banyak %(bound)s: %(who)s %(actual)s") % share


# --- reads the selectors do not offer (small, indexed, for the sub-navigation only) ------------------------------
def _assesses_anyone(nip: str) -> bool:
    """Whether ``nip`` is the pejabat penilai of some SKP or delegation (the unit tree is covered by the
    supervisor role and by the team page itself)."""
    if not nip:
        return False
    return Skp.objects.filter(penilai_nip=nip).exists() or Delegasi.objects.filter(penilai_nip=nip).exists()


def _open_objections(nip: str) -> int:
    return Keberatan.objects.filter(atasan_nip=nip, status=Keberatan.Status.DIAJUKAN).count() if nip else 0


def _nav(request, current: str) -> dict:
    access = request.user.access
    nip = _nip(request)
    return {"current": current,
            "team": access.role == "supervisor" or _assesses_anyone(nip) or current == "team",
            "objections": _open_objections(nip),
            "agency": access.org_scoped}


def _render(request, template: str, current: str, context: dict, status: int = 200):
    return render(request, template, {"nav": _nav(request, current), **context}, status=status)


def _year_links(tahun: int) -> list[int]:
    this = timezone.localdate().year
    return [y for y in (tahun - 2, tahun - 1, tahun, tahun + 1) if 2000 <= y <= this + 1]


# --- the user's own SKP -----------------------------------------------------------------------------------------
@login_required
def home(request):
    tahun = _year(request)
    nip = _nip(request)
    skp = skp_of(nip, tahun) if nip else None
    if skp is not None:
        return redirect("performance:skp", skp_id=skp.pk)
    return _render(request, "performance/home.html", "home", {"tahun": tahun, "has_nip": bool(nip),
                                                                  "years": _year_links(tahun)})


@login_required
@require_POST
def skp_create_view(request):
    tahun = _year(request)
    try:
        skp = skp_create(actor=request.user, tahun=tahun)
    except SkpError as err:
        refusal(request, err)
        return redirect(_with_query(reverse("performance:home"), tahun=tahun))
    messages.success(request, _("SKP %(tahun)d dibuat sebagai draf. Tambahkan rencana hasil kerja lalu ajukan.")
                     % {"tahun": tahun})
    return redirect("performance:skp", skp_id=skp.pk)


def _evaluation_rows(detail, matrix) -> list[dict]:
    open_objection = {k.evaluasi_id for k in detail.keberatan if k.status == Keberatan.Status.DIAJUKAN}
    rows = []
    for periode in detail.periods:
        e = detail.evaluasi.get(periode)
        rated = bool(e and e.rating_hasil_kerja and e.rating_perilaku_kerja)
        rows.append({"periode": periode, "e": e,
                     "predikat": rules.predikat(e.rating_hasil_kerja, e.rating_perilaku_kerja, matrix) if rated else "",
                     "may_object": bool(e and e.status == "FINAL" and rated and e.pk not in open_objection)})
    return rows


@login_required
def skp_page(request, skp_id: int):
    skp = _skp_or_404(request, skp_id)
    detail = skp_detail(skp, viewer_nip=_nip(request))
    nip = _nip(request)
    owner = bool(nip) and nip == skp.pegawai_id
    penilai = bool(nip) and nip == skp.penilai_nip and not owner
    if not owner:
        # someone else's SKP is a read of a personal record (DESIGN: security model), like the profile page
        unor = getattr(skp.pegawai, "unor", None)
        audit_read(actor=request.user, object_type="skp", object_id=skp.pk, action="skp.view",
                   instansi_id=skp.pegawai.instansi_id, unor_path=getattr(unor, "path", "") or "")
    matrix = matrix_in_force(skp.tahun).data
    credit_predikat, credit = credit_points_of(skp.pegawai_id, skp.tahun)
    editable = owner and skp.status in (Skp.Status.DRAFT, Skp.Status.DIKEMBALIKAN)
    context = {
        "skp": skp, "d": detail, "owner": owner, "penilai": penilai, "editable": editable,
        "ekspektasi": [(code, detail.ekspektasi.get(code, "")) for code in rules.BERAKHLAK],
        "evaluations": _evaluation_rows(detail, matrix),
        "credit": credit, "credit_predikat": credit_predikat,
        "result_form": ResultForm(atasan_hasil=detail.atasan_hasil) if editable else None,
        "aspek": list(rules.ASPEK_LABELS), "indicator_rows": range(4),
        "approved": skp.status == Skp.Status.DISETUJUI,
        "years": _year_links(skp.tahun) if owner else [],
    }
    return _render(request, "performance/skp.html", "home" if owner else ("team" if penilai else ""), context)


def _skp_step(request, skp_id: int, step, success: str, **kwargs):
    """Run one workflow step on the SKP and go back to its page (or ``next``)."""
    skp = _skp_or_404(request, skp_id)
    back = _safe_next(request, _skp_url(skp.pk))
    try:
        step(actor=request.user, skp=skp, **kwargs)
    except SkpError as err:
        refusal(request, err)
        return redirect(back)
    messages.success(request, success)
    return redirect(back)


@login_required
@require_POST
def result_add_view(request, skp_id: int):
    skp = _skp_or_404(request, skp_id)
    form = ResultForm(request.POST, atasan_hasil=skp_detail(skp).atasan_hasil)
    if not form.is_valid():
        messages.error(request, _("Isian hasil kerja tidak valid: %(errors)s") % {
            "errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())})
        return redirect(_skp_url(skp.pk))
    return _skp_step(request, skp_id, result_add, _("Rencana hasil kerja ditambahkan."),
                     uraian=form.cleaned_data["uraian"], jenis=form.cleaned_data["jenis"],
                     intervensi_id=form.cleaned_data["intervensi"], indikator=indicators_from(request.POST),
                     versi=int_or_none(request.POST.get("versi")))


@login_required
@require_POST
def result_remove_view(request, skp_id: int, hasil_id: int):
    return _skp_step(request, skp_id, result_remove, _("Rencana hasil kerja dihapus."), hasil_id=hasil_id,
                     versi=int_or_none(request.POST.get("versi")))


@login_required
@require_POST
def submit_view(request, skp_id: int):
    return _skp_step(request, skp_id, skp_submit, _("SKP diajukan kepada pejabat penilai."),
                     versi=int_or_none(request.POST.get("versi")))


@login_required
@require_POST
def approve_view(request, skp_id: int):
    return _skp_step(request, skp_id, skp_approve, _("SKP disetujui."), komentar=request.POST.get("komentar", ""),
                     versi=int_or_none(request.POST.get("versi")))


@login_required
@require_POST
def return_view(request, skp_id: int):
    return _skp_step(request, skp_id, skp_return, _("SKP dikembalikan kepada pegawai dengan komentar."),
                     komentar=request.POST.get("komentar", ""), versi=int_or_none(request.POST.get("versi")))


@login_required
@require_POST
def expectation_view(request, skp_id: int):
    return _skp_step(request, skp_id, expectation_set, _("Ekspektasi perilaku disimpan."),
                     nilai=request.POST.get("nilai", ""), uraian=request.POST.get("uraian", ""))


@login_required
@require_POST
def comment_view(request, skp_id: int):
    return _skp_step(request, skp_id, comment_add, _("Komentar ditambahkan."), teks=request.POST.get("teks", ""))


# --- evaluation ----------------------------------------------------------------------------------------------------
@login_required
def evaluation_page(request, skp_id: int, periode: str):
    skp = _skp_or_404(request, skp_id)
    detail = skp_detail(skp, viewer_nip=_nip(request))
    if periode not in detail.periods:
        raise Http404(_("Periode evaluasi tidak dikenal"))
    nip = _nip(request)
    owner = bool(nip) and nip == skp.pegawai_id
    penilai = bool(nip) and nip == skp.penilai_nip and not owner
    if not owner:
        unor = getattr(skp.pegawai, "unor", None)
        audit_read(actor=request.user, object_type="skp", object_id=skp.pk, action="skp.view",
                   instansi_id=skp.pegawai.instansi_id, unor_path=getattr(unor, "path", "") or "")
    e = detail.evaluasi.get(periode)
    realisasi = {r.hasil_id: r for r in e.realisasi.all()} if e else {}
    ub_perilaku = {u.nilai: u.umpan_balik for u in e.umpan_balik_perilaku.all()} if e else {}
    open_ = skp.status == Skp.Status.DISETUJUI and not (e and e.status == "FINAL")
    rated = bool(e and e.rating_hasil_kerja and e.rating_perilaku_kerja)
    context = {
        "skp": skp, "d": detail, "periode": periode, "e": e, "owner": owner, "penilai": penilai,
        "results": [(h, realisasi.get(h.pk)) for h in detail.hasil],
        "values": [(code, detail.ekspektasi.get(code, ""), ub_perilaku.get(code, "")) for code in rules.BERAKHLAK],
        "ratings": list(rules.RATING_LABELS), "may_rate": penilai and open_, "may_realise": owner and open_,
        "predikat": rules.predikat(e.rating_hasil_kerja, e.rating_perilaku_kerja, matrix_in_force(skp.tahun).data)
        if rated else "",
    }
    return _render(request, "performance/evaluation.html", "home" if owner else ("team" if penilai else ""),
                   context)


def _is_period_of(skp: Skp, periode: str) -> bool:
    return periode in rules.periods_of({"periodik": skp.periodik})


def _evaluation_url(skp_id: int, periode: str) -> str:
    return reverse("performance:evaluation", args=[skp_id, periode])


@login_required
@require_POST
def realisation_view(request, skp_id: int, periode: str):
    skp = _skp_or_404(request, skp_id)
    back = _evaluation_url(skp.pk, periode) if _is_period_of(skp, periode) else _skp_url(skp.pk)
    try:
        realisation_set(actor=request.user, skp=skp, periode=periode,
                        hasil_id=int_or_none(request.POST.get("hasil_id")) or 0,
                        realisasi=request.POST.get("realisasi", ""), bukti=request.POST.get("bukti", ""))
    except SkpError as err:
        refusal(request, err)
        return redirect(back)
    messages.success(request, _("Realisasi disimpan."))
    return redirect(back)


def _team_row(user, tahun: int, nip: str):
    return next((r for r in team_for_user(user, tahun) if r.nip == nip), None)


@login_required
@require_POST
def rate_view(request, skp_id: int, periode: str):
    """The penilai rates a period: from the evaluation page (with feedback) or from a team row (the two ratings
    only; an HTMX request gets the row back with its predikat)."""
    skp = _skp_or_404(request, skp_id)
    post = request.POST
    umpan_balik = {int(k[3:]): v for k, v in post.items() if k.startswith("ub_") and k[3:].isdigit()}
    perilaku = {k[4:]: v for k, v in post.items() if k.startswith("ubp_")}
    if "catatan" in post:
        catatan = post["catatan"]
    else:  # a quick rating from the team keeps the feedback written before
        earlier = skp_detail(skp).evaluasi.get(periode)
        catatan = earlier.catatan if earlier else ""
    htmx = is_htmx_partial(request)
    back = _safe_next(request, _evaluation_url(skp.pk, periode) if _is_period_of(skp, periode) else _skp_url(skp.pk))
    error = ""
    try:
        evaluation_rate(actor=request.user, skp=skp, periode=periode,
                        rating_hasil_kerja=post.get("rating_hasil_kerja", ""),
                        rating_perilaku_kerja=post.get("rating_perilaku_kerja", ""), catatan=catatan,
                        umpan_balik=umpan_balik or None, umpan_balik_perilaku=perilaku or None)
    except SkpError as err:
        if not htmx or err.status in (403, 404):
            refusal(request, err)
            return redirect(back)
        error = refusal_text(err)
    if htmx:
        row = _team_row(request.user, skp.tahun, skp.pegawai_id)
        if row is None:
            raise Http404(_("Pegawai ini tidak ada di tim Anda"))
        return render(request, "performance/_team_row.html", {
            "r": row, "tahun": skp.tahun, "ratings": list(rules.RATING_LABELS), "error": error, "saved": not error,
            "team_url": reverse("performance:team")})
    messages.success(request, _("Penilaian %(periode)s disimpan.") % {"periode": periode})
    return redirect(back)


# --- objections --------------------------------------------------------------------------------------------------
@login_required
@require_POST
def objection_file_view(request, evaluasi_id: int):
    back = _safe_next(request, reverse("performance:home"))
    try:
        k = objection_file(actor=request.user, evaluasi_id=evaluasi_id, alasan=request.POST.get("alasan", ""))
    except SkpError as err:
        refusal(request, err)
        return redirect(back)
    messages.success(request, _("Keberatan diajukan kepada atasan pejabat penilai."))
    return redirect(_skp_url(k.evaluasi.skp_id))


@login_required
def objections(request):
    rows = objections_for_user(request.user)
    matrix_cache: dict[int, dict] = {}
    items = []
    for k in rows:
        tahun = k.evaluasi.skp.tahun
        if tahun not in matrix_cache:
            matrix_cache[tahun] = matrix_in_force(tahun).data
        items.append({"k": k, "predikat": rules.predikat(k.rating_hasil_semula, k.rating_perilaku_semula,
                                                         matrix_cache[tahun])})
    return _render(request, "performance/objections.html", "objections", {
        "items": items, "ratings": list(rules.RATING_LABELS), "has_nip": bool(_nip(request))})


@login_required
@require_POST
def objection_decide_view(request, keberatan_id: int):
    post = request.POST
    try:
        objection_decide(actor=request.user, keberatan_id=keberatan_id, terima=post.get("terima") == "1",
                         keputusan=post.get("keputusan", ""), rating_hasil_kerja=post.get("rating_hasil_kerja", ""),
                         rating_perilaku_kerja=post.get("rating_perilaku_kerja", ""))
    except SkpError as err:
        refusal(request, err)
        return redirect("performance:objections")
    messages.success(request, _("Keputusan atas keberatan disimpan."))
    return redirect("performance:objections")


# --- the penilai's team ------------------------------------------------------------------------------------------
def _tab_of(row) -> str:
    if row.status in ("BELUM", Skp.Status.DRAFT, Skp.Status.DIKEMBALIKAN):
        return "belum"
    if row.status == Skp.Status.DIAJUKAN:
        return "diajukan"
    return "dinilai" if row.predikat else "evaluasi"


@login_required
def team(request):
    tahun = _year(request)
    tab = request.GET.get("tab", "semua")
    tab = tab if tab in TABS else "semua"
    rows = team_for_user(request.user, tahun) if _nip(request) else []
    check = team_distribution(request.user, tahun, rows) if rows else None
    counts = dict.fromkeys(TABS, 0)
    counts["semua"] = len(rows)
    for r in rows:
        counts[_tab_of(r)] += 1
    shown = [r for r in rows if tab == "semua" or _tab_of(r) == tab]
    team_url = reverse("performance:team")
    context = {
        "tahun": tahun, "years": _year_links(tahun), "tab": tab, "rows": shown, "all_rows": rows,
        "tabs": [(t, counts[t]) for t in TABS], "check": check,
        "violations": [violation_text(v, _("tim")) for v in check.violations] if check else [],
        "predikat_counts": [(code, check.counts.get(code, 0)) for code in rules.PREDIKAT] if check else [],
        "ratings": list(rules.RATING_LABELS), "confirm": request.GET.get("periksa") == "1",
        "to_finalise": sum(1 for r in rows if r.predikat and r.tahunan_status != "FINAL"),
        "unrated": sum(1 for r in rows if not r.predikat),
        "team_url": team_url, "here": _with_query(team_url, tahun=tahun, tab=tab if tab != "semua" else ""),
        "has_nip": bool(_nip(request)),
    }
    return _render(request, "performance/team.html", "team", context)


@login_required
@require_POST
def finalise_view(request):
    tahun = _year(request)
    back = _with_query(reverse("performance:team"), tahun=tahun)
    try:
        result = team_finalise(actor=request.user, tahun=tahun, konfirmasi=request.POST.get("konfirmasi") == "1")
    except SkpError as err:
        refusal(request, err)
        return redirect(back)
    if not result.done:
        messages.warning(request, _("Sebaran predikat tim tidak sesuai pola distribusi; belum ada yang ditetapkan. "
                                    "Periksa peringatan lalu konfirmasi bila tetap ingin menetapkan."))
        return redirect(_with_query(reverse("performance:team"), tahun=tahun, periksa=1))
    messages.success(request, _("%(n)d penilaian tahunan ditetapkan.") % {"n": result.finalised})
    return redirect(back)


# --- agency HR ---------------------------------------------------------------------------------------------------
def _require_org_scope(request) -> None:
    if not request.user.access.org_scoped:
        raise PermissionDenied(_("Rekap SKP instansi hanya untuk peran dengan cakupan organisasi."))


@login_required
def agency_pick(request):
    _require_org_scope(request)
    rows = instansi_list_for_user(request.user)
    if len(rows) == 1:
        return redirect("performance:agency", instansi_id=rows[0].instansi_id)
    return _render(request, "performance/agency_pick.html", "agency", {"rows": rows})


@login_required
def agency(request, instansi_id: str):
    _require_org_scope(request)
    tahun = _year(request)
    try:
        instansi = instansi_get_for_user(request.user, instansi_id)
        units = completion_for_user(request.user, instansi_id, tahun)
    except (NotFound, InstansiNotVisible):
        raise Http404(_("Instansi tidak ditemukan")) from None
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("halaman"))
    access = request.user.access
    hr = access.role in HR_ROLES
    here = reverse("performance:agency", args=[instansi_id])
    context = {
        "instansi": instansi, "tahun": tahun, "years": _year_links(tahun), "page": page,
        "rows": [{"u": u, "violations": [violation_text(v, _("unit")) for v in u.pelanggaran]} for u in page],
        "totals": completion_totals(units), "predikat_codes": rules.PREDIKAT, "hr": hr,
        "org_results": list(rules.ORG_RESULT_LABELS), "here": here,
        "page_url": _with_query(here, tahun=tahun),
        "next": _with_query(here, tahun=tahun, halaman=page.number if page.number > 1 else ""),
    }
    return _render(request, "performance/agency.html", "agency", context)


def _agency_step(request, instansi_id: str, form_class, step, done: str):
    """An HR change from the agency page: a role without an org scope is refused (as the API), an invalid form
    or a refused step comes back as a message, a done step as ``done``."""
    if not request.user.access.org_scoped:  # a role that never manages an agency's SKP
        raise PermissionDenied
    return form_step(request, _safe_next(request, reverse("performance:agency", args=[instansi_id])), form_class, step,
                     done)


@login_required
@require_POST
def org_result_view(request, instansi_id: str):
    return _agency_step(request, instansi_id, OrgResultForm, lambda d: org_result_set(
        actor=request.user, unor_id=d["unor_id"], tahun=d["tahun"], hasil=d["hasil"]),
        _("Capaian kinerja organisasi disimpan."))


@login_required
@require_POST
def delegation_view(request, instansi_id: str):
    return _agency_step(request, instansi_id, DelegationForm, lambda d: delegation_set(
        actor=request.user, nip=d["nip"].strip(), tahun=d["tahun"], penilai_nip=(d["penilai_nip"] or "").strip(),
        alasan=d["alasan"]), _("Delegasi pejabat penilai disimpan."))
