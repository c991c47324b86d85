"""``/api/v1/skp``: the SKP cycle beside its screens (issue 5). The same selectors and services as the pages;
codes in, codes out (the screens show the official labels). Refusals use CONTRACTS §7: 404 for an SKP,
evaluation or person outside the caller's reach, 403 for a step the caller may never take (approving one's
own SKP, rating outside one's team), 409 for a step the SKP's state does not allow (or a stale ``versi``),
422 for invalid input."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from abdi.core.api_types import Code, Cursor, Error, text
from abdi.core.audit import audit_read
from abdi.people.masking import nip_as_seen_by
from abdi.people.selectors import employee_queryset_for_user
from abdi.performance import rules, selectors, services
from abdi.performance.models import SkpRating

router = Router(tags=["skp"])
Rating = Literal["DI_ATAS", "SESUAI", "DI_BAWAH"]
Periode = Literal[rules.PERIODS]  # type: ignore[valid-type]
Nilai = Literal[rules.BERAKHLAK]  # type: ignore[valid-type]
Tahun = Field(ge=2000, le=2100)
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _int_cursor_of(value: int) -> str:
    """An opaque cursor for a position in a list (an offset or the last id seen)."""
    return base64.urlsafe_b64encode(str(value).encode()).decode().rstrip("=")


def _int_cursor(cursor: str) -> int:
    """The position in an ``_int_cursor_of`` cursor (``ValueError`` for anything else)."""
    try:
        return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise ValueError(cursor) from exc


def _year() -> int:
    return timezone.localdate().year


# --- output --------------------------------------------------------------------------------------------------
class IndikatorOut(BaseModel):
    id: int
    aspek: str
    uraian: str
    target: str
    satuan: str


class HasilOut(BaseModel):
    id: int
    urutan: int
    jenis: str
    uraian: str
    intervensi_id: int | None
    indikator: list[IndikatorOut]


class RealisasiOut(BaseModel):
    hasil_id: int
    realisasi: str
    bukti: str
    umpan_balik: str


class EvaluasiOut(BaseModel):
    id: int
    periode: str
    status: str
    rating_hasil_kerja: str
    rating_perilaku_kerja: str
    predikat: str
    catatan: str
    realisasi: list[RealisasiOut]
    umpan_balik_perilaku: dict[str, str]


class CatatanOut(BaseModel):
    aksi: str
    oleh: str
    teks: str
    waktu: dt.datetime


class KeberatanOut(BaseModel):
    id: int
    evaluasi_id: int
    periode: str
    status: str
    alasan: str
    rating_hasil_semula: str
    rating_perilaku_semula: str
    rating_hasil_baru: str
    rating_perilaku_baru: str
    keputusan: str
    diajukan_pada: dt.datetime
    diputus_pada: dt.datetime | None


class SkpOut(BaseModel):
    id: int
    nip: str
    nama: str
    tahun: int
    status: str
    versi: int
    penilai_nip: str
    penilai_nama: str
    periodik: str
    periode_evaluasi: list[str]
    hasil: list[HasilOut]
    ekspektasi: dict[str, str]
    evaluasi: list[EvaluasiOut]
    catatan: list[CatatanOut]
    keberatan: list[KeberatanOut]
    predikat_tahunan: str
    angka_kredit: str | None = Field(None, description="annual credit points of a functional post, as a decimal "
                                                       "string; null when the post has none or no annual rating")


def _skp_out(user, skp) -> dict:
    d = selectors.skp_detail(skp, viewer_nip=getattr(user, "nip", "") or "")
    matrix = selectors.matrix_in_force(skp.tahun).data

    def pred(e) -> str:
        return rules.predikat(e.rating_hasil_kerja, e.rating_perilaku_kerja, matrix) \
            if e.rating_hasil_kerja and e.rating_perilaku_kerja else ""

    annual = d.evaluasi.get("TAHUNAN")
    _pred, credit = selectors.credit_points_of(skp.pegawai_id, skp.tahun)
    return {
        "id": skp.pk, "nip": nip_as_seen_by(user, skp.pegawai_id), "nama": skp.pegawai.nama, "tahun": skp.tahun,
        "status": skp.status, "versi": skp.versi, "penilai_nip": nip_as_seen_by(user, skp.penilai_nip) if skp.penilai_nip else "",
        "penilai_nama": d.penilai_nama, "periodik": skp.periodik, "periode_evaluasi": list(d.periods),
        "hasil": [{"id": h.pk, "urutan": h.urutan, "jenis": h.jenis, "uraian": h.uraian, "intervensi_id": h.intervensi_id,
                   "indikator": [{"id": i.pk, "aspek": i.aspek, "uraian": i.uraian, "target": i.target,
                                  "satuan": i.satuan} for i in h.indikator.all()]} for h in d.hasil],
        "ekspektasi": d.ekspektasi,
        "evaluasi": [{"id": e.pk, "periode": e.periode, "status": e.status, "rating_hasil_kerja": e.rating_hasil_kerja,
                      "rating_perilaku_kerja": e.rating_perilaku_kerja, "predikat": pred(e), "catatan": e.catatan,
                      "realisasi": [{"hasil_id": r.hasil_id, "realisasi": r.realisasi, "bukti": r.bukti,
                                     "umpan_balik": r.umpan_balik} for r in e.realisasi.all()],
                      "umpan_balik_perilaku": {u.nilai: u.umpan_balik for u in e.umpan_balik_perilaku.all()}}
                     for p in d.periods if (e := d.evaluasi.get(p)) is not None],
        "catatan": [{"aksi": c.aksi, "oleh": c.oleh, "teks": c.teks, "waktu": c.waktu} for c in d.catatan],
        "keberatan": [_objection_out(k) for k in d.keberatan],
        "predikat_tahunan": pred(annual) if annual is not None and annual.status == "FINAL" else "",
        "angka_kredit": str(credit) if credit is not None else None,
    }


def _objection_out(k) -> dict:
    return {"id": k.pk, "evaluasi_id": k.evaluasi_id, "periode": k.evaluasi.periode, "status": k.status,
            "alasan": k.alasan, "rating_hasil_semula": k.rating_hasil_semula,
            "rating_perilaku_semula": k.rating_perilaku_semula, "rating_hasil_baru": k.rating_hasil_baru,
            "rating_perilaku_baru": k.rating_perilaku_baru, "keputusan": k.keputusan,
            "diajukan_pada": k.diajukan_pada, "diputus_pada": k.diputus_pada}


def _get(request, skp_id: int):
    try:
        return selectors.skp_get_for_user(request.auth, skp_id)
    except selectors.SkpNotVisible:
        raise services.SkpError("SKP tidak ditemukan", status=404) from None


def _fresh(request, skp_id: int) -> tuple[int, dict]:
    return _skp_out(request.auth, _get(request, skp_id))


# --- the plan ------------------------------------------------------------------------------------------------
class CreateIn(Schema):
    tahun: int = Tahun


@router.get("/mine", response={200: SkpOut, **ERRORS}, summary="SKP saya")
def skp_mine(request, tahun: int = Query(None, ge=2000, le=2100)):
    """The caller's own SKP of ``tahun`` (default: this year); 404 when not yet drafted."""
    nip = getattr(request.auth, "nip", "") or ""
    skp = selectors.skp_of(nip, tahun or _year()) if nip else None
    if skp is None:
        raise services.SkpError("SKP belum disusun", status=404)
    return _fresh(request, skp.pk)


