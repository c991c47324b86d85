"""Calibration sessions: the committee permission, opening a session, moving people with a reason, closing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.org.selectors import instansi_list_for_user, org_names
from abdi.people.masking import nip_from_key
from abdi.talent import rules
from abdi.talent.forms import (
    CloseForm,
    CommitteeForm,
    MoveForm,
    SessionOpenForm,
)
from abdi.talent.selectors import (
    committee_covers,
    grid_for_user,
    latest_year,
    session_filters,
    session_for_user,
    sessions_for_user,
)
from abdi.talent.services import (
    TalentError,
    calibrate,
    committee_grant,
    session_close,
    session_open,
)
from abdi.talent.views.common import (
    _cells,
    _guard,
    _int,
    _invalid,
    _is_admin,
    _members_context,
    _numbering,
    _refusal,
    _render,
    _scope,
    _screen_rows,
    _session_moves,
    _with_query,
)


# --- calibration ---------------------------------------------------------------------------------------------------
def _session_url(sesi_id: int) -> str:
    return reverse("talent:session", args=[sesi_id])


@login_required
def sessions(request):
    rows = _screen_rows(request, sessions_for_user, request.user, notice=_(
        "Menampilkan %(n)d sesi terbaru saja; daftar lengkap ada di API /api/v1/talent/sessions."))
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
