"""Granting and revoking roles from the screens and ``/api/v1/users``: scoped to the admin's instansi,
audited, refused clearly outside it. And a supervisor's scope: units they lead plus named subordinates."""

from __future__ import annotations

import pytest

from abdi.accounts.models import Role, Subordinate, User
from abdi.accounts.services import GrantRefused, user_grant_by
from abdi.core.models import AuditEvent
from abdi.people.tests.world import PASSWORD, make_user

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_agency_admin_creates_a_unit_hr_officer_inside_the_agency(client, users):
    _login(client, users.admin_a)
    response = client.post("/api/v1/users", {"username": "sdm-a2", "role": "unit_hr", "scopes": ["unor:A2"]},
                           content_type=JSON)
    assert response.status_code == 201, response.content
    assert response.json()["scopes"] == ["unor:A2"]
    user = User.objects.get(username="sdm-a2")
    assert user.access.unor_ids == {"A2"} and not user.has_usable_password()
    event = AuditEvent.objects.get(action="user.grant", object_id="sdm-a2")
    assert event.actor_id == users.admin_a.pk and event.instansi_id == "KAB-A"
    # the agency's auditor sees the grant in the trail
    client.logout()
    _login(client, users.auditor_a)
    ids = [e["id"] for e in client.get("/api/v1/audit/events", {"object_id": "sdm-a2"}).json()["items"]]
    assert ids == [event.pk]


@pytest.mark.parametrize("body, field", [
    ({"role": "unit_hr", "scopes": ["unor:B1"]}, "scope"),
    ({"role": "agency_admin", "scopes": ["instansi:KAB-B"]}, "scope"),
    ({"role": "auditor", "scopes": ["instansi:KAB-A"]}, "role"),
    ({"role": "national_admin"}, "role"),
    ({"role": "employee", "nip": "B"}, "nip"),
])
def test_agency_admin_is_refused_outside_the_agency(client, users, world, body, field):
    if body.get("nip") == "B":
        body = {**body, "nip": sorted(world.b_nips)[0]}
    _login(client, users.admin_a)
    response = client.post("/api/v1/users", {"username": "baru", **body}, content_type=JSON)
    assert response.status_code == 403 and response.json()["detail"].startswith(field)
    assert not User.objects.filter(username="baru").exists()
    assert not AuditEvent.objects.filter(object_id="baru").exists()


def test_agency_admin_cannot_see_or_change_users_of_other_agencies_or_national_ones(client, users):
    _login(client, users.admin_a)
    listed = {u["username"] for u in client.get("/api/v1/users", {"limit": 500}).json()["items"]}
    assert {"admin-a", "sdm-a1", "atasan-a1"} <= listed
    assert not listed & {"admin-b", "pegawai-b", "nasional", "analis", "auditor-a"}
    for name in ("admin-b", "nasional", "auditor-a"):
        assert client.get(f"/api/v1/users/{name}").status_code == 404
        assert client.put(f"/api/v1/users/{name}/grant", {"role": "employee", "nip": "1" * 18},
                          content_type=JSON).status_code == 404
        assert client.delete(f"/api/v1/users/{name}/grant").status_code == 404
        assert client.get(f"/akun/pengguna/{name}/").status_code == 404
    assert User.objects.get(username="admin-b").role == Role.AGENCY_ADMIN


def test_revoke_takes_role_scopes_and_subordinates(client, users, world):
    sub = sorted(world.a_nips)[-1]
    Subordinate.objects.create(supervisor=users.supervisor_a1, nip=sub)
    _login(client, users.admin_a)
    response = client.delete("/api/v1/users/atasan-a1/grant")
    assert response.status_code == 200 and response.json()["scopes"] == [] and response.json()["role"] == ""
    user = User.objects.get(username="atasan-a1")
    assert not Subordinate.objects.filter(supervisor=user).exists()
    assert user.access.unor_paths == () and user.access.extra_nips == frozenset()
    event = AuditEvent.objects.get(action="user.revoke")
    assert event.before["role"] == "supervisor" and event.before["subordinates"] == [sub]


def test_admin_cannot_change_their_own_role(client, users):
    _login(client, users.admin_a)
    response = client.put("/api/v1/users/admin-a/grant", {"role": "unit_hr", "scopes": ["unor:A1"]},
                          content_type=JSON)
    assert response.status_code == 403
    assert client.delete("/api/v1/users/admin-a/grant").status_code == 403


