"""The supervisor's SKP round in a real chromium (Playwright, PostgreSQL run only): "Tim saya", a submitted
SKP opened and approved, the annual evaluation rated from the team table through HTMX (Sesuai / Di Atas →
"Baik"), and the predikat still shown after a reload. Any console error fails the test."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from abdi.people.masking import employee_ref
from abdi.people.tests.world import PASSWORD
from abdi.performance.models import Evaluasi, Skp
from abdi.performance.tests.test_views import submitted_skp
from abdi.web.tests import browser
from abdi.web.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(request, live_server, monkeypatch):
    yield from browser.browser_page(request, live_server, monkeypatch)


def test_supervisor_approves_and_rates_from_the_team(browser_page, org):
    skp = submitted_skp(org.employee)
    nama = skp.pegawai.nama
    page, console = browser_page
    log_in(page, org.penilai.username, PASSWORD)

    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Kinerja").click()
    page.get_by_role("navigation", name="Menu kinerja").get_by_role("link", name="Tim saya").click()
    row = page.locator(f"#tim-{employee_ref(org.employee.nip)}")
    expect(row).to_contain_text("Diajukan")

    row.get_by_role("link", name=nama).click()
    expect(page.locator("h1")).to_contain_text(nama)
    page.locator("#btn-setujui").click()
    expect(page.locator(".messages")).to_contain_text("SKP disetujui")
    expect(page.locator("h1 .status")).to_have_text("Disetujui")
    skp.refresh_from_db()
    assert skp.status == Skp.Status.DISETUJUI

    page.get_by_role("navigation", name="Menu kinerja").get_by_role("link", name="Tim saya").click()
    row = page.locator(f"#tim-{employee_ref(org.employee.nip)}")
    row.locator("select[name=rating_hasil_kerja]").select_option(label="Sesuai Ekspektasi")
    row.locator("select[name=rating_perilaku_kerja]").select_option(label="Di Atas Ekspektasi")
    with page.expect_response(lambda r: r.url.endswith("/evaluasi/TAHUNAN/nilai/") and r.status == 200):
        row.get_by_role("button", name="Simpan").click()
    expect(page.locator(f"#tim-{employee_ref(org.employee.nip)} .predikat-cell")).to_contain_text("Baik")
    assert "/kinerja/tim/" in page.url  # swapped in place, no navigation
    e = Evaluasi.objects.get(skp=skp, periode="TAHUNAN")
    assert (e.rating_hasil_kerja, e.rating_perilaku_kerja) == ("SESUAI", "DI_ATAS")

    page.reload()
    expect(page.locator(f"#tim-{employee_ref(org.employee.nip)} .predikat-cell")).to_contain_text("Baik")
    expect(page.locator("#distribusi")).to_contain_text("Baik")
    assert console.errors == []