@router.post("", response={201: SkpOut, **ERRORS}, summary="Susun SKP")
def skp_create(request, body: CreateIn):
    """Draft the caller's own SKP of ``tahun``; the pejabat penilai is resolved from the unit tree or a
    delegation. 409 when the year already has one."""
    skp = services.skp_create(actor=request.auth, tahun=body.tahun)
    return Status(201, _skp_out(request.auth, _get(request, skp.pk)))


@router.get("/{int:skp_id}", response={200: SkpOut, **ERRORS}, summary="Satu SKP")
def skp_detail(request, skp_id: int):
    """An SKP the caller owns, assesses, decides an objection on, or sees through their scope. Reading someone
    else's SKP is recorded in the audit trail."""
    skp = _get(request, skp_id)
    if skp.pegawai_id != (getattr(request.auth, "nip", "") or ""):
        audit_read(actor=request.auth, object_type="skp", object_id=skp.pk, action="skp.view",
                   instansi_id=skp.pegawai.instansi_id, unor_path=getattr(skp.pegawai.unor, "path", "") or "")
    return _skp_out(request.auth, skp)


class IndikatorIn(Schema):
    aspek: Literal[rules.ASPEK]  # type: ignore[valid-type]
    uraian: text(500)
    target: text(100)
    satuan: text(40) = ""


