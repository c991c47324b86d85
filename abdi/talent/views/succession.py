"""Talent pools and the succession board of the key positions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.org.selectors import instansi_list_for_user
from abdi.people.masking import nip_from_key
from abdi.talent import compute
from abdi.talent.forms import (
    EmergencyForm,
    KeyPositionForm,
    PoolForm,
    RankForm,
    YearForm,
)
from abdi.talent.selectors import (
    bench_strength,
    key_position_for_user,
    latest_year,
    pools_for_user,
    succession_board_for_user,
    succession_board_page,
)
from abdi.talent.services import (
    TalentError,
    emergency_successor_set,
    key_position_add,
    pool_create,
    pools_refresh,
    successors_recompute,
)
from abdi.talent.views.common import (
    ADMIN_ROLES,
    _agencies,
    _code,
    _guard,
    _invalid,
    _is_admin,
    _is_national_admin,
    _numbering,
    _refusal,
    _render,
    _scope,
    _screen_rows,
    _with_query,
)


# --- pools ---------------------------------------------------------------------------------------------------------
@login_required
def pools(request):
    rows = _screen_rows(request, pools_for_user, request.user, notice=_(
        "Menampilkan %(n)d kelompok pertama (menurut nama) saja; daftar lengkap ada di API /api/v1/talent/pools."))
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
    rows = _screen_rows(request, succession_board_page, request.user, instansi_id, notice=_(
        "Menampilkan %(n)d jabatan target pertama saja; pilih satu instansi, atau lihat daftar lengkap di API "
        "/api/v1/talent/key-positions."))
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
