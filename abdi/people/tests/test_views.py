import re

import pytest
from django.urls import reverse

from abdi.people.masking import employee_ref, mask_nip

pytestmark = pytest.mark.django_db

LIST = reverse("people:list")


def detail(key):
    return reverse("people:detail", args=[key])


def test_list_requires_login(client, world):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_agency_admin_list_shows_only_their_agency(client, world, users):
    client.force_login(users.admin_a)
    html = client.get(LIST + "?cursor=").content.decode()
    # 50 per page is more than the world holds: every A employee is on the page, no B employee is
    for nip in world.a_nips:
        assert nip in html
    for nip in world.b_nips:
        assert nip not in html


def test_agency_admin_cannot_open_or_search_other_agency(client, world, users):
    client.force_login(users.admin_a)
    b_nip = next(iter(world.b_nips))
    assert client.get(detail(b_nip)).status_code == 404
    assert client.get(detail(employee_ref(b_nip))).status_code == 404
    html = client.get(LIST, {"q": b_nip}, HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="f-filters").content.decode()
    # the search itself is echoed in its chip, and nothing else
    assert html.count(b_nip) == 1 and "Tidak ada pegawai yang cocok" in html
    html = client.get(LIST, {"instansi": "KAB-B"}).content.decode()
    assert not (world.b_nips & set(re.findall(r"\d{18}", html)))


def test_profile_shows_history(client, world, users):
    client.force_login(users.admin_a)
    person = world.by_unit["A11"][0]
    response = client.get(detail(person.nip))
    html = response.content.decode()
    assert response.status_code == 200
    assert person.nama in html and "Riwayat" in html and "SD Negeri 1" in html
    assert f"800/{person.nip[-3:]}/BKD" in html
    assert html.index("Awal") < html.index("Jabatan, unor")


def test_masked_role_never_receives_birth_date_digits(client, world, users):
    client.force_login(users.supervisor_a1)
    html = client.get(LIST).content.decode()
    people = world.by_unit["A1"][1:] + world.by_unit["A11"]
    for person in people:
        assert person.nip not in html  # not in the text, not in a link
        assert mask_nip(person.nip) in html
    person = world.by_unit["A11"][0]
    page = client.get(detail(employee_ref(person.nip))).content.decode()
    assert person.nip not in page and mask_nip(person.nip) in page
    assert "disembunyikan" in page
    assert person.tgl_lahir.strftime("%Y") not in page.split("Riwayat")[0].split("Tanggal lahir")[1][:120]


def test_employee_sees_own_profile_only(client, world, users):
    client.force_login(users.employee_b)
    me = users.employee_b.nip
    response = client.get(detail(me))
    assert response.status_code == 200 and me in response.content.decode()
    other = next(n for n in world.b_nips if n != me)
    assert client.get(detail(other)).status_code == 404
    html = client.get(LIST).content.decode()
    assert set(re.findall(r"\d{18}", html)) == {me}


def test_htmx_request_gets_the_results_fragment(client, world, users):
    client.force_login(users.national_admin)
    response = client.get(LIST, {"q": "budi"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "Budi Santoso" in html and "Siti" not in html
    assert 'hx-swap-oob="true"' in html  # the unit select follows the chosen agency
    assert "HX-Request" in response["Vary"]


def test_empty_state(client, world, users):
    client.force_login(users.national_admin)
    html = client.get(LIST, {"q": "zzzz tidak ada"}).content.decode()
    assert "Tidak ada pegawai yang cocok" in html
    client.force_login(users.norole)
    assert "Akun Anda belum memiliki cakupan data" in client.get(LIST).content.decode()


def test_next_page_links_walk_every_row_once(client, world, users, monkeypatch):
    monkeypatch.setattr("abdi.people.views.PAGE_SIZE", 4)
    client.force_login(users.national_admin)
    url, seen = LIST + "?kedudukan=", []
    for _ in range(100):
        html = client.get(url).content.decode()
        seen += re.findall(r'href="/pegawai/(\d{18})/"', html)
        m = re.search(r'<a class="btn" href="([^"]+)"[^>]*rel="next"', html)
        if not m:
            break
        url = LIST + m.group(1).replace("&amp;", "&")
    assert len(seen) == len(set(seen)) == len(world.people)


def test_bad_cursor_is_a_400(client, world, users):
    client.force_login(users.national_admin)
    assert client.get(LIST, {"cursor": "###"}).status_code == 400


@pytest.mark.parametrize("page_size", [5, 40])
def test_list_query_count_does_not_grow_with_page_size(client, world, users, monkeypatch, page_size,
                                                       django_assert_max_num_queries):
    monkeypatch.setattr("abdi.people.views.PAGE_SIZE", page_size)
    client.force_login(users.hr_a1)
    with django_assert_max_num_queries(9):
        response = client.get(LIST, {"unor": "A1", "jenis_jabatan": "FUNGSIONAL"})
    assert response.status_code == 200


def test_unit_filter_from_the_org_tree_is_preselected(client, world, users):
    client.force_login(users.national_admin)
    html = client.get(LIST, {"unor": "A11"}).content.decode()
    assert re.search(r'<option value="A11" selected>SD Negeri 1</option>', html)


def test_staff_counts_fragment_respects_scope(client, world, users):
    client.force_login(users.hr_a1)
    html = client.get(reverse("people:unor_counts") + "?unor=A1&unor=A11&unor=B1").content.decode()
    assert html.count('hx-swap-oob="true"') == 2 and "8 pegawai" in html


@pytest.mark.parametrize("params", [
    {"q": "\x00"}, {"q": "x" * 5000}, {"instansi": "\x00"}, {"unor": "A1\x00"}, {"golongan": "ĳ'\";--"},
    {"cursor": "é"}, {"cursor": "W10"}, {"unor": "A1", "instansi": "KAB-B"},
])
def test_hostile_list_input_never_fails(client, world, users, params):
    client.force_login(users.national_admin)
    assert client.get(LIST, params).status_code in (200, 400)


@pytest.mark.parametrize("path", ["/pegawai/%00/", "/pegawai/r%00/", "/organisasi/%00/", "/organisasi/KAB-A/unit/%00/",
                                  "/pegawai/rffffffffffffffff/", "/pegawai/1" + "9" * 17 + "/"])
def test_hostile_paths_are_404(client, world, users, path):
    client.force_login(users.national_admin)
    assert client.get(path).status_code == 404