class HasilIn(Schema):
    uraian: text(4000)
    jenis: Literal["UTAMA", "TAMBAHAN"] = "UTAMA"
    intervensi_id: int | None = Field(None, ge=1, le=2**62, description="the penilai's result this one supports")
    indikator: list[IndikatorIn] = Field(min_length=1, max_length=10)
    versi: int | None = Field(None, ge=0, le=2**31)


@router.post("/{int:skp_id}/results", response={201: SkpOut, **ERRORS}, summary="Tambah rencana hasil kerja")
def result_add(request, skp_id: int, body: HasilIn):
    skp = _get(request, skp_id)
    services.result_add(actor=request.auth, skp=skp, uraian=body.uraian, jenis=body.jenis,
                        intervensi_id=body.intervensi_id, indikator=[i.dict() for i in body.indikator],
                        versi=body.versi)
    return Status(201, _skp_out(request.auth, _get(request, skp_id)))


@router.delete("/{int:skp_id}/results/{int:hasil_id}", response={200: SkpOut, **ERRORS},
               summary="Hapus rencana hasil kerja")
def result_remove(request, skp_id: int, hasil_id: int, versi: int | None = Query(None, ge=0, le=2**31)):
    services.result_remove(actor=request.auth, skp=_get(request, skp_id), hasil_id=hasil_id, versi=versi)
    return _fresh(request, skp_id)


class StepIn(Schema):
    komentar: text(4000) = ""
    versi: int | None = Field(None, ge=0, le=2**31)


@router.post("/{int:skp_id}/submit", response={200: SkpOut, **ERRORS}, summary="Ajukan SKP")
def skp_submit(request, skp_id: int, body: StepIn):
    services.skp_submit(actor=request.auth, skp=_get(request, skp_id), versi=body.versi)
    return _fresh(request, skp_id)


@router.post("/{int:skp_id}/approve", response={200: SkpOut, **ERRORS}, summary="Setujui SKP")
def skp_approve(request, skp_id: int, body: StepIn):
    """The pejabat penilai approves a submitted SKP (403 for the owner and for anyone outside the team)."""
    services.skp_approve(actor=request.auth, skp=_get(request, skp_id), komentar=body.komentar, versi=body.versi)
    return _fresh(request, skp_id)


@router.post("/{int:skp_id}/return", response={200: SkpOut, **ERRORS}, summary="Kembalikan SKP")
def skp_return(request, skp_id: int, body: StepIn):
    """The pejabat penilai returns a submitted SKP with a comment (required)."""
    services.skp_return(actor=request.auth, skp=_get(request, skp_id), komentar=body.komentar, versi=body.versi)
    return _fresh(request, skp_id)


class TextIn(Schema):
    uraian: text(4000) = ""


@router.put("/{int:skp_id}/expectations/{nilai}", response={200: SkpOut, **ERRORS},
            summary="Ekspektasi perilaku (BerAKHLAK)")
def expectation_set(request, skp_id: int, nilai: Nilai, body: TextIn):
    """The penilai's specific expectation of one BerAKHLAK value; empty text removes it."""
    services.expectation_set(actor=request.auth, skp=_get(request, skp_id), nilai=nilai, uraian=body.uraian)
    return _fresh(request, skp_id)


class CommentIn(Schema):
    teks: text(4000)


@router.post("/{int:skp_id}/comments", response={201: SkpOut, **ERRORS}, summary="Komentar")
def comment_add(request, skp_id: int, body: CommentIn):
    services.comment_add(actor=request.auth, skp=_get(request, skp_id), teks=body.teks)
    return Status(201, _skp_out(request.auth, _get(request, skp_id)))


# --- evaluation ----------------------------------------------------------------------------------------------
class RealisasiIn(Schema):
    realisasi: text(4000)
    bukti: text(500) = ""


