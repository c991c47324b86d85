"""Browser tests: a real chromium (Playwright) against the live server, as agency admin A of the test world.

Runs once, on PostgreSQL (marker ``browser``; ``make test-sqlite`` deselects it). Screenshots go to
``var/test-artifacts/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from abdi.people.tests.world import PASSWORD
from abdi.web.tests import browser
from abdi.web.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Agus Salim"


@pytest.fixture
def browser_page(request, live_server, monkeypatch):
    yield from browser.browser_page(request, live_server, monkeypatch)


def _search_and_open(page, name: str) -> str:
    """Types ``name`` into the search-as-you-type field of /pegawai/, opens the first hit; returns its NIP."""
    page.goto("/pegawai/")
    with page.expect_response(lambda r: "/pegawai/?" in r.url and "q=" in r.url):
        page.locator("#f-q").press_sequentially(name.split()[0], delay=30)
    rows = page.locator("#hasil table tbody tr")
    expect(rows.first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/pegawai/\?.*q=Agus"))  # hx-push-url keeps the search in the URL
    texts = rows.all_inner_texts()
    assert texts and all(name in t for t in texts), texts
    link = rows.first.get_by_role("link", name=name)
    with page.expect_navigation():
        link.click()
    nip = re.search(r"/pegawai/(\d{18})/$", page.url)
    assert nip, page.url
    expect(page.locator("h1")).to_have_text(name)
    return nip.group(1)


def test_admin_searches_opens_a_profile_and_is_refused_outside_scope(browser_page, users, world):
    page, console = browser_page
    log_in(page, "admin-a", PASSWORD)
    expect(page.locator(".who .badge")).to_have_text("Admin instansi")

    nip = _search_and_open(page, NAME)
    assert nip in world.a_nips
    expect(page.locator("dl.facts").first).to_contain_text(nip)

    b_nip = sorted(world.b_nips)[0]
    b_url = f"{page.url.split('/pegawai/')[0]}/pegawai/{b_nip}/"
    console.expect(b_url, r"status of 404")  # chromium logs the refused page's 404 as a console error
    response = page.goto(b_url)
    assert response.status == 404
    assert b_nip not in page.content()

    assert console.errors == []


def test_profile_read_shows_in_the_audit_screen(browser_page, users, world):
    page, console = browser_page
    log_in(page, "admin-a", PASSWORD)
    nip = _search_and_open(page, NAME)

    response = page.goto(f"/audit/?object_id={nip}")
    assert response.status == 200, f"/audit/ answered {response.status}"
    rows = page.locator("table.audit-table tbody tr")
    expect(rows.filter(has_text="pegawai.view").filter(has_text=nip)).to_have_count(1)

    assert console.errors == []
