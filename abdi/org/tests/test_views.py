import pytest
from django.urls import reverse

from abdi.org.selectors import (
    NotFound,
    instansi_list_for_user,
    unor_ancestors_for_user,
    unor_children_for_user,
    unor_options_for_user,
)

pytestmark = pytest.mark.django_db


def ids(nodes):
    return [n.unor_id for n in nodes]


# --- selectors ---------------------------------------------------------------------------------------
def test_instansi_list_by_scope(world, users):
    assert [i.instansi_id for i in instansi_list_for_user(users.national_analyst)] == ["KAB-A", "KAB-B"]  # by name
    assert [i.instansi_id for i in instansi_list_for_user(users.admin_a)] == ["KAB-A"]
    assert [i.instansi_id for i in instansi_list_for_user(users.hr_a1)] == ["KAB-A"]
    assert instansi_list_for_user(users.employee_b) == []
    assert [i.instansi_id for i in instansi_list_for_user(users.national_admin, q="bogor")] == ["KAB-B"]


def test_tree_top_and_children(world, users):
    top = unor_children_for_user(users.admin_a, instansi_id="KAB-A")
    assert ids(top) == ["A0"] and top[0].has_children
    children = unor_children_for_user(users.admin_a, instansi_id="KAB-A", parent_id="A0")
    assert set(ids(children)) == {"A1", "A1X", "A2"}
    assert {n.unor_id: n.has_children for n in children} == {"A1": True, "A1X": False, "A2": False}


def test_unit_scoped_tree_starts_at_the_scoped_unit(world, users):
    assert ids(unor_children_for_user(users.hr_a1, instansi_id="KAB-A")) == ["A1"]
    assert ids(unor_children_for_user(users.hr_a1, instansi_id="KAB-A", parent_id="A1")) == ["A11"]
    with pytest.raises(NotFound):
        unor_children_for_user(users.hr_a1, instansi_id="KAB-A", parent_id="A0")
    assert unor_ancestors_for_user(users.hr_a1, "A11") == [("A1", "Dinas Pendidikan"), ("A11", "SD Negeri 1")]


def test_other_agency_tree_is_not_found(world, users):
    with pytest.raises(NotFound):
        unor_children_for_user(users.admin_a, instansi_id="KAB-B")
    with pytest.raises(NotFound):
        unor_children_for_user(users.admin_a, instansi_id="KAB-B", parent_id="B0")
    with pytest.raises(NotFound):  # a parent from another agency than the one named
        unor_children_for_user(users.national_admin, instansi_id="KAB-A", parent_id="B0")


def test_unit_filter_options_are_the_top_two_levels(world, users):
    assert [(u, lvl) for u, _, lvl in unor_options_for_user(users.admin_a, instansi_id="KAB-A")] == [
        ("A0", 0), ("A1", 1), ("A1X", 1), ("A2", 1)]
    assert [u for u, _, _ in unor_options_for_user(users.hr_a1, instansi_id="KAB-A")] == ["A1", "A11"]
    assert unor_options_for_user(users.admin_a, instansi_id="KAB-B") == []


# --- pages -------------------------------------------------------------------------------------------
def test_instansi_page_lists_agencies_in_scope(client, world, users):
    client.force_login(users.national_admin)
    html = client.get(reverse("org:instansi_list")).content.decode()
    assert "Kabupaten Bandung" in html and "Kabupaten Bogor" in html


def test_single_agency_user_goes_straight_to_its_tree(client, world, users):
    client.force_login(users.admin_a)
    response = client.get(reverse("org:instansi_list"))
    assert response.status_code == 302 and response["Location"] == reverse("org:tree", args=["KAB-A"])


def test_tree_page_and_htmx_children(client, world, users):
    client.force_login(users.admin_a)
    html = client.get(reverse("org:tree", args=["KAB-A"])).content.decode()
    assert "Sekretariat Daerah Kabupaten A" in html and 'hx-trigger="toggle once"' in html
    frag = client.get(reverse("org:children", args=["KAB-A", "A0"]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in frag and "Dinas Pendidikan" in frag and "Dinas Kesehatan" in frag
    assert reverse("people:unor_counts") in frag  # counts are fetched lazily
    # the loader must not inherit the enclosing <details>' hx-target ("find .children" finds nothing from it)
    assert 'hx-trigger="load" hx-target="this" hx-swap="none"' in frag
    page = client.get(reverse("org:children", args=["KAB-A", "A1"])).content.decode()
    assert "<html" in page and "SD Negeri 1" in page


def test_other_agency_tree_pages_are_404(client, world, users):
    client.force_login(users.admin_a)
    assert client.get(reverse("org:tree", args=["KAB-B"])).status_code == 404
    assert client.get(reverse("org:children", args=["KAB-B", "B0"])).status_code == 404
    assert client.get(reverse("org:children", args=["KAB-A", "B0"])).status_code == 404


def test_employee_has_no_org_browser(client, world, users):
    client.force_login(users.employee_b)
    html = client.get(reverse("org:instansi_list")).content.decode()
    assert "Akun Anda tidak memiliki cakupan organisasi" in html
    assert reverse("people:detail", args=[users.employee_b.nip]) in html  # pointed to their own profile
    assert client.get(reverse("org:tree", args=["KAB-B"])).status_code == 404


def test_user_without_any_scope_is_told_so(client, world, users):
    client.force_login(users.norole)
    html = client.get(reverse("org:instansi_list")).content.decode()
    assert "Akun Anda tidak memiliki cakupan organisasi" in html and "Hubungi admin" in html


def test_search_without_match_says_so(client, world, users):
    client.force_login(users.national_admin)
    html = client.get(reverse("org:instansi_list"), {"q": "zzzz"}).content.decode()
    assert "Tidak ada instansi yang cocok" in html


def test_no_agency_at_all_tells_an_admin_how_to_load(client, db, fast_passwords):
    from abdi.accounts.models import Role
    from abdi.people.tests.world import make_user

    client.force_login(make_user("kosong", Role.NATIONAL_ADMIN))
    html = client.get(reverse("org:instansi_list")).content.decode()
    assert "Belum ada instansi" in html and "abdi load" in html


@pytest.mark.parametrize("who,loads", [("national_admin", True), ("national_analyst", False)])
def test_agency_without_units_has_an_empty_state(client, world, users, who, loads):
    from abdi.org.models import Instansi

    Instansi.objects.create(instansi_id="KOTA-C", nama="Pemerintah Kota C", jenis="KOTA", provinsi_id="32",
                            kabkota_id="32.73")
    client.force_login(getattr(users, who))
    html = client.get(reverse("org:tree", args=["KOTA-C"])).content.decode()
    assert "Belum ada unit organisasi" in html and ("unor.csv" in html) is loads
    assert f'{reverse("people:list")}?instansi=KOTA-C' in html


def test_tree_query_count_is_bounded(client, world, users, django_assert_max_num_queries):
    client.force_login(users.national_admin)
    with django_assert_max_num_queries(6):
        client.get(reverse("org:children", args=["KAB-A", "A0"]), HTTP_HX_REQUEST="true")