@router.put("/{int:skp_id}/evaluations/{periode}/realisation/{int:hasil_id}", response={200: SkpOut, **ERRORS},
            summary="Realisasi dan bukti")
def realisation_set(request, skp_id: int, periode: Periode, hasil_id: int, body: RealisasiIn):
    services.realisation_set(actor=request.auth, skp=_get(request, skp_id), periode=periode, hasil_id=hasil_id,
                             realisasi=body.realisasi, bukti=body.bukti)
    return _fresh(request, skp_id)


class RateIn(Schema):
    rating_hasil_kerja: Rating
    rating_perilaku_kerja: Rating
    catatan: text(4000) = ""
    umpan_balik: dict[int, text(4000)] = Field(default_factory=dict, description="feedback per result id")
    umpan_balik_perilaku: dict[Nilai, text(4000)] = Field(default_factory=dict,
                                                          description="feedback per BerAKHLAK value")


@router.put("/{int:skp_id}/evaluations/{periode}", response={200: SkpOut, **ERRORS}, summary="Nilai satu periode")
def evaluation_rate(request, skp_id: int, periode: Periode, body: RateIn):
    """The pejabat penilai rates a period. Periodic evaluations are final at once; the annual one is a draft
    until ``POST /skp/team/finalise``. For a unit head, the unit's organisational result sets the rating of
    results."""
    services.evaluation_rate(actor=request.auth, skp=_get(request, skp_id), periode=periode,
                             rating_hasil_kerja=body.rating_hasil_kerja,
                             rating_perilaku_kerja=body.rating_perilaku_kerja, catatan=body.catatan,
                             umpan_balik=body.umpan_balik, umpan_balik_perilaku=body.umpan_balik_perilaku)
    return _fresh(request, skp_id)


# --- objections ----------------------------------------------------------------------------------------------
class ObjectionIn(Schema):
    alasan: text(4000)


@router.post("/evaluations/{int:evaluasi_id}/objection", response={201: KeberatanOut, **ERRORS},
             summary="Ajukan keberatan")
def objection_file(request, evaluasi_id: int, body: ObjectionIn):
    """The employee objects to a final rating; it goes to the atasan pejabat penilai."""
    k = services.objection_file(actor=request.auth, evaluasi_id=evaluasi_id, alasan=body.alasan)
    return Status(201, _objection_out(k))


class ObjectionListOut(BaseModel):
    items: list[KeberatanOut]


@router.get("/objections", response={200: ObjectionListOut, **ERRORS}, summary="Keberatan yang harus diputus")
def objections(request, semua: bool = False):
    """Objections the caller decides as atasan pejabat penilai (open ones; ``semua=true`` for all)."""
    return {"items": [_objection_out(k) for k in selectors.objections_for_user(request.auth, open_only=not semua)]}


class DecisionIn(Schema):
    terima: bool
    keputusan: text(4000)
    rating_hasil_kerja: Rating | Literal[""] = ""
    rating_perilaku_kerja: Rating | Literal[""] = ""


@router.post("/objections/{int:keberatan_id}/decision", response={200: KeberatanOut, **ERRORS},
             summary="Putuskan keberatan")
def objection_decide(request, keberatan_id: int, body: DecisionIn):
    k = services.objection_decide(actor=request.auth, keberatan_id=keberatan_id, terima=body.terima,
                                  keputusan=body.keputusan, rating_hasil_kerja=body.rating_hasil_kerja,
                                  rating_perilaku_kerja=body.rating_perilaku_kerja)
    return _objection_out(k)


# --- the team ------------------------------------------------------------------------------------------------
class TeamRowOut(BaseModel):
    nip: str
    nama: str
    unor_nama: str
    skp_id: int | None
    status: str
    tahunan_hasil: str
    tahunan_perilaku: str
    tahunan_status: str
    predikat: str
    periodik_dinilai: int


class ViolationOut(BaseModel):
    predikat: list[str]
    aturan: str
    batas: float
    nilai: float


class DistributionOut(BaseModel):
    unor_id: str
    hasil_organisasi: str
    jumlah: dict[str, int]
    pelanggaran: list[ViolationOut]


