"""``/api/v1/org`` (CONTRACTS §7): agencies and units in the caller's scope, beside the org browser's screens:
``/instansi`` (the agency list), ``/instansi/{id}`` (an agency's tree page: the top units the caller sees, with
staff counts), ``/unor/{id}`` and ``/unor/{id}/children`` (a unit page: its children with staff counts,
cursor-paginated), ``/staff-counts`` (the tree's lazily loaded count fragment)."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import Field

from abdi.core.api_types import Cursor, Error, Text
from abdi.org.selectors import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    decode_name_cursor,
    encode_name_cursor,
    instansi_list_for_user,
    unor_children_for_user,
    unor_get_for_user,
)

router = Router(tags=["org"])


Cursor = Cursor


class InstansiFilters(Schema):
    q: Text = ""
    jenis: Text | None = None
    cursor: Cursor | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class InstansiOut(Schema):
    instansi_id: str
    nama: str
    jenis: str
    provinsi_nama: str


class InstansiPageOut(Schema):
    items: list[InstansiOut]
    next: str | None


class UnorChildOut(Schema):
    unor_id: str
    nama: str
    eselon: str
    jenis_unor: str
    has_children: bool


class UnorOut(Schema):
    unor_id: str
    nama: str
    instansi_id: str
    diatasan_id: str | None
    eselon: str
    jenis_unor: str
    lokasi_kabkota_kode: str | None
    depth: int
    path: str
    children: list[UnorChildOut]


@router.get("/instansi", response={200: InstansiPageOut, 401: Error, 422: Error}, summary="Daftar instansi")
def instansi_list(request, filters: Query[InstansiFilters]):
    """Agencies in the caller's scope, ordered by name then id, cursor-paginated."""
    rows = instansi_list_for_user(request.auth, q=filters.q, jenis=filters.jenis)  # ~640 at most
    if filters.cursor:
        after = decode_name_cursor(filters.cursor)
        rows = [r for r in rows if (r.nama, r.instansi_id) > after]
    page, more = rows[: filters.limit], len(rows) > filters.limit
    return {"items": page, "next": encode_name_cursor(page[-1].nama, page[-1].instansi_id) if more else None}


@router.get("/unor/{unor_id}", response={200: UnorOut, 401: Error, 404: Error}, summary="Satu unit organisasi")
def unor_detail(request, unor_id: str):
    """One unit and its direct children; 404 outside the caller's scope."""
    unor = unor_get_for_user(request.auth, unor_id)
    children = unor_children_for_user(request.auth, instansi_id=unor.instansi_id, parent_id=unor.pk)
    return {"unor_id": unor.unor_id, "nama": unor.nama, "instansi_id": unor.instansi_id,
            "diatasan_id": unor.diatasan_id, "eselon": unor.eselon, "jenis_unor": unor.jenis_unor,
            "lokasi_kabkota_kode": unor.lokasi_kabkota_id, "depth": unor.depth, "path": unor.path,
            "children": children}
