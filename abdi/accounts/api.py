"""``/api/v1/me`` (the caller's own account and tokens) and ``/api/v1/users`` (roles and scopes of the users
an admin manages): the data of the account and user-admin screens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from abdi.accounts.api_auth import TokenNotFound, token_create, token_revoke, tokens_of
from abdi.accounts.selectors import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    InvalidUserCursor,
    user_get_for_user,
    user_list_for_user,
)
from abdi.accounts.services import (
    AccountError,
    GrantRefused,
    UserNotVisible,
    scope_parse,
    user_grant_by,
    user_revoke,
    user_scopes,
    user_sign_out_everywhere,
)
from abdi.core.api_types import Error, text

me_router = Router(tags=["accounts"])
users_router = Router(tags=["accounts"])


Text = text(150)  # user names and searches
Username = Annotated[str, Field(min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")]
NipText = Annotated[str, Field(pattern=r"^\d{18}$")]


class MeOut(Schema):
    username: str
    nama: str
    role: str
    nip: str
    national: bool
    scopes: list[str]
    may_audit: bool
    may_manage_users: bool


class TokenOut(Schema):
    id: int
    prefix: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIn(Schema):
    name: text(60) = ""
    days: int = Field(90, ge=1, le=365)


class TokenCreatedOut(TokenOut):
    token: str


class SignOutIn(Schema):
    revoke_tokens: bool = False


class SignOutOut(Schema):
    tokens_revoked: int


def _token_out(row) -> dict:
    return {"id": row.id, "prefix": row.prefix, "name": row.name, "created_at": row.created_at,
            "expires_at": row.expires_at, "last_used_at": row.last_used_at, "revoked_at": row.revoked_at}


def _by_token(request) -> bool:
    return bool(request.headers.get("Authorization"))


@me_router.get("", response={200: MeOut, 401: Error}, summary="Akun saya")
def me(request):
    user = request.auth
    access = user.access
    return {"username": user.username, "nama": user.get_full_name(), "role": access.role, "nip": user.nip,
            "national": access.national, "scopes": [str(s) for s in user_scopes(user)],
            "may_audit": access.may_audit, "may_manage_users": access.may_manage_users}


@me_router.get("/tokens", response={200: list[TokenOut], 401: Error}, summary="Token API saya")
def my_tokens(request):
    return [_token_out(t) for t in tokens_of(request.auth)]


@me_router.post("/tokens", response={201: TokenCreatedOut, 401: Error, 403: Error, 422: Error},
                summary="Buat token API")
def my_token_create(request, body: TokenIn):
    """A new token (shown once in ``token``). Only from a signed-in browser session: a token cannot mint
    tokens, so a leaked one cannot outlive its expiry."""
    if _by_token(request):
        raise HttpError(403, "token baru hanya dari sesi peramban (new tokens need a browser session)")
    token, row = token_create(request.auth, days=body.days, actor=request.auth, name=body.name)
    return Status(201, {**_token_out(row), "token": token})


@me_router.delete("/tokens/{token_id}", response={200: TokenOut, 401: Error, 404: Error, 422: Error},
                  summary="Cabut token API")
def my_token_revoke(request, token_id: int = Path(..., ge=1, le=2**63 - 1)):
    try:
        row = token_revoke(user=request.auth, token_id=token_id, actor=request.auth)
    except TokenNotFound:
        raise HttpError(404, "tidak ditemukan (not found)") from None
    return _token_out(row)


@me_router.post("/sign-out-everywhere", response={200: SignOutOut, 401: Error, 422: Error},
                summary="Keluar dari semua perangkat")
def my_sign_out_everywhere(request, body: SignOutIn):
    """Ends every browser session of the caller; with ``revoke_tokens`` also revokes all their tokens."""
    return {"tokens_revoked": user_sign_out_everywhere(user=request.auth, revoke_tokens=body.revoke_tokens)}


# --- /users -----------------------------------------------------------------------------------------
class UserFilters(Schema):
    q: Text = ""
    role: text(20) = ""
    cursor: Text | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class UserOut(Schema):
    username: str
    nama: str
    role: str
    nip: str
    is_active: bool


class UserPageOut(Schema):
    items: list[UserOut]
    next: str | None


class UserDetailOut(UserOut):
    scopes: list[str]
    subordinates: list[str]


class GrantIn(Schema):
    role: text(20)
    scopes: list[text(60)] = Field(default_factory=list,
                                                                                         max_length=200)
    nip: NipText | None = None
    subordinates: list[NipText] | None = Field(None, max_length=5000)


class UserCreateIn(GrantIn):
    username: Username


_NOT_ADMIN = "pengelolaan pengguna hanya untuk admin nasional dan admin instansi (user admin only)"


def _require_admin(user):
    if not user.access.may_manage_users:
        raise HttpError(403, _NOT_ADMIN)


def _user_out(user) -> dict:
    return {"username": user.username, "nama": user.get_full_name(), "role": user.role, "nip": user.nip,
            "is_active": user.is_active}


def _detail(actor, username: str) -> dict:
    grants = user_get_for_user(actor, username)
    return {**_user_out(grants.user), "scopes": grants.scopes, "subordinates": grants.subordinates}


def _grant(actor, username: str, body: GrantIn, *, create: bool) -> None:
    try:
        scopes = [scope_parse(s) for s in body.scopes]
        user_grant_by(actor=actor, username=username, role=body.role, scopes=scopes, nip=body.nip,
                      subordinates=body.subordinates, create=create)
    except GrantRefused as exc:
        raise HttpError(403, f"{exc.field}: {exc.reason}") from None
    except AccountError as exc:
        if create and exc.field == "username":
            raise HttpError(409, exc.reason) from None
        raise  # a 422 naming the field (abdi.api)


@users_router.get("", response={200: UserPageOut, 401: Error, 403: Error, 422: Error}, summary="Pengguna")
def users(request, filters: Query[UserFilters]):
    """Users the caller manages (national admin: all; agency admin: those inside their instansi)."""
    _require_admin(request.auth)
    try:
        page = user_list_for_user(request.auth, q=filters.q, role=filters.role, after_cursor=filters.cursor,
                                  limit=filters.limit)
    except InvalidUserCursor:
        raise HttpError(422, "kursor tidak dikenal (not a cursor from this list)") from None
    return {"items": [_user_out(u) for u in page.items], "next": page.next_cursor}


@users_router.post("", response={201: UserDetailOut, 401: Error, 403: Error, 409: Error, 422: Error},
                   summary="Tambah pengguna")
def user_create(request, body: UserCreateIn):
    _require_admin(request.auth)
    _grant(request.auth, body.username, body, create=True)
    return Status(201, _detail(request.auth, body.username))


@users_router.get("/{username}", response={200: UserDetailOut, 401: Error, 403: Error, 404: Error},
                  summary="Satu pengguna")
def user_detail(request, username: str):
    _require_admin(request.auth)
    try:
        return _detail(request.auth, username)
    except UserNotVisible:
        raise HttpError(404, "tidak ditemukan (not found)") from None


@users_router.put("/{username}/grant", response={200: UserDetailOut, 401: Error, 403: Error, 404: Error,
                                                 422: Error}, summary="Tetapkan peran dan cakupan")
def user_grant(request, username: str, body: GrantIn):
    """Sets the role and replaces the scopes (and, for a supervisor, the named subordinates)."""
    _require_admin(request.auth)
    try:
        _grant(request.auth, username, body, create=False)
    except UserNotVisible:
        raise HttpError(404, "tidak ditemukan (not found)") from None
    return _detail(request.auth, username)


@users_router.delete("/{username}/grant", response={200: UserDetailOut, 401: Error, 403: Error, 404: Error},
                     summary="Cabut peran dan cakupan")
def user_revoke_grant(request, username: str):
    _require_admin(request.auth)
    try:
        user = user_revoke(actor=request.auth, username=username)
    except UserNotVisible:
        raise HttpError(404, "tidak ditemukan (not found)") from None
    except GrantRefused as exc:
        raise HttpError(403, f"{exc.field}: {exc.reason}") from None
    return {**_user_out(user), "scopes": [], "subordinates": []}
