"""Login throttling and lock-out (DESIGN "Security model").

Failed sign-ins are counted per user name (case-folded, whether or not the account exists, so the lock
reveals nothing) and per client address, each in a window of ``ABDI_LOGIN_WINDOW_MINUTES``. At
``ABDI_LOGIN_MAX_FAILURES`` failures for a name (``ABDI_LOGIN_IP_MAX_FAILURES`` for an address) the key is
locked for ``ABDI_LOGIN_LOCKOUT_MINUTES``; while locked, even the right password is refused. A successful
sign-in clears the name's count. Counts live in the database, so every worker process sees them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from abdi.accounts.models import LoginThrottle
from abdi.core.audit import audit_record


@dataclass(frozen=True)
class Policy:
    max_failures: int
    ip_max_failures: int
    window: dt.timedelta
    lockout: dt.timedelta


def policy() -> Policy:
    return Policy(max_failures=settings.ABDI_LOGIN_MAX_FAILURES,
                  ip_max_failures=settings.ABDI_LOGIN_IP_MAX_FAILURES,
                  window=dt.timedelta(minutes=settings.ABDI_LOGIN_WINDOW_MINUTES),
                  lockout=dt.timedelta(minutes=settings.ABDI_LOGIN_LOCKOUT_MINUTES))


def _keys(username: str, ip: str) -> list[tuple[str, int]]:
    p = policy()
    keys = [(f"user:{(username or '').strip().casefold()[:150]}", p.max_failures)]
    if ip:
        keys.append((f"ip:{ip[:45]}", p.ip_max_failures))
    return keys


def locked_until(username: str, ip: str) -> dt.datetime | None:
    """When the lock on this name or address ends; ``None`` when neither is locked."""
    now = timezone.now()
    ends = LoginThrottle.objects.filter(key__in=[k for k, _ in _keys(username, ip)],
                                        locked_until__gt=now).values_list("locked_until", flat=True)
    return max(ends, default=None)


def record_failure(username: str, ip: str) -> tuple[int, dt.datetime | None]:
    """Count one failed sign-in. Returns (attempts left for the name before its lock, lock end or None)."""
    p = policy()
    now = timezone.now()
    left, lock_end = p.max_failures, None
    with transaction.atomic():
        for key, limit in _keys(username, ip):
            row, _ = LoginThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"window_start": now})
            if now - row.window_start > p.window or (row.locked_until and row.locked_until <= now):
                row.failures, row.window_start, row.locked_until = 0, now, None
            row.failures += 1
            if row.failures >= limit and row.locked_until is None:
                row.locked_until = now + p.lockout
                audit_record(actor=None, actor_label="login", action="auth.lockout", object_type="login",
                             object_id=key, after={"failures": row.failures, "locked_until": row.locked_until})
            row.save(update_fields=["failures", "window_start", "locked_until"])
            if key.startswith("user:"):
                left = max(0, limit - row.failures)
            if row.locked_until is not None:
                lock_end = max(lock_end or row.locked_until, row.locked_until)
    return left, lock_end


def record_success(username: str) -> None:
    LoginThrottle.objects.filter(key=_keys(username, "")[0][0]).delete()


def client_ip(request) -> str:
    """The peer address. Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. gunicorn
    ``--forwarded-allow-ips``) rather than trusting a client-supplied header here."""
    return (request.META.get("REMOTE_ADDR") or "")[:45] if request is not None else ""
