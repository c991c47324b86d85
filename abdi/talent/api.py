"""``/api/v1/talent``: the 9-box grid and its members, a person's talent card, recompute jobs, calibration
sessions, the committee permission, pools and the succession board, over the same selectors and services as
the screens. Boxes are DOMAIN §2's numbers; ``nomor`` gives the configured screen numbering. 403 for a role
that never sees talent data, 404 outside the caller's scope."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from abdi.core.api_types import Code, Cursor, Error, text
from abdi.core.audit import audit_read
from abdi.org.selectors import DEFAULT_LIMIT, MAX_LIMIT
from abdi.people.masking import nip_as_seen_by
from abdi.talent import compute, rules, selectors, services
from abdi.talent.models import HitungKotak

router = Router(tags=["talent"])
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _guard(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except selectors.TalentNotAllowed:
        raise services.TalentError("peran ini tidak melihat data talenta", status=403) from None
    except selectors.TalentNotVisible:
        raise services.TalentError("tidak ditemukan", status=404) from None


def _year(tahun: int | None) -> int:
    year = tahun or selectors.latest_year()
    if year is None:
        raise services.TalentError("belum ada 9-box yang dihitung", status=404)
    return year


class GridFilters(Schema):
    tahun: int | None = Field(None, ge=2000, le=2100)
    instansi_id: Code = ""
    unor_id: Code = ""
    jenjang: Code = ""
    jenis_kelamin: Code = ""


class GridOut(BaseModel):
    tahun: int
    hitung: dict[int, int]
    berlaku: dict[int, int]
    total: int
    dikalibrasi: int
    nomor: list[list[int]] = Field(description="screen numbering: rows DI_ATAS, SESUAI, DI_BAWAH; columns RENDAH, "
                                               "MENENGAH, TINGGI")
    tindakan: dict[int, str]


def _filters(f: GridFilters) -> selectors.Filters:
    return selectors.Filters(f.instansi_id, f.unor_id, f.jenjang, f.jenis_kelamin)


class PageQuery(Schema):
    """CONTRACTS §7 lists: ``limit`` rows (default 50, at most 500), the next page with ``cursor=<next>``."""
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: Cursor | None = None


@router.get("/grid", response={200: GridOut, **ERRORS}, summary="Grid 9-box")
def grid(request, f: Query[GridFilters]):
    """Counts per box (computed and in force after calibration) for the caller's scope and the filters."""
    year = _year(f.tahun)
    g = _guard(selectors.grid_for_user, request.auth, year, _filters(f))
    return {"tahun": g.tahun, "hitung": g.hitung, "berlaku": g.berlaku, "total": g.total, "dikalibrasi": g.dikalibrasi,
            "nomor": compute.rules_for(year).data["nomor"], "tindakan": rules.ACTIONS}


class MemberOut(BaseModel):
    nip: str
    nama: str
    unor_nama: str
    jabatan_nama: str
    kotak: int
    kotak_kalibrasi: int | None
    jpm: float


class MembersOut(BaseModel):
    items: list[MemberOut]
    total: int
    next: str | None


@router.get("/grid/{int:kotak}/members", response={200: MembersOut, **ERRORS}, summary="Anggota satu kotak")
def members(request, kotak: int, f: Query[GridFilters], limit: int = Query(50, ge=1, le=500),
            cursor: str | None = Query(None, max_length=12, pattern=r"^\d+$")):
    if kotak not in range(1, 10):
        raise services.TalentError("kotak harus 1–9", field="kotak")
    offset = int(cursor or 0)
    rows, total = _guard(selectors.box_members_for_user, request.auth, _year(f.tahun), kotak, _filters(f),
                         limit=limit, offset=offset)
    items = [{**r.__dict__, "nip": nip_as_seen_by(request.auth, r.nip)} for r in rows]
    return {"items": items, "total": total, "next": str(offset + limit) if offset + limit < total else None}


