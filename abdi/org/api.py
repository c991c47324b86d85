"""``/api/v1/org`` (CONTRACTS §7): agencies and units in the caller's scope, beside the org browser's screens:
``/instansi`` (the agency list), ``/instansi/{id}`` (an agency's tree page: the top units the caller sees, with
staff counts), ``/unor/{id}`` and ``/unor/{id}/children`` (a unit page: its children with staff counts,
cursor-paginated), ``/staff-counts`` (the tree's lazily loaded count fragment)."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import AfterValidator, Field

from abdi.org.selectors import (
    instansi_get_for_user,
    instansi_list_for_user,
    unor_children_for_user,
    unor_get_for_user,
)
from abdi.people.selectors import DEFAULT_LIMIT, MAX_LIMIT, InvalidCursor, staff_counts_by_unor_for_user

router = Router(tags=["org"])


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("karakter NUL tidak diizinkan (NUL character not allowed)")
    return value


Text = Annotated[str, Field(max_length=200), AfterValidator(_no_nul)]
Code = Annotated[str, Field(max_length=40), AfterValidator(_no_nul)]
Cursor = Annotated[str, Field(max_length=500), AfterValidator(_no_nul)]


class Error(Schema):
    detail: str
    errors: list[dict]


class InstansiFilters(Schema):
    q: Text = ""
    jenis: Text | None = None
    cursor: Annotated[str, Field(max_length=500), AfterValidator(_no_nul)] | None = None
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


class UnorNodeOut(Schema):
    unor_id: str
    nama: str
    instansi_id: str
    eselon: str
    jenis_unor: str
    depth: int
    has_children: bool
    jumlah_pegawai: int  # civil servants placed directly in the unit (not its subtree), every kedudukan


class InstansiTreeOut(InstansiOut):
    units: list[UnorNodeOut]


class UnorChildrenFilters(Schema):
    cursor: Cursor | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class UnorChildrenPageOut(Schema):
    items: list[UnorNodeOut]
    next: str | None


class StaffCountsFilters(Schema):
    unor_id: list[Code] = Field(..., min_length=1, max_length=MAX_LIMIT)


class StaffCountOut(Schema):
    unor_id: str
    jumlah_pegawai: int


class StaffCountsOut(Schema):
    items: list[StaffCountOut]


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


def _encode_cursor(nama: str, instansi_id: str) -> str:
    raw = json.dumps([nama, instansi_id], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        nama, instansi_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, TypeError) as exc:
        raise InvalidCursor(cursor) from exc
    if not isinstance(nama, str) or not isinstance(instansi_id, str):
        raise InvalidCursor(cursor)
    return nama, instansi_id


@router.get("/instansi", response={200: InstansiPageOut, 401: Error, 422: Error}, summary="Daftar instansi")
def instansi_list(request, filters: Query[InstansiFilters]):
    """Agencies in the caller's scope, ordered by name then id, cursor-paginated."""
    rows = instansi_list_for_user(request.auth, q=filters.q, jenis=filters.jenis)  # ~640 at most
    if filters.cursor:
        after = _decode_cursor(filters.cursor)
        rows = [r for r in rows if (r.nama, r.instansi_id) > after]
    page, more = rows[: filters.limit], len(rows) > filters.limit
    return {"items": page, "next": _encode_cursor(page[-1].nama, page[-1].instansi_id) if more else None}


@router.get("/unor/{unor_id}", response={200: UnorOut, 401: Error, 404: Error}, summary="Satu unit organisasi")
def unor_detail(request, unor_id: str):
    """One unit and its direct children; 404 outside the caller's scope."""
    unor = unor_get_for_user(request.auth, unor_id)
    children = unor_children_for_user(request.auth, instansi_id=unor.instansi_id, parent_id=unor.pk)
    return {"unor_id": unor.unor_id, "nama": unor.nama, "instansi_id": unor.instansi_id,
            "diatasan_id": unor.diatasan_id, "eselon": unor.eselon, "jenis_unor": unor.jenis_unor,
            "lokasi_kabkota_kode": unor.lokasi_kabkota_id, "depth": unor.depth, "path": unor.path,
            "children": children}


def _with_counts(user, nodes) -> list[dict]:
    counts = staff_counts_by_unor_for_user(user, [n.unor_id for n in nodes])
    return [{**dataclasses.asdict(n), "jumlah_pegawai": counts.get(n.unor_id, 0)} for n in nodes]


@router.get("/instansi/{instansi_id}", response={200: InstansiTreeOut, 401: Error, 404: Error},
            summary="Satu instansi dan puncak pohon unitnya")
def instansi_detail(request, instansi_id: str):
    """One agency and the top of its unit tree that the caller sees (its root units, or the caller's scoped
    units in it), each with its staff count: the tree page. 404 outside the caller's scope."""
    instansi = instansi_get_for_user(request.auth, instansi_id)
    units = unor_children_for_user(request.auth, instansi_id=instansi.instansi_id)
    return {**dataclasses.asdict(instansi), "units": _with_counts(request.auth, units)}


@router.get("/unor/{unor_id}/children", response={200: UnorChildrenPageOut, 401: Error, 404: Error, 422: Error},
            summary="Unit di bawah satu unit")
def unor_children(request, unor_id: str, filters: Query[UnorChildrenFilters]):
    """The units directly below one unit, ordered by name then id, with staff counts, cursor-paginated
    (the unit page and the tree's expanding fragment). 404 outside the caller's scope."""
    unor = unor_get_for_user(request.auth, unor_id)
    after = _decode_cursor(filters.cursor) if filters.cursor else None
    nodes = unor_children_for_user(request.auth, instansi_id=unor.instansi_id, parent_id=unor.pk, after=after,
                                   limit=filters.limit + 1)
    page, more = nodes[: filters.limit], len(nodes) > filters.limit
    return {"items": _with_counts(request.auth, page),
            "next": _encode_cursor(page[-1].nama, page[-1].unor_id) if more else None}


@router.get("/staff-counts", response={200: StaffCountsOut, 401: Error, 422: Error},
            summary="Jumlah pegawai per unit")
def staff_counts(request, filters: Query[StaffCountsFilters]):
    """Civil servants placed directly in each unit asked for (``unor_id`` repeated, at most 500); units that
    do not exist or are outside the caller's scope are left out, as in the org tree's count fragment."""
    counts = staff_counts_by_unor_for_user(request.auth, filters.unor_id)
    return {"items": [{"unor_id": u, "jumlah_pegawai": n} for u, n in sorted(counts.items())]}
