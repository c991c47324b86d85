"""``/api/v1/competency``: a civil servant's competency profile (latest assessment, standard, gaps, JPM), the
assessments entered and corrected by HR, and a position's standard (SKJ)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import BaseModel, Field

from abdi.competency import rules, selectors, services
from abdi.competency.models import StandarKompetensi
from abdi.core.api_types import Code, Error, text
from abdi.core.audit import audit_read
from abdi.people.selectors import employee_queryset_for_user

router = Router(tags=["competency"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
Level = Field(ge=1, le=5)


class AssessmentOut(BaseModel):
    id: int
    tanggal: dt.date
    level: dict[str, int]
    skor_potensi: float | None
    asesor: str
    dicatat_oleh: str


class ProfileOut(BaseModel):
    nip: str
    jabatan_id: str
    standar: dict[str, int]
    gap: dict[str, int]
    jpm: float | None
    kategori_pemetaan: str
    kategori_seleksi: str
    asesmen: list[AssessmentOut]


def _assessment_out(a) -> dict:
    return {"id": a.pk, "tanggal": a.tanggal, "level": a.levels(),
            "skor_potensi": float(a.skor_potensi) if a.skor_potensi is not None else None,
            "asesor": a.asesor, "dicatat_oleh": a.dicatat_oleh}


def _person(request, nip: str):
    person = employee_queryset_for_user(request.auth).select_related("jabatan", "unor").filter(pk=nip).first()
    if person is None:
        raise services.CompetencyError("pegawai tidak ditemukan", status=404)
    return person


@router.get("/profile/{nip}", response={200: ProfileOut, **ERRORS}, summary="Profil kompetensi")
def profile(request, nip: text(18)):
    """The latest assessment against the position's standard: gaps and JPM (with both categories), and the
    assessment history. Anyone who may see the person; the read of someone else's is audited."""
    person = _person(request, nip)
    p = selectors.competency_profile(nip, person.jabatan_id, person.jabatan.jenjang_id if person.jabatan else "")
    if nip != getattr(request.auth, "nip", ""):
        audit_read(actor=request.auth, object_type="kompetensi", object_id=nip, action="kompetensi.view",
                   instansi_id=person.instansi_id, unor_path=getattr(person.unor, "path", "") or "")
    return {"nip": nip, "jabatan_id": person.jabatan_id, "standar": p.standar, "gap": p.gaps,
            "jpm": float(rules.round_jpm(p.jpm)) if p.jpm is not None else None,
            "kategori_pemetaan": p.kategori_pemetaan, "kategori_seleksi": p.kategori_seleksi,
            "asesmen": [_assessment_out(a) for a in p.riwayat]}


class AssessmentIn(Schema):
    nip: text(18)
    tanggal: dt.date
    integritas: int = Level
    kerja_sama: int = Level
    komunikasi: int = Level
    orientasi_hasil: int = Level
    pelayanan_publik: int = Level
    pengembangan_diri: int = Level
    mengelola_perubahan: int = Level
    pengambilan_keputusan: int = Level
    perekat_bangsa: int = Level
    skor_potensi: float | None = Field(None, ge=0, le=100)
    asesor: text(200) = ""
    catatan: text(4000) = ""


def _save(request, body: AssessmentIn, asesmen_id: int | None):
    levels = {k: getattr(body, k) for k in rules.COMPETENCIES}
    return services.assessment_save(actor=request.auth, nip=body.nip, tanggal=body.tanggal, levels=levels,
                                    asesor=body.asesor, skor_potensi=body.skor_potensi, catatan=body.catatan,
                                    asesmen_id=asesmen_id)


@router.post("/assessments", response={201: AssessmentOut, **ERRORS}, summary="Catat hasil asesmen")
def assessment_add(request, body: AssessmentIn):
    return Status(201, _assessment_out(_save(request, body, None)))


@router.put("/assessments/{int:asesmen_id}", response={200: AssessmentOut, **ERRORS}, summary="Koreksi hasil asesmen")
def assessment_correct(request, asesmen_id: int, body: AssessmentIn):
    return _assessment_out(_save(request, body, asesmen_id))


class StandardOut(BaseModel):
    jabatan_id: str
    sendiri: bool = Field(description="true: the position's own rows; false: the default of its level")
    standar: dict[str, int]


@router.get("/standards/{jabatan_id}", response={200: StandardOut, **ERRORS}, summary="Standar kompetensi jabatan")
def standard(request, jabatan_id: Code):
    from abdi.org.models import Jabatan

    jab = Jabatan.objects.filter(pk=jabatan_id).values_list("jenjang_id", flat=True).first()
    if jab is None:
        raise services.CompetencyError("jabatan tidak ditemukan", status=404)
    own = StandarKompetensi.objects.filter(jabatan_id=jabatan_id).exists()
    return {"jabatan_id": jabatan_id, "sendiri": own, "standar": selectors.standard_of_position(jabatan_id, jab)}


class StandardIn(Schema):
    standar: dict[str, int | None] = Field(description="competency -> level 1–5; empty or missing: none")


@router.put("/standards/{jabatan_id}", response={200: StandardOut, **ERRORS}, summary="Tetapkan standar jabatan")
def standard_set(request, jabatan_id: Code, body: StandardIn):
    services.standard_set(actor=request.auth, jabatan_id=jabatan_id, levels=body.standar)
    return standard(request, jabatan_id)
