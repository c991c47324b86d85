"""The competency screens: a civil servant's competency profile (the latest assessment against the position's
standard: gaps and JPM with its categories, and the history) with the HR form to enter or correct an
assessment, and a position's competency standard (SKJ) with the national admin's form. Reads through
``competency.selectors``, writes through ``competency.services``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from abdi.competency import rules
from abdi.competency.models import StandarKompetensi
from abdi.competency.selectors import competency_profile, standard_of_position
from abdi.competency.services import HR_ROLES, CompetencyError, assessment_save, standard_set
from abdi.core.audit import audit_read
from abdi.people.masking import employee_ref, nip_from_key
from abdi.people.selectors import employee_queryset_for_user

# The labels of ``competency.rules`` are msgids, so the English catalog has its own words for them.
LABEL_WORDS = (
    gettext_noop("Integritas"), gettext_noop("Kerja Sama"), gettext_noop("Komunikasi"),
    gettext_noop("Orientasi pada Hasil"), gettext_noop("Pelayanan Publik"),
    gettext_noop("Pengembangan Diri dan Orang Lain"), gettext_noop("Mengelola Perubahan"),
    gettext_noop("Pengambilan Keputusan"), gettext_noop("Perekat Bangsa"), gettext_noop("Optimal"),
    gettext_noop("Cukup Optimal"), gettext_noop("Kurang Optimal"), gettext_noop("Memenuhi Syarat"),
    gettext_noop("Masih Memenuhi Syarat"), gettext_noop("Kurang Memenuhi Syarat"),
)


def _person(request, key: str):
    nip = nip_from_key(key)
    person = (employee_queryset_for_user(request.user).select_related("jabatan", "unor").filter(pk=nip).first()
              if nip else None)
    if person is None:
        raise Http404(_("Pegawai tidak ditemukan"))
    return person


def _may_enter(user) -> bool:
    return getattr(user, "role", "") in HR_ROLES


@login_required
def profile(request, key: str):
    person = _person(request, key)
    jenjang = person.jabatan.jenjang_id if person.jabatan else ""
    p = competency_profile(person.nip, person.jabatan_id, jenjang)
    if person.nip != (request.user.nip or ""):
        audit_read(actor=request.user, object_type="kompetensi", object_id=person.nip, action="kompetensi.view",
                   instansi_id=person.instansi_id, unor_path=getattr(person.unor, "path", "") or "")
    correcting = None
    koreksi = request.GET.get("koreksi", "")
    if koreksi.isdigit():
        correcting = next((a for a in p.riwayat if a.pk == int(koreksi)), None)
    latest = p.asesmen.levels() if p.asesmen else {}
    rows = [{"kode": k, "label": rules.LABELS[k], "level": latest.get(k), "standar": p.standar.get(k),
             "gap": p.gaps.get(k)} for k in rules.COMPETENCIES]
    return render(request, "competency/profile.html", {
        "person": person, "ref": employee_ref(person.nip), "p": p, "rows": rows,
        "jpm": rules.round_jpm(p.jpm) if p.jpm is not None else None,
        "may_enter": _may_enter(request.user), "correcting": correcting, "levels": rules.LEVELS,
        "competencies": [(k, rules.LABELS[k]) for k in rules.COMPETENCIES],
        "category_labels": rules.CATEGORY_LABELS, "today": dt.date.today().isoformat(),
    })


@login_required
@require_POST
def assessment_save_view(request, key: str):
    person = _person(request, key)
    back = reverse("competency:profile", args=[employee_ref(person.nip)])
    try:
        tanggal = dt.date.fromisoformat(request.POST.get("tanggal", ""))
    except ValueError:
        messages.error(request, _("Tanggal asesmen tidak sah (format YYYY-MM-DD)."))
        return redirect(back)
    asesmen_id = request.POST.get("asesmen_id", "")
    try:
        assessment_save(actor=request.user, nip=person.nip, tanggal=tanggal,
                        levels={k: request.POST.get(k) for k in rules.COMPETENCIES},
                        asesor=request.POST.get("asesor", ""), skor_potensi=request.POST.get("skor_potensi") or None,
                        catatan=request.POST.get("catatan", ""),
                        asesmen_id=int(asesmen_id) if asesmen_id.isdigit() else None)
    except CompetencyError as err:
        if err.status == 404:
            raise Http404(err.message) from None
        if err.status == 403:
            raise PermissionDenied(err.message) from None
        field = rules.LABELS.get(err.field, err.field)
        messages.error(request, f"{field}: {err.message}" if field else err.message)
        return redirect(back)
    messages.success(request, _("Hasil asesmen disimpan.") if not asesmen_id else _("Hasil asesmen dikoreksi."))
    return redirect(back)


@login_required
def standard(request, jabatan_id: str):
    from abdi.org.models import Jabatan

    jabatan = Jabatan.objects.filter(pk=jabatan_id).first()
    if jabatan is None:
        raise Http404(_("Jabatan tidak ditemukan"))
    values = standard_of_position(jabatan_id, jabatan.jenjang_id)
    own = StandarKompetensi.objects.filter(jabatan_id=jabatan_id).exists()
    access = getattr(request.user, "access", None)
    return render(request, "competency/standard.html", {
        "jabatan": jabatan, "own": own, "levels": rules.LEVELS,
        "rows": [{"kode": k, "label": rules.LABELS[k], "level": values.get(k)} for k in rules.COMPETENCIES],
        "may_edit": bool(access and access.national and access.role == "national_admin"),
    })


@login_required
@require_POST
def standard_save(request, jabatan_id: str):
    try:
        standard_set(actor=request.user, jabatan_id=jabatan_id,
                     levels={k: request.POST.get(k) or None for k in rules.COMPETENCIES})
    except CompetencyError as err:
        if err.status == 404:
            raise Http404(err.message) from None
        if err.status == 403:
            raise PermissionDenied(err.message) from None
        messages.error(request, f"{rules.LABELS.get(err.field, err.field)}: {err.message}")
        return redirect("competency:standard", jabatan_id=jabatan_id)
    messages.success(request, _("Standar kompetensi jabatan disimpan."))
    return redirect("competency:standard", jabatan_id=jabatan_id)
