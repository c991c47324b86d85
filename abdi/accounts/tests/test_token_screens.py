"""The token screen and ``/api/v1/me/tokens``: create (shown once), list and revoke one's own tokens."""

from __future__ import annotations

import pytest

from abdi.accounts.api_auth import token_create, user_for_token
from abdi.accounts.models import ApiToken
from abdi.core.models import AuditEvent
from abdi.people.tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_screen_creates_a_token_shown_once(client, users):
    client.login(username="sdm-a1", password=PASSWORD)
    body = client.post("/akun/token/", {"name": "laporan bulanan", "days": 30}).content.decode()
    row = ApiToken.objects.get(user=users.hr_a1)
    start = body.index('id="token-baru">') + len('id="token-baru">')
    token = body[start:body.index("</pre>", start)].strip()
    assert user_for_token(token) == users.hr_a1 and row.name == "laporan bulanan"
    again = client.get("/akun/token/").content.decode()
    assert token not in again and row.prefix in again and "aktif" in again
    assert AuditEvent.objects.filter(action="token.create", actor=users.hr_a1).count() == 1


def test_screen_refuses_bad_validity(client, users):
    client.login(username="sdm-a1", password=PASSWORD)
    response = client.post("/akun/token/", {"days": 9999})
    assert response.status_code == 200 and not ApiToken.objects.exists()


def test_revoke_own_token_and_not_someone_elses(client, users):
    mine, mine_row = token_create(users.hr_a1)
    theirs, theirs_row = token_create(users.admin_b)
    client.login(username="sdm-a1", password=PASSWORD)
    assert client.post(f"/akun/token/{theirs_row.pk}/cabut/").status_code == 404
    assert user_for_token(theirs) == users.admin_b
    assert client.post(f"/akun/token/{mine_row.pk}/cabut/").status_code == 302
    assert user_for_token(mine) is None
    assert "dicabut" in client.get("/akun/token/").content.decode()
    assert AuditEvent.objects.filter(action="token.revoke", object_id="sdm-a1").count() == 1


def test_api_lists_creates_and_revokes(client, users):
    client.login(username="sdm-a1", password=PASSWORD)
    created = client.post("/api/v1/me/tokens", {"name": "skrip", "days": 7}, content_type="application/json")
    assert created.status_code == 201
    token = created.json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = client.get("/api/v1/me/tokens", **auth).json()
    assert [t["prefix"] for t in listed] == [token[:8]] and "token" not in listed[0]
    # a token cannot mint tokens
    assert client.post("/api/v1/me/tokens", {"days": 7}, content_type="application/json", **auth).status_code == 403
    assert client.delete(f"/api/v1/me/tokens/{listed[0]['id']}", **auth).status_code == 200
    assert client.get("/api/v1/me/tokens", **auth).status_code == 401


def test_api_me_describes_the_caller(client, users):
    client.login(username="admin-a", password=PASSWORD)
    me = client.get("/api/v1/me").json()
    assert me["role"] == "agency_admin" and me["scopes"] == ["instansi:KAB-A"]
    assert me["may_audit"] and me["may_manage_users"] and not me["national"]
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_token_command_revokes_and_lists(users, capsys):
    from django.core.management import call_command

    token, row = token_create(users.admin_a)
    call_command("token", "list", "admin-a")
    assert row.prefix in capsys.readouterr().out
    call_command("token", "revoke", "admin-a", row.prefix)
    assert user_for_token(token) is None


def test_token_prefix_never_starts_with_a_dash(users, monkeypatch):
    """`abdi token revoke USER PREFIX` reads a prefix starting with "-" as an option, so none is issued."""
    from abdi.accounts import api_auth

    drawn = iter(["-" + "a" * 42, "-" + "b" * 42, "Zc" + "d" * 41])
    monkeypatch.setattr(api_auth.secrets, "token_urlsafe", lambda n: next(drawn))
    token, row = api_auth.token_create(users.admin_a)
    assert token.startswith("Zc") and row.prefix.startswith("Zc")
