"""``/api/v1/rules``: who may read and who may write a rule set, the list's pages, the version in force on a
date, the 422 of a bad rule set and the audit event of a written one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from abdi.accounts.api_auth import token_create
from abdi.core.audit import audit_verify
from abdi.core.models import AuditEvent, RuleSet
from abdi.core.rulesets import rules_codes, rules_in_force
from abdi.core.tests.test_rules_command import matrix_with
from abdi.performance import rules as skp_rules

pytestmark = pytest.mark.django_db

URL = "/api/v1/rules"


def _client(user=None) -> Client:
    """A client with ``user``'s bearer token (none: no token)."""
    if user is None:
        return Client()
    token, _ = token_create(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client: Client, code: str, body: dict):
    return client.post(f"{URL}/{code}", body, content_type="application/json")


# --- reading --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who, status", [
    ("national_admin", 200), ("national_analyst", 200), ("admin_a", 200), ("hr_a1", 200), ("supervisor_a1", 200),
    ("employee_b", 200), ("auditor_a", 200), ("norole", 403), (None, 401)])
def test_who_may_read(users, who, status):
    client = _client(getattr(users, who) if who else None)
    assert client.get(URL).status_code == status
    response = client.get(f"{URL}/skp.predikat")
    assert response.status_code == status
    if status != 200:
        assert set(response.json()) == {"detail", "errors"}


def test_list_is_the_paged_list_of_every_code(users):
    client = _client(users.admin_a)
    body = client.get(URL).json()
    assert set(body) == {"items", "next"} and body["next"] is None
    assert [item["code"] for item in body["items"]] == rules_codes()
    predikat = next(item for item in body["items"] if item["code"] == "skp.predikat")
    assert predikat == {"code": "skp.predikat", "label": "Matriks predikat kinerja SKP", "version": 0,
                        "valid_from": None, "versions": 0}
    seen, cursor = [], None
    while True:
        page = client.get(URL, {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["items"]) <= 2
        seen += [item["code"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == rules_codes()
    bad = client.get(URL, {"cursor": "bukan.kode"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"
    assert client.get(URL, {"limit": 501}).status_code == 422


def test_one_rule_set_in_force_on_a_date_with_its_history(users):
    client = _client(users.employee_b)
    assert client.get(f"{URL}/skp.tidak_ada").status_code == 404
    body = client.get(f"{URL}/skp.predikat", {"on": "2026-01-01"}).json()
    assert body["version"] == 0 and body["data"] == skp_rules.PREDIKAT_MATRIX and body["history"] is None
    assert client.get(f"{URL}/skp.predikat", {"on": "2026-02-30"}).status_code == 422
    history = client.get(f"{URL}/skp.predikat", {"history": "true"}).json()["history"]
    assert [v["version"] for v in history] == [0]


# --- writing --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who, status", [
    ("national_admin", 201), ("national_analyst", 403), ("admin_a", 403), ("hr_a1", 403), ("auditor_a", 403),
    ("employee_b", 403), ("norole", 403), (None, 401)])
def test_only_a_national_admin_writes(users, who, status):
    client = _client(getattr(users, who) if who else None)
    response = _post(client, "skp.predikat", {"data": matrix_with(SESUAI__DI_ATAS="SANGAT_BAIK"),
                                              "valid_from": "2026-01-01"})
    assert response.status_code == status, response.content
    assert RuleSet.objects.count() == (1 if status == 201 else 0)


def test_a_written_version_is_in_force_from_its_date_and_audited(users):
    changed = matrix_with(SESUAI__DI_ATAS="SANGAT_BAIK")
    client = _client(users.national_admin)
    response = _post(client, "skp.predikat", {"data": changed, "valid_from": "2026-01-01", "note": " uji API "})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "skp.predikat" and body["version"] == 1 and body["valid_from"] == "2026-01-01"
    assert body["data"] == changed and body["note"] == "uji API" and body["author"] == "nasional"
    # in force from its date, not before
    assert rules_in_force("skp.predikat", dt.date(2025, 12, 31)).version == 0
    assert rules_in_force("skp.predikat", dt.date(2026, 1, 1)).data == changed
    assert client.get(f"{URL}/skp.predikat", {"on": "2025-12-31"}).json()["version"] == 0
    assert client.get(f"{URL}/skp.predikat", {"on": "2026-01-01"}).json()["data"] == changed
    # the audit trail
    event = AuditEvent.objects.get(action="rules.version")
    assert event.actor_id == users.national_admin.pk and event.object_type == "rule_set"
    assert event.object_id == "skp.predikat:v1" and event.after["data"] == changed and event.before is None
    assert audit_verify()[0]
    second = _post(client, "skp.predikat", {"data": skp_rules.PREDIKAT_MATRIX, "valid_from": "2027-01-01"})
    assert second.status_code == 201 and second.json()["version"] == 2
    assert AuditEvent.objects.get(object_id="skp.predikat:v2").before == {"version": 1, "data": changed}
    history = client.get(f"{URL}/skp.predikat", {"history": "true"}).json()["history"]
    assert [(v["version"], v["valid_from"], v["author"]) for v in history] == [
        (0, None, ""), (1, "2026-01-01", "nasional"), (2, "2027-01-01", "nasional")]


@pytest.mark.parametrize("data, reason", [
    (matrix_with(SESUAI__SESUAI="LUAR_BIASA"), "SESUAI.SESUAI"),
    ({"SESUAI": {}, "DI_BAWAH": {}}, "DI_ATAS"),
    ([1, 2, 3], "objek JSON"),
    (None, "objek JSON"),
    ({"DI_ATAS": "a\x00b"}, "NUL"),
])
def test_a_bad_matrix_is_422_and_writes_nothing(users, data, reason):
    response = _post(_client(users.national_admin), "skp.predikat", {"data": data, "valid_from": "2026-01-01"})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] and body["errors"][0]["field"] == "data" and reason in body["errors"][0]["reason"]
    assert not RuleSet.objects.exists() and not AuditEvent.objects.filter(action="rules.version").exists()


@pytest.mark.parametrize("body", [
    {"valid_from": "2026-01-01"},  # no data
    {"data": {}},  # no valid_from
    {"data": {}, "valid_from": "2026-13-01"},
    {"data": {}, "valid_from": "2026-01-01", "note": "x" * 301},
])
def test_malformed_requests_are_422(users, body):
    response = _post(_client(users.national_admin), "skp.predikat", body)
    assert response.status_code == 422 and response.json()["errors"]
    assert not RuleSet.objects.exists()


def test_unknown_code_is_404_for_a_national_admin_and_403_for_others(users):
    body = {"data": {}, "valid_from": "2026-01-01"}
    assert _post(_client(users.national_admin), "skp.tidak_ada", body).status_code == 404
    assert _post(_client(users.admin_a), "skp.tidak_ada", body).status_code == 403
    assert not RuleSet.objects.exists()
