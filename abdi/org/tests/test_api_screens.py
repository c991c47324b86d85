"""The org browser's screens through the API: an agency's tree top, a unit's children, staff counts.
Scoped exactly like the pages: 200 in scope, 404 outside, 401 without credentials."""

import pytest
from django.urls import reverse

from abdi.accounts.api_auth import token_create
from abdi.org.models import Unor

pytestmark = pytest.mark.django_db

ORG = "/api/v1/org"


def assert_error(response, status):
    assert response.status_code == status, response.content
    assert set(response.json()) == {"detail", "errors"}


def direct_counts(world):
    counts = {}
    for p in world.people:
        counts[p.unor_id] = counts.get(p.unor_id, 0) + 1
    return counts


# --- /instansi/{id}: the tree page -------------------------------------------------------------------------
@pytest.mark.parametrize("who,instansi,top", [
    ("national_admin", "KAB-A", ["A0"]), ("national_analyst", "KAB-B", ["B0"]), ("admin_a", "KAB-A", ["A0"]),
    ("hr_a1", "KAB-A", ["A1"]), ("supervisor_a1", "KAB-A", ["A1"]), ("auditor_a", "KAB-A", ["A0"]),
])
def test_instansi_tree_in_scope(client, world, users, who, instansi, top):
    client.force_login(getattr(users, who))
    r = client.get(f"{ORG}/instansi/{instansi}")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["instansi_id"] == instansi and body["nama"] and body["jenis"] == "KABUPATEN"
    assert [u["unor_id"] for u in body["units"]] == top
    counts = direct_counts(world)
    assert all(u["jumlah_pegawai"] == counts[u["unor_id"]] and u["has_children"] for u in body["units"])


def test_instansi_tree_matches_the_page(client, world, users):
    client.force_login(users.hr_a1)
    page = client.get(reverse("org:tree", args=["KAB-A"])).content.decode()
    units = client.get(f"{ORG}/instansi/KAB-A").json()["units"]
    assert all(u["nama"] in page for u in units) and "Sekretariat Daerah" not in page


@pytest.mark.parametrize("who,instansi", [("admin_a", "KAB-B"), ("admin_b", "KAB-A"), ("hr_a1", "KAB-B"),
                                          ("employee_b", "KAB-B"), ("norole", "KAB-A"),
                                          ("national_admin", "NOPE")])
def test_instansi_tree_outside_scope_is_404(client, world, users, who, instansi):
    client.force_login(getattr(users, who))
    assert_error(client.get(f"{ORG}/instansi/{instansi}"), 404)


# --- /unor/{id}/children: the unit page and the expanding fragment ----------------------------------------
@pytest.mark.parametrize("who,unit,children", [
    ("national_admin", "B0", ["B1"]), ("admin_a", "A0", ["A1", "A1X", "A2"]), ("hr_a1", "A1", ["A11"]),
    ("supervisor_a1", "A11", []), ("auditor_a", "A1", ["A11"]),
])
def test_unor_children_in_scope(client, world, users, who, unit, children):
    client.force_login(getattr(users, who))
    r = client.get(f"{ORG}/unor/{unit}/children")
    assert r.status_code == 200, r.content
    items = r.json()["items"]
    names = dict(Unor.objects.values_list("unor_id", "nama"))
    assert sorted(i["unor_id"] for i in items) == children
    assert [i["nama"] for i in items] == sorted(names[c] for c in children)  # by name, as on the page
    counts = direct_counts(world)
    assert all(i["jumlah_pegawai"] == counts[i["unor_id"]] for i in items)
    assert r.json()["next"] is None


@pytest.mark.parametrize("who,unit", [("admin_a", "B0"), ("admin_b", "A1"), ("hr_a1", "A0"), ("hr_a1", "A1X"),
                                      ("supervisor_a1", "A2"), ("employee_b", "B1"), ("norole", "A0"),
                                      ("national_admin", "nope")])
