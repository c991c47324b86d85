"""The org tree with staff counts under ``/api/v1/org`` (the data of the tree pages): the agency with the top of
its tree, a unit's children (paged) and the counts fragment, all with civil servants per unit. They live here
because the counts come from the people app and ``org`` imports no app but ``core``; scope as in the pages."""

from __future__ import annotations

import dataclasses

from ninja import Query, Router, Schema
from pydantic import Field

from abdi.core.api_types import Code, Cursor, Error
from abdi.org.api import InstansiOut
from abdi.org.selectors import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    decode_name_cursor,
    encode_name_cursor,
    instansi_get_for_user,
    unor_children_for_user,
    unor_get_for_user,
)
from abdi.people.selectors import staff_counts_by_unor_for_user

org_router = Router(tags=["org"])


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


def _with_counts(user, nodes) -> list[dict]:
    counts = staff_counts_by_unor_for_user(user, [n.unor_id for n in nodes])
    return [{**dataclasses.asdict(n), "jumlah_pegawai": counts.get(n.unor_id, 0)} for n in nodes]


@org_router.get("/instansi/{instansi_id}", response={200: InstansiTreeOut, 401: Error, 404: Error},
            summary="Satu instansi dan puncak pohon unitnya")
def instansi_detail(request, instansi_id: str):
    """One agency and the top of its unit tree that the caller sees (its root units, or the caller's scoped
    units in it), each with its staff count: the tree page. 404 outside the caller's scope."""
    instansi = instansi_get_for_user(request.auth, instansi_id)
    units = unor_children_for_user(request.auth, instansi_id=instansi.instansi_id)
    return {**dataclasses.asdict(instansi), "units": _with_counts(request.auth, units)}


@org_router.get("/unor/{unor_id}/children", response={200: UnorChildrenPageOut, 401: Error, 404: Error, 422: Error},
            summary="Unit di bawah satu unit")
def unor_children(request, unor_id: str, filters: Query[UnorChildrenFilters]):
    """The units directly below one unit, ordered by name then id, with staff counts, cursor-paginated
    (the unit page and the tree's expanding fragment). 404 outside the caller's scope."""
    unor = unor_get_for_user(request.auth, unor_id)
    after = decode_name_cursor(filters.cursor) if filters.cursor else None
    nodes = unor_children_for_user(request.auth, instansi_id=unor.instansi_id, parent_id=unor.pk, after=after,
                                   limit=filters.limit + 1)
    page, more = nodes[: filters.limit], len(nodes) > filters.limit
    return {"items": _with_counts(request.auth, page),
            "next": encode_name_cursor(page[-1].nama, page[-1].unor_id) if more else None}


@org_router.get("/staff-counts", response={200: StaffCountsOut, 401: Error, 422: Error},
            summary="Jumlah pegawai per unit")
def staff_counts(request, filters: Query[StaffCountsFilters]):
    """Civil servants placed directly in each unit asked for (``unor_id`` repeated, at most 500); units that
    do not exist or are outside the caller's scope are left out, as in the org tree's count fragment."""
    counts = staff_counts_by_unor_for_user(request.auth, filters.unor_id)
    return {"items": [{"unor_id": u, "jumlah_pegawai": n} for u, n in sorted(counts.items())]}
