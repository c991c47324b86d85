"""``/api/v1/org`` (CONTRACTS §7)."""

import pytest

from abdi.accounts.api_auth import token_create
from abdi.org.models import Instansi

pytestmark = pytest.mark.django_db

INSTANSI = "/api/v1/org/instansi"


def unor(uid):
    return f"/api/v1/org/unor/{uid}"


def walk(client, params=None):
    params = dict(params or {})
    items = []
    while True:
        r = client.get(INSTANSI, params)
        assert r.status_code == 200, r.content
        items += r.json()["items"]
        if r.json()["next"] is None:
            return items
        params["cursor"] = r.json()["next"]


def assert_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and isinstance(body["errors"], list)
    return body


@pytest.fixture
def many_agencies(world):
    Instansi.objects.bulk_create([Instansi(instansi_id=f"X-{i:02d}", nama=f"Instansi {i % 4}", jenis="KOTA",
                                           provinsi_id="32", kabkota_id="32.01") for i in range(23)])


@pytest.mark.parametrize("url", [INSTANSI, unor("A0")])
def test_no_auth_is_401(client, world, url):
    assert_error(client.get(url), 401)


@pytest.mark.parametrize("who,expected", [
    ("national_admin", {"KAB-A", "KAB-B"}), ("national_analyst", {"KAB-A", "KAB-B"}), ("admin_a", {"KAB-A"}),
    ("admin_b", {"KAB-B"}), ("hr_a1", {"KAB-A"}), ("auditor_a", {"KAB-A"}), ("employee_b", set()),
])
def test_instansi_list_is_scoped(client, world, users, who, expected):
    client.force_login(getattr(users, who))
    assert {i["instansi_id"] for i in walk(client)} == expected


@pytest.mark.parametrize("limit", [1, 2, 5, 25, 500])
def test_instansi_pagination_returns_every_row_once(client, users, many_agencies, limit):
    client.force_login(users.national_admin)
    items = walk(client, {"limit": limit})
    ids = [i["instansi_id"] for i in items]
    assert len(ids) == len(set(ids)) == Instansi.objects.count() == 25


def test_instansi_bearer_and_filters(client, world, users):
    token, _ = token_create(users.national_analyst)
    r = client.get(INSTANSI, {"q": "bogor"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and [i["instansi_id"] for i in r.json()["items"]] == ["KAB-B"]


@pytest.mark.parametrize("params,field", [({"limit": 501}, "limit"), ({"limit": "many"}, "limit"),
                                          ({"cursor": "!!!"}, "cursor"), ({"cursor": "WzFd"}, "cursor"),
                                          ({"q": "\x00"}, "q")])
def test_instansi_bad_params_are_422(client, world, users, params, field):
    client.force_login(users.national_admin)
    body = assert_error(client.get(INSTANSI, params), 422)
    assert field in {e["field"] for e in body["errors"]}


@pytest.mark.parametrize("who,inside,outside", [
    ("national_admin", "B1", None), ("admin_a", "A11", "B0"), ("admin_b", "B1", "A0"), ("hr_a1", "A11", "A2"),
    ("hr_a1", "A1", "A0"), ("supervisor_a1", "A1", "A1X"),
])
def test_unor_detail_scope(client, world, users, who, inside, outside):
    client.force_login(getattr(users, who))
    r = client.get(unor(inside))
    assert r.status_code == 200 and r.json()["unor_id"] == inside
    if outside:
        assert_error(client.get(unor(outside)), 404)


def test_unor_detail_lists_children(client, world, users):
    client.force_login(users.admin_a)
    body = client.get(unor("A0")).json()
    assert body["instansi_id"] == "KAB-A" and body["diatasan_id"] is None
    assert {c["unor_id"] for c in body["children"]} == {"A1", "A1X", "A2"}
    assert {c["unor_id"]: c["has_children"] for c in body["children"]}["A1"] is True


@pytest.mark.parametrize("uid", ["nope", "%00", "x" * 300])
def test_unor_missing_or_hostile_is_404(client, world, users, uid):
    client.force_login(users.national_admin)
    assert_error(client.get(unor(uid)), 404)


def test_unor_id_with_a_slash_matches_no_route(client, world, users):
    client.force_login(users.national_admin)
    assert client.get(unor("A1%2F..")).status_code == 404


def test_employee_sees_no_unit(client, world, users):
    client.force_login(users.employee_b)
    assert_error(client.get(unor("B1")), 404)
