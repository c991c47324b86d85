"""``/api/v1/employees`` (CONTRACTS §7). Reads go through the scoped selectors."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import BaseModel, Field

from abdi.core.api_types import Code, Cursor, Error, Text
from abdi.core.audit import audit_read
from abdi.people.masking import nip_from_key
from abdi.people.selectors import (
    DEFAULT_LIMIT,
    DEFAULT_SORT,
    MAX_LIMIT,
    InvalidSort,
    employee_list_for_user,
    employee_profile_for_user,
)

router = Router(tags=["employees"])


class EmployeeFilters(Schema):
    q: Text = ""
    instansi_id: Code | None = None
    unor_id: Code | None = None
    jenis_jabatan: Code | None = None
    golongan: Code | None = None
    kedudukan: Code | None = None
    cursor: Cursor | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    sort: Literal["nama", "-nama", "nip", "-nip"] = Field(
        DEFAULT_SORT, description="nama (then NIP) or nip, '-' for descending; nip orders need a role that may "
                                  "see birth dates (the NIP begins with one)")


# Output models are plain pydantic models: ninja's Schema resolves Django attributes field by field, which for a
# page of 50 rows costs more than the query (bench/api.py).
class EmployeeOut(BaseModel):
    ref: str
    nip: str
    nama: str
    nama_lengkap: str
    gelar_depan: str
    gelar_belakang: str
    tgl_lahir: dt.date | None
    jenis_kelamin: str
    jenis_pegawai: str
    status: str
    kedudukan: str
    golongan: str
    pendidikan: str
    tmt_cpns: dt.date | None
    instansi_id: str
    instansi_nama: str
    unor_id: str
    unor_nama: str
    jabatan_id: str
    jabatan_nama: str
    jenis_jabatan: str
    tmt_jabatan: dt.date | None
    lokasi_kabkota_kode: str


class EmployeePageOut(BaseModel):
    items: list[EmployeeOut]
    next: str | None


class HistoryOut(BaseModel):
    tmt: dt.date
    perubahan: str
    instansi_id: str
    instansi_nama: str
    unor_id: str
    unor_nama: str
    jabatan_id: str
    jabatan_nama: str
    golongan: str
    status: str
    kedudukan: str
    nomor_sk: str
    tanggal_sk: dt.date | None
    dicatat_pada: dt.datetime


class EmployeeDetailOut(BaseModel):
    ref: str
    nip: str
    personal_data: bool
    pns_id: str
    nip_lama: str
    nama: str
    nama_lengkap: str
    gelar_depan: str
    gelar_belakang: str
    tgl_lahir: dt.date | None
    jenis_kelamin: str
    jenis_pegawai: str
    status: str
    kedudukan: str
    golongan: str
    pendidikan: str
    tmt_cpns: dt.date
    tmt_pns: dt.date | None
    tmt_golongan: dt.date | None
    instansi_id: str
    instansi_nama: str
    unor_id: str
    unor_nama: str
    jabatan_id: str
    jabatan_nama: str
    jenis_jabatan: str
    jenjang: str
    kelas: int
    tmt_jabatan: dt.date
    lokasi_kabkota_kode: str
    lokasi_kabkota_nama: str
    instansi_kerja_id: str
    instansi_kerja_nama: str
    diperbarui_pada: dt.datetime | None
    riwayat: list[HistoryOut]


@router.get("", response={200: EmployeePageOut, 401: Error, 422: Error}, summary="Daftar pegawai")
def employee_list(request, filters: Query[EmployeeFilters]):
    """One page of the civil servants in the caller's scope, ordered by ``sort`` (default: name then NIP);
    every ``kedudukan`` unless filtered. NIPs are masked and ``tgl_lahir`` is null for roles without personal
    data, and those roles cannot sort by NIP (422). The next page is the same request with ``cursor=<next>``;
    a cursor is valid only with the sort order that produced it (422 otherwise)."""
    user = request.auth
    try:
        page = employee_list_for_user(
            user, q=filters.q, instansi_id=filters.instansi_id, unor_id=filters.unor_id,
            jenis_jabatan=filters.jenis_jabatan, golongan=filters.golongan, kedudukan=filters.kedudukan,
            after_cursor=filters.cursor, limit=filters.limit, sort=filters.sort)
    except InvalidSort:
        raise ValidationError([{"loc": ("query", "sort"), "msg": "urutan NIP hanya untuk peran yang boleh melihat "
                                "tanggal lahir (sorting by NIP needs personal-data access)"}]) from None
    items = [dict(row.__dict__) for row in page.items]  # flat rows: a shallow copy (asdict deep-copies)
    return {"items": items, "next": page.next_cursor}


@router.get("/{key}", response={200: EmployeeDetailOut, 401: Error, 404: Error}, summary="Satu pegawai")
def employee_detail(request, key: str):
    """One civil servant by NIP (or the opaque ``ref`` of a masked row) with the effective-dated history;
    404 outside the caller's scope. A successful read is recorded in the audit trail."""
    user = request.auth
    detail, history = employee_profile_for_user(user, key)
    audit_read(actor=user, object_type="pegawai", object_id=nip_from_key(key), instansi_id=detail.instansi_id,
               unor_path=detail.unor_path)
    return {**detail.__dict__, "riwayat": [h.__dict__ for h in history]}
