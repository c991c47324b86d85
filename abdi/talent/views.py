"""The talent-management screens (PermenPANRB 3/2020, DOMAIN §2): the interactive 9-box grid with its members
and the admins' recompute job, a person's talent card, calibration sessions with their moves, talent pools,
and the succession board of the key positions. Every read goes through ``talent.selectors`` (and
``org.selectors``), every write through ``talent.services``; a refused step (``TalentError``) becomes a 404, a
403 or the service's message on the page it came from. Boxes travel as DOMAIN §2's canonical numbers; the
screen shows them as the rule set in force numbers them (``nomor``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.competency import rules as crules
from abdi.core.audit import audit_read
from abdi.core.htmx import is_htmx_partial, render_page_or_fragment
from abdi.org.selectors import instansi_list_for_user, org_names
from abdi.people.masking import nip_from_key
from abdi.reference import codes
from abdi.talent import compute, rules
from abdi.talent.forms import (
    CloseForm,
    CommitteeForm,
    EmergencyForm,
    KeyPositionForm,
    MoveForm,
    PoolForm,
    RankForm,
    RecomputeForm,
    SessionOpenForm,
    YearForm,
    form_errors,
)
from abdi.talent.selectors import (
    Filters,
    TalentNotAllowed,
    TalentNotVisible,
    bench_strength,
    box_members_for_user,
    committee_covers,
    grid_for_user,
    key_position_for_user,
    latest_year,
    pools_for_user,
    session_filters,
    session_for_user,
    sessions_for_user,
    succession_board_for_user,
    talent_card_for_user,
    talent_scope,
)
from abdi.talent.services import (
    TalentError,
    calibrate,
    committee_grant,
    emergency_successor_set,
    key_position_add,
    pool_create,
    pools_refresh,
    recompute_request,
    session_close,
    session_open,
    successors_recompute,
)

PER_PAGE = 50
ADMIN_ROLES = ("national_admin", "agency_admin")


# --- small helpers -------------------------------------------------------------------------------------------
def _guard(fn, *args, **kwargs):
    """A selector's refusals as HTTP: a role that never sees talent data 403, outside the scope 404."""
    try:
        return fn(*args, **kwargs)
    except TalentNotAllowed:
        raise PermissionDenied(_("Peran ini tidak melihat data talenta.")) from None
    except TalentNotVisible:
        raise Http404(_("Tidak ditemukan")) from None


def _refusal(request, err: TalentError) -> None:
    """404 and 403 as such; a conflict or invalid input as a message on the page the user is sent back to."""
    if err.status == 404:
        raise Http404(err.message)
    if err.status == 403:
        raise PermissionDenied(err.message)
    if err.field:
        messages.error(request, _("Tidak dapat disimpan (%(field)s): %(message)s") % {
            "field": err.field, "message": err.message})
    else:
        messages.error(request, _("Tidak dapat disimpan: %(message)s") % {"message": err.message})


def _invalid(request, form) -> None:
    messages.error(request, _("Isian tidak valid: %(errors)s") % {"errors": form_errors(form)})


def _with_query(url: str, **query) -> str:
    query = {k: v for k, v in query.items() if v not in ("", None)}
    return url + ("?" + urlencode(query) if query else "")


def _scope(request):
    """The user's talent scope, read once per request."""
    if not hasattr(request, "_talent_scope"):
        request._talent_scope = talent_scope(request.user)
    return request._talent_scope


def _is_admin(request) -> bool:
    access = request.user.access
    return access.role in ADMIN_ROLES and (access.national or bool(access.instansi_ids))


def _is_national_admin(request) -> bool:
    access = request.user.access
    return access.role == "national_admin" and access.national


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _code(value) -> str:
    value = (value or "").strip()
    return value if len(value) <= 40 and "\x00" not in value else ""


def _year(request) -> int | None:
    """``?tahun=`` within 2000 … 2100, else the latest year with boxes (``None``: no boxes yet)."""
    value = _int(request.GET.get("tahun"))
    return value if value is not None and 2000 <= value <= 2100 else latest_year()


def _numbering(tahun: int) -> list[list[int]]:
    return compute.rules_for(tahun).data["nomor"]


def _nav(request, current: str) -> dict:
    scope = _scope(request)
    return {"current": current, "scoped": not scope.empty, "nip": getattr(request.user, "nip", "") or ""}


