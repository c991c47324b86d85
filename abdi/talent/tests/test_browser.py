"""A calibration round in a real chromium (Playwright, PostgreSQL run only): an agency admin who also sits on
the agency's talent committee opens a calibration session, opens box 5 of the session's grid (HTMX), moves one
person from box 5 to box 8 with a reason, sees the count in force of box 8 rise and box 5 fall, and finds the
move in the agency's own grid and in the audit trail (the person, box 5 before, box 8 after, the reason). Any
console error fails the test."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from abdi.people.tests.world import PASSWORD
from abdi.talent.models import Kalibrasi, Kotak, SesiKalibrasi
from abdi.talent.services import committee_grant, ninebox_counts_rebuild, ninebox_recompute
from abdi.talent.tests.test_ninebox import YEAR, talent_world  # noqa: F401
from abdi.web.tests import browser
from abdi.web.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(request, live_server, monkeypatch):
    yield from browser.browser_page(request, live_server, monkeypatch)


@pytest.fixture
def calibration(talent_world, users):  # noqa: F811
    ninebox_recompute(tahun=YEAR)
    committee_grant(actor=users.admin_a, username=users.admin_a.username, instansi_id="KAB-A")
    if not Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A", kotak=5).exists():  # someone to move from box 5
        row = Kotak.objects.filter(tahun=YEAR, instansi_id="KAB-A").exclude(kotak=8).order_by("pegawai_id").first()
        Kotak.objects.filter(pk=row.pk).update(kotak=5)
        ninebox_counts_rebuild(tahun=YEAR)
    return users.admin_a


def count(page, box: int) -> int:
    return int(page.locator(f"#kotak-{box} .nb-berlaku").inner_text())


def test_committee_admin_calibrates_from_box_5_to_8(browser_page, calibration):
    page, console = browser_page
    log_in(page, calibration.username, PASSWORD)

    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Talenta").click()
    expect(page.locator("h1")).to_contain_text(f"Grid 9-box {YEAR}")
    grid_url, grid_five, grid_eight = page.url, count(page, 5), count(page, 8)
    page.get_by_role("navigation", name="Menu talenta").get_by_role("link", name="Kalibrasi").click()
    page.fill("#f-s-nama", f"Kalibrasi talenta {YEAR}")
    page.locator("#btn-buka-sesi").click()
    expect(page.locator(".messages")).to_contain_text("Sesi kalibrasi dibuka")
    sesi = SesiKalibrasi.objects.get(nama=f"Kalibrasi talenta {YEAR}")
    assert f"/talenta/kalibrasi/{sesi.pk}/" in page.url

    five, eight = count(page, 5), count(page, 8)
    assert five >= 1
    with page.expect_response(lambda r: "/talenta/kotak/5/" in r.url and r.status == 200):
        page.locator("#kotak-5 a").click()
    table = page.locator("#anggota #anggota-kotak")
    expect(table).to_be_visible()
    assert f"/talenta/kalibrasi/{sesi.pk}/" in page.url and "kotak=" not in page.url  # loaded in place
    row = table.locator("tbody tr").first
    row.locator("summary").click()
    row.locator("select[name=kotak]").select_option(value="8")
    row.locator("textarea[name=alasan]").fill("Memimpin proyek lintas unit dengan hasil di atas target")
    with page.expect_navigation():
        row.get_by_role("button", name="Pindahkan").click()
    expect(page.locator(".messages")).to_contain_text("Pegawai dipindahkan ke kotak 8")
    expect(page.locator("#kotak-8 .nb-berlaku")).to_have_text(str(eight + 1))
    expect(page.locator("#kotak-5 .nb-berlaku")).to_have_text(str(five - 1))
    expect(page.locator("#pemindahan")).to_contain_text("Memimpin proyek lintas unit")
    move = Kalibrasi.objects.get(sesi=sesi)
    assert (move.kotak_sebelum, move.kotak) == (5, 8)

    # the agency's own grid shows the box in force too
    page.goto(grid_url)
    expect(page.locator("#kotak-8 .nb-berlaku")).to_have_text(str(grid_eight + 1))
    expect(page.locator("#kotak-5 .nb-berlaku")).to_have_text(str(grid_five - 1))

    # the trail: the move of that person, with the box before and after and the reason
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Jejak audit").click()
    page.fill("#f-action", "talent.kalibrasi")
    page.locator("form.filters button[type=submit]").first.click()
    row = page.locator("table.audit-table tbody tr", has_text=move.pegawai_id).filter(has_text="talent.kalibrasi")
    expect(row).to_have_count(1)
    row.locator("a").first.click()
    detail = page.locator("main")
    expect(detail).to_contain_text("talent.kalibrasi")
    expect(detail).to_contain_text(move.pegawai_id)
    expect(detail).to_contain_text("Memimpin proyek lintas unit")
    before, after = page.locator("section.tile pre").all_inner_texts()
    assert "'kotak': 5" in before or '"kotak": 5' in before
    assert "'kotak': 8" in after or '"kotak": 8' in after
    assert console.errors == []
