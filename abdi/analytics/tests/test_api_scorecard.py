"""``/api/v1/analytics`` per role, the series equal the charts' rows, the dashboard endpoint's query count does
not grow with the data when served from aggregates, and the scorecard's indicators against an independent
computation over the test world's roster and histories."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from abdi.analytics import charts as chart_defs
from abdi.analytics import scorecard
from abdi.analytics.selectors import dashboard_for_user
from abdi.analytics.services import refresh
from abdi.analytics.tests.conftest import client_for
from abdi.org.models import Jabatan, Unor
from abdi.people.models import Pegawai, RiwayatPegawai

pytestmark = pytest.mark.django_db


def test_dashboard_per_role(refreshed, users):
    national = client_for(users.national_analyst).get("/api/v1/analytics/dashboard")
    assert national.status_code == 200
    body = national.json()
    expected = json.loads(json.dumps(dashboard_for_user(users.national_analyst), default=str))
    assert body["total"] == expected["total"] and body["by_instansi"] == expected["by_instansi"]
    assert body["cakupan"]["jenis"] == "nasional" and body["sumber"] == "agregat"

    admin = client_for(users.admin_a)
    own = admin.get("/api/v1/analytics/dashboard").json()
    assert own["cakupan"]["id"] == "KAB-A" and set(own["by_instansi"]) == {"KAB-A"}
    assert admin.get("/api/v1/analytics/dashboard?cakupan=instansi&id=KAB-B").status_code == 404
    refused = admin.get("/api/v1/analytics/dashboard?cakupan=nasional")
    assert refused.status_code == 403 and set(refused.json()) == {"detail", "errors"}
    assert admin.get("/api/v1/analytics/dashboard?cakupan=bulan").status_code == 422
    assert admin.get("/api/v1/analytics/dashboard?golongan=X/z").status_code == 422

    hr = client_for(users.hr_a1).get("/api/v1/analytics/dashboard").json()
    assert hr["cakupan"] == {"jenis": "unor", "id": "A1", "nama": "Dinas Pendidikan"}
    assert hr["total"] == Pegawai.objects.filter(unor_id__in=["A1", "A11"], kedudukan="AKTIF").count()
    assert client_for(users.employee_b).get("/api/v1/analytics/dashboard").status_code == 403
    assert Client().get("/api/v1/analytics/dashboard").status_code == 401


def test_series_are_the_charts_rows(refreshed, users):
    client = client_for(users.admin_a)
    data = dashboard_for_user(users.admin_a, kind="instansi", scope_id="KAB-A")
    for chart in chart_defs.charts_for(data):
        got = client.get(f"/api/v1/analytics/series/{chart['slug']}?cakupan=instansi&id=KAB-A")
        assert got.status_code == 200, chart["slug"]
        assert got.json()["baris"] == json.loads(json.dumps(chart["rows"]))
        assert got.json()["judul_kolom"] == chart["header"]
    assert client.get("/api/v1/analytics/series/asean").status_code == 404
    assert client.get("/api/v1/analytics/series/tidak-ada").status_code == 404
    assert client.get("/api/v1/analytics/series/golongan?cakupan=instansi&id=KAB-B").status_code == 404
    national = client_for(users.national_admin).get("/api/v1/analytics/series/asean").json()
    assert national["baris"][0][1] == "ABDI" and national["baris"][1][5] == chart_defs.ASEAN_YEAR


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_is_bounded_from_aggregates(refreshed, users):
    client = client_for(users.national_admin)
    url = "/api/v1/analytics/dashboard?cakupan=nasional"
    _queries(client, url)  # warm: the session and the user's access
    before = _queries(client, url)
    # ten times the people, in both agencies and more provinces: the same statements answer
    template = Pegawai.objects.filter(kedudukan="AKTIF").first()
    extra = []
    for k in range(300):
        extra.append(Pegawai(**{**{f.attname: getattr(template, f.attname) for f in Pegawai._meta.concrete_fields},
                                "nip": f"19800101200501{k % 2 + 1}{k:03d}"[:18],
                                "instansi_id": "KAB-A" if k % 2 else "KAB-B",
                                "lokasi_kabkota_id": "32.04" if k % 3 else "32.01"}))
    Pegawai.objects.bulk_create(extra, ignore_conflicts=True)
    refresh()
    after = _queries(client, url)
    assert after == before <= 8
    assert _queries(client, "/api/v1/analytics/dashboard?cakupan=instansi&id=KAB-A") <= 8


# --- the scorecard against a plain computation -------------------------------------------------------
TODAY = dt.date(2026, 6, 1)


def plain_headcount(instansi_id: str, day: dt.date) -> int:
    latest: dict[str, RiwayatPegawai] = {}
    for row in RiwayatPegawai.objects.order_by("tmt", "id"):
        if row.tmt <= day:
            latest[row.pegawai_id] = row
    return sum(1 for r in latest.values() if r.instansi_id == instansi_id and r.kedudukan == "AKTIF")


def plain_retirements(instansi_id: str, years: list[int]) -> int:
    bup = dict(Jabatan.objects.values_list("jabatan_id", "bup"))
    due = 0
    for p in Pegawai.objects.filter(instansi_id=instansi_id):
        if p.kedudukan != "AKTIF" or p.jenis_pegawai != "PNS":
            continue
        year = p.tgl_lahir.year + bup[p.jabatan_id] + (1 if p.tgl_lahir.month == 12 else 0)
        due += max(year, TODAY.year) in years
    return due


@pytest.mark.parametrize("prefer_aggregates", [True, False])
def test_scorecard_indicators_match_a_plain_computation(world, users, prefer_aggregates):
    if prefer_aggregates:
        refresh()
    Unor.objects.filter(pk="A2").update(pemimpin_nip=world.by_unit["B1"][0].nip)  # a head of another agency
    Unor.objects.filter(pk="A0").update(pemimpin_nip=world.by_unit["A0"][0].nip)
    card = scorecard.scorecard_for_user(users.admin_a, "KAB-A", today=TODAY)
    by_code = {i["kode"]: i for i in card["indikator"]}

    trend = by_code["jumlah_asn_tren"]
    assert [s["label"] for s in trend["seri"]] == [str(y) for y in range(2016, 2026)]
    assert [s["nilai"] for s in trend["seri"]] == [plain_headcount("KAB-A", dt.date(y, 12, 31))
                                                   for y in range(2016, 2026)]
    assert len({s["nilai"] for s in trend["seri"]}) > 1  # the world's histories make the trend move

    active_a = {p.nip for p in Pegawai.objects.filter(instansi_id="KAB-A", kedudukan="AKTIF")}
    units = list(Unor.objects.filter(instansi_id="KAB-A"))
    vacant = sum(1 for u in units if u.pemimpin_nip not in active_a)
    assert (by_code["lowongan_struktural"]["nilai"], by_code["lowongan_struktural"]["penyebut"]) == (vacant,
                                                                                                      len(units))
    assert vacant == 3  # A1 and A0 have active heads of KAB-A; A2's head is in KAB-B

    assert by_code["pensiun_1_tahun"]["nilai"] == plain_retirements("KAB-A", [2026])
    assert by_code["pensiun_2_tahun"]["nilai"] == plain_retirements("KAB-A", [2026, 2027])
    for code in ("kepatuhan_20_jp", "indeks_merit"):
        assert by_code[code]["tersedia"] is False and by_code[code]["nilai"] is None
    # the planning module's indicator is built: no needs in this world yet, so no figure
    assert by_code["kesenjangan_kebutuhan"]["tersedia"] is True and by_code["kesenjangan_kebutuhan"]["nilai"] is None
    # the performance module's indicators are built: no ratings in this world, so nobody is rated yet
    assert (by_code["penyelesaian_skp"]["nilai"], by_code["penyelesaian_skp"]["penyebut"]) == (0.0, len(active_a))
    codes = [i["kode"] for i in card["indikator"]]
    assert codes.index("sebaran_predikat_skp") == codes.index("penyelesaian_skp") + 1
    assert codes.index("kekuatan_suksesi") == codes.index("kedalaman_talenta") + 1
    # the talent module's indicators: no pools and no key positions in this world
    assert by_code["kedalaman_talenta"]["nilai"] == 0 and by_code["kekuatan_suksesi"]["nilai"] is None


def test_a_module_adds_its_indicator_in_one_place(world, users, monkeypatch):
    monkeypatch.setattr(scorecard, "INDICATORS", list(scorecard.INDICATORS))
    scorecard.register(scorecard.Indicator("penyelesaian_skp", "SKP", lambda ins, today: scorecard.Value(87.5),
                                           "%", "performance"))
    scorecard.register(scorecard.Indicator("baru", "Baru", lambda ins, today: scorecard.Value(1)))
    codes = [i["kode"] for i in scorecard.scorecard_for_user(users.admin_a, "KAB-A")["indikator"]]
    assert codes.index("penyelesaian_skp") == 4 and codes[-1] == "baru"
    skp = scorecard.scorecard_for_user(users.admin_a, "KAB-A")["indikator"][4]
    assert skp["tersedia"] and skp["nilai"] == 87.5


def test_scorecard_page_and_api_per_role(refreshed, users):
    page = client_for(users.admin_a).get("/analitik/instansi/KAB-A/kartu/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("belum tersedia (modul belum dibangun)") == 2 and 'data-chart="tren-jumlah-asn"' in html
    assert client_for(users.admin_a).get("/analitik/instansi/KAB-B/kartu/").status_code == 404
    assert client_for(users.employee_b).get("/analitik/instansi/KAB-B/kartu/").status_code == 403
    api = client_for(users.national_admin).get("/api/v1/analytics/scorecard/KAB-B")
    assert api.status_code == 200 and api.json()["instansi"]["id"] == "KAB-B"
    assert client_for(users.admin_a).get("/api/v1/analytics/scorecard/KAB-B").status_code == 404
