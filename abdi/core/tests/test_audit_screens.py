"""The audit-trail screens and ``/api/v1/audit``: who may read which events, and the search filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from abdi.core.audit import audit_read, audit_record
from abdi.core.models import AuditEvent
from abdi.people.tests.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(users, world):
    a_nip, b_nip = sorted(world.a_nips)[0], sorted(world.b_nips)[0]
    return {
        "a_read": audit_read(actor=users.admin_a, object_type="pegawai", object_id=a_nip, instansi_id="KAB-A",
                             unor_path="/A0/A1/"),
        "b_read": audit_read(actor=users.admin_b, object_type="pegawai", object_id=b_nip, instansi_id="KAB-B",
                             unor_path="/B0/B1/"),
        "a2_write": audit_record(actor=users.national_admin, action="user.grant", object_type="user",
                                 object_id="sdm-a2", instansi_id="KAB-A", unor_path="/A0/A2/",
                                 before={"role": ""}, after={"role": "unit_hr"}),
        "national": audit_record(actor=None, actor_label="cli", action="load.dataset", object_type="load_batch",
                                 object_id=1),
        "a_nip": a_nip, "b_nip": b_nip,
    }


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _api_ids(client, **params) -> set[int]:
    response = client.get("/api/v1/audit/events", params)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _ids(*events) -> set[int]:
    return {e.pk for e in events}


def test_national_admin_sees_every_event(client, users, events):
    _login(client, users.national_admin)
    ids = _api_ids(client)
    assert _ids(events["a_read"], events["b_read"], events["a2_write"], events["national"]) <= ids


def test_agency_admin_and_auditor_see_only_their_agency(client, users, events):
    for user in (users.admin_a, users.auditor_a):
        client.logout()
        _login(client, user)
        ids = _api_ids(client)
        assert _ids(events["a_read"], events["a2_write"]) <= ids
        assert not _ids(events["b_read"], events["national"]) & ids
        page = client.get("/audit/")
        assert page.status_code == 200
        assert events["a_nip"].encode() in page.content and events["b_nip"].encode() not in page.content


def test_roles_without_audit_right_are_refused(client, users, events):
    for user in (users.national_analyst, users.hr_a1, users.supervisor_a1, users.employee_b, users.norole):
        client.logout()
        _login(client, user)
        assert client.get("/audit/").status_code == 403
        assert client.get("/api/v1/audit/events").status_code == 403
        assert client.get(f"/api/v1/audit/events/{events['a_read'].pk}").status_code == 403


def test_event_outside_scope_is_not_found(client, users, events):
    _login(client, users.admin_a)
    assert client.get(f"/audit/{events['a2_write'].pk}/").status_code == 200
    assert client.get(f"/audit/{events['b_read'].pk}/").status_code == 404
    assert client.get(f"/api/v1/audit/events/{events['b_read'].pk}").status_code == 404
    assert client.get(f"/audit/{2**64}/").status_code == 404


def test_detail_shows_before_and_after(client, users, events):
    _login(client, users.national_admin)
    body = client.get(f"/audit/{events['a2_write'].pk}/").content.decode()
    assert "unit_hr" in body and "sdm-a2" in body
    data = client.get(f"/api/v1/audit/events/{events['a2_write'].pk}").json()
    assert data["before"] == {"role": ""} and data["after"] == {"role": "unit_hr"} and data["sealed"]


def test_filters_by_actor_object_action_and_date(client, users, events):
    _login(client, users.national_admin)
    assert _api_ids(client, actor="admin-a") == _ids(events["a_read"])
    assert _api_ids(client, actor="cli") == _ids(events["national"])
    assert _api_ids(client, object_id=events["b_nip"]) == _ids(events["b_read"])
    assert _api_ids(client, object_type="user") == _ids(events["a2_write"])
    assert _api_ids(client, action="load.") == _ids(events["national"])
    assert _api_ids(client, action="load") == set()
    today = timezone.localdate()
    assert len(_api_ids(client, date_from=today.isoformat(), date_to=today.isoformat())) == 4
    assert _api_ids(client, date_to=(today - dt.timedelta(days=1)).isoformat()) == set()
    # the screen applies the same filters
    body = client.get("/audit/", {"object_id": events["b_nip"]}).content.decode()
    assert events["b_nip"] in body and events["a_nip"] not in body


def test_bad_filters_are_clear_errors_not_crashes(client, users, events):
    _login(client, users.national_admin)
    response = client.get("/api/v1/audit/events", {"date_from": "2026-02-30"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "date_from"
    response = client.get("/api/v1/audit/events", {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert response.status_code == 422
    assert client.get("/api/v1/audit/events", {"cursor": "abc"}).status_code == 422
    page = client.get("/audit/", {"dari": "kemarin", "cursor": "x"})
    assert page.status_code == 200 and "bukan tanggal" in page.content.decode()


def test_pages_newest_first_without_gaps(client, users, world):
    made = [audit_record(actor=users.admin_a, action="user.grant", object_type="user", object_id=f"u{i}",
                         instansi_id="KAB-A") for i in range(7)]
    _login(client, users.admin_a)
    seen, cursor = [], None
    while True:
        params = {"limit": 3, "actor": "admin-a"} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/audit/events", params).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next"]
        if not cursor:
            break
    assert seen == sorted((e.pk for e in made), reverse=True)


def test_list_query_count_is_bounded(client, users, events, django_assert_max_num_queries):
    _login(client, users.admin_a)
    client.get("/api/v1/audit/events")  # warm the session
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/audit/events", {"limit": 100}).status_code == 200
    assert AuditEvent.objects.count() >= 4


def test_unit_scope_prefix_is_exact_about_case(client, users, world):
    from abdi.accounts.models import Role
    from abdi.people.tests.world import make_user

    mine = audit_record(actor=None, actor_label="cli", action="user.grant", object_type="user", object_id="x",
                        unor_path="/A0/A1/")
    other = audit_record(actor=None, actor_label="cli", action="user.grant", object_type="user", object_id="y",
                         unor_path="/a0/a1/")
    auditor = make_user("auditor-a1", Role.AUDITOR, unor=["A1"])
    client.force_login(auditor)
    ids = {e["id"] for e in client.get("/api/v1/audit/events").json()["items"]}
    assert mine.pk in ids and other.pk not in ids
