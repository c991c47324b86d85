"""``/api/v1/planning/penyetaraan``: penyetaraan jabatan (DOMAIN §7) over the same selectors and services as the
screens: the eligible holders, the functional posts a level converts to, proposals (create, list, read,
approve, refuse, apply) and the effect on an agency's structure. 403 for a role that never takes the step or
never sees these data, 404 outside the caller's scope, 409 the proposal's state or a stale ``versi``, 422
invalid input or a holder who is not eligible."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from abdi.core.api_types import Code, Error, text
from abdi.people.masking import nip_as_seen_by
from abdi.planning import penyetaraan_selectors as sel
from abdi.planning import penyetaraan_services as svc
from abdi.planning.models import UsulanPenyetaraan

router = Router(tags=["penyetaraan jabatan"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
Tingkat = text(13)
Nip = text(18)


def _cursor(cursor: str | None) -> int:
    return int(cursor or 0)


def _next(offset: int, limit: int, total: int) -> str | None:
    return str(offset + limit) if offset + limit < total else None


# --- eligible holders and targets ------------------------------------------------------------------------
class CandidateOut(BaseModel):
    nip: str
    nama: str
    instansi_id: str
    unor_id: str
    unor_nama: str
    jabatan_id: str
    jabatan_nama: str
    golongan: str
    tingkat: str = Field(description="ADMINISTRATOR, PENGAWAS or V (eselon V, detected by the unit's eselon)")
    jenjang_tujuan: str
    usulan_id: int | None
    usulan_status: str


class CandidatesOut(BaseModel):
    items: list[CandidateOut]
    total: int
    next: str | None
    rule_version: int


@router.get("/candidates", response={200: CandidatesOut, **ERRORS}, summary="Pegawai yang dapat disetarakan")
def candidates(request, instansi_id: Code = "", tingkat: Tingkat = "", q: text(100) = "",
               limit: int = Query(50, ge=1, le=500), cursor: str | None = Query(None, max_length=12, pattern=r"^\d+$")):
    """Active holders of administrative posts in the caller's scope who may be converted under the rule set in
    force (unit heads and excluded posts left out as it says), with the level they convert to."""
    if tingkat and tingkat not in ("ADMINISTRATOR", "PENGAWAS", "V"):
        raise sel.PenyetaraanError("tingkat harus ADMINISTRATOR, PENGAWAS atau V", field="tingkat")
    offset = _cursor(cursor)
    rows, total = sel.candidates_for_user(request.auth, instansi_id=instansi_id, tingkat=tingkat, q=q, limit=limit,
                                          offset=offset)
    items = [{**r.__dict__, "nip": nip_as_seen_by(request.auth, r.nip)} for r in rows]
    return {"items": items, "total": total, "next": _next(offset, limit, total),
            "rule_version": sel.rules_now().version}


class TargetOut(BaseModel):
    jabatan_id: str
    nama: str
    rumpun: str
    kelas: int
    rumpun_sama: bool


@router.get("/targets", response={200: list[TargetOut], **ERRORS}, summary="Jabatan fungsional tujuan")
def targets(request, tingkat: Tingkat, rumpun: Code = ""):
    """The functional posts of the level ``tingkat`` converts to; those of job family ``rumpun`` first."""
    sel.viewer_access(request.auth)
    return [t.__dict__ for t in sel.targets_for(tingkat, rumpun={rumpun} if rumpun else set())]


# --- the rule set --------------------------------------------------------------------------------------------
class RulesOut(BaseModel):
    version: int = Field(description="0: the default shipped in code")
    valid_from: dt.date | None
    pemetaan: dict[str, str]
    eselon_v: list[str]
    kecualikan_pimpinan_unit: bool
    jabatan_dikecualikan: list[str]


def _rules_out(rules) -> dict:
    return {"version": rules.version, "valid_from": rules.valid_from, **rules.data}


@router.get("/rules", response={200: RulesOut, **ERRORS}, summary="Aturan penyetaraan yang berlaku")
def rules_get(request):
    sel.viewer_access(request.auth)
    return _rules_out(sel.rules_now())


class RulesIn(Schema):
    pemetaan: dict[text(13), text(15)] | None = None
    eselon_v: list[Code] | None = Field(None, max_length=20)
    kecualikan_pimpinan_unit: bool | None = None
    jabatan_dikecualikan: list[Code] | None = Field(None, max_length=5000)
    valid_from: dt.date | None = None
    catatan: text(300) = ""


@router.put("/rules", response={200: RulesOut, **ERRORS}, summary="Ubah aturan penyetaraan (versi baru)")
def rules_put(request, body: RulesIn):
    """A new version of the rule set from ``valid_from`` (default today), with the given keys replaced;
    national admins only."""
    change = body.dict(exclude={"valid_from", "catatan"}, exclude_none=True)
    return _rules_out(svc.rules_update(actor=request.auth, change=change, valid_from=body.valid_from,
                                       note=body.catatan))


# --- proposals ------------------------------------------------------------------------------------------------
class ProposalOut(BaseModel):
    id: int
    nip: str
    nama: str
    instansi_id: str
    unor_id: str
    jabatan_asal: str
    tingkat_asal: str
    jabatan_tujuan: str
    jenjang_tujuan: str
    catatan: str
    status: str
    rule_version: int
    diusulkan_oleh: str
    diusulkan_pada: dt.datetime
    diputus_oleh: str
    diputus_pada: dt.datetime | None
    catatan_putusan: str
    diterapkan_oleh: str
    diterapkan_pada: dt.datetime | None
    nomor_sk: str
    tanggal_sk: dt.date | None
    tmt: dt.date | None
    versi: int


def _out(user, u: UsulanPenyetaraan) -> dict:
    return {"id": u.pk, "nip": nip_as_seen_by(user, u.pegawai_id), "nama": getattr(u.pegawai, "nama", ""),
            "instansi_id": u.instansi_id, "unor_id": u.unor_id, "jabatan_asal": u.jabatan_asal_id,
            "tingkat_asal": u.tingkat_asal, "jabatan_tujuan": u.jabatan_tujuan_id, "jenjang_tujuan": u.jenjang_tujuan,
            "catatan": u.catatan, "status": u.status, "rule_version": u.rule_version,
            "diusulkan_oleh": u.diusulkan_oleh, "diusulkan_pada": u.diusulkan_pada, "diputus_oleh": u.diputus_oleh,
            "diputus_pada": u.diputus_pada, "catatan_putusan": u.catatan_putusan,
            "diterapkan_oleh": u.diterapkan_oleh, "diterapkan_pada": u.diterapkan_pada, "nomor_sk": u.nomor_sk,
            "tanggal_sk": u.tanggal_sk, "tmt": u.tmt, "versi": u.versi}


class ProposalsOut(BaseModel):
    items: list[ProposalOut]
    total: int
    next: str | None


@router.get("/proposals", response={200: ProposalsOut, **ERRORS}, summary="Usulan penyetaraan")
def proposals(request, status: text(10) = "", instansi_id: Code = "", limit: int = Query(50, ge=1, le=500),
              cursor: str | None = Query(None, max_length=12, pattern=r"^\d+$")):
    if status and status not in UsulanPenyetaraan.Status.values:
        raise sel.PenyetaraanError("status harus DIUSULKAN, DISETUJUI, DITOLAK atau DITERAPKAN", field="status")
    offset = _cursor(cursor)
    rows, total = sel.proposals_for_user(request.auth, status=status, instansi_id=instansi_id, limit=limit,
                                         offset=offset)
    return {"items": [_out(request.auth, u) for u in rows], "total": total, "next": _next(offset, limit, total)}


class ProposeIn(Schema):
    nips: list[Nip] = Field(min_length=1, max_length=svc.MAX_PER_PROPOSAL)
    jabatan_tujuan_id: Code
    catatan: text(500) = ""


class CreatedOut(BaseModel):
    items: list[ProposalOut]


@router.post("/proposals", response={201: CreatedOut, **ERRORS}, summary="Ajukan usulan penyetaraan")
def propose(request, body: ProposeIn):
    """Propose converting one or many eligible holders to one functional post (all or none)."""
    created = svc.proposal_create(actor=request.auth, nips=body.nips, jabatan_tujuan_id=body.jabatan_tujuan_id,
                                  catatan=body.catatan)
    return Status(201, {"items": [_out(request.auth, u) for u in created]})


@router.get("/proposals/{int:usulan_id}", response={200: ProposalOut, **ERRORS}, summary="Satu usulan penyetaraan")
def proposal(request, usulan_id: int):
    return _out(request.auth, sel.proposal_get_for_user(request.auth, usulan_id))


class DecideIn(Schema):
    versi: int | None = Field(None, ge=1)
    catatan: text(500) = ""


class RejectIn(Schema):
    versi: int | None = Field(None, ge=1)
    alasan: text(500)


class ApplyIn(Schema):
    versi: int | None = Field(None, ge=1)
    nomor_sk: text(100)
    tanggal_sk: dt.date | None = None
    tmt: dt.date | None = None


@router.post("/proposals/{int:usulan_id}/approve", response={200: ProposalOut, **ERRORS}, summary="Setujui usulan")
def approve(request, usulan_id: int, body: DecideIn):
    u = sel.proposal_get_for_user(request.auth, usulan_id)
    return _out(request.auth, svc.proposal_approve(actor=request.auth, usulan=u, catatan=body.catatan,
                                                   versi=body.versi))


@router.post("/proposals/{int:usulan_id}/reject", response={200: ProposalOut, **ERRORS}, summary="Tolak usulan")
def reject(request, usulan_id: int, body: RejectIn):
    u = sel.proposal_get_for_user(request.auth, usulan_id)
    return _out(request.auth, svc.proposal_reject(actor=request.auth, usulan=u, alasan=body.alasan, versi=body.versi))


@router.post("/proposals/{int:usulan_id}/apply", response={200: ProposalOut, **ERRORS}, summary="Terapkan usulan")
def apply(request, usulan_id: int, body: ApplyIn):
    """The holder moves to the functional post from ``tmt`` (default: ``tanggal_sk``, default today), with a
    history row carrying the SK."""
    u = sel.proposal_get_for_user(request.auth, usulan_id)
    return _out(request.auth, svc.proposal_apply(actor=request.auth, usulan=u, nomor_sk=body.nomor_sk,
                                                 tanggal_sk=body.tanggal_sk, tmt=body.tmt, versi=body.versi))


# --- the effect on the structure ---------------------------------------------------------------------------
class EffectRowOut(BaseModel):
    kategori: str
    sebelum: int
    sekarang: int
    setelah: int


class ConvertedOut(BaseModel):
    usulan_id: int
    nip: str
    nama: str
    jabatan_asal: str
    jabatan_tujuan: str
    nomor_sk: str
    tmt: dt.date | None


class EffectOut(BaseModel):
    instansi_id: str
    instansi_nama: str
    rows: list[EffectRowOut] = Field(description="active staff per position category: before the applied "
                                                 "conversions, now, and once the open proposals are applied")
    administrasi: list[int] = Field(description="Administrator + Pengawas + eselon V: before, now, after")
    fungsional: list[int] = Field(description="functional posts: before, now, after")
    disetarakan: list[ConvertedOut]
    disetarakan_total: int


@router.get("/effect", response={200: EffectOut, **ERRORS}, summary="Dampak penyetaraan pada struktur")
def effect(request, instansi_id: Code):
    e = sel.effect_for_user(request.auth, instansi_id)
    return {"instansi_id": e.instansi_id, "instansi_nama": e.instansi_nama, "rows": [r.__dict__ for r in e.rows],
            "administrasi": list(e.administrasi), "fungsional": list(e.fungsional),
            "disetarakan": [{"usulan_id": u.pk, "nip": nip_as_seen_by(request.auth, u.pegawai_id),
                             "nama": getattr(u.pegawai, "nama", ""), "jabatan_asal": u.jabatan_asal_id,
                             "jabatan_tujuan": u.jabatan_tujuan_id, "nomor_sk": u.nomor_sk, "tmt": u.tmt}
                            for u in e.converted],
            "disetarakan_total": e.converted_total}
