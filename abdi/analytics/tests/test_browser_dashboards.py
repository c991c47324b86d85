"""Browser test: a real chromium opens the national dashboard (national admin) and the agency dashboard and
scorecard (agency admin A); every chart container holds a drawn chart (SVG or canvas), a chart without data
shows its empty state, the table view opens, the national agency picker finds an agency as one types, and the
console stays clean. Screenshots go to ``var/test-artifacts/`` (one per test).

Runs once, on PostgreSQL (marker ``browser``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from abdi.analytics import charts as chart_defs
from abdi.analytics.services import refresh
from abdi.org.models import Jabatan, Unor
from abdi.people.tests.world import PASSWORD
from abdi.web.tests import browser
from abdi.web.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(request, live_server, monkeypatch):
    yield from browser.browser_page(request, live_server, monkeypatch)


@pytest.fixture
def refreshed(world, users):
    # teachers per school has data (one school per regency); health staff per facility shows its empty state
    Jabatan.objects.filter(jabatan_id="J-FUN").update(rumpun="GURU")
    Unor.objects.filter(unor_id__in=["A11", "B1"]).update(jenis_unor="SEKOLAH")
    refresh()
    return world


EMPTY = ("nakes-per-faskes",)


def _dashboard_drawn(page, slugs: list[str]) -> None:
    """Every chart card of a dashboard: drawn, or (the charts in ``EMPTY``) its empty state visible."""
    expect(page.locator("[data-card]")).to_have_count(len(slugs))
    for slug in EMPTY:
        expect(page.locator(f'[data-empty="{slug}"]')).to_be_visible()
    _every_chart_drawn(page, [s for s in slugs if s not in EMPTY])


def _every_chart_drawn(page, slugs: list[str]) -> None:
    containers = page.locator("[data-chart]")
    expect(containers).to_have_count(len(slugs))
    for slug in slugs:
        box = page.locator(f'[data-chart="{slug}"]')
        expect(box.locator("svg, canvas").first).to_be_attached()
        assert box.get_attribute("data-drawn") == "true", slug
        assert box.bounding_box()["height"] > 100, slug


def test_national_dashboard_draws_every_chart(browser_page, refreshed):
    page, console = browser_page
    log_in(page, "nasional", PASSWORD)
    page.get_by_role("link", name="Analitik").click()
    expect(page.locator("h1")).to_have_text("Nasional")
    _dashboard_drawn(page, [c.slug for c in chart_defs.CHARTS])
    family = page.locator('[data-chart="guru-per-sekolah"]')
    expect(family.locator("svg")).to_contain_text("Median")  # the median marker line is labelled
    page.fill("#cari-instansi", "bogor")  # the agency picker: HTMX search as one types
    expect(page.locator("#hasil-instansi li")).to_have_count(1)
    expect(page.locator("#hasil-instansi")).to_contain_text("Pemerintah Kabupaten Bogor")
    page.locator('[data-table="asean"]').locator("xpath=ancestor::details/summary").click()
    expect(page.locator('[data-table="asean"]')).to_be_visible()
    expect(page.locator('[data-table="asean"]')).to_contain_text("2021")
    page.get_by_role("link", name="Pemerintah Kabupaten Bogor").click()
    expect(page.locator("h1")).to_have_text("Pemerintah Kabupaten Bogor")
    _dashboard_drawn(page, [c.slug for c in chart_defs.CHARTS if not c.national_only])
    page.go_back()  # the screenshot shows the national dashboard
    expect(page.locator("h1")).to_have_text("Nasional")
    assert console.errors == []


def test_agency_dashboard_and_scorecard(browser_page, refreshed):
    page, console = browser_page
    log_in(page, "admin-a", PASSWORD)
    page.goto("/analitik/instansi/KAB-A/")
    expect(page.locator("h1")).to_have_text("Pemerintah Kabupaten Bandung")
    _dashboard_drawn(page, [c.slug for c in chart_defs.CHARTS if not c.national_only])
    page.select_option("#f-jj", "FUNGSIONAL")
    with page.expect_navigation():
        page.get_by_role("button", name="Terapkan").click()
    expect(page.locator(".chip")).to_have_count(1)
    _dashboard_drawn(page, [c.slug for c in chart_defs.CHARTS if not c.national_only])
    page.goto("/analitik/instansi/KAB-A/kartu/")
    _every_chart_drawn(page, ["tren-jumlah-asn"])
    expect(page.locator("tr.pending")).to_have_count(2)  # learning and merit; planning is built
    page.goto("/analitik/instansi/KAB-A/")  # the screenshot shows the agency dashboard
    _dashboard_drawn(page, [c.slug for c in chart_defs.CHARTS if not c.national_only])
    assert console.errors == []