class TeamOut(BaseModel):
    tahun: int
    items: list[TeamRowOut]
    distribusi: DistributionOut


def _distribution_out(check) -> dict:
    return {"unor_id": check.unor_id, "hasil_organisasi": check.hasil_organisasi, "jumlah": check.counts,
            "pelanggaran": [{"predikat": list(v.predikat), "aturan": v.rule, "batas": v.bound, "nilai": v.actual}
                            for v in check.violations]}


@router.get("/team", response={200: TeamOut, **ERRORS}, summary="Tim yang saya nilai")
def team(request, tahun: int = Query(None, ge=2000, le=2100)):
    """Everyone the caller assesses in ``tahun`` with their SKP status and annual rating, and the team's
    predikat against the pola distribusi of the caller's unit."""
    tahun = tahun or _year()
    rows = selectors.team_for_user(request.auth, tahun)
    items = [{**r.__dict__, "nip": nip_as_seen_by(request.auth, r.nip)} for r in rows]
    return {"tahun": tahun, "items": items,
                 "distribusi": _distribution_out(selectors.team_distribution(request.auth, tahun, rows))}


class FinaliseIn(Schema):
    tahun: int = Tahun
    konfirmasi: bool = False


class FinaliseOut(BaseModel):
    selesai: bool
    difinalkan: int
    belum_dinilai: int
    distribusi: DistributionOut


@router.post("/team/finalise", response={200: FinaliseOut, **ERRORS}, summary="Tetapkan penilaian tahunan tim")
def team_finalise(request, body: FinaliseIn):
    """Finalise the team's annual evaluations. When the team's predikat break the pola distribusi of the
    unit's organisational result, nothing changes (``selesai`` false, the violations listed) unless
    ``konfirmasi`` is true."""
    result = services.team_finalise(actor=request.auth, tahun=body.tahun, konfirmasi=body.konfirmasi)
    return {"selesai": result.done, "difinalkan": result.finalised, "belum_dinilai": len(result.missing),
                 "distribusi": _distribution_out(result.check)}


# --- agency HR -----------------------------------------------------------------------------------------------
class UnitCompletionOut(BaseModel):
    unor_id: str
    nama: str
    aktif: int
    skp_disusun: int
    skp_disetujui: int
    dinilai: int
    persen_dinilai: float | None
    predikat: dict[str, int]
    hasil_organisasi: str
    pelanggaran: list[ViolationOut]


class CompletionOut(BaseModel):
    instansi_id: str
    tahun: int
    total: dict
    items: list[UnitCompletionOut]
    next: str | None


def _org_scoped(request) -> None:
    access = getattr(request.auth, "access", None)
    if access is None or not access.org_scoped:
        raise services.SkpError("peran ini tidak melihat penyelesaian SKP instansi", status=403)


@router.get("/completion/{instansi_id}", response={200: CompletionOut, **ERRORS}, summary="Penyelesaian SKP instansi")
def completion(request, instansi_id: Code, tahun: int = Query(None, ge=2000, le=2100),
               limit: int = Query(100, ge=1, le=500), cursor: Cursor | None = None):
    """SKP completion per unit of an agency (the units and people of the caller's scope), with the totals,
    the predikat spread and the pola distribusi check. Pages of ``limit`` units in tree order."""
    _org_scoped(request)
    tahun = tahun or _year()
    try:
        rows = selectors.completion_for_user(request.auth, instansi_id, tahun)
    except selectors.InstansiNotVisible:
        raise services.SkpError("instansi tidak ditemukan", status=404) from None
    start = 0
    if cursor:
        try:
            start = _int_cursor(cursor)
        except ValueError:
            raise services.SkpError("kursor tidak dikenal", status=422, field="cursor") from None
    page = rows[start:start + limit]
    nxt = _int_cursor_of(start + limit) if start + limit < len(rows) else None
    items = [{**{k: getattr(r, k) for k in ("unor_id", "nama", "aktif", "skp_disusun", "skp_disetujui", "dinilai",
                                             "predikat", "hasil_organisasi")},
              "persen_dinilai": r.persen_dinilai,
              "pelanggaran": [{"predikat": list(v.predikat), "aturan": v.rule, "batas": v.bound, "nilai": v.actual}
                              for v in r.pelanggaran]} for r in page]
    return {"instansi_id": instansi_id, "tahun": tahun, "total": selectors.completion_totals(rows),
                 "items": items, "next": nxt}


