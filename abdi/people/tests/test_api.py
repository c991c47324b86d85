"""``/api/v1/employees`` (CONTRACTS §7); ``/api/v1/stats`` is tested with the analytics app."""

import pytest

from abdi.accounts.api_auth import token_create
from abdi.core.models import AuditEvent
from abdi.people.masking import employee_ref, mask_nip

pytestmark = pytest.mark.django_db

LIST = "/api/v1/employees"
PEGAWAI_CSV = ("nip", "nama", "gelar_depan", "gelar_belakang", "tgl_lahir", "jenis_kelamin", "jenis_pegawai",
               "status", "kedudukan", "golongan", "pendidikan", "tmt_cpns", "instansi_id", "unor_id", "jabatan_id",
               "tmt_jabatan", "lokasi_kabkota_kode")


def detail(key):
    return f"{LIST}/{key}"


def as_user(client, user):
    client.force_login(user)
    return client


def walk(client, params=None):
    """Every item of a list, following ``next``; also the number of pages."""
    params = dict(params or {})
    items, pages = [], 0
    while True:
        r = client.get(LIST, params)
        assert r.status_code == 200, r.content
        body = r.json()
        items += body["items"]
        pages += 1
        if body["next"] is None:
            return items, pages
        params["cursor"] = body["next"]


def assert_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and isinstance(body["errors"], list)
    return body


# --- auth ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [LIST, "/api/v1/stats", "/api/v1/employees/197001012000011001"])
def test_no_auth_is_401_json(client, world, url):
    assert_error(client.get(url), 401)


def test_bearer_token_works(client, world, users):
    token, _ = token_create(users.admin_a)
    r = client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200
    assert {i["instansi_id"] for i in r.json()["items"]} == {"KAB-A"}


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Basic abc", "Bearer \x01x"])
def test_bad_bearer_is_401_even_with_a_session(client, world, users, header):
    client.force_login(users.admin_a)
    assert_error(client.get(LIST, HTTP_AUTHORIZATION=header), 401)


def test_session_works(client, world, users):
    assert as_user(client, users.national_admin).get(LIST).status_code == 200


# --- list ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who,expected", [
    ("national_admin", "all"), ("national_analyst", "all"), ("admin_a", "a"), ("admin_b", "b"),
    ("auditor_a", "a"), ("hr_a1", "a1"), ("supervisor_a1", "a1"), ("employee_b", "self"), ("norole", "none"),
])
def test_list_scope_per_role(client, world, users, who, expected):
    user = getattr(users, who)
    items, _ = walk(as_user(client, user))
    refs = {i["ref"] for i in items}
    a1 = {p.nip for p in world.by_unit["A1"] + world.by_unit["A11"]}
    want = {"all": world.a_nips | world.b_nips, "a": world.a_nips, "b": world.b_nips, "a1": a1,
            "self": {user.nip}, "none": set()}[expected]
    personal = who in ("national_admin", "admin_a", "admin_b", "auditor_a", "hr_a1")
    # roles without personal data get opaque refs, except for their own record
    assert refs == {n if personal or n == user.nip else employee_ref(n) for n in want}


def test_list_items_carry_pegawai_csv_fields(client, world, users):
    items = as_user(client, users.admin_a).get(LIST).json()["items"]
    by_nip = {p.nip: p for p in world.people}
    for item in items:
        assert set(PEGAWAI_CSV) <= set(item)
        p = by_nip[item["nip"]]
        assert item["tgl_lahir"] == p.tgl_lahir.isoformat()
        assert item["tmt_cpns"] == p.tmt_cpns.isoformat() and item["pendidikan"] == "S1"
        assert item["lokasi_kabkota_kode"] == "32.04" and item["unor_nama"]


def test_list_masks_for_roles_without_personal_data(client, world, users):
    items, _ = walk(as_user(client, users.national_analyst))
    masked = {mask_nip(n) for n in world.a_nips | world.b_nips}
    assert {i["nip"] for i in items} == masked
    assert all(i["tgl_lahir"] is None for i in items)
    assert all(i["tmt_cpns"] for i in items)  # the non-personal extra fields still arrive


def test_list_includes_every_kedudukan_unless_filtered(client, world, users):
    c = as_user(client, users.national_admin)
    items, _ = walk(c)
    assert {i["kedudukan"] for i in items} == {"AKTIF", "CLTN"}
    items, _ = walk(c, {"kedudukan": "CLTN"})
    assert items and {i["kedudukan"] for i in items} == {"CLTN"}


def test_list_filters(client, world, users):
    c = as_user(client, users.national_admin)
    items, _ = walk(c, {"instansi_id": "KAB-B"})
    assert {i["ref"] for i in items} == world.b_nips
    items, _ = walk(c, {"unor_id": "A1"})
    assert {i["unor_id"] for i in items} == {"A1", "A11"}
    items, _ = walk(c, {"jenis_jabatan": "STRUKTURAL", "golongan": "III/c"})
    assert items and all(i["jenis_jabatan"] == "STRUKTURAL" and i["golongan"] == "III/c" for i in items)
    items, _ = walk(c, {"q": "budi"})
    assert items and all("Budi" in i["nama"] for i in items)


