"""The dashboard pages and chart downloads per role: the nation for national roles, an agency for its admin only
(404 for another, 403 for the national view), a unit subtree for its HR officer, an empty state for an
employee; every chart's HTML table, CSV and XLSX hold exactly the chart's rows."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest

from abdi.analytics import charts as chart_defs
from abdi.analytics.selectors import Filters, dashboard_for_user
from abdi.analytics.tests.conftest import client_for
from abdi.org.models import Provinsi
from abdi.people.models import Pegawai

pytestmark = pytest.mark.django_db


def chart_slugs(html: str) -> list[str]:
    """Every chart card of the page, drawn or showing its empty state."""
    return re.findall(r'data-card="([a-z0-9-]+)"', html)


def html_table(html: str, slug: str) -> list[list[str]]:
    body = re.search(rf'<table class="table" data-table="{slug}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [[unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S) if "<td>" in row]  # not the "no data" row


def embedded(html: str) -> dict:
    return json.loads(re.search(r'<script id="grafik-data" type="application/json">(.*?)</script>', html,
                                re.S).group(1))


def test_national_admin_sees_every_chart_of_the_nation(refreshed, users):
    response = client_for(users.national_admin).get("/analitik/")
    assert response.status_code == 200
    html = response.content.decode()
    assert chart_slugs(html) == [c.slug for c in chart_defs.CHARTS]
    data = dashboard_for_user(users.national_admin, kind="nasional")
    for chart in chart_defs.charts_for(data):  # the page's table and the embedded rows are the chart's rows
        assert embedded(html)[chart["slug"]]["rows"] == json.loads(json.dumps(chart["rows"]))
        assert html_table(html, chart["slug"]) == [[chart_defs.cell_text(v) for v in r] for r in chart["rows"]]
    assert "Artikel" in html and "2021" in html  # the ASEAN panel names its source and year


def test_agency_admin_sees_their_agency_only(refreshed, users):
    client = client_for(users.admin_a)
    response = client.get("/analitik/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pemerintah Kabupaten Bandung" in html and "asean" not in chart_slugs(html)
    assert client.get("/analitik/instansi/KAB-A/").status_code == 200
    assert client.get("/analitik/instansi/KAB-B/").status_code == 404
    assert client.get("/analitik/?cakupan=instansi&id=KAB-B").status_code == 404
    assert client.get("/analitik/?cakupan=nasional").status_code == 403
    assert client.get("/analitik/?cakupan=provinsi&id=32").status_code == 403
    assert client.get("/analitik/?cakupan=galaksi").status_code == 404
    assert client.get("/analitik/grafik/golongan.csv?cakupan=instansi&id=KAB-B").status_code == 404
    assert client.get("/analitik/grafik/golongan.csv?cakupan=nasional").status_code == 403


def test_unit_hr_sees_their_subtree(refreshed, users, world):
    response = client_for(users.hr_a1).get("/analitik/")
    assert response.status_code == 200
    html = response.content.decode()
    active = Pegawai.objects.filter(unor_id__in=["A1", "A11"], kedudukan="AKTIF").count()
    rows = embedded(html)["jenis-pegawai"]["rows"]
    assert sum(r[-1] for r in rows) == active
    assert client_for(users.hr_a1).get("/analitik/?cakupan=unor&id=A1X").status_code == 404


@pytest.mark.parametrize("who", ["employee_b", "norole"])
def test_users_without_org_scope_get_a_clear_refusal(refreshed, users, who):
    response = client_for(getattr(users, who)).get("/analitik/")
    assert response.status_code == 403
    assert "Statistik tidak tersedia untuk akun ini" in response.content.decode()
    assert 'href="/analitik/"' not in client_for(getattr(users, who)).get("/").content.decode()


def test_filters_show_chips_and_filter_the_numbers(refreshed, users):
    response = client_for(users.admin_a).get("/analitik/?jenis_jabatan=STRUKTURAL&golongan=III/c&pendidikan=XX")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="chip"') == 2  # the unknown education code is ignored
    expected = Pegawai.objects.filter(instansi_id="KAB-A", kedudukan="AKTIF", jabatan__jenis="STRUKTURAL",
                                      golongan="III/c").count()
    assert sum(r[-1] for r in embedded(html)["jenis-pegawai"]["rows"]) == expected
    assert "/analitik/grafik/golongan.csv?cakupan=instansi&amp;id=KAB-A&amp;jenis_jabatan=STRUKTURAL" in html


def _same(xlsx_value, table_cell: str) -> bool:
    """An XLSX cell (numbers stay numbers; an empty cell is None) against the table's text."""
    if xlsx_value is None:
        return table_cell == ""
    if isinstance(xlsx_value, int | float):
        return float(table_cell) == float(xlsx_value)
    return str(xlsx_value) == table_cell


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize("user,query", [("national_admin", "cakupan=nasional"),
                                        ("admin_a", "cakupan=instansi&id=KAB-A&jenis_pegawai=PNS"),
                                        ("hr_a1", "")])