class CardOut(BaseModel):
    nip: str
    nama: str
    jabatan: str
    unor: str
    kinerja: list[dict]
    asesmen_tanggal: dt.date | None
    level: dict[str, int]
    standar: dict[str, int]
    gap: dict[str, int]
    jpm: float | None
    kategori_pemetaan: str
    kotak: list[dict]
    kalibrasi: list[dict]
    kelompok: list[dict]
    tindakan: str


@router.get("/card/{nip}", response={200: CardOut, **ERRORS}, summary="Kartu talenta")
def card(request, nip: text(18)):
    """A person's performance history, assessments and gaps, box history with calibrations, and pools; the
    read is audited."""
    c = _guard(selectors.talent_card_for_user, request.auth, nip)
    p = c.pegawai
    if nip != getattr(request.auth, "nip", ""):
        audit_read(actor=request.auth, object_type="talenta", object_id=nip, action="talent.view",
                   instansi_id=p.instansi_id, unor_path=getattr(p.unor, "path", "") or "")
    k = c.kompetensi
    return {"nip": nip_as_seen_by(request.auth, nip), "nama": p.nama, "jabatan": getattr(p.jabatan, "nama", ""),
            "unor": getattr(p.unor, "nama", ""), "kinerja": c.kinerja,
            "asesmen_tanggal": k.asesmen.tanggal if k.asesmen else None,
            "level": k.asesmen.levels() if k.asesmen else {}, "standar": k.standar, "gap": k.gaps,
            "jpm": float(round(k.jpm, 2)) if k.jpm is not None else None, "kategori_pemetaan": k.kategori_pemetaan,
            "kotak": c.kotak,
            "kalibrasi": [{"tahun": m.tahun, "dari": m.kotak_sebelum, "ke": m.kotak, "alasan": m.alasan, "oleh": m.oleh,
                           "waktu": m.waktu, "berlaku": m.berlaku, "sesi": m.sesi.nama} for m in c.kalibrasi],
            "kelompok": [{"kelompok": a.kelompok.nama, "masuk": a.masuk_pada, "keluar": a.keluar_pada}
                         for a in c.kelompok],
            "tindakan": c.tindakan}


# --- recompute jobs ----------------------------------------------------------------------------------------
class RecomputeIn(Schema):
    tahun: int = Field(ge=2000, le=2100)
    instansi_id: Code = ""


class JobOut(BaseModel):
    id: int
    tahun: int
    instansi_id: str
    status: str
    tahap: str
    persen: int
    hasil: dict


def _job_out(job) -> dict:
    return {"id": job.pk, "tahun": job.tahun, "instansi_id": job.instansi_id, "status": job.status, "tahap": job.tahap,
            "persen": job.persen, "hasil": job.hasil}


@router.post("/recompute", response={202: JobOut, **ERRORS}, summary="Hitung ulang 9-box")
def recompute(request, body: RecomputeIn):
    """Queue a 9-box recompute of a year for an agency (admins of it) or the nation (national admin); follow it
    with ``GET /talent/jobs/{id}``."""
    job = services.recompute_request(actor=request.auth, tahun=body.tahun, instansi_id=body.instansi_id)
    return Status(202, _job_out(job))


@router.get("/jobs/{int:job_id}", response={200: JobOut, **ERRORS}, summary="Status penghitungan")
def job(request, job_id: int):
    row = HitungKotak.objects.filter(pk=job_id, oleh=request.auth.username).first()
    if row is None:
        raise services.TalentError("tidak ditemukan", status=404)
    return _job_out(row)


# --- calibration -------------------------------------------------------------------------------------------
class SessionIn(Schema):
    nama: text(200)
    tahun: int = Field(ge=2000, le=2100)
    instansi_id: Code
    unor_id: Code = ""


class SessionOut(BaseModel):
    id: int
    nama: str
    tahun: int
    instansi_id: str
    unor_id: str
    status: str
    dibuat_oleh: str
    dibuka_pada: dt.datetime
    ditutup_pada: dt.datetime | None
    kalibrasi: list[dict]


