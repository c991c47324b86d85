"""Sorting the employee list (by name or NIP, either way) with keyset pages, in the selector, the API and
the page. Expected orders come from the database's own ORDER BY (its collation decides names) or from
Python for NIPs (digits sort alike everywhere)."""

import base64
import json
import re

import pytest
from django.urls import reverse

from abdi.people.masking import employee_ref, nip_from_ref
from abdi.people.models import Pegawai
from abdi.people.selectors import SORTS, InvalidCursor, InvalidSort, employee_list_for_user

pytestmark = pytest.mark.django_db

LIST = reverse("people:list")
API = "/api/v1/employees"


def expected(sort, **filters):
    """NIPs in ``sort`` order: names ordered by the database itself, NIPs by Python."""
    qs = Pegawai.objects.filter(**filters)
    if sort in ("nip", "-nip"):
        return sorted(qs.values_list("nip", flat=True), reverse=sort == "-nip")
    order = ("nama", "nip") if sort == "nama" else ("-nama", "-nip")
    return list(qs.order_by(*order).values_list("nip", flat=True))


def walk(user, sort, limit, **filters):
    out, cursor, pages = [], None, 0
    while True:
        page = employee_list_for_user(user, sort=sort, after_cursor=cursor, limit=limit, **filters)
        out += [r.ref if r.ref.isdigit() else nip_from_ref(r.ref) for r in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return out, pages


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("limit", [1, 4, 7, 500])
def test_every_sort_walks_every_row_once_in_order(world, users, sort, limit):
    got, pages = walk(users.national_admin, sort, limit)
    assert got == expected(sort)
    assert pages == max(1, -(-len(world.people) // limit))


@pytest.mark.parametrize("sort", SORTS)
def test_sorted_pages_keep_filters(world, users, sort):
    got, _ = walk(users.admin_a, sort, 3, kedudukan="AKTIF")
    assert got == expected(sort, instansi_id="KAB-A", kedudukan="AKTIF")


def test_descending_name_order_is_the_ascending_order_reversed(world, users):
    asc, _ = walk(users.national_admin, "nama", 5)
    desc, _ = walk(users.national_admin, "-nama", 5)
    assert desc == asc[::-1]


def test_names_repeat_so_ties_break_on_nip(world, users):
    budi = [n for n in expected("nama") if Pegawai.objects.get(pk=n).nama == "Budi Santoso"]
    assert len(budi) > 3 and budi == sorted(budi)


@pytest.mark.parametrize("first,second", [(a, b) for a in SORTS for b in SORTS if a != b])
def test_a_cursor_of_one_sort_is_refused_by_another(world, users, first, second):
    cursor = employee_list_for_user(users.national_admin, sort=first, limit=2).next_cursor
    with pytest.raises(InvalidCursor):
        employee_list_for_user(users.national_admin, sort=second, after_cursor=cursor)


@pytest.mark.parametrize("key", [["nip"], ["nama", "x"], ["nip", "x"], ["nama", 1, "r0"], {"s": "nama"},
                                 ["nama", "Budi", "0" * 18]])
def test_forged_cursors_are_refused(world, users, key):
    sort = key[0] if isinstance(key, list) else "nama"
    cursor = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
    with pytest.raises(InvalidCursor):
        employee_list_for_user(users.national_admin, sort=sort, after_cursor=cursor)


def test_cursors_never_carry_a_nip(world, users):
    for sort in SORTS:
        cursor = employee_list_for_user(users.national_admin, sort=sort, limit=2).next_cursor
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        assert not re.search(r"\d{18}", raw)


@pytest.mark.parametrize("who", ["national_analyst", "supervisor_a1", "employee_b"])
def test_roles_without_birth_dates_cannot_sort_by_nip(world, users, who):
    # NIP order is birth-date order: it would rank people by a date these roles may not see
    user = getattr(users, who)
    for sort in ("nip", "-nip"):
        with pytest.raises(InvalidSort):
            employee_list_for_user(user, sort=sort)
    assert employee_list_for_user(user, sort="-nama").items


def test_unknown_sort_is_refused(world, users):
    with pytest.raises(InvalidSort):
        employee_list_for_user(users.national_admin, sort="tgl_lahir")


# --- API -----------------------------------------------------------------------------------------------
def api_walk(client, params):
    params, refs = dict(params), []
    while True:
        r = client.get(API, params)
        assert r.status_code == 200, r.content
        refs += [i["ref"] for i in r.json()["items"]]
        if r.json()["next"] is None:
            return refs
        params["cursor"] = r.json()["next"]


@pytest.mark.parametrize("sort", SORTS)
def test_api_sort_pages(client, world, users, sort):
    client.force_login(users.national_admin)
    assert api_walk(client, {"sort": sort, "limit": 4}) == expected(sort)


def test_api_masked_role_sorts_by_name_with_refs(client, world, users):
    client.force_login(users.national_analyst)
    refs = api_walk(client, {"sort": "-nama", "limit": 6})
    assert refs == [employee_ref(n) for n in expected("-nama")]


@pytest.mark.parametrize("params", [{"sort": "nip"}, {"sort": "-nip"}])
def test_api_nip_sort_for_a_masked_role_is_422(client, world, users, params):
    client.force_login(users.supervisor_a1)
    r = client.get(API, params)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["sort"]


@pytest.mark.parametrize("sort", ["name", "NIP", "", "nama,nip", "--nama"])
def test_api_unknown_sort_is_422(client, world, users, sort):
    client.force_login(users.national_admin)
    r = client.get(API, {"sort": sort})
    assert r.status_code == 422 and "sort" in {e["field"] for e in r.json()["errors"]}


def test_api_cursor_of_another_sort_is_422(client, world, users):
    client.force_login(users.national_admin)
    cursor = client.get(API, {"sort": "nip", "limit": 3}).json()["next"]
    assert client.get(API, {"sort": "nip", "cursor": cursor}).status_code == 200
    r = client.get(API, {"sort": "-nip", "cursor": cursor})
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["cursor"]
    assert client.get(API, {"cursor": cursor}).status_code == 422  # the default order is by name


# --- page ----------------------------------------------------------------------------------------------
def page_walk(client, url):
    seen = []
    for _ in range(100):
        html = client.get(url).content.decode()
        seen += re.findall(r'href="/pegawai/(\d{18}|r[0-9a-f]{16})/"', html)
        m = re.search(r'<a class="btn" href="([^"]+)"[^>]*rel="next"', html)
        if not m:
            return seen
        url = LIST + m.group(1).replace("&amp;", "&")
    raise AssertionError("pagination did not end")


@pytest.mark.parametrize("sort", SORTS)
def test_page_sort_walks_every_row_in_order(client, world, users, monkeypatch, sort):
    monkeypatch.setattr("abdi.people.views.PAGE_SIZE", 4)
    client.force_login(users.admin_a)
    assert page_walk(client, f"{LIST}?sort={sort}&golongan=III%2Fb") == expected(
        sort, instansi_id="KAB-A", golongan="III/b")


def header_links(html):
    return {m.group(2): m.group(1).replace("&amp;", "&")
            for m in re.finditer(r'<a class="sort" href="([^"]+)"[^>]*>(Nama|NIP)', html)}


def test_column_headers_toggle_the_sort_and_keep_filters(client, world, users):
    client.force_login(users.admin_a)
    html = client.get(LIST, {"golongan": "III/b", "q": "a"}).content.decode()
    links = header_links(html)
    # by name ascending (the default): the name header turns it round, the NIP header sorts by NIP
    assert "sort=-nama" in links["Nama"] and "golongan=III%2Fb" in links["Nama"] and "q=a" in links["Nama"]
    assert "sort=nip" in links["NIP"] and "golongan=III%2Fb" in links["NIP"]
    assert 'aria-sort="ascending"' in html
    html = client.get(links["NIP"]).content.decode()
    assert "sort=-nip" in header_links(html)["NIP"] and "sort=" not in header_links(html)["Nama"]
    html = client.get(LIST, {"sort": "-nama"}).content.decode()
    assert "sort=" not in header_links(html)["Nama"] and 'aria-sort="descending"' in html
    assert 'name="sort" value="-nama"' in html  # the filter form keeps the order


def test_masked_role_gets_no_nip_sort_link_and_a_crafted_one_falls_back(client, world, users):
    client.force_login(users.national_analyst)
    html = client.get(LIST).content.decode()
    assert set(header_links(html)) == {"Nama"}
    html = client.get(LIST, {"sort": "nip"}).content.decode()
    assert set(header_links(html)) == {"Nama"} and 'aria-sort="ascending"' in html


def test_page_cursor_of_another_sort_is_400(client, world, users, monkeypatch):
    monkeypatch.setattr("abdi.people.views.PAGE_SIZE", 4)
    client.force_login(users.national_admin)
    cursor = employee_list_for_user(users.national_admin, sort="-nip", limit=4).next_cursor
    assert client.get(LIST, {"sort": "-nip", "cursor": cursor}).status_code == 200
    assert client.get(LIST, {"sort": "nip", "cursor": cursor}).status_code == 400


def test_htmx_sort_click_refreshes_the_form_but_typing_does_not(client, world, users):
    client.force_login(users.admin_a)
    frag = client.get(LIST, {"sort": "-nip"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in frag and 'id="f-filters"' in frag and 'hx-swap-oob="true"' in frag
    assert 'name="sort" value="-nip"' in frag
    frag = client.get(LIST, {"q": "bud"}, HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="f-filters").content.decode()
    assert 'id="f-filters"' not in frag and 'id="f-unor-field" hx-swap-oob="true"' in frag  # focus stays put
