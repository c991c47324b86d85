"""API tokens: ``abdi token create`` and bearer authentication (CONTRACTS §7)."""

import datetime as dt
import hashlib
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from abdi.accounts.api_auth import token_create, user_for_token
from abdi.accounts.models import ApiToken
from abdi.core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/employees"


def create(*args):
    out, err = StringIO(), StringIO()
    call_command("token", "create", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_the_token_last_and_stores_only_its_hash(users):
    out, _ = create("admin-a")
    token = out.strip().splitlines()[-1]
    assert len(token) >= 40 and " " not in token
    row = ApiToken.objects.get()
    assert row.user == users.admin_a and row.prefix == token[:8]
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {row.token_hash, row.prefix}
    for value in ApiToken.objects.values_list(flat=False).get():
        assert str(value) != token
    assert dt.timedelta(days=89, hours=23) < row.expires_at - timezone.now() <= dt.timedelta(days=90)
    assert user_for_token(token) == users.admin_a


def test_create_records_a_sealed_audit_event(users):
    create("admin-b", "--days", "7")
    row = ApiToken.objects.get()
    event = AuditEvent.objects.get(action="token.create")
    assert event.sealed and event.actor_id is None and event.actor_label == "cli"
    assert event.object_type == "user" and event.object_id == "admin-b"
    assert event.after["prefix"] == row.prefix and event.after["expires_at"]
    assert dt.timedelta(days=6) < row.expires_at - timezone.now() <= dt.timedelta(days=7)


def test_unknown_user_exits_1(users):
    with pytest.raises(CommandError) as info:
        create("nobody")
    assert info.value.returncode == 1
    assert not ApiToken.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize("args", [("--days", "x"), ("--days", "0"), ()])
def test_argument_errors_exit_64(users, args):
    with pytest.raises(CommandError) as info:
        call_command("token", "create", *args, stdout=StringIO(), stderr=StringIO())
    assert info.value.returncode == 64


def test_command_line_usage_error_exits_64():
    result = subprocess.run([sys.executable, "-m", "django", "token", "frobnicate"], capture_output=True,
                            env={"DJANGO_SETTINGS_MODULE": "abdi.settings", **__import__("os").environ})
    assert result.returncode == 64


def test_bearer_token_authenticates(client, users):
    token, _ = token_create(users.national_admin)
    r = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200 and len(r.json()["items"]) == 35
    assert ApiToken.objects.get().last_used_at is not None


def test_expired_token_is_401(client, users):
    token, row = token_create(users.national_admin)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 401 and r.json()["detail"] and r.json()["errors"] == []


def test_revoked_token_is_401(client, users):
    token, row = token_create(users.national_admin)
    ApiToken.objects.filter(pk=row.pk).update(revoked_at=timezone.now())
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_inactive_user_token_is_401(client, users):
    token, _ = token_create(users.admin_a)
    users.admin_a.is_active = False
    users.admin_a.save()
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


@pytest.mark.parametrize("token", ["", "x", "a" * 500])
def test_unknown_token_is_401(client, users, token):
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
