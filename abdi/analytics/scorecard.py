"""The HR-development scorecard of one agency: a registry of indicators that each module fills in.

An indicator is a code, a label and ``compute(instansi_id, today) -> Value``; ``INDICATORS`` holds them in
display order. A later module adds or replaces its indicator in one place, from its ``AppConfig.ready``::

    from abdi.analytics.scorecard import Indicator, register
    register(Indicator("skp", _("Penyelesaian SKP"), compute=skp_completion, satuan="%"))

Until then the module's placeholder (``compute=None``) is shown as "not yet available", never as a number.
The indicators of this stage read the registry: the headcount at each 31 December of the last ten years
(from the effective-dated histories, one set-based statement), vacancies of structural positions (units
without an active head of the agency) and the retirements due in the next one and two years (the
dashboard's retirement wave).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abdi.analytics import selectors
from abdi.org.models import Unor
from abdi.people.models import Pegawai, RiwayatPegawai

TREND_YEARS = 10


@dataclass(frozen=True)
class Value:
    nilai: int | float | None
    penyebut: int | None = None  # e.g. the number of units a vacancy count is out of
    seri: list[dict] = field(default_factory=list)  # [{"label": ..., "nilai": ...}] for a trend
    catatan: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Promise | str
    compute: Callable[[str, dt.date], Value] | None = None  # None: the module is not built yet
    satuan: Promise | str = ""
    modul: str = ""  # the app that provides it


INDICATORS: list[Indicator] = []


def register(indicator: Indicator, *, after: str | None = None) -> None:
    """Add ``indicator``, or replace the one with the same code in its place (a module's placeholder); a new
    one goes right after the indicator coded ``after`` when given (a module keeps its indicators together)."""
    for i, known in enumerate(INDICATORS):
        if known.code == indicator.code:
            INDICATORS[i] = indicator
            return
    codes = [known.code for known in INDICATORS]
    if after in codes:
        INDICATORS.insert(codes.index(after) + 1, indicator)
    else:
        INDICATORS.append(indicator)


# --- reads (set-based) -------------------------------------------------------------------------------------
def year_ends(today: dt.date, years: int = TREND_YEARS) -> list[dt.date]:
    """The last ``years`` 31 Decembers before ``today``'s year, oldest first."""
    return [dt.date(today.year - k, 12, 31) for k in range(years, 0, -1)]


def headcount_at(instansi_id: str, days: list[dt.date]) -> dict[dt.date, int]:
    """Civil servants whose history places them, AKTIF, in ``instansi_id`` on each of ``days``.

    One statement: each history row of the people who were ever in the agency is in effect from its TMT until
    the TMT of the next row of the same NIP (``LEAD`` over the NIP's rows by TMT, then id); a row counts on day
    D when it is the agency's, AKTIF, and in effect on D. Window functions: PostgreSQL and SQLite ≥ 3.25."""
    if not days:
        return {}
    table = RiwayatPegawai._meta.db_table
    nip = RiwayatPegawai._meta.get_field("pegawai").column
    sums = ", ".join("SUM(CASE WHEN tmt <= %s AND (berikut IS NULL OR berikut > %s) THEN 1 ELSE 0 END)"
                     for _day in days)
    sql = (f"WITH h AS (SELECT instansi_id, kedudukan, tmt, LEAD(tmt) OVER (PARTITION BY {nip} ORDER BY tmt, id)"
           f" AS berikut FROM {table} WHERE {nip} IN (SELECT {nip} FROM {table} WHERE instansi_id = %s)) "
           f"SELECT {sums} FROM h WHERE instansi_id = %s AND kedudukan = 'AKTIF'")
    params: list = [instansi_id]  # in the order of the placeholders: the CTE's agency, the days, the agency
    for day in days:
        params += [day, day]
    params.append(instansi_id)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    return {day: int(n or 0) for day, n in zip(days, row, strict=True)}


def vacancies(instansi_id: str) -> tuple[int, int]:
    """(units whose head ``pemimpin_nip`` is empty or not an active civil servant of the agency, all units)."""
    units = Unor.objects.filter(instansi_id=instansi_id)
    heads = Pegawai.objects.filter(instansi_id=instansi_id, kedudukan="AKTIF").values("nip")
    return units.exclude(pemimpin_nip__in=heads).count(), units.count()


def retirement_wave(instansi_id: str, today: dt.date) -> dict[str, int]:
    """The dashboard's retirement wave of the agency (its aggregates when present, else the roster)."""
    figures, _ = selectors.figures_for_scope(selectors.Scope("instansi", instansi_id), today=today)
    return figures["gelombang_pensiun"]


# --- the indicators of this stage ------------------------------------------------------------------------
def headcount_trend(instansi_id: str, today: dt.date) -> Value:
    counts = headcount_at(instansi_id, year_ends(today))
    seri = [{"label": str(day.year), "nilai": n} for day, n in counts.items()]
    return Value(nilai=seri[-1]["nilai"] if seri else None, seri=seri,
                 catatan=str(_("ASN aktif di instansi pada 31 Desember tiap tahun, menurut riwayat.")))


def structural_vacancies(instansi_id: str, today: dt.date) -> Value:  # noqa: ARG001
    vacant, total = vacancies(instansi_id)
    return Value(nilai=vacant, penyebut=total,
                 catatan=str(_("Unit yang pimpinannya kosong atau bukan ASN aktif instansi ini.")))


def retirements_due(years: int) -> Callable[[str, dt.date], Value]:
    def compute(instansi_id: str, today: dt.date) -> Value:
        wave = retirement_wave(instansi_id, today)
        seri = [{"label": str(today.year + k), "nilai": wave.get(str(today.year + k), 0)} for k in range(years)]
        return Value(nilai=sum(s["nilai"] for s in seri), seri=seri,
                     catatan=str(_("PNS yang mencapai batas usia pensiun (termasuk yang sudah melewatinya).")))
    return compute


for _indicator in (
    Indicator("jumlah_asn_tren", _("Jumlah ASN aktif, 10 tahun terakhir"), headcount_trend, _("orang"), "people"),
    Indicator("lowongan_struktural", _("Lowongan jabatan struktural"), structural_vacancies, _("unit"), "org"),
    Indicator("pensiun_1_tahun", _("Pensiun dalam 1 tahun"), retirements_due(1), _("orang"), "people"),
    Indicator("pensiun_2_tahun", _("Pensiun dalam 2 tahun"), retirements_due(2), _("orang"), "people"),
    # placeholders: each module replaces its own with register() when it is built
    Indicator("penyelesaian_skp", _("Penyelesaian SKP"), None, "%", "performance"),
    Indicator("kedalaman_talenta", _("Kedalaman kelompok rencana suksesi (talent pool)"), None, "", "talent"),
    Indicator("kepatuhan_20_jp", _("Kepatuhan 20 JP pengembangan kompetensi"), None, "%", "learning"),
    Indicator("kesenjangan_kebutuhan", _("Kesenjangan kebutuhan pegawai (ABK)"), None, "", "planning"),
    Indicator("indeks_merit", _("Indeks sistem merit"), None, "", "merit"),
):
    register(_indicator)


# --- the scorecard ---------------------------------------------------------------------------------------
def scorecard_for_user(user, instansi_id: str, *, today: dt.date | None = None) -> dict:
    """Every registered indicator for one agency the user may see (``ScopeNotAllowed`` / ``NotFound`` as the
    dashboards). An indicator without ``compute`` is listed as not available, with no value."""
    scope = selectors.resolve_scope(user, "instansi", instansi_id)
    today = today or timezone.localdate()
    rows = []
    for ind in INDICATORS:
        value = ind.compute(scope.id, today) if ind.compute is not None else None
        rows.append({"kode": ind.code, "label": str(ind.label), "modul": ind.modul, "satuan": str(ind.satuan),
                     "tersedia": value is not None, "nilai": value.nilai if value else None,
                     "penyebut": value.penyebut if value else None, "seri": value.seri if value else [],
                     "catatan": value.catatan if value else str(_("belum tersedia (modul belum dibangun)"))})
    return {"instansi": {"id": scope.id, "nama": scope.nama}, "tanggal": today, "indikator": rows}