def test_csv_and_xlsx_hold_exactly_the_charts_numbers(refreshed, users, user, query):
    from openpyxl import load_workbook

    client = client_for(getattr(users, user))
    html = client.get(f"/analitik/?{query}").content.decode()
    for slug in chart_slugs(html):
        table = html_table(html, slug)
        got = client.get(f"/analitik/grafik/{slug}.csv?{query}")
        assert got.status_code == 200 and got["Content-Type"].startswith("text/csv")
        assert "attachment" in got["Content-Disposition"]
        rows = _csv(got.content)
        assert rows[1:] == table, slug
        assert rows[0] == [str(h) for _k, h in chart_defs.BY_SLUG[slug].columns]
        got = client.get(f"/analitik/grafik/{slug}.xlsx?{query}")
        sheet = load_workbook(io.BytesIO(got.content), read_only=True).active
        values = [list(r) + [None] * (len(rows[0]) - len(r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
        assert [len(r) for r in values] == [len(t) for t in table], (slug, values, table)
        assert len(values) == len(table) and all(
            _same(v, cell) for r, t in zip(values, table, strict=True) for v, cell in zip(r, t, strict=True)), slug


def test_downloads_escape_spreadsheet_formulas(refreshed, users):
    Provinsi.objects.filter(kode="32").update(nama="=HYPERLINK(\"http://x\")")
    got = client_for(users.national_admin).get("/analitik/grafik/provinsi-peringkat.csv?cakupan=nasional")
    rows = _csv(got.content)
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"


def test_unknown_chart_and_asean_outside_the_nation_are_404(refreshed, users):
    assert client_for(users.national_admin).get("/analitik/grafik/tidak-ada.csv").status_code == 404
    assert client_for(users.admin_a).get("/analitik/grafik/asean.csv").status_code == 404
    assert client_for(users.national_admin).get(
        "/analitik/grafik/asean.csv?cakupan=nasional&jenis_pegawai=PNS").status_code == 404


def test_asean_panel_puts_indonesia_now_beside_the_reference(refreshed, users):
    data = dashboard_for_user(users.national_admin, kind="nasional")
    rows = chart_defs.BY_SLUG["asean"].rows(data)
    assert rows[0][:4] == ["Indonesia", "ABDI", data["total"], data["per_100_penduduk"]["NASIONAL"]]
    reference = chart_defs.asean_reference()["rows"]
    assert [r[0] for r in rows[1:]] == [r["negara"] for r in reference]
    assert {r[5] for r in rows[1:]} == {2021}


def test_provincial_view_for_national_roles(refreshed, users):
    client = client_for(users.national_analyst)
    response = client.get("/analitik/?wilayah=provinsi:32")
    assert response.status_code == 200
    data = dashboard_for_user(users.national_analyst, kind="provinsi", scope_id="32",
                              filters=Filters())
    assert sum(r[-1] for r in embedded(response.content.decode())["jenis-pegawai"]["rows"]) == data["total"]