def _render(request, template: str, current: str, context: dict, status: int = 200):
    return render(request, template, {"nav": _nav(request, current), **context}, status=status)


# --- reads the selectors do not offer (small, for the filters' choices only) -------------------------------------
def _agencies(request) -> list[tuple[str, str]]:
    """``(instansi_id, nama)`` of the agencies in the user's talent scope: every agency for national roles, else
    the agencies of the role's scopes (whole or in part) and of the committee grants."""
    from abdi.org.models import Unor

    scope = _scope(request)
    if scope.national:
        return [(r.instansi_id, r.nama) for r in instansi_list_for_user(request.user)]
    ids = set(scope.instansi_ids) | set(scope.committee_instansi)
    if scope.unor_paths:
        ids |= set(Unor.objects.filter(path__in=scope.unor_paths).values_list("instansi_id", flat=True))
    names = org_names(instansi_ids=ids)["instansi"] if ids else {}
    return sorted(((i, names.get(i, i)) for i in ids), key=lambda r: (r[1], r[0]))


def _units(request, instansi_id: str, levels: int = 2) -> list[tuple[str, str, int]]:
    """``(unor_id, nama, level)`` of the top ``levels`` levels of the agency's tree inside the talent scope."""
    from django.db.models import Q

    from abdi.core.scoping import path_prefix_q
    from abdi.org.models import Unor

    scope = _scope(request)
    qs = Unor.objects.filter(instansi_id=instansi_id)
    if not (scope.national or instansi_id in scope.instansi_ids):
        paths = Q(pk__in=[])
        for path in scope.unor_paths:
            paths |= path_prefix_q(path)
        qs = qs.filter(paths)
    rows = list(qs.order_by("path").values_list("unor_id", "nama", "depth")[:2000])
    if not rows:
        return []
    top = min(d for _u, _n, d in rows)
    return [(u, n, d - top) for u, n, d in rows if d - top < levels][:300]


def _job_of(user, job_id: int):
    """A recompute job the user queued (nobody else's; as the API)."""
    from abdi.talent.models import HitungKotak

    return HitungKotak.objects.filter(pk=job_id, oleh=user.username).first()


def _session_moves(sesi) -> list:
    return list(sesi.kalibrasi.select_related("pegawai").order_by("-waktu", "-id")[:500])


# --- the grid ------------------------------------------------------------------------------------------------
def _filters(request) -> Filters:
    get = request.GET
    jenjang = _code(get.get("jenjang"))
    gender = _code(get.get("jk"))
    return Filters(instansi_id=_code(get.get("instansi")), unor_id=_code(get.get("unit")),
                   jenjang=jenjang if jenjang in codes.JENJANG_BY_CODE else "",
                   jenis_kelamin=gender if gender in ("L", "P") else "")


def _filter_query(tahun: int, f: Filters) -> dict:
    return {"tahun": tahun, "instansi": f.instansi_id, "unit": f.unor_id, "jenjang": f.jenjang,
            "jk": f.jenis_kelamin}


def _cells(grid, numbering) -> list[dict]:
    """The 3×3 grid by rows (performance, top first) and columns (potential, left to right), each cell with its
    canonical box, the number shown, the count in force and the computed count, and a shade by share."""
    rows = []
    for r, kinerja in enumerate(rules.KINERJA):
        cells = []
        for c, potensial in enumerate(rules.POTENSIAL):
            box = rules.CANONICAL[r][c]
            n = grid.berlaku.get(box, 0)
            share = n / grid.total if grid.total else 0
            cells.append({"kotak": box, "nomor": numbering[r][c], "berlaku": n, "hitung": grid.hitung.get(box, 0),
                          "persen": round(share * 100), "potensial": potensial,
                          "shade": 0 if not n else min(5, 1 + int(share * 20))})
        rows.append({"kinerja": kinerja, "cells": cells})
    return rows


