"""API bearer tokens (CONTRACTS §7, DESIGN "Security model": stored hashed, expiring).

A token is ``secrets.token_urlsafe(32)``; only its SHA-256 (hex) is stored, with its first 8 characters as
a ``prefix`` to show. A token authenticates while it is neither expired nor revoked and its user is active.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from abdi.accounts.models import ApiToken, User
from abdi.core.audit import audit_record

DEFAULT_DAYS = 90
PREFIX_LEN = 8
_TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used_at is refreshed at most this often


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_create(user: User, *, days: int = DEFAULT_DAYS, actor_label: str = "cli", actor: User | None = None,
                 name: str = "") -> tuple[str, ApiToken]:
    """A new token for ``user`` valid ``days`` days, with its audit event, in one transaction.
    Returns the token itself (shown once, never stored) and its row. ``actor`` is the signed-in user who
    asked for it (the web screen and the API); without one the event names ``actor_label``."""
    token = secrets.token_urlsafe(32)
    while token.startswith("-"):  # a leading "-" would read as an option in `abdi token revoke USER PREFIX`
        token = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(user=user, token_hash=token_hash(token), prefix=token[:PREFIX_LEN],
                                      name=name[:60], expires_at=timezone.now() + dt.timedelta(days=days))
        audit_record(actor=actor, actor_label="" if actor is not None else actor_label, action="token.create",
                     object_type="user", object_id=user.username,
                     after={"prefix": row.prefix, "name": row.name, "expires_at": row.expires_at})
    return token, row


class TokenNotFound(LookupError):
    """No such token among the user's own."""


def token_revoke(*, user: User, token_id: int, actor: User | None = None, actor_label: str = "") -> ApiToken:
    """Revoke one of ``user``'s tokens (idempotent), audited as ``token.revoke``."""
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
        if row is None:
            raise TokenNotFound(token_id)
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            audit_record(actor=actor, actor_label=actor_label if actor is None else "", action="token.revoke",
                         object_type="user", object_id=user.username, after={"prefix": row.prefix})
    return row


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (only hashes are stored; the prefix tells them apart)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def user_for_token(token: str) -> User | None:
    """The active user holding this unexpired, unrevoked token; ``None`` otherwise."""
    if not token or len(token) > 200:
        return None
    rows = list(ApiToken.objects.select_related("user").filter(token_hash=token_hash(token))[:1])  # no ORDER BY
    row = rows[0] if rows else None
    now = timezone.now()
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= _TOUCH_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