def _session_out(user, s) -> dict:
    return {"id": s.pk, "nama": s.nama, "tahun": s.tahun, "instansi_id": s.instansi_id, "unor_id": s.unor_id or "",
            "status": s.status, "dibuat_oleh": s.dibuat_oleh, "dibuka_pada": s.dibuka_pada, "ditutup_pada": s.ditutup_pada,
            "kalibrasi": [{"nip": nip_as_seen_by(user, m.pegawai_id), "dari": m.kotak_sebelum, "ke": m.kotak,
                           "kotak_hitung": m.kotak_hitung, "alasan": m.alasan, "oleh": m.oleh, "waktu": m.waktu,
                           "berlaku": m.berlaku} for m in _moves(s)]}


def _moves(s) -> list:
    """A session's moves in order: the list prefetched them (no query per session); one session reads them."""
    return sorted(s.kalibrasi.all(), key=lambda m: m.pk)


class SessionListOut(BaseModel):
    items: list[SessionOut]
    next: str | None


@router.get("/sessions", response={200: SessionListOut, **ERRORS}, summary="Sesi kalibrasi")
def sessions(request, filters: Query[PageQuery]):
    """The sessions the caller may open, newest first, with their moves; the next page with ``cursor=<next>``."""
    rows = _guard(selectors.sessions_for_user, request.auth, after=filters.cursor, limit=filters.limit,
                  with_moves=True)
    return {"items": [_session_out(request.auth, s) for s in rows.items], "next": rows.next_cursor}


@router.post("/sessions", response={201: SessionOut, **ERRORS}, summary="Buka sesi kalibrasi")
def session_open(request, body: SessionIn):
    s = services.session_open(actor=request.auth, nama=body.nama, tahun=body.tahun, instansi_id=body.instansi_id,
                              unor_id=body.unor_id)
    return Status(201, _session_out(request.auth, s))


@router.get("/sessions/{int:sesi_id}", response={200: SessionOut, **ERRORS}, summary="Satu sesi kalibrasi")
def session(request, sesi_id: int):
    return _session_out(request.auth, _guard(selectors.session_for_user, request.auth, sesi_id))


class MoveIn(Schema):
    nip: text(18)
    kotak: int = Field(ge=1, le=9)
    alasan: text(2000)


@router.post("/sessions/{int:sesi_id}/moves", response={201: SessionOut, **ERRORS}, summary="Kalibrasi satu orang")
def move(request, sesi_id: int, body: MoveIn):
    """Move a person of the session's grid to another box (DOMAIN §2 number) with a mandatory reason."""
    sesi = _guard(selectors.session_for_user, request.auth, sesi_id)
    services.calibrate(actor=request.auth, sesi=sesi, nip=body.nip, kotak=body.kotak, alasan=body.alasan)
    return Status(201, _session_out(request.auth, sesi))


class CloseIn(Schema):
    catatan: text(4000) = ""


@router.post("/sessions/{int:sesi_id}/close", response={200: SessionOut, **ERRORS}, summary="Tutup sesi")
def session_close(request, sesi_id: int, body: CloseIn):
    sesi = _guard(selectors.session_for_user, request.auth, sesi_id)
    return _session_out(request.auth, services.session_close(actor=request.auth, sesi=sesi, catatan=body.catatan))


class CommitteeIn(Schema):
    username: text(150)
    instansi_id: Code
    unor_id: Code = ""


class CommitteeOut(BaseModel):
    username: str
    instansi_id: str
    unor_id: str


@router.post("/committee", response={201: CommitteeOut, **ERRORS}, summary="Beri izin komite talenta")
def committee(request, body: CommitteeIn):
    services.committee_grant(actor=request.auth, username=body.username, instansi_id=body.instansi_id,
                             unor_id=body.unor_id)
    return Status(201, {"username": body.username, "instansi_id": body.instansi_id, "unor_id": body.unor_id})


