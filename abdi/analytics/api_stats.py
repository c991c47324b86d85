"""``GET /api/v1/stats`` (CONTRACTS §7): the §6 body for the caller's scope (national roles: the nation;
agency roles: their agency; unit roles: their unit subtree), or for ``cakupan``/``id`` inside it, with the
dashboards' filters. Served from the aggregates where they cover the request."""

from __future__ import annotations

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from abdi.analytics.selectors import Filters, ScopeNotAllowed, dashboard_for_user
from abdi.core.api_types import Code, Error

router = Router(tags=["stats"])

CONTRACT_KEYS = ("total", "by_jenis_pegawai", "by_jenis_kelamin", "by_pusat_daerah", "by_instansi", "by_provinsi",
                 "by_pendidikan", "by_jenis_jabatan", "by_golongan", "by_generasi", "perempuan_pimpinan",
                 "per_100_penduduk", "pensiun_5_tahun")


class StatsQuery(Schema):
    cakupan: Code | None = None  # nasional | instansi | provinsi | unor
    id: Code = ""
    jenis_pegawai: Code = ""
    jenis_jabatan: Code = ""
    pendidikan: Code = ""
    golongan: Code = ""


@router.get("", response={200: dict, 401: Error, 403: Error, 404: Error, 422: Error}, summary="Statistik ASN aktif")
def stats(request, query: Query[StatsQuery]):
    """Workforce statistics of active civil servants (same body as ``abdi stats --json``, CONTRACTS §6)."""
    filters = Filters(jenis_pegawai=query.jenis_pegawai, jenis_jabatan=query.jenis_jabatan,
                      pendidikan=query.pendidikan, golongan=query.golongan)
    try:
        data = dashboard_for_user(request.auth, kind=query.cakupan, scope_id=query.id, filters=filters)
    except ScopeNotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    return {key: data[key] for key in CONTRACT_KEYS}
