import pytest

from abdi.people.masking import employee_ref, mask_nip, nip_from_ref
from abdi.people.selectors import (
    InvalidCursor,
    NotFound,
    employee_get_for_user,
    employee_history_for_user,
    employee_list_for_user,
    staff_counts_by_unor_for_user,
)

pytestmark = pytest.mark.django_db


def all_rows(user, **filters):
    """Walk every page; return the rows in order."""
    rows, cursor = [], None
    for _ in range(1000):
        page = employee_list_for_user(user, after_cursor=cursor, **filters)
        rows.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return rows
    raise AssertionError("pagination did not end")


def nips(rows):
    return {r.nip for r in rows}


def real_nips(rows):
    return {r.ref if r.ref.isdigit() else nip_from_ref(r.ref) for r in rows}


# --- scope -------------------------------------------------------------------------------------------
def test_national_roles_see_everyone(world, users):
    everyone = world.a_nips | world.b_nips
    assert real_nips(all_rows(users.national_admin)) == everyone
    assert real_nips(all_rows(users.national_analyst)) == everyone


def test_agency_admin_of_a_never_sees_agency_b(world, users):
    assert nips(all_rows(users.admin_a)) == world.a_nips
    assert nips(all_rows(users.admin_b)) == world.b_nips
    # explicit filters and searches do not widen the scope
    assert all_rows(users.admin_a, instansi_id="KAB-B") == []
    assert all_rows(users.admin_a, unor_id="B1") == []
    b_nip = next(iter(world.b_nips))
    assert all_rows(users.admin_a, q=b_nip) == []
    assert nips(all_rows(users.admin_a, q=b_nip[:8])) <= world.a_nips
    with pytest.raises(NotFound):
        employee_get_for_user(users.admin_a, b_nip)
    with pytest.raises(NotFound):
        employee_history_for_user(users.admin_a, b_nip)


def test_unit_scope_covers_the_subtree_and_nothing_beside_it(world, users):
    expected = {p.nip for p in world.by_unit["A1"] + world.by_unit["A11"]}
    got = real_nips(all_rows(users.hr_a1))
    assert got == expected  # A11 is below A1; the sibling "A1X" shares the prefix "A1" but is not inside
    a1x = world.by_unit["A1X"][0].nip
    with pytest.raises(NotFound):
        employee_get_for_user(users.hr_a1, a1x)
    grandchild = world.by_unit["A11"][0].nip
    assert employee_get_for_user(users.hr_a1, grandchild).nama


def test_unit_filter_selects_the_subtree(world, users):
    rows = all_rows(users.national_admin, unor_id="A1")
    assert real_nips(rows) == {p.nip for p in world.by_unit["A1"] + world.by_unit["A11"]}
    assert all_rows(users.national_admin, unor_id="does-not-exist") == []


def test_employee_sees_only_themselves(world, users):
    me = users.employee_b.nip
    rows = all_rows(users.employee_b)
    assert [r.ref for r in rows] == [me]
    assert rows[0].tgl_lahir is not None  # their own birth date
    assert employee_get_for_user(users.employee_b, me).nip == me
    other = next(n for n in world.b_nips if n != me)
    with pytest.raises(NotFound):
        employee_get_for_user(users.employee_b, other)


def test_every_role_sees_its_own_record(world, users):
    head = users.supervisor_a1.nip
    assert employee_get_for_user(users.supervisor_a1, head).nip == head  # unmasked: it is their own


def test_user_without_role_sees_nothing(world, users):
    assert all_rows(users.norole) == []
    with pytest.raises(NotFound):
        employee_get_for_user(users.norole, next(iter(world.a_nips)))


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert all_rows(AnonymousUser()) == []
    with pytest.raises(NotFound):
        employee_get_for_user(AnonymousUser(), next(iter(world.a_nips)))


# --- personal data ------------------------------------------------------------------------------------
def test_mask_nip_hides_the_birth_date_digits():
    assert mask_nip("198609262015051001") == "********2015051001"


def test_reference_round_trips_and_hides_the_nip():
    nip = "198609262015051001"
    ref = employee_ref(nip)
    assert nip_from_ref(ref) == nip
    assert "19860926" not in ref and ref != nip
    assert nip_from_ref("garbage") is None
    assert nip_from_ref(nip) is None  # a NIP is not a reference