# --- pools -------------------------------------------------------------------------------------------------
class PoolIn(Schema):
    nama: text(200)
    tingkat: text(8)
    instansi_id: Code = ""
    kotak: list[int] = Field(default_factory=lambda: [7, 8, 9], max_length=9)
    min_tahun_sebelum_pensiun: int = Field(2, ge=0, le=10)


class PoolOut(BaseModel):
    id: int
    nama: str
    tingkat: str
    instansi_id: str
    kotak: list[int]
    min_tahun_sebelum_pensiun: int
    anggota: int


class PoolListOut(BaseModel):
    items: list[PoolOut]
    next: str | None


def _pool_out(p, n: int) -> dict:
    return {"id": p.pk, "nama": p.nama, "tingkat": p.tingkat, "instansi_id": p.instansi_id or "", "kotak": p.kotak,
            "min_tahun_sebelum_pensiun": p.min_tahun_sebelum_pensiun, "anggota": n}


@router.get("/pools", response={200: PoolListOut, **ERRORS}, summary="Kelompok talenta")
def pools(request, filters: Query[PageQuery]):
    """The pools the caller sees with their active members, by name; the next page with ``cursor=<next>``."""
    rows = _guard(selectors.pools_for_user, request.auth, after=filters.cursor, limit=filters.limit)
    return {"items": [_pool_out(r["kelompok"], r["anggota"]) for r in rows.items], "next": rows.next_cursor}


@router.post("/pools", response={201: PoolOut, **ERRORS}, summary="Buat kelompok talenta")
def pool_create(request, body: PoolIn):
    p = services.pool_create(actor=request.auth, nama=body.nama, tingkat=body.tingkat, instansi_id=body.instansi_id,
                             kotak=body.kotak, min_tahun_sebelum_pensiun=body.min_tahun_sebelum_pensiun)
    return Status(201, _pool_out(p, 0))


class RefreshIn(Schema):
    tahun: int = Field(ge=2000, le=2100)


@router.post("/pools/refresh", response={200: dict, **ERRORS}, summary="Segarkan keanggotaan kelompok")
def pools_refresh(request, body: RefreshIn):
    """Recompute every pool's membership from the boxes in force (national admins)."""
    access = getattr(request.auth, "access", None)
    if access is None or not (access.national and access.role == "national_admin"):
        raise services.TalentError("hanya admin nasional", status=403)
    return {str(k): v for k, v in services.pools_refresh(tahun=body.tahun, actor=request.auth).items()}


# --- succession ----------------------------------------------------------------------------------------------
class SuccessorOut(BaseModel):
    peringkat: int
    nip: str
    nama: str
    skor: float
    kotak: int
    kesiapan: str


class KeyPositionOut(BaseModel):
    id: int
    instansi_id: str
    unor_id: str
    unor_nama: str
    jabatan_id: str
    jabatan_nama: str
    pemangku_nip: str
    pemangku_nama: str
    pensiun: dt.date | None
    pensiun_2_tahun: bool
    siap_sekarang: int
    status: str = Field(description="aman, rawan or kritis (bench strength of the position)")
    pengganti_darurat: str
    suksesor: list[SuccessorOut]


class KeyPositionListOut(BaseModel):
    items: list[KeyPositionOut]
    next: str | None


def _board_out(user, row) -> dict:
    t = row.target
    return {"id": t.pk, "instansi_id": t.instansi_id, "unor_id": t.unor_id, "unor_nama": t.unor.nama,
            "jabatan_id": t.jabatan_id, "jabatan_nama": t.jabatan.nama,
            "pemangku_nip": nip_as_seen_by(user, row.pemangku_nip) if row.pemangku_nip else "",
            "pemangku_nama": row.pemangku_nama, "pensiun": row.pensiun, "pensiun_2_tahun": row.pensiun_2_tahun,
            "siap_sekarang": row.siap_sekarang, "status": row.status,
            "pengganti_darurat": nip_as_seen_by(user, t.pengganti_darurat) if t.pengganti_darurat else "",
            "suksesor": [{"peringkat": s.peringkat, "nip": nip_as_seen_by(user, s.pegawai_id), "nama": s.nama,
                          "skor": float(s.skor), "kotak": s.kotak, "kesiapan": s.kesiapan} for s in row.suksesor]}


