"""Writes of the competency app: an assessment entered or corrected on screen (HR in scope), and a position's
standard edited (national admins: the position catalogue is national). Audited; loads write the same tables
set-based (``bulk``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from abdi.competency import rules
from abdi.competency.models import Asesmen, StandarKompetensi
from abdi.core.audit import audit_record
from abdi.core.errors import Refused
from abdi.core.hooks import after_commit_change
from abdi.people.selectors import employee_queryset_for_user

HR_ROLES = ("national_admin", "agency_admin", "unit_hr")


class CompetencyError(Refused):
    """A refused competency step (``core.errors.Refused``)."""


def _levels(levels: dict) -> dict[str, int]:
    out = {}
    for k in rules.COMPETENCIES:
        try:
            value = int(levels.get(k))
        except (TypeError, ValueError):
            raise CompetencyError("level harus bilangan bulat 1–5", field=k) from None
        if value not in rules.LEVELS:
            raise CompetencyError("level harus bilangan bulat 1–5", field=k)
        out[k] = value
    return out


def _score(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        raise CompetencyError("skor potensi harus angka 0–100", field="skor_potensi") from None
    if not (0 <= score <= 100) or score.as_tuple().exponent < -2:
        raise CompetencyError("skor potensi harus angka 0–100 (paling banyak 2 desimal)", field="skor_potensi")
    return score


def assessment_save(*, actor, nip: str, tanggal: dt.date, levels: dict, asesor: str = "", skor_potensi=None,
                    catatan: str = "", asesmen_id: int | None = None) -> Asesmen:
    """Enter an assessment (or correct ``asesmen_id``) of a civil servant in the actor's scope: HR roles only
    (404 outside scope, 403 for other roles). The date may not be in the future; one assessment per date."""
    person = employee_queryset_for_user(actor).select_related("unor").filter(pk=nip).first()
    if person is None:
        raise CompetencyError("pegawai tidak ditemukan", status=404, field="nip")
    if getattr(actor, "role", "") not in HR_ROLES:
        raise CompetencyError("hanya pengelola SDM yang mencatat hasil asesmen", status=403)
    if tanggal > timezone.localdate():
        raise CompetencyError("tanggal asesmen tidak boleh setelah hari ini", field="tanggal")
    clean = _levels(levels)
    score = _score(skor_potensi)
    asesor, catatan = (asesor or "").strip()[:200], (catatan or "").strip()[:4000]
    with transaction.atomic():
        if asesmen_id is not None:
            row = Asesmen.objects.select_for_update().filter(pk=asesmen_id, pegawai_id=nip).first()
            if row is None:
                raise CompetencyError("asesmen tidak ditemukan", status=404)
            before = {**row.levels(), "tanggal": row.tanggal, "skor_potensi": row.skor_potensi, "asesor": row.asesor}
        else:
            row, before = Asesmen(pegawai_id=nip), None
        if Asesmen.objects.filter(pegawai_id=nip, tanggal=tanggal).exclude(pk=row.pk).exists():
            raise CompetencyError("sudah ada asesmen pada tanggal itu; koreksi yang ada", status=409, field="tanggal")
        for k, v in clean.items():
            setattr(row, k, v)
        row.tanggal, row.skor_potensi, row.asesor, row.catatan = tanggal, score, asesor, catatan
        row.dicatat_oleh = actor.username
        row.save()
        audit_record(actor=actor, action="kompetensi.asesmen" if before is None else "kompetensi.asesmen_koreksi",
                     object_type="asesmen", object_id=row.pk, before=before,
                     after={**clean, "tanggal": tanggal, "skor_potensi": score, "asesor": asesor, "nip": nip},
                     instansi_id=person.instansi_id, unor_path=getattr(person.unor, "path", "") or "")
        after_commit_change(kind="asesmen", nips=[nip])
    return row


def standard_set(*, actor, jabatan_id: str, levels: dict[str, int | None]) -> dict[str, int]:
    """Replace a position's own standard (competency → level 1–5; missing or empty: no standard for it; all
    empty: back to the default of its level). National admins only. Audited."""
    from abdi.org.models import Jabatan

    access = getattr(actor, "access", None)
    if access is None or not (access.national and access.role == "national_admin"):
        raise CompetencyError("standar kompetensi jabatan ditetapkan oleh admin nasional", status=403)
    if not Jabatan.objects.filter(pk=jabatan_id).exists():
        raise CompetencyError("jabatan tidak ditemukan", status=404)
    clean = {}
    for k in rules.COMPETENCIES:
        value = levels.get(k)
        if value in (None, ""):
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise CompetencyError("level harus bilangan bulat 1–5", field=k) from None
        if value not in rules.LEVELS:
            raise CompetencyError("level harus bilangan bulat 1–5", field=k)
        clean[k] = value
    with transaction.atomic():
        before = dict(StandarKompetensi.objects.filter(jabatan_id=jabatan_id).values_list("kompetensi", "level"))
        StandarKompetensi.objects.filter(jabatan_id=jabatan_id).delete()
        StandarKompetensi.objects.bulk_create([StandarKompetensi(jabatan_id=jabatan_id, kompetensi=k, level=v)
                                               for k, v in clean.items()])
        audit_record(actor=actor, action="kompetensi.standar", object_type="jabatan", object_id=jabatan_id,
                     before=before, after=clean)
        if before != clean:
            after_commit_change(kind="standar", jabatan_id=jabatan_id)
    return clean
