"""Sign-in hardening: lock-out after failed attempts, the password policy, sign out everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from abdi.accounts.models import LoginThrottle, User
from abdi.core.audit import audit_verify
from abdi.core.models import AuditEvent
from abdi.people.tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def _post_login(client, username, password, ip="10.0.0.1"):
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _signed_in(client) -> bool:
    return client.get("/akun/").status_code == 200


def test_wrong_password_counts_down_then_locks_with_a_clear_message(client, users, settings):
    settings.ABDI_LOGIN_MAX_FAILURES = 3
    first = _post_login(client, "admin-a", "salah-sekali")
    assert first.status_code == 200 and "Sisa percobaan sebelum dikunci sementara: 2" in first.content.decode()
    _post_login(client, "admin-a", "salah-dua")
    locked = _post_login(client, "admin-a", "salah-tiga").content.decode()
    assert "dikunci" in locked and "coba lagi dalam 15 menit" in locked
    # while locked, even the right password is refused
    right = _post_login(client, "admin-a", PASSWORD)
    assert "dikunci" in right.content.decode() and not _signed_in(client)
    event = AuditEvent.objects.get(action="auth.lockout")
    assert event.object_id == "user:admin-a" and audit_verify()[0]


def test_lock_is_per_name_case_folded_and_also_for_unknown_names(client, users, settings):
    settings.ABDI_LOGIN_MAX_FAILURES = 2
    _post_login(client, "ADMIN-A", "x")
    _post_login(client, "Admin-A", "y")
    assert "dikunci" in _post_login(client, "admin-a", PASSWORD).content.decode()
    _post_login(client, "tidak-ada", "x")
    assert "dikunci" in _post_login(client, "tidak-ada", "x").content.decode()
    # other accounts are not affected
    assert _post_login(client, "admin-b", PASSWORD).status_code == 302


def test_lock_expires(client, users, settings):
    settings.ABDI_LOGIN_MAX_FAILURES = 1
    _post_login(client, "admin-a", "x")
    LoginThrottle.objects.filter(key="user:admin-a").update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert _post_login(client, "admin-a", PASSWORD).status_code == 302 and _signed_in(client)
    assert not LoginThrottle.objects.filter(key="user:admin-a").exists()  # success clears the count


def test_failures_outside_the_window_start_over(client, users, settings):
    settings.ABDI_LOGIN_MAX_FAILURES = 2
    _post_login(client, "admin-a", "x")
    LoginThrottle.objects.filter(key="user:admin-a").update(
        window_start=timezone.now() - dt.timedelta(minutes=settings.ABDI_LOGIN_WINDOW_MINUTES + 1))
    response = _post_login(client, "admin-a", "y")
    assert "Sisa percobaan sebelum dikunci sementara: 1" in response.content.decode()


def test_one_address_trying_many_names_is_locked(client, users, settings):
    settings.ABDI_LOGIN_IP_MAX_FAILURES = 3
    for name in ("a1", "a2", "a3"):
        _post_login(client, name, "x", ip="10.9.9.9")
    assert "dikunci" in _post_login(client, "admin-a", PASSWORD, ip="10.9.9.9").content.decode()
    assert _post_login(client, "admin-a", PASSWORD, ip="10.9.9.8").status_code == 302


def test_password_change_applies_the_policy_and_is_audited(client, users):
    client.login(username="admin-a", password=PASSWORD)
    weak = client.post("/akun/kata-sandi/", {"old_password": PASSWORD, "new_password1": "12345678",
                                             "new_password2": "12345678"})
    assert weak.status_code == 200 and User.objects.get(username="admin-a").check_password(PASSWORD)
    strong = "Lembayung-senja-di-Ambon-7"
    done = client.post("/akun/kata-sandi/", {"old_password": PASSWORD, "new_password1": strong,
                                             "new_password2": strong})
    assert done.status_code == 302 and _signed_in(client)  # this session stays
    assert User.objects.get(username="admin-a").check_password(strong)
    event = AuditEvent.objects.get(action="user.password_change")
    assert event.actor_id == users.admin_a.pk and strong not in str(event.after)


def test_password_policy_requires_twelve_characters(users):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Pendek-7x", users.admin_a)
    validate_password("Cukup-panjang-7x", users.admin_a)


def test_sign_out_everywhere_ends_every_session(users):
    laptop, phone = Client(), Client()
    assert laptop.login(username="admin-a", password=PASSWORD) and phone.login(username="admin-a",
                                                                               password=PASSWORD)
    assert _signed_in(laptop) and _signed_in(phone)
    response = phone.post("/akun/keluar-semua/")
    assert response.status_code == 302
    assert not _signed_in(phone) and not _signed_in(laptop)
    assert AuditEvent.objects.filter(action="user.sign_out_everywhere", object_id="admin-a").count() == 1
    fresh = Client()
    assert fresh.login(username="admin-a", password=PASSWORD) and _signed_in(fresh)


def test_sign_out_everywhere_can_revoke_tokens(client, users):
    from abdi.accounts.api_auth import token_create, user_for_token

    token, _ = token_create(users.admin_a)
    client.login(username="admin-a", password=PASSWORD)
    client.post("/akun/keluar-semua/", {"tokens": "1"})
    assert user_for_token(token) is None


def test_sign_out_everywhere_needs_post(client, users):
    client.login(username="admin-a", password=PASSWORD)
    assert client.get("/akun/keluar-semua/").status_code == 405 and _signed_in(client)


def test_session_and_csrf_cookies_are_hardened(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax" and settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_csrf_is_enforced_on_sign_in(users):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/masuk/", {"username": "admin-a", "password": PASSWORD}).status_code == 403