class KeyPositionQuery(PageQuery):
    instansi_id: Code = ""


@router.get("/key-positions", response={200: KeyPositionListOut, **ERRORS}, summary="Papan suksesi")
def key_positions(request, filters: Query[KeyPositionQuery]):
    """The key positions in the caller's scope (of one agency) in tree order, with incumbent and successors; the
    next page with ``cursor=<next>``."""
    rows = _guard(selectors.succession_board_page, request.auth, filters.instansi_id,
                  after=filters.cursor, limit=filters.limit)
    return {"items": [_board_out(request.auth, r) for r in rows.items], "next": rows.next_cursor}


class KeyPositionIn(Schema):
    unor_id: Code
    jabatan_id: Code
    catatan: text(2000) = ""


@router.post("/key-positions", response={201: KeyPositionOut, **ERRORS}, summary="Tetapkan jabatan target")
def key_position_add(request, body: KeyPositionIn):
    target = services.key_position_add(actor=request.auth, unor_id=body.unor_id, jabatan_id=body.jabatan_id,
                                       catatan=body.catatan)
    row = _guard(selectors.succession_board_for_user, request.auth, target_id=target.pk)[0]
    return Status(201, _board_out(request.auth, row))


@router.get("/key-positions/{int:target_id}", response={200: KeyPositionOut, **ERRORS}, summary="Satu jabatan target")
def key_position(request, target_id: int):
    return _board_out(request.auth, _guard(selectors.succession_board_for_user, request.auth, target_id=target_id)[0])


class EmergencyIn(Schema):
    nip: text(18) = ""


@router.put("/key-positions/{int:target_id}/emergency", response={200: KeyPositionOut, **ERRORS},
            summary="Pengganti darurat")
def emergency(request, target_id: int, body: EmergencyIn):
    target = _guard(selectors.key_position_for_user, request.auth, target_id)
    services.emergency_successor_set(actor=request.auth, target=target, nip=body.nip)
    return _board_out(request.auth, _guard(selectors.succession_board_for_user, request.auth, target_id=target_id)[0])


class SuccessionRunIn(Schema):
    instansi_id: Code = ""


@router.post("/successors/recompute", response={200: dict, **ERRORS}, summary="Peringkat ulang suksesor")
def successors_recompute(request, body: SuccessionRunIn):
    """Rank the successors of the key positions of an agency (its admins) or of all (national admins)."""
    access = getattr(request.auth, "access", None)
    if access is None or access.role not in ("national_admin", "agency_admin"):
        raise services.TalentError("hanya admin", status=403)
    if not body.instansi_id and not access.national:
        raise services.TalentError("peringkat nasional oleh admin nasional", status=403)
    if body.instansi_id and not (access.national or body.instansi_id in access.instansi_ids):
        raise services.TalentError("instansi tidak ditemukan", status=404, field="instansi_id")
    return services.successors_recompute(instansi_id=body.instansi_id, actor=request.auth)


class BenchOut(BaseModel):
    jabatan_target: int
    dengan_siap_sekarang: int
    tanpa_siap_sekarang: int
    tanpa_siap_pensiun_2_tahun: int


@router.get("/bench-strength/{instansi_id}", response={200: BenchOut, **ERRORS}, summary="Kekuatan suksesi instansi")
def bench(request, instansi_id: Code):
    scope = _guard(selectors.scope_or_403, request.auth)
    if not scope.sees_instansi(instansi_id):
        raise services.TalentError("tidak ditemukan", status=404)
    return selectors.bench_strength(instansi_id)