def test_roles_without_user_admin_get_403(client, users):
    for user in (users.national_analyst, users.hr_a1, users.supervisor_a1, users.auditor_a, users.employee_b):
        client.logout()
        _login(client, user)
        assert client.get("/api/v1/users").status_code == 403
        assert client.get("/akun/pengguna/").status_code == 403


def test_bad_input_is_a_422_naming_the_field(client, users):
    _login(client, users.national_admin)
    for body, field in [({"username": "x", "role": "raja"}, "role"),
                        ({"username": "x", "role": "unit_hr", "scopes": ["kantor:1"]}, "scope"),
                        ({"username": "x", "role": "unit_hr", "scopes": ["unor:TIDAK-ADA"]}, "scope"),
                        ({"username": "x", "role": "unit_hr"}, "scope"),
                        ({"username": "x y", "role": "employee"}, "username")]:
        response = client.post("/api/v1/users", body, content_type=JSON)
        assert response.status_code == 422, (body, response.content)
        assert response.json()["errors"][0]["field"] == field
    assert client.post("/api/v1/users", {"username": "admin-a", "role": "employee", "nip": "1" * 18},
                       content_type=JSON).status_code == 409


def test_screens_create_edit_and_revoke(client, users, world):
    _login(client, users.admin_a)
    page = client.get("/akun/pengguna/baru/").content.decode()
    assert 'value="auditor"' not in page and 'value="national_admin"' not in page  # not grantable here
    response = client.post("/akun/pengguna/baru/", {"username": "atasan-a2", "role": "supervisor",
                                                     "scopes": "unor:A2", "password": "Kelapa-muda-di-Bitung-9"})
    assert response.status_code == 302
    assert client.login(username="atasan-a2", password="Kelapa-muda-di-Bitung-9")
    _login(client, users.admin_a)
    refused = client.post("/akun/pengguna/atasan-a2/", {"role": "supervisor", "scopes": "unor:B1"})
    assert refused.status_code == 200 and "di luar instansi Anda" in refused.content.decode()
    assert client.post("/akun/pengguna/atasan-a2/cabut/").status_code == 302
    assert User.objects.get(username="atasan-a2").role == ""
    listing = client.get("/akun/pengguna/", {"q": "atasan"}).content.decode()
    assert "atasan-a2" in listing and "atasan-a1" in listing


def test_supervisor_sees_the_units_they_lead_and_named_subordinates(users, world):
    head = world.by_unit["A1"][0].nip  # the world makes this person head of unit A1
    supervisor = make_user("kepala-a1", Role.SUPERVISOR, nip=head)
    assert supervisor.access.unor_ids == {"A1"} and supervisor.access.unor_paths == ("/A0/A1/",)
    elsewhere = sorted(world.b_nips)[0]
    user_grant_by(actor=users.national_admin, username="kepala-a1", role=Role.SUPERVISOR, subordinates=[elsewhere])
    supervisor = User.objects.get(username="kepala-a1")
    assert supervisor.access.extra_nips == {elsewhere}
    with pytest.raises(GrantRefused):  # an agency admin cannot assign another agency's staff
        user_grant_by(actor=users.admin_a, username="kepala-a1", role=Role.SUPERVISOR, subordinates=[elsewhere])


def test_supervisor_reaches_named_subordinates_and_nobody_else_outside(client, users, world):
    head = world.by_unit["A1"][0].nip
    sub, other = sorted(world.b_nips)[:2]
    user_grant_by(actor=users.national_admin, username="kepala-a1", role=Role.SUPERVISOR, nip=head,
                  subordinates=[sub], create=True)
    client.force_login(User.objects.get(username="kepala-a1"))
    listed = client.get("/api/v1/employees", {"limit": 500}).json()["items"]
    refs = {row["ref"] for row in listed}
    in_a1 = {p.nip for p in world.by_unit["A1"] + world.by_unit["A11"]}
    assert len(listed) == len(in_a1) + 1  # the units they head (A1 and below) and the one named subordinate
    sub_ref = next(r["ref"] for r in listed if r["instansi_id"] == "KAB-B")
    assert client.get(f"/api/v1/employees/{sub_ref}").status_code == 200
    assert all(r["instansi_id"] == "KAB-A" or r["ref"] == sub_ref for r in listed) and len(refs) == len(listed)
    assert client.get(f"/api/v1/employees/{other}").status_code == 404


def test_nul_in_filters_is_a_422_not_a_crash(client, users):
    _login(client, users.national_admin)
    for params in ({"role": "x\x00"}, {"q": "a\x00b"}):
        response = client.get("/api/v1/users", params)
        assert response.status_code == 422, (params, response.content)
