"""``/api/v1/analytics``: the dashboard data, the numbers of one chart, and an agency's scorecard. The same
selectors as the pages (``analytics.selectors``, ``analytics.scorecard``); 403 for a scope kind the role never
sees, 404 for an object outside the caller's scope, 422 for a bad parameter."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BaseModel, Field

from abdi.analytics import charts as chart_defs
from abdi.analytics.scorecard import scorecard_for_user
from abdi.analytics.selectors import Filters, ScopeNotAllowed, dashboard_for_user
from abdi.core.api_types import Code, Error
from abdi.org.selectors import NotFound
from abdi.reference import codes

router = Router(tags=["analytics"])

JenisPegawai = Literal[("",) + codes.JENIS_PEGAWAI]
JenisJabatan = Literal[("",) + codes.JENIS_JABATAN]
Pendidikan = Literal[("",) + codes.PENDIDIKAN_CODES]
Golongan = Literal[("",) + codes.GOLONGAN_PNS_CODES + codes.GOLONGAN_PPPK_CODES]


class DashboardQuery(Schema):
    cakupan: Literal["nasional", "instansi", "provinsi", "unor"] | None = Field(
        None, description="the scope kind; without it, the caller's own scope (nation, first instansi or unit)")
    id: Code = Field("", description="instansi_id, province code or unor_id (not for nasional)")
    jenis_pegawai: JenisPegawai = ""
    jenis_jabatan: JenisJabatan = ""
    pendidikan: Pendidikan = ""
    golongan: Golongan = ""

    def filters(self) -> Filters:
        return Filters(jenis_pegawai=self.jenis_pegawai, jenis_jabatan=self.jenis_jabatan,
                       pendidikan=self.pendidikan, golongan=self.golongan)


class ScopeOut(BaseModel):
    jenis: str
    id: str
    nama: str


class PyramidRow(BaseModel):
    kelompok: str
    L: int
    P: int


class LevelOut(BaseModel):
    jenjang: str
    jumlah: int
    perempuan: int
    porsi_perempuan: float | None


class LeadershipOut(BaseModel):
    jenjang: list[LevelOut]
    porsi_perempuan_semua: float | None


class ProvinceOut(BaseModel):
    provinsi: str
    nama: str
    lat: float | None
    lon: float | None
    asn: int
    penduduk: int | None
    per_100_penduduk: float
    rasio_median: float | None


class FamilyProvinceOut(BaseModel):
    provinsi: str
    nama: str
    pegawai: int
    unit: int
    rasio: float
    rasio_median: float | None


class FamilyOut(BaseModel):
    ukuran: str
    rumpun: str
    unit: list[str]
    provinsi: list[FamilyProvinceOut]


class DashboardOut(BaseModel):
    cakupan: ScopeOut
    saringan: dict[str, str]
    sumber: Literal["agregat", "mentah"] = Field(description="agregat: pre-aggregated tables; mentah: the roster")
    diperbarui: dt.datetime | None = Field(description="when the aggregates were last refreshed (agregat only)")
    tahun_acuan: int
    total: int
    by_jenis_pegawai: dict[str, int]
    by_jenis_kelamin: dict[str, int]
    by_pusat_daerah: dict[str, int]
    by_instansi: dict[str, int]
    by_provinsi: dict[str, int]
    by_pendidikan: dict[str, int]
    by_golongan: dict[str, int]
    by_jenis_jabatan: dict[str, int]
    by_generasi: dict[str, int]
    piramida_usia: list[PyramidRow]
    gelombang_pensiun: dict[str, int]
    kepemimpinan_perempuan: LeadershipOut
    per_100_penduduk: dict[str, float]
    ketimpangan_provinsi: list[ProvinceOut]
    ketimpangan_rumpun: list[FamilyOut]


Cell = int | float | str | None


class SeriesOut(BaseModel):
    grafik: str
    judul: str
    cakupan: ScopeOut
    saringan: dict[str, str]
    kolom: list[str] = Field(description="column keys, in row order")
    judul_kolom: list[str] = Field(description="column headers, in the active language")
    baris: list[list[Cell]] = Field(description="exactly the numbers of the chart (its table and CSV/XLSX)")
    catatan: str


class SeriesPoint(BaseModel):
    label: str
    nilai: int | float | None


class IndicatorOut(BaseModel):
    kode: str
    label: str
    modul: str
    satuan: str
    tersedia: bool = Field(description="false: the module that provides it is not built yet (no value)")
    nilai: int | float | None
    penyebut: int | None
    seri: list[SeriesPoint]
    catatan: str


class InstansiRef(BaseModel):
    id: str
    nama: str


class ScorecardOut(BaseModel):
    instansi: InstansiRef
    tanggal: dt.date
    indikator: list[IndicatorOut]


def _dashboard(request, q: DashboardQuery) -> dict:
    try:
        return dashboard_for_user(request.auth, kind=q.cakupan, scope_id=q.id if q.cakupan else "",
                                  filters=q.filters())
    except ScopeNotAllowed as exc:
        raise HttpError(403, str(exc)) from None


@router.get("/dashboard", response={200: DashboardOut, 401: Error, 403: Error, 404: Error, 422: Error},
            summary="Data dasbor analitik")
def dashboard(request, q: Query[DashboardQuery]):
    """Every figure of the dashboard for the caller's own scope or the one asked for (``cakupan`` + ``id``),
    with the filters; national and provincial views are for national roles (403), an instansi or unit outside
    the caller's scope is 404."""
    return _dashboard(request, q)


SERIES_DOC = ("Exactly the numbers of one chart (the rows of its table and of its CSV/XLSX download), for the "
              "same scope and filters as the dashboard. Charts: " + ", ".join(chart_defs.BY_SLUG) + ". ``asean`` "
              "is only for the unfiltered national view (404 otherwise); an unknown chart is 404.")


@router.get("/series/{chart}", response={200: SeriesOut, 401: Error, 403: Error, 404: Error, 422: Error},
            summary="Angka satu grafik", description=SERIES_DOC)
def series(request, chart: Code, q: Query[DashboardQuery]):
    definition = chart_defs.BY_SLUG.get(chart)
    if definition is None:
        raise NotFound(chart)
    data = _dashboard(request, q)
    if not definition.available(data):
        raise NotFound(chart)
    header, rows = chart_defs.table(definition, data)
    return {"grafik": definition.slug, "judul": str(definition.title), "cakupan": data["cakupan"],
            "saringan": data["saringan"], "kolom": [k for k, _label in definition.columns], "judul_kolom": header,
            "baris": rows, "catatan": str(definition.note)}


@router.get("/scorecard/{instansi_id}",
            response={200: ScorecardOut, 401: Error, 403: Error, 404: Error, 422: Error},
            summary="Kartu skor pengembangan SDM instansi")
def scorecard(request, instansi_id: Code):
    """The registered HR-development indicators of one agency; an indicator whose module is not built yet has
    ``tersedia: false`` and no value. 404 for an instansi outside the caller's scope."""
    try:
        return scorecard_for_user(request.auth, instansi_id)
    except ScopeNotAllowed as exc:
        raise HttpError(403, str(exc)) from None
