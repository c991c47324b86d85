"""The 9-box grid with its members, the recompute job and a person's talent card."""

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
from abdi.org.selectors import instansi_list_for_user
from abdi.people.masking import nip_from_key
from abdi.reference import codes
from abdi.talent import rules
from abdi.talent.forms import (
    RecomputeForm,
)
from abdi.talent.selectors import (
    grid_for_user,
    session_filters,
    session_for_user,
    talent_card_for_user,
)
from abdi.talent.services import (
    TalentError,
    recompute_request,
)
from abdi.talent.views.common import (
    _agencies,
    _cells,
    _filter_query,
    _filters,
    _guard,
    _int,
    _invalid,
    _is_admin,
    _is_national_admin,
    _job_of,
    _members_context,
    _nav,
    _numbering,
    _refusal,
    _render,
    _scope,
    _units,
    _with_query,
    _year,
)


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
               # the unit picker: of the chosen agency, or of the user's only one
               "units": _units(request, f.instansi_id or (agencies[0][0] if len(agencies) == 1 else "")),
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
