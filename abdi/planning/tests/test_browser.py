"""A redistribution plan end to end in a real chromium (Playwright, PostgreSQL run only): a national admin reads
the gap analysis, creates and runs a national scenario, creates and runs a second one for one agency, compares
the two, and reviews the first; the admins of the two agencies involved approve it, each for their own; the
national admin applies it with a decree number and opens a moved teacher's profile, which shows the new unit
and the history row with the decree number. Any console error fails the test."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from abdi.people.tests.world import PASSWORD
from abdi.planning.models import Mutasi, Skenario
from abdi.planning.tests.conftest import need, staff
from abdi.web.tests import browser
from abdi.web.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SK_NUMBER = "800/12/BKN/2026"


@pytest.fixture
def browser_page(request, live_server, monkeypatch):
    yield from browser.browser_page(request, live_server, monkeypatch)


@pytest.fixture
def teachers(planners):
    """Three teachers in X1 (Kab. X) where none is needed; three seats of priority 2 in Y1 (Kab. Y), one of
    priority 1 in X2 (Kab. X): the national plan sends all three to Y1 and leaves X2 short."""
    staff("X1", 3)
    need("X1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 3, prioritas=2)
    need("X2", "GURU-AP", 1)
    return planners


def log_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Keluar").click()


def create_and_run(page, nama: str, cakupan: str, cakupan_id: str = "") -> None:
    page.get_by_role("navigation", name="Menu perencanaan").get_by_role("link", name="Skenario redistribusi").click()
    page.fill("#f-s-nama", nama)
    page.select_option("#f-s-cakupan", cakupan)
    page.fill("#f-s-cakupan-id", cakupan_id)
    with page.expect_navigation():
        page.locator("#btn-buat-skenario").click()
    expect(page.locator(".messages")).to_contain_text("Skenario dibuat")
    expect(page.locator("h1")).to_have_text(nama)
    with page.expect_navigation():
        page.locator("#btn-jalankan").click()  # no broker: the run ends within the request
    expect(page.locator(".messages")).to_contain_text("antrean perhitungan")
    expect(page.locator("#job-skenario")).to_contain_text("Selesai")
    expect(page.locator("#angka")).to_contain_text("Kursi terisi")


def approve_as(page, username: str, scenario_url: str, instansi_id: str) -> None:
    log_in(page, username, PASSWORD)
    page.goto(scenario_url)
    form = page.locator(f"button[data-instansi='{instansi_id}']")
    expect(page.locator("#langkah button[data-instansi]")).to_have_count(1)  # only their own agency
    with page.expect_navigation():
        form.click()
    expect(page.locator(".messages")).to_contain_text("Persetujuan instansi dicatat")
    log_out(page)


def test_a_plan_from_gaps_to_the_moved_persons_profile(browser_page, teachers):
    page, console = browser_page
    log_in(page, teachers.national.username, PASSWORD)

    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Perencanaan").click()
    expect(page.locator("h1")).to_contain_text("Kesenjangan kebutuhan pegawai")
    expect(page.locator("#kesenjangan")).to_contain_text("Kabupaten Y")
    expect(page.locator("#grafik-peta[data-drawn=true]")).to_have_count(1)
    expect(page.locator("#grafik-kesenjangan[data-drawn=true]")).to_have_count(1)

    create_and_run(page, "Guru nasional", "NASIONAL")
    first = Skenario.objects.get(nama="Guru nasional")
    scenario_url = page.url
    assert f"/perencanaan/skenario/{first.pk}/" in scenario_url
    expect(page.locator("#tabel-mutasi tbody tr")).to_have_count(3)
    expect(page.locator("#tabel-sisa")).to_contain_text("JAWA BARAT")
    expect(page.locator("#grafik-sisa[data-drawn=true]")).to_have_count(1)
    create_and_run(page, "Hanya Kabupaten X", "INSTANSI", "KAB-X")
    second = Skenario.objects.get(nama="Hanya Kabupaten X")
    assert second.ringkasan["kursi_terisi"] == 1

    page.get_by_role("navigation", name="Menu perencanaan").get_by_role("link", name="Skenario redistribusi").click()
    page.check(f"#banding-{first.pk}")
    page.check(f"#banding-{second.pk}")
    with page.expect_navigation():
        page.locator("#btn-bandingkan").click()
    expect(page.locator("h1")).to_have_text("Perbandingan skenario")
    row = page.locator("#tabel-banding tr", has_text="Mutasi lintas instansi")
    expect(row.locator("td")).to_have_text(["3", "0"])
    expect(page.locator("#grafik-banding[data-drawn=true]")).to_have_count(1)

    page.goto(scenario_url)
    with page.expect_navigation():
        page.locator("#btn-tinjau").click()
    expect(page.locator(".messages")).to_contain_text("Rencana ditinjau")
    expect(page.locator("#status-rencana")).to_have_text("Ditinjau")
    log_out(page)

    approve_as(page, teachers.admin_x.username, scenario_url, "KAB-X")
    approve_as(page, teachers.admin_y.username, scenario_url, "KAB-Y")

    log_in(page, teachers.national.username, PASSWORD)
    page.goto(scenario_url)
    expect(page.locator("#status-rencana")).to_have_text("Disetujui")
    expect(page.locator("#persetujuan")).to_contain_text("Disetujui oleh plan-admin-y")
    page.fill("#f-nomor-sk", SK_NUMBER)
    with page.expect_navigation():
        page.locator("#btn-terapkan").click()
    expect(page.locator(".messages")).to_contain_text("Rencana diterapkan")
    expect(page.locator("#nomor-sk")).to_have_text(SK_NUMBER)

    mover = Mutasi.objects.filter(skenario=first, unor_tujuan="Y1").order_by("nip").first()
    moved = page.locator("#tabel-mutasi tbody tr", has_text="Unit Y1").first
    with page.expect_navigation():
        moved.get_by_role("link").click()
    assert f"/pegawai/{mover.nip}/" in page.url
    expect(page.locator(".page-head")).to_contain_text("Unit Y1")
    history = page.locator("table tbody tr", has_text=SK_NUMBER)
    expect(history).to_have_count(1)
    expect(history).to_contain_text("Unit Y1")
    assert console.errors == []