@pytest.mark.parametrize("who,sees", [
    ("national_admin", True), ("admin_a", True), ("hr_a1", True), ("auditor_a", True),
    ("national_analyst", False), ("supervisor_a1", False),
])
def test_birth_dates_only_for_roles_that_need_them(world, users, who, sees):
    user = getattr(users, who)
    person = world.by_unit["A11"][1]
    rows = [r for r in all_rows(user) if r.nama == person.nama]
    assert rows
    for row in rows:
        if sees:
            assert row.tgl_lahir is not None and row.nip.isdigit()
        else:
            assert row.tgl_lahir is None
            assert row.nip.startswith("********") and not row.ref.isdigit()
    detail = employee_get_for_user(user, person.nip)
    assert (detail.tgl_lahir == person.tgl_lahir) if sees else (detail.tgl_lahir is None)
    assert detail.nip == (person.nip if sees else mask_nip(person.nip))
    # the opaque reference opens the same record
    assert employee_get_for_user(user, detail.ref).nama == person.nama


def test_masked_roles_cannot_probe_birth_dates_by_nip_prefix(world, users):
    person = world.by_unit["A11"][1]
    assert all_rows(users.supervisor_a1, q=person.nip[:8]) == []
    assert [r.nama for r in all_rows(users.supervisor_a1, q=person.nip)] == [person.nama]
    assert real_nips(all_rows(users.admin_a, q=person.nip[:12])) >= {person.nip}


# --- search and filters --------------------------------------------------------------------------------
def test_search_by_name_words_in_any_order(world, users):
    rows = all_rows(users.national_admin, q="santoso BUDI")
    assert rows and all(r.nama == "Budi Santoso" for r in rows)
    assert all_rows(users.national_admin, q="tidak ada nama ini") == []


def test_filters(world, users):
    rows = all_rows(users.national_admin, jenis_jabatan="STRUKTURAL")
    assert rows and all(r.jenis_jabatan == "STRUKTURAL" for r in rows)
    rows = all_rows(users.national_admin, golongan="III/c", instansi_id="KAB-A")
    assert rows and all(r.golongan == "III/c" and r.instansi_id == "KAB-A" for r in rows)
    rows = all_rows(users.national_admin, kedudukan="CLTN")
    assert rows and all(r.kedudukan == "CLTN" for r in rows)


# --- keyset pagination --------------------------------------------------------------------------------
@pytest.mark.parametrize("limit", [1, 2, 3, 7, 50])
def test_keyset_pagination_returns_every_row_exactly_once(world, users, limit):
    rows = all_rows(users.national_admin, limit=limit)
    keys = [r.ref for r in rows]
    assert len(keys) == len(set(keys)) == len(world.people)
    assert [(r.nama, r.ref) for r in rows] == sorted((r.nama, r.ref) for r in rows)


def test_pagination_with_masked_refs_is_complete(world, users):
    rows = all_rows(users.national_analyst, limit=4)
    assert len({r.ref for r in rows}) == len(rows) == len(world.people)


def test_page_size_is_bounded(world, users):
    assert len(employee_list_for_user(users.national_admin, limit=10_000).items) == len(world.people)
    assert len(employee_list_for_user(users.national_admin, limit=0).items) == 1


def test_bad_cursor_is_rejected(world, users):
    with pytest.raises(InvalidCursor):
        employee_list_for_user(users.national_admin, after_cursor="not-a-cursor")


def test_list_is_one_query_per_page(world, users, django_assert_num_queries):
    user = users.admin_a
    user.access  # resolved once per request  # noqa: B018
    with django_assert_num_queries(1):
        employee_list_for_user(user, q="budi", limit=5)


# --- history and counts ---------------------------------------------------------------------------------
def test_history_is_ordered_by_tmt_with_names(world, users):
    person = world.by_unit["A11"][0]
    rows = employee_history_for_user(users.admin_a, person.nip)
    assert [r.perubahan for r in rows] == ["AWAL", "JABATAN,UNOR"]
    assert rows[0].tmt < rows[1].tmt
    assert rows[1].unor_nama == "SD Negeri 1"


def test_staff_counts_only_for_units_in_scope(world, users):
    counts = staff_counts_by_unor_for_user(users.hr_a1, ["A1", "A11", "A2", "B1"])
    assert counts == {"A1": 6, "A11": 8}
    assert staff_counts_by_unor_for_user(users.national_analyst, ["B1"]) == {"B1": 6}
