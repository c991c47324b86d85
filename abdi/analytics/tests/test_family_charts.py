"""The imbalance-per-position-family charts (teachers per school, health staff per health facility, by
province): rows ranked from ``ketimpangan_rumpun``, the same numbers in the page, its table, the CSV/XLSX and
the API series, an empty state when the scope has no such units; and the national roles' agency picker."""

from __future__ import annotations

import pytest
from django.utils import translation

from abdi.analytics import charts as chart_defs
from abdi.analytics import views
from abdi.analytics.selectors import dashboard_for_user
from abdi.analytics.services import refresh
from abdi.analytics.tests.conftest import client_for
from abdi.analytics.tests.test_dashboards import _csv, embedded, html_table
from abdi.org.models import Jabatan, Provinsi, Unor
from abdi.people.models import Pegawai

pytestmark = pytest.mark.django_db
FAMILIES = ("guru-per-sekolah", "nakes-per-faskes")


@pytest.fixture
def schools(world, users):
    """The teachers' position is in the GURU family and one unit of each regency is a school."""
    Jabatan.objects.filter(jabatan_id="J-FUN").update(rumpun="GURU")
    Unor.objects.filter(unor_id__in=["A11", "B1"]).update(jenis_unor="SEKOLAH")
    refresh()
    return world


def test_rows_are_ranked_from_the_family_figures():
    data = {"ketimpangan_rumpun": [
        {"ukuran": "guru_per_sekolah", "rumpun": "GURU", "unit": ["SEKOLAH"], "provinsi": [
            {"provinsi": "11", "nama": "Aceh", "pegawai": 10, "unit": 5, "rasio": 2.0, "rasio_median": 0.5},
            {"provinsi": "32", "nama": "Jawa Barat", "pegawai": 40, "unit": 5, "rasio": 8.0, "rasio_median": 2.0},
            {"provinsi": "31", "nama": "DKI Jakarta", "pegawai": 20, "unit": 5, "rasio": 4.0, "rasio_median": 1.0},
        ]},
        {"ukuran": "nakes_per_faskes", "rumpun": "KESEHATAN", "unit": ["PUSKESMAS", "RUMAH_SAKIT"], "provinsi": []},
    ]}
    rows = chart_defs.BY_SLUG["guru-per-sekolah"].rows(data)
    assert rows == [["32", "Jawa Barat", 40, 5, 8.0, 2.0], ["31", "DKI Jakarta", 20, 5, 4.0, 1.0],
                    ["11", "Aceh", 10, 5, 2.0, 0.5]]
    assert chart_defs.BY_SLUG["nakes-per-faskes"].rows(data) == []
    assert chart_defs.BY_SLUG["nakes-per-faskes"].rows({}) == []


def test_scope_without_such_units_shows_a_clear_empty_state(refreshed, users):
    client = client_for(users.national_admin)
    html = client.get("/analitik/").content.decode()
    for slug in FAMILIES:
        assert f'data-card="{slug}"' in html and f'data-empty="{slug}"' in html
        assert f'data-chart="{slug}"' not in html
        assert html_table(html, slug) == []
        assert _csv(client.get(f"/analitik/grafik/{slug}.csv?cakupan=nasional").content)[1:] == []
        series = client.get(f"/api/v1/analytics/series/{slug}?cakupan=nasional").json()
        assert series["baris"] == [] and series["kolom"][-2:] == ["rasio", "rasio_median"]
    assert "Tidak ada sekolah dalam cakupan ini" in html
    assert "Tidak ada puskesmas atau rumah sakit dalam cakupan ini" in html


@pytest.mark.parametrize("user,query", [("national_admin", "cakupan=nasional"),
                                        ("admin_a", "cakupan=instansi&id=KAB-A")])