class DelegationIn(Schema):
    penilai_nip: text(18) = Field("", description="empty: back to the unit tree")
    alasan: text(500)


class DelegationOut(BaseModel):
    nip: str
    tahun: int
    penilai_nip: str
    penilai_efektif: str


@router.put("/delegations/{nip}/{int:tahun}", response={200: DelegationOut, **ERRORS}, summary="Delegasi penilai")
def delegation_set(request, nip: text(18), tahun: int, body: DelegationIn):
    """HR sets another official as the pejabat penilai of ``nip`` for ``tahun`` (404 outside scope, 403 for
    roles that do not manage SKP)."""
    _org_scoped(request)
    if not 2000 <= tahun <= 2100:
        raise services.SkpError("tahun di luar rentang", status=422, field="tahun")
    services.delegation_set(actor=request.auth, nip=nip, tahun=tahun, penilai_nip=body.penilai_nip,
                            alasan=body.alasan)
    return {"nip": nip, "tahun": tahun, "penilai_nip": body.penilai_nip,
                 "penilai_efektif": selectors.penilai_for(nip, tahun)}


class OrgResultIn(Schema):
    hasil: Literal[rules.ORG_RESULTS]  # type: ignore[valid-type]


class OrgResultOut(BaseModel):
    unor_id: str
    tahun: int
    hasil: str


@router.put("/org-results/{unor_id}/{int:tahun}", response={200: OrgResultOut, **ERRORS},
            summary="Hasil kinerja organisasi")
def org_result_set(request, unor_id: Code, tahun: int, body: OrgResultIn):
    """A unit's organisational result of ``tahun``: by the head of the unit above, or HR in scope."""
    _org_scoped(request)
    if not 2000 <= tahun <= 2100:
        raise services.SkpError("tahun di luar rentang", status=422, field="tahun")
    services.org_result_set(actor=request.auth, unor_id=unor_id, tahun=tahun, hasil=body.hasil)
    return {"unor_id": unor_id, "tahun": tahun, "hasil": body.hasil}


# --- ratings (what the export holds) ---------------------------------------------------------------------
class RatingOut(BaseModel):
    nip: str
    tahun: int
    periode: str
    rating_hasil_kerja: str
    rating_perilaku_kerja: str
    predikat: str


class RatingPageOut(BaseModel):
    items: list[RatingOut]
    next: str | None


@router.get("/ratings", response={200: RatingPageOut, **ERRORS}, summary="Rating SKP (seperti ekspor skp)")
def ratings(request, tahun: int = Query(..., ge=2000, le=2100), instansi_id: Code | None = None,
            periode: Periode | None = None, limit: int = Query(50, ge=1, le=500), cursor: Cursor | None = None):
    """The SKP ratings of ``tahun`` of the people in the caller's scope, with the predikat computed from the
    matrix in force (the rows of ``abdi export skp``), in a stable order; the next page is the same request
    with ``cursor``."""
    qs = SkpRating.objects.filter(pegawai__in=employee_queryset_for_user(request.auth))
    if instansi_id:
        qs = qs.filter(pegawai__instansi_id=instansi_id)
    if periode:
        qs = qs.filter(periode=periode)
    if cursor:
        try:
            after = _int_cursor(cursor)
        except ValueError:
            raise services.SkpError("kursor tidak dikenal", status=422, field="cursor") from None
        qs = qs.filter(pk__gt=after)
    rows = list(selectors.ratings_with_predikat(tahun, qs).order_by("pk")
                .values_list("pk", "pegawai_id", "tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja",
                             "predikat")[:limit + 1])
    nxt = _int_cursor_of(rows[limit - 1][0]) if len(rows) > limit else None
    items = [{"nip": nip_as_seen_by(request.auth, r[1]), "tahun": r[2], "periode": r[3], "rating_hasil_kerja": r[4],
              "rating_perilaku_kerja": r[5], "predikat": r[6]} for r in rows[:limit]]
    return {"items": items, "next": nxt}