def test_unor_children_outside_scope_is_404(client, world, users, who, unit):
    client.force_login(getattr(users, who))
    assert_error(client.get(f"{ORG}/unor/{unit}/children"), 404)


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 500])
def test_unor_children_pages_return_every_child_once(client, world, users, limit):
    Unor.objects.bulk_create([Unor(unor_id=f"A0-{i:02d}", instansi_id="KAB-A", diatasan_id="A0",
                                   nama=f"Bagian {i % 3}", path=f"/A0/A0-{i:02d}/", depth=1) for i in range(11)])
    client.force_login(users.admin_a)
    params, seen = {"limit": limit}, []
    while True:
        r = client.get(f"{ORG}/unor/A0/children", params)
        assert r.status_code == 200, r.content
        assert len(r.json()["items"]) <= limit
        seen += [(i["nama"], i["unor_id"]) for i in r.json()["items"]]
        if r.json()["next"] is None:
            break
        params["cursor"] = r.json()["next"]
    assert len(seen) == len(set(seen)) == 14 and seen == sorted(seen)


@pytest.mark.parametrize("params,field", [({"limit": 0}, "limit"), ({"limit": 501}, "limit"),
                                          ({"cursor": "!!"}, "cursor"), ({"cursor": "\x00"}, "cursor")])
def test_unor_children_bad_params_are_422(client, world, users, params, field):
    client.force_login(users.admin_a)
    r = client.get(f"{ORG}/unor/A0/children", params)
    assert r.status_code == 422 and field in {e["field"] for e in r.json()["errors"]}


# --- /staff-counts: the count fragment -----------------------------------------------------------------------
def test_staff_counts_leave_out_units_outside_the_scope(client, world, users):
    client.force_login(users.hr_a1)
    r = client.get(f"{ORG}/staff-counts", {"unor_id": ["A1", "A11", "B1", "A0", "nope"]})
    assert r.status_code == 200, r.content
    counts = direct_counts(world)
    assert r.json()["items"] == [{"unor_id": "A1", "jumlah_pegawai": counts["A1"]},
                                 {"unor_id": "A11", "jumlah_pegawai": counts["A11"]}]
    frag = client.get(reverse("people:unor_counts"), {"unor": ["A1", "A11", "B1", "A0"]}).content.decode()
    assert frag.count("pegawai</span>") == 2  # the same units as the page's fragment


@pytest.mark.parametrize("who,expected", [("national_analyst", {"A1", "B1"}), ("admin_b", {"B1"}),
                                          ("employee_b", set()), ("norole", set())])
def test_staff_counts_per_role(client, world, users, who, expected):
    client.force_login(getattr(users, who))
    r = client.get(f"{ORG}/staff-counts", {"unor_id": ["A1", "B1"]})
    assert r.status_code == 200 and {i["unor_id"] for i in r.json()["items"]} == expected


@pytest.mark.parametrize("params", [{}, {"unor_id": ["x"] * 501}, {"unor_id": "x" * 41}, {"unor_id": "\x00"}])
def test_staff_counts_bad_params_are_422(client, world, users, params):
    client.force_login(users.national_admin)
    r = client.get(f"{ORG}/staff-counts", params)
    assert r.status_code == 422 and "unor_id" in {e["field"].split(".")[0] for e in r.json()["errors"]}


# --- auth ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [f"{ORG}/instansi/KAB-A", f"{ORG}/unor/A0/children",
                                 f"{ORG}/staff-counts?unor_id=A0"])
def test_no_auth_is_401(client, world, url):
    assert_error(client.get(url), 401)


def test_bearer_token_works(client, world, users):
    token, _ = token_create(users.admin_b)
    r = client.get(f"{ORG}/unor/B0/children", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and [i["unor_id"] for i in r.json()["items"]] == ["B1"]


def test_children_query_count_is_bounded(client, world, users, django_assert_max_num_queries):
    token, _ = token_create(users.admin_a)
    # token (2), scopes, the unit and its parent check, children, which have children, counts (2): 9
    with django_assert_max_num_queries(9):
        r = client.get(f"{ORG}/unor/A0/children", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200


def test_openapi_lists_the_new_paths(client, world):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {f"{ORG}/instansi/{{instansi_id}}", f"{ORG}/unor/{{unor_id}}/children", f"{ORG}/staff-counts"} <= set(paths)
