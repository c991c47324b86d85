"""``/api/v1/planning``: needs and the workload analysis, the gap analysis, and redistribution scenarios with
their plans (run, moves, compare, review, approve, apply), over the same selectors and services as the
screens. 403 for a role that never plans, 404 outside the caller's scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from abdi.core.api_types import Code, Error, text
from abdi.people.masking import nip_as_seen_by
from abdi.planning import needs, selectors, services
from abdi.planning.models import Kebutuhan, Skenario

router = Router()
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


# --- needs ---------------------------------------------------------------------------------------------------
class NeedIn(Schema):
    unor_id: Code
    jabatan_id: Code
    kebutuhan: int = Field(ge=0, le=100_000)
    prioritas: int = Field(1, ge=1, le=99)


class NeedOut(BaseModel):
    unor_id: str
    jabatan_id: str
    kebutuhan: int
    prioritas: int
    sumber: str


def _need_out(row: Kebutuhan) -> dict:
    return {"unor_id": row.unor_id, "jabatan_id": row.jabatan_id, "kebutuhan": row.kebutuhan,
            "prioritas": row.prioritas, "sumber": row.sumber}


@router.put("/needs", response={200: NeedOut, **ERRORS}, summary="Isi kebutuhan satu jabatan di satu unit")
def need_put(request, body: NeedIn):
    row = needs.need_set(actor=request.auth, unor_id=body.unor_id, jabatan_id=body.jabatan_id,
                         kebutuhan=body.kebutuhan, prioritas=body.prioritas)
    return _need_out(row)


class TaskIn(Schema):
    unor_id: Code
    jabatan_id: Code
    uraian: text(200)
    satuan: text(60) = ""
    volume: Decimal = Field(gt=0, le=Decimal("9999999999"), decimal_places=2)
    norma_jam: Decimal = Field(gt=0, le=Decimal("999999"), decimal_places=2)


class TaskOut(BaseModel):
    id: int
    uraian: str
    satuan: str
    volume: Decimal
    norma_jam: Decimal
    jam: Decimal


class AbkOut(BaseModel):
    unor_id: str
    jabatan_id: str
    tugas: list[TaskOut]
    jam_beban_kerja: Decimal
    jam_kerja_efektif: float
    kebutuhan_abk: int
    kebutuhan: int | None


class PositionQuery(Schema):
    unor_id: Code
    jabatan_id: Code


def _abk_out(user, unor_id: str, jabatan_id: str) -> dict:
    a = needs.abk_for_user(user, unor_id, jabatan_id)
    return {"unor_id": unor_id, "jabatan_id": jabatan_id, "jam_beban_kerja": a["jam_beban_kerja"],
            "jam_kerja_efektif": a["jam_kerja_efektif"], "kebutuhan_abk": a["kebutuhan_abk"],
            "kebutuhan": a["kebutuhan"].kebutuhan if a["kebutuhan"] else None,
            "tugas": [{"id": t.pk, "uraian": t.uraian, "satuan": t.satuan, "volume": t.volume, "norma_jam": t.norma_jam,
                       "jam": t.volume * t.norma_jam} for t in a["tugas"]]}


@router.get("/abk", response={200: AbkOut, **ERRORS}, summary="Analisis beban kerja satu jabatan")
def abk(request, q: Query[PositionQuery]):
    return _abk_out(request.auth, q.unor_id, q.jabatan_id)


@router.post("/abk/tasks", response={201: AbkOut, **ERRORS}, summary="Tambah tugas ABK")
def abk_task_add(request, body: TaskIn):
    needs.abk_task_add(actor=request.auth, unor_id=body.unor_id, jabatan_id=body.jabatan_id, uraian=body.uraian,
                       satuan=body.satuan, volume=body.volume, norma_jam=body.norma_jam)
    return Status(201, _abk_out(request.auth, body.unor_id, body.jabatan_id))


@router.delete("/abk/tasks/{int:tugas_id}", response={204: None, **ERRORS}, summary="Hapus tugas ABK")
def abk_task_remove(request, tugas_id: int):
    needs.abk_task_remove(actor=request.auth, tugas_id=tugas_id)
    return Status(204, None)


@router.post("/abk/apply", response={200: NeedOut, **ERRORS}, summary="Tetapkan kebutuhan dari ABK")
def abk_apply(request, body: PositionQuery):
    return _need_out(needs.abk_apply(actor=request.auth, unor_id=body.unor_id, jabatan_id=body.jabatan_id))


class GapQuery(Schema):
    tahun: int | None = Field(None, ge=2000, le=2100)
    by: Code = "instansi"
    instansi_id: Code = ""
    unor_id: Code = ""
    limit: int = Field(500, ge=1, le=5000)


class GapOut(BaseModel):
    key: str
    label: str
    kebutuhan: int
    bezetting: int
    pensiun: int
    proyeksi: int
    selisih: int
    surplus: int
    kekurangan: int
    pendidikan_kurang: int
    kompetensi_kurang: int


class GapsOut(BaseModel):
    tahun: int
    by: str
    items: list[GapOut]


@router.get("/gaps", response={200: GapsOut, **ERRORS}, summary="Kesenjangan kebutuhan dan bezetting")
def gaps(request, q: Query[GapQuery]):
    """Needs against staff projected to the end of ``tahun`` (default: next year), rolled up ``by`` instansi,
    provinsi, jabatan, rumpun or pasangan (unit × position); the largest deficit first."""
    year = q.tahun or timezone.localdate().year + 1
    rows = needs.gaps_for_user(request.auth, tahun=year, by=q.by, instansi_id=q.instansi_id, unor_id=q.unor_id,
                               limit=q.limit)
    return {"tahun": year, "by": q.by, "items": [{**r.__dict__, "selisih": r.selisih} for r in rows]}


# --- scenarios -----------------------------------------------------------------------------------------------
class ScenarioIn(Schema):
    nama: text(120)
    cakupan: Code
    cakupan_id: Code = ""
    tahun: int | None = Field(None, ge=2000, le=2100)
    parameter: dict = Field(default_factory=dict)


class ScenarioOut(BaseModel):
    id: int
    nama: str
    cakupan: str
    cakupan_id: str
    instansi_id: str
    tahun: int
    status: str
    job: str
    tahap: str
    persen: int
    pesan: str
    versi: int
    parameter: dict
    ringkasan: dict
    persetujuan: list[str]
    nomor_sk: str
    dibuat_oleh: str


def _scenario_out(sk: Skenario) -> dict:
    return {**{f: getattr(sk, f) for f in ("id", "nama", "cakupan", "cakupan_id", "instansi_id", "tahun", "status",
                                            "job", "tahap", "persen", "pesan", "versi", "parameter", "ringkasan",
                                            "nomor_sk", "dibuat_oleh")},
            "persetujuan": [p.instansi_id for p in selectors.approvals_of(sk)]}


class ScenariosOut(BaseModel):
    items: list[ScenarioOut]
    next: str | None


@router.get("/scenarios", response={200: ScenariosOut, **ERRORS}, summary="Daftar skenario")
def scenarios(request, limit: int = Query(20, ge=1, le=100),
              cursor: str | None = Query(None, max_length=12, pattern=r"^\d+$")):
    qs = selectors.scenarios_for_user(request.auth).order_by("-id")
    if cursor:
        qs = qs.filter(pk__lt=int(cursor))
    rows = list(qs[:limit + 1])
    more = len(rows) > limit
    return {"items": [_scenario_out(s) for s in rows[:limit]], "next": str(rows[limit - 1].pk) if more else None}


@router.post("/scenarios", response={201: ScenarioOut, **ERRORS}, summary="Buat skenario")
def scenario_create(request, body: ScenarioIn):
    sk = services.scenario_create(actor=request.auth, nama=body.nama, cakupan=body.cakupan, cakupan_id=body.cakupan_id,
                                  tahun=body.tahun, parameter=body.parameter)
    return Status(201, _scenario_out(sk))


@router.get("/scenarios/{int:skenario_id}", response={200: ScenarioOut, **ERRORS}, summary="Satu skenario")
def scenario(request, skenario_id: int):
    return _scenario_out(selectors.scenario_for_user(request.auth, skenario_id))


@router.post("/scenarios/{int:skenario_id}/run", response={202: ScenarioOut, **ERRORS}, summary="Jalankan skenario")
def scenario_run(request, skenario_id: int):
    """Queue the run (a background job with progress in ``tahap`` and ``persen``); its earlier moves go."""
    sk = services.scenario_run_request(actor=request.auth, skenario=selectors.scenario_for_user(request.auth, skenario_id))
    sk.refresh_from_db()
    return Status(202, _scenario_out(sk))


class MoveOut(BaseModel):
    nip: str
    instansi_asal: str
    unor_asal: str
    jabatan_asal: str
    instansi_tujuan: str
    unor_tujuan: str
    jabatan_tujuan: str
    jarak_km: int
    biaya: int
    lintas_instansi: bool
    lintas_provinsi: bool


class MovesOut(BaseModel):
    items: list[MoveOut]
    next: str | None


@router.get("/scenarios/{int:skenario_id}/moves", response={200: MovesOut, **ERRORS}, summary="Usulan mutasi")
def moves(request, skenario_id: int, limit: int = Query(50, ge=1, le=500),
          cursor: str | None = Query(None, max_length=18, pattern=r"^\d+$"), instansi_id: Code = ""):
    sk = selectors.scenario_for_user(request.auth, skenario_id)
    rows, nxt = selectors.moves_of(sk, after=cursor or "", limit=limit, instansi_id=instansi_id,
                                   instansi_ids=selectors.agencies_seen_by(request.auth))
    fields = MoveOut.model_fields
    return {"items": [{**{f: getattr(m, f) for f in fields}, "nip": nip_as_seen_by(request.auth, m.nip)} for m in rows],
            "next": nxt}


class CompareOut(BaseModel):
    skenario: list[int]
    angka: dict[str, list]
    sisa_kekurangan_provinsi: dict[str, list[int]]


class CompareQuery(Schema):
    ids: str = Field(max_length=60, pattern=r"^\d+(,\d+){0,3}$", description="1–4 scenario ids, comma-separated")


@router.get("/compare", response={200: CompareOut, **ERRORS}, summary="Bandingkan skenario")
def compare(request, q: Query[CompareQuery]):
    """The plan figures and the deficit left per province of 1–4 scenarios, side by side."""
    c = selectors.compare(request.auth, [int(i) for i in q.ids.split(",")])
    return {"skenario": [s.pk for s in c.scenarios], "angka": dict(c.figures), "sisa_kekurangan_provinsi": dict(c.provinces)}


class VersionIn(Schema):
    versi: int | None = None


class ApproveIn(VersionIn):
    instansi_id: Code
    catatan: text(300) = ""


class ApplyIn(VersionIn):
    nomor_sk: text(100)
    tanggal: dt.date | None = None


@router.post("/scenarios/{int:skenario_id}/review", response={200: ScenarioOut, **ERRORS}, summary="Tinjau rencana")
def review(request, skenario_id: int, body: VersionIn):
    sk = selectors.scenario_for_user(request.auth, skenario_id)
    return _scenario_out(services.plan_review(actor=request.auth, skenario=sk, versi=body.versi))


@router.post("/scenarios/{int:skenario_id}/approve", response={200: ScenarioOut, **ERRORS}, summary="Setujui rencana")
def approve(request, skenario_id: int, body: ApproveIn):
    sk = selectors.scenario_for_user(request.auth, skenario_id)
    return _scenario_out(services.plan_approve(actor=request.auth, skenario=sk, instansi_id=body.instansi_id,
                                               catatan=body.catatan, versi=body.versi))


@router.post("/scenarios/{int:skenario_id}/apply", response={200: ScenarioOut, **ERRORS}, summary="Terapkan rencana")
def apply(request, skenario_id: int, body: ApplyIn):
    sk = selectors.scenario_for_user(request.auth, skenario_id)
    return _scenario_out(services.plan_apply(actor=request.auth, skenario=sk, nomor_sk=body.nomor_sk,
                                             tanggal=body.tanggal, versi=body.versi))