def test_teachers_per_school_page_table_download_and_api_agree(schools, users, user, query):
    client = client_for(getattr(users, user))
    html = client.get(f"/analitik/?{query}").content.decode()
    assert 'data-chart="guru-per-sekolah"' in html and 'data-empty="nakes-per-faskes"' in html
    kind, _sep, rest = query.partition("&")
    data = dashboard_for_user(getattr(users, user), kind=kind.split("=")[1],
                              scope_id=rest.partition("=")[2])
    rows = chart_defs.BY_SLUG["guru-per-sekolah"].rows(data)
    teachers = Pegawai.objects.filter(kedudukan="AKTIF", jabatan_id="J-FUN")
    if user == "admin_a":
        teachers, schools = teachers.filter(instansi_id="KAB-A"), 1
    else:
        schools = 2
    n = teachers.count()
    assert rows == [["32", Provinsi.objects.get(kode="32").nama, n, schools, round(n / schools, 2), 1.0]]
    assert embedded(html)["guru-per-sekolah"]["rows"] == rows
    assert embedded(html)["guru-per-sekolah"]["kind"] == "rasio"
    assert html_table(html, "guru-per-sekolah") == [[chart_defs.cell_text(v) for v in r] for r in rows]
    assert _csv(client.get(f"/analitik/grafik/guru-per-sekolah.csv?{query}").content)[1:] == \
        html_table(html, "guru-per-sekolah")
    series = client.get(f"/api/v1/analytics/series/guru-per-sekolah?{query}").json()
    assert series["baris"] == rows and series["judul"] == "Guru per sekolah menurut provinsi"


def test_titles_are_translated():
    with translation.override("en"):
        titles = {c.slug: str(c.title) for c in chart_defs.CHARTS}
        empty = str(chart_defs.BY_SLUG["guru-per-sekolah"].empty)
    assert titles["guru-per-sekolah"] == "Teachers per school by province"
    assert titles["nakes-per-faskes"] == "Health workers per health facility by province"
    assert empty.startswith("There are no schools")


# --- the agency picker ------------------------------------------------------------------------------------
def test_national_dashboard_offers_a_search_not_a_select_of_agencies(refreshed, users):
    html = client_for(users.national_analyst).get("/analitik/").content.decode()
    assert 'id="cari-instansi"' in html and 'hx-get="/analitik/cari-instansi/"' in html
    assert 'value="KAB-A"' not in html and "<option value=\"instansi:" not in html
    assert 'id="cari-instansi"' not in client_for(users.admin_a).get("/analitik/").content.decode()


def test_picker_lists_matching_agencies_with_their_dashboard_and_scorecard(refreshed, users):
    client = client_for(users.national_admin)
    got = client.get("/analitik/cari-instansi/?q=bogor", HTTP_HX_REQUEST="true")
    fragment = got.content.decode()
    assert got.status_code == 200 and "<html" not in fragment
    assert 'href="/analitik/instansi/KAB-B/"' in fragment and 'href="/analitik/instansi/KAB-B/kartu/"' in fragment
    assert "KAB-A" not in fragment
    page = client.get("/analitik/cari-instansi/?q=bogor").content.decode()  # without JavaScript: a page
    assert "<html" in page and 'href="/analitik/instansi/KAB-B/"' in page
    assert "data-picker-results" not in client.get("/analitik/cari-instansi/", HTTP_HX_REQUEST="true").content.decode()
    none = client.get("/analitik/cari-instansi/?q=Atlantis", HTTP_HX_REQUEST="true").content.decode()
    assert "Tidak ada instansi yang cocok" in none


def test_picker_caps_the_list(refreshed, users, monkeypatch):
    monkeypatch.setattr(views, "PICKER_LIMIT", 1)
    fragment = client_for(users.national_admin).get("/analitik/cari-instansi/?q=kabupaten",
                                                    HTTP_HX_REQUEST="true").content.decode()
    assert fragment.count("<li>") == 1 and "1 instansi lain cocok" in fragment


def test_picker_reads_through_the_scoped_selector(refreshed, users, monkeypatch):
    seen = []

    def fake(user, *, q="", jenis=None):
        seen.append((user.pk, q))
        return []
    monkeypatch.setattr(views, "instansi_list_for_user", fake)
    client_for(users.national_admin).get("/analitik/cari-instansi/?q=x", HTTP_HX_REQUEST="true")
    assert seen == [(users.national_admin.pk, "x")]


@pytest.mark.parametrize("who", ["admin_a", "hr_a1", "auditor_a", "employee_b"])
def test_picker_is_for_national_roles_only(refreshed, users, who):
    assert client_for(getattr(users, who)).get("/analitik/cari-instansi/?q=bogor").status_code == 403