def _members_context(request, tahun: int, kotak: int, f: Filters, sesi=None) -> dict:
    page = max(1, _int(request.GET.get("halaman")) or 1)
    rows, total = _guard(box_members_for_user, request.user, tahun, kotak, f, limit=PER_PAGE,
                         offset=(page - 1) * PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    numbering = _numbering(tahun)
    may_move = bool(sesi is not None and sesi.status == "BUKA" and committee_covers(
        request.user, sesi.instansi_id, sesi.unor.path if sesi.unor_id and sesi.unor else ""))
    query = ({"sesi": sesi.pk} if sesi is not None else _filter_query(tahun, f))
    return {"kotak": kotak, "nomor": rules.display_number(kotak, {"nomor": numbering}), "members": rows,
            "total": total, "page": page, "pages": pages, "numbering": numbering, "sesi": sesi, "may_move": may_move,
            "targets": [(b, rules.display_number(b, {"nomor": numbering}), *rules.axes_of(b)) for b in range(1, 10)],
            "members_url": _with_query(reverse("talent:members", args=[kotak]), **query),
            "tahun": tahun}


@login_required
def home(request):
    scope = _scope(request)
    if scope.empty:
        raise PermissionDenied(_("Peran ini tidak melihat data talenta."))
    tahun = _year(request)
    f = _filters(request)
    agencies = _agencies(request)
    admin = _is_admin(request)
    job = _job_of(request.user, _int(request.GET.get("job")) or 0) if request.GET.get("job") else None
    context = {"tahun": tahun, "f": f, "agencies": agencies, "admin": admin, "job": job,
               "jenjang": [(j.kode, j.nama) for j in codes.JENJANG],
               "units": _units(request, f.instansi_id) if f.instansi_id else [],
               "admin_agencies": [(r.instansi_id, r.nama) for r in instansi_list_for_user(request.user)] if admin
               else [], "national_admin": _is_national_admin(request),
               "this_year": timezone.localdate().year}
    if tahun is not None:
        grid = _guard(grid_for_user, request.user, tahun, f)
        numbering = _numbering(tahun)
        query = _filter_query(tahun, f)
        context.update({"grid": grid, "rows": _cells(grid, numbering), "numbering": numbering,
                        "query": urlencode({k: v for k, v in query.items() if v}),
                        "actions": [(rules.display_number(b, {"nomor": numbering}), b) for b in
                                    sorted(range(1, 10), key=lambda b: -rules.display_number(b, {"nomor": numbering}))]})
        kotak = _int(request.GET.get("kotak"))
        if kotak in range(1, 10) and grid.total:
            context["m"] = _members_context(request, tahun, kotak, f)
    return _render(request, "talent/home.html", "grid", context)


@login_required
def members(request, kotak: int):
    """The people of one box (in force), 50 a page: the HTMX fragment under a grid; without HTMX, the grid page
    with the box open."""
    if kotak not in range(1, 10):
        raise Http404(_("Kotak tidak dikenal"))
    sesi_id = _int(request.GET.get("sesi"))
    if sesi_id is not None:
        sesi = _guard(session_for_user, request.user, sesi_id)
        tahun, f = sesi.tahun, session_filters(sesi)
    else:
        sesi = None
        tahun, f = _year(request), _filters(request)
        if tahun is None:
            raise Http404(_("Belum ada 9-box yang dihitung"))
    context = _members_context(request, tahun, kotak, f, sesi)
    if not is_htmx_partial(request):
        page = context["page"] if context["page"] > 1 else ""
        if sesi is not None:
            target = _with_query(reverse("talent:session", args=[sesi.pk]), kotak=kotak, halaman=page)
        else:
            target = _with_query(reverse("talent:home"), **_filter_query(tahun, f), kotak=kotak, halaman=page)
        response = redirect(target + "#anggota")
    else:
        response = render(request, "talent/_members.html", {"m": context})
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_POST
def recompute(request):
    form = RecomputeForm(request.POST)
    back = reverse("talent:home")
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    try:
        job = recompute_request(actor=request.user, tahun=data["tahun"], instansi_id=data["instansi_id"])
    except TalentError as err:
        _refusal(request, err)
        return redirect(back)
    messages.success(request, _("Penghitungan ulang 9-box %(tahun)d dimasukkan ke antrean.") % {"tahun": data["tahun"]})
    return redirect(_with_query(back, tahun=data["tahun"], instansi=data["instansi_id"], job=job.pk))


@login_required
def job(request, job_id: int):
    """A recompute job's status: an HTMX fragment that polls every 2 s while queued or running."""
    row = _job_of(request.user, job_id)
    if row is None:
        raise Http404(_("Penghitungan tidak ditemukan"))
    context = {"job": row, "nav": _nav(request, "grid")}
    return render_page_or_fragment(request, "talent/job.html", "talent/_job.html", context)


# --- the talent card -----------------------------------------------------------------------------------------------
@login_required
def card(request, key: str):
    nip = nip_from_key(key)
    if nip is None:
        raise Http404(_("Pegawai tidak ditemukan"))
    c = _guard(talent_card_for_user, request.user, nip)
    p = c.pegawai
    own = nip == (getattr(request.user, "nip", "") or "")
    if not own:
        # someone else's talent card is a read of a personal record (DESIGN: security model), as the API
        audit_read(actor=request.user, object_type="talenta", object_id=nip, action="talent.view",
                   instansi_id=p.instansi_id, unor_path=getattr(p.unor, "path", "") or "")
    k = c.kompetensi
    levels = k.asesmen.levels() if k.asesmen else {}
    competencies = [{"kode": code, "level": levels.get(code), "standar": k.standar.get(code),
                     "gap": k.gaps.get(code)} for code in crules.COMPETENCIES if code in k.standar or code in levels]
    numbering = {row["tahun"]: _numbering(row["tahun"]) for row in c.kotak}
    boxes = [{**row, "nomor_hitung": rules.display_number(row["kotak"], {"nomor": numbering[row["tahun"]]}),
              "nomor_berlaku": rules.display_number(row["kotak_berlaku"], {"nomor": numbering[row["tahun"]]})}
             for row in c.kotak]
    moves = []
    for m in c.kalibrasi:
        nomor = numbering.get(m.tahun) or _numbering(m.tahun)
        moves.append({"m": m, "dari": rules.display_number(m.kotak_sebelum, {"nomor": nomor}),
                      "ke": rules.display_number(m.kotak, {"nomor": nomor})})
    context = {"c": c, "p": p, "own": own, "k": k, "competencies": competencies, "boxes": boxes, "moves": moves,
               "earlier": k.riwayat[1:] if k.riwayat else [], "latest_box": c.kotak[0]["kotak_berlaku"] if c.kotak
               else None}
    return _render(request, "talent/card.html", "card" if own else "", context)


# --- calibration ---------------------------------------------------------------------------------------------------
def _session_url(sesi_id: int) -> str:
    return reverse("talent:session", args=[sesi_id])


@login_required
def sessions(request):
    rows = _guard(sessions_for_user, request.user)
    scope = _scope(request)
    committee = sorted(scope.committee_instansi)
    names = org_names(instansi_ids=committee)["instansi"] if committee else {}
    admin = _is_admin(request)
    context = {"rows": rows, "committee": [(i, names.get(i, i)) for i in committee], "admin": admin,
               "admin_agencies": [(r.instansi_id, r.nama) for r in instansi_list_for_user(request.user)] if admin
               else [], "tahun": latest_year() or timezone.localdate().year}
    return _render(request, "talent/sessions.html", "sessions", context)


@login_required
@require_POST
def session_open_view(request):
    back = reverse("talent:sessions")
    form = SessionOpenForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    try:
        sesi = session_open(actor=request.user, nama=data["nama"], tahun=data["tahun"],
                            instansi_id=data["instansi_id"], unor_id=data["unor_id"])
    except TalentError as err:
        _refusal(request, err)
        return redirect(back)
    messages.success(request, _("Sesi kalibrasi dibuka."))
    return redirect(_session_url(sesi.pk))


@login_required
@require_POST
def committee_view(request):
    back = reverse("talent:sessions")
    form = CommitteeForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    try:
        committee_grant(actor=request.user, username=data["username"], instansi_id=data["instansi_id"],
                        unor_id=data["unor_id"])
    except TalentError as err:
        if err.field == "username" and err.status == 404:  # a typo in a name is input, not a missing page
            err.status = 422
        _refusal(request, err)
        return redirect(back)
    messages.success(request, _("Izin komite talenta diberikan kepada %(username)s.") % {"username": data["username"]})
    return redirect(back)


@login_required
def session(request, sesi_id: int):
    sesi = _guard(session_for_user, request.user, sesi_id)
    f = session_filters(sesi)
    grid = _guard(grid_for_user, request.user, sesi.tahun, f)
    numbering = _numbering(sesi.tahun)
    path = sesi.unor.path if sesi.unor_id and sesi.unor else ""
    member = committee_covers(request.user, sesi.instansi_id, path)
    moves = [{"m": m, "dari": rules.display_number(m.kotak_sebelum, {"nomor": numbering}),
              "ke": rules.display_number(m.kotak, {"nomor": numbering})} for m in _session_moves(sesi)]
    context = {"sesi": sesi, "grid": grid, "rows": _cells(grid, numbering), "numbering": numbering,
               "member": member, "open": sesi.status == "BUKA", "moves": moves,
               "query": urlencode({"sesi": sesi.pk}),
               "instansi_nama": org_names(instansi_ids=[sesi.instansi_id])["instansi"].get(sesi.instansi_id, "")}
    kotak = _int(request.GET.get("kotak"))
    if kotak in range(1, 10):
        context["m"] = _members_context(request, sesi.tahun, kotak, f, sesi)
    return _render(request, "talent/session.html", "sessions", context)


@login_required
@require_POST
def move(request, sesi_id: int):
    sesi = _guard(session_for_user, request.user, sesi_id)
    form = MoveForm(request.POST)
    origin = _int(request.POST.get("dari"))
    back = _with_query(_session_url(sesi.pk), kotak=origin if origin in range(1, 10) else "")
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    nip = nip_from_key(data["pegawai"])
    if nip is None:
        raise Http404(_("Pegawai tidak ditemukan"))
    try:
        calibrate(actor=request.user, sesi=sesi, nip=nip, kotak=data["kotak"], alasan=data["alasan"])
    except TalentError as err:
        _refusal(request, err)
        return redirect(back)
    shown = rules.display_number(data["kotak"], {"nomor": _numbering(sesi.tahun)})
    messages.success(request, _("Pegawai dipindahkan ke kotak %(kotak)d.") % {"kotak": shown})
    return redirect(back)


@login_required
@require_POST
def session_close_view(request, sesi_id: int):
    sesi = _guard(session_for_user, request.user, sesi_id)
    form = CloseForm(request.POST)
    back = _session_url(sesi.pk)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    try:
        session_close(actor=request.user, sesi=sesi, catatan=form.cleaned_data["catatan"])
    except TalentError as err:
        _refusal(request, err)
        return redirect(back)
    messages.success(request, _("Sesi kalibrasi ditutup."))
    return redirect(back)


# --- pools ---------------------------------------------------------------------------------------------------------
@login_required
def pools(request):
    rows = _guard(pools_for_user, request.user)
    admin = _is_admin(request)
    year = latest_year()
    context = {"rows": rows, "admin": admin, "national_admin": _is_national_admin(request),
               "admin_agencies": [(r.instansi_id, r.nama) for r in instansi_list_for_user(request.user)] if admin
               else [],
               "default_boxes": compute.rules_for(year or timezone.localdate().year).data["kelompok"],
               "numbering": _numbering(year or timezone.localdate().year),
               "tahun": year or timezone.localdate().year, "boxes": range(9, 0, -1)}
    return _render(request, "talent/pools.html", "pools", context)


@login_required
@require_POST
def pool_create_view(request):
    back = reverse("talent:pools")
    form = PoolForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    try:
        pool_create(actor=request.user, nama=data["nama"], tingkat=data["tingkat"], instansi_id=data["instansi_id"],
                    kotak=data["kotak"], min_tahun_sebelum_pensiun=data["min_tahun_sebelum_pensiun"])
    except TalentError as err:
        _refusal(request, err)
        return redirect(back)
    messages.success(request, _("Kelompok talenta dibuat. Segarkan keanggotaan untuk mengisinya."))
    return redirect(back)


@login_required
@require_POST
def pools_refresh_view(request):
    if not _is_national_admin(request):  # as the API: the nation's pools are refreshed by a national admin
        raise PermissionDenied(_("Hanya admin nasional yang menyegarkan keanggotaan kelompok talenta."))
    back = reverse("talent:pools")
    form = YearForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    summary = pools_refresh(tahun=form.cleaned_data["tahun"], actor=request.user)
    entered = sum(v["masuk"] for v in summary.values())
    left = sum(v["keluar"] for v in summary.values())
    messages.success(request, _("Keanggotaan kelompok talenta disegarkan: %(masuk)d masuk, %(keluar)d keluar.")
                     % {"masuk": entered, "keluar": left})
    return redirect(back)


# --- succession ----------------------------------------------------------------------------------------------------
@login_required
def board(request):
    scope = _scope(request)
    if scope.empty:
        raise PermissionDenied(_("Peran ini tidak melihat data talenta."))
    agencies = _agencies(request)
    instansi_id = _code(request.GET.get("instansi"))
    if not instansi_id and len(agencies) == 1:
        instansi_id = agencies[0][0]
    if instansi_id and not scope.sees_instansi(instansi_id):
        raise Http404(_("Instansi tidak ditemukan"))
    rows = _guard(succession_board_for_user, request.user, instansi_id)
    admin = _is_admin(request)
    context = {"rows": rows, "agencies": agencies, "instansi_id": instansi_id,
               "instansi_nama": dict(agencies).get(instansi_id, instansi_id),
               "bench": bench_strength(instansi_id) if instansi_id else None, "admin": admin,
               "national_admin": _is_national_admin(request),
               "admin_agencies": [(r.instansi_id, r.nama) for r in instansi_list_for_user(request.user)] if admin
               else []}
    return _render(request, "talent/board.html", "board", context)


@login_required
@require_POST
def key_position_add_view(request):
    back = reverse("talent:board")
    form = KeyPositionForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    data = form.cleaned_data
    try:
        target = key_position_add(actor=request.user, unor_id=data["unor_id"], jabatan_id=data["jabatan_id"],
                                  catatan=data["catatan"])
    except TalentError as err:
        if err.field == "unor_id" and err.status == 404:  # a mistyped unit id is input, not a missing page
            err.status = 422
        _refusal(request, err)
        return redirect(back)
    messages.success(request, _("Jabatan target ditetapkan. Peringkat ulang suksesor untuk mengisi calonnya."))
    return redirect("talent:key_position", target_id=target.pk)


@login_required
@require_POST
def successors_recompute_view(request):
    form = RankForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect("talent:board")
    instansi_id = form.cleaned_data["instansi_id"]
    back = _with_query(reverse("talent:board"), instansi=instansi_id)
    access = request.user.access
    # as the API: an agency's admins rank its positions, a national admin any or all
    if access.role not in ADMIN_ROLES:
        raise PermissionDenied(_("Hanya admin yang memeringkat suksesor."))
    if not instansi_id and not access.national:
        raise PermissionDenied(_("Peringkat nasional oleh admin nasional."))
    if instansi_id and not (access.national or instansi_id in access.instansi_ids):
        raise Http404(_("Instansi tidak ditemukan"))
    result = successors_recompute(instansi_id=instansi_id, actor=request.user)
    messages.success(request, _("Suksesor diperingkat ulang: %(jabatan)d jabatan target, %(kandidat)d kandidat, "
                                "%(suksesor)d calon suksesor.") % {"jabatan": result["jabatan_target"],
                                                                   "kandidat": result["kandidat"],
                                                                   "suksesor": result["suksesor"]})
    return redirect(back)


@login_required
def key_position(request, target_id: int):
    row = _guard(succession_board_for_user, request.user, target_id=target_id)[0]
    admin = _is_admin(request) and (request.user.access.national
                                    or row.target.instansi_id in request.user.access.instansi_ids)
    emergency = next((s for s in row.suksesor if s.pegawai_id == row.target.pengganti_darurat), None)
    context = {"row": row, "t": row.target, "admin": admin, "emergency": emergency,
               "numbering": _numbering(latest_year() or timezone.localdate().year)}
    return _render(request, "talent/key_position.html", "board", context)


@login_required
@require_POST
def emergency(request, target_id: int):
    target = _guard(key_position_for_user, request.user, target_id)
    back = reverse("talent:key_position", args=[target.pk])
    form = EmergencyForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect(back)
    key = form.cleaned_data["pegawai"]
    nip = nip_from_key(key) if key else ""
    if nip is None:
        raise Http404(_("Pegawai tidak ditemukan"))
    try:
        emergency_successor_set(actor=request.user, target=target, nip=nip)
    except TalentError as err:
        _refusal(request, err)
        return redirect(back)
    messages.success(request, _("Pengganti darurat disimpan.") if nip else _("Pengganti darurat dihapus."))
    return redirect(back)
