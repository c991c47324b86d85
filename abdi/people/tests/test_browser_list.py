"""The employee list in a real chromium (Playwright, PostgreSQL run only): search as you type, sorting by a
column header and removing filter chips, all through HTMX, with the filter form kept in step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from abdi.people.tests.world import PASSWORD
from abdi.web.tests import browser
from abdi.web.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(request, live_server, monkeypatch):
    yield from browser.browser_page(request, live_server, monkeypatch)


def nips(page) -> list[str]:
    return [t.strip() for t in page.locator("#hasil tbody td[data-label='NIP']").all_inner_texts()]


def test_sort_and_chips_through_htmx(browser_page, users, world):
    page, _console = browser_page
    log_in(page, "admin-a", PASSWORD)
    page.goto("/pegawai/?golongan=III%2Fb")
    start = nips(page)
    assert start and len(start) == sum(1 for p in world.people if p.instansi_id == "KAB-A" and p.golongan == "III/b")

    with page.expect_response(lambda r: "sort=nip" in r.url):
        page.locator("#hasil th a.sort", has_text="NIP").click()
    expect(page.locator("#hasil th[aria-sort='ascending']")).to_contain_text("NIP")
    expect(page).to_have_url(re.compile(r"sort=nip"))
    assert nips(page) == sorted(start)
    with page.expect_response(lambda r: "sort=-nip" in r.url):
        page.locator("#hasil th a.sort", has_text="NIP").click()
    expect(page.locator("#hasil th[aria-sort='descending']")).to_contain_text("NIP")
    assert nips(page) == sorted(start, reverse=True)

    # typing keeps the sort (the refreshed form carries it) and adds a chip
    with page.expect_response(lambda r: "q=Budi" in r.url and "sort=-nip" in r.url):
        page.locator("#f-q").press_sequentially("Budi", delay=30)
    expect(page.locator("#hasil .chip")).to_have_count(2)
    expect(page.locator("#f-q")).to_be_focused()  # the form is not swapped under the typing hand
    budi = nips(page)
    assert budi == sorted(budi, reverse=True) and len(budi) < len(start)

    # the golongan chip's ×: results without it, the select reset, the search and sort kept
    with page.expect_response(lambda r: "golongan" not in r.url and "q=Budi" in r.url):
        page.locator("#hasil .chip", has_text="Golongan").get_by_role("link").click()
    expect(page.locator("#hasil .chip")).to_have_count(1)
    expect(page.locator("#f-gol")).to_have_value("")
    expect(page.locator("#f-q")).to_have_value("Budi")
    expect(page).to_have_url(re.compile(r"^(?!.*golongan).*sort=-nip"))

    with page.expect_response(lambda r: "q=" not in r.url):
        page.locator("#hasil .chip-clear").click()
    expect(page.locator("#hasil .chip")).to_have_count(0)
    expect(page.locator("#f-q")).to_have_value("")
    a_count = sum(1 for p in world.people if p.instansi_id == "KAB-A")
    assert len(nips(page)) == a_count and nips(page) == sorted(nips(page), reverse=True)