def test_list_filter_outside_scope_is_empty(client, world, users):
    items, _ = walk(as_user(client, users.admin_a), {"instansi_id": "KAB-B"})
    assert items == []


@pytest.mark.parametrize("limit", [1, 3, 7, 500])
def test_pagination_returns_every_row_once(client, world, users, limit):
    items, pages = walk(as_user(client, users.national_admin), {"limit": limit})
    refs = [i["ref"] for i in items]
    assert len(refs) == len(set(refs)) == len(world.people)
    assert pages == -(-len(world.people) // limit)
    assert [(i["nama"], i["ref"]) for i in items] == sorted((i["nama"], i["ref"]) for i in items)


@pytest.mark.parametrize("params,field", [
    ({"limit": 501}, "limit"), ({"limit": 0}, "limit"), ({"limit": "x"}, "limit"), ({"limit": -1}, "limit"),
    ({"cursor": "not-a-cursor"}, "cursor"), ({"cursor": "W10"}, "cursor"), ({"q": "a\x00b"}, "q"),
    ({"instansi_id": "x" * 41}, "instansi_id"), ({"kedudukan": "\x00"}, "kedudukan"),
])
def test_bad_params_are_422(client, world, users, params, field):
    body = assert_error(as_user(client, users.national_admin).get(LIST, params), 422)
    assert field in {e["field"] for e in body["errors"]}


@pytest.mark.parametrize("params", [{"q": "'; DROP TABLE x; --"}, {"q": "%_\\"}, {"unor_id": "nope"},
                                    {"q": "1970"}, {"golongan": "ZZ"}])
def test_hostile_params_never_fail(client, world, users, params):
    assert as_user(client, users.admin_a).get(LIST, params).status_code == 200


@pytest.mark.parametrize("limit", [5, 50, 500])
def test_list_query_count_is_bounded(client, world, users, limit, django_assert_max_num_queries):
    token, _ = token_create(users.admin_a)
    with django_assert_max_num_queries(6):
        r = client.get(LIST, {"limit": limit, "unor_id": "A1"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200


# --- detail --------------------------------------------------------------------------------------------
def test_detail_query_count_is_bounded(client, world, users, django_assert_max_num_queries):
    # token, scopes, the record, its history with names, the audit insert (+ the token's last-use stamp)
    token, _ = token_create(users.admin_a)
    nip = world.by_unit["A11"][0].nip
    with django_assert_max_num_queries(6):
        r = client.get(detail(nip), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and len(r.json()["riwayat"]) == 2
    assert [h["unor_nama"] for h in r.json()["riwayat"]] == ["Sekretariat Daerah Kabupaten A", "SD Negeri 1"]


def test_detail_in_scope_has_history_and_leaves_an_unsealed_audit_event(client, world, users):
    nip = world.by_unit["A11"][0].nip
    r = as_user(client, users.admin_a).get(detail(nip))
    assert r.status_code == 200
    body = r.json()
    assert body["nip"] == nip and body["tgl_lahir"] and len(body["riwayat"]) == 2
    event = AuditEvent.objects.get(object_type="pegawai", object_id=nip)
    assert event.sealed is False and event.actor_id == users.admin_a.pk and event.hash == ""


@pytest.mark.parametrize("who,unit", [("admin_a", "B1"), ("admin_b", "A1"), ("hr_a1", "A2"), ("employee_b", "B0"),
                                      ("norole", "A0")])
def test_detail_outside_scope_is_404_and_not_audited(client, world, users, who, unit):
    nip = world.by_unit[unit][0].nip
    c = as_user(client, getattr(users, who))
    assert_error(c.get(detail(nip)), 404)
    assert_error(c.get(detail(employee_ref(nip))), 404)
    assert not AuditEvent.objects.filter(object_type="pegawai").exists()


def test_employee_sees_own_record_whole(client, world, users):
    me = users.employee_b
    body = as_user(client, me).get(detail(me.nip)).json()
    assert body["nip"] == me.nip and body["tgl_lahir"] is not None


def test_masked_role_opens_by_ref(client, world, users):
    nip = world.by_unit["B1"][0].nip
    r = as_user(client, users.national_analyst).get(detail(employee_ref(nip)))
    assert r.status_code == 200 and r.json()["nip"] == mask_nip(nip) and r.json()["tgl_lahir"] is None
    assert AuditEvent.objects.filter(object_type="pegawai", object_id=nip).count() == 1


@pytest.mark.parametrize("key", ["x", "0" * 18, "%00", "a" * 300])
def test_hostile_detail_keys_are_404(client, world, users, key):
    assert_error(as_user(client, users.national_admin).get(detail(key)), 404)


def test_openapi_document(client, world):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert {"/api/v1/employees", "/api/v1/employees/{key}", "/api/v1/stats", "/api/v1/org/instansi",
            "/api/v1/org/unor/{unor_id}"} <= set(paths)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/tidak-ada", "/api/v1/employees/a/b", "/api/v1/org/unor/x%2Fy"])
def test_unrouted_api_paths_get_the_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail", "errors"}
