"""``/api/v1/rules``: the versioned rule sets (``core.rulesets``), as ``abdi rules`` offers them.

``GET /rules`` lists every registered code with its version in force today (any signed-in user with a role);
``GET /rules/{code}`` is the data in force (``?on=`` a date; ``?history=true`` adds every version);
``POST /rules/{code}`` writes a new version from ``valid_from``, national admins only, validated by the module
that registered the code (422 with the reason) and audited. The caller's role is read by duck typing
(``user.access``, as ``core.selectors``): ``core`` imports no app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from abdi.core.api_types import Code, Cursor, Error, text
from abdi.core.errors import Refused
from abdi.core.rulesets import (
    UnknownRuleSet,
    rules_codes,
    rules_history,
    rules_in_force,
    rules_registered,
    rules_version_add,
    rules_version_counts,
)
from abdi.core.selectors import DEFAULT_LIMIT, MAX_LIMIT

router = Router(tags=["aturan"])
ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}
NATIONAL_ADMIN = "national_admin"  # abdi.accounts.models.Role


def _reader(user) -> None:
    access = getattr(user, "access", None)
    if access is None or not access.role:
        raise Refused("aturan hanya untuk pengguna yang memiliki peran (rule sets are for users with a role)",
                      status=403)


def _writer(user) -> None:
    access = getattr(user, "access", None)
    if access is None or access.role != NATIONAL_ADMIN or not access.national:
        raise Refused("aturan diubah oleh admin nasional (only a national admin changes rule sets)", status=403)


def _known(code: str):
    try:
        return rules_registered(code)
    except UnknownRuleSet:
        raise Refused("kode aturan tidak dikenal (unknown rule set)", status=404) from None


# --- the list --------------------------------------------------------------------------------------------------
class RuleSetOut(BaseModel):
    code: str
    label: str
    version: int = Field(description="the version in force today; 0: the default shipped in code")
    valid_from: dt.date | None
    versions: int = Field(description="how many versions were written (the default not counted)")


class RuleSetPageOut(BaseModel):
    items: list[RuleSetOut]
    next: str | None


@router.get("", response={200: RuleSetPageOut, **ERRORS}, summary="Daftar aturan berversi")
def rules_list(request, limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT), cursor: Cursor | None = None):
    """Every registered rule set, by code, with the version in force today; the cursor is the last code of
    the page."""
    _reader(request.auth)
    codes = rules_codes()
    if cursor is not None:
        if cursor not in codes:
            raise Refused("masukan tidak sah (invalid input)", field="cursor")
        codes = codes[codes.index(cursor) + 1:]
    page = codes[:limit]
    today, counts = timezone.localdate(), rules_version_counts()
    items = []
    for code in page:
        rules = rules_in_force(code, today)
        items.append({"code": code, "label": rules_registered(code).label, "version": rules.version,
                      "valid_from": rules.valid_from, "versions": counts.get(code, 0)})
    return {"items": items, "next": page[-1] if len(codes) > limit else None}


# --- one rule set ----------------------------------------------------------------------------------------------
class VersionOut(BaseModel):
    version: int
    valid_from: dt.date | None
    note: str
    author: str = Field(description="the username, or the label of a command-line writer (cli)")
    created_at: dt.datetime | None
    data: Any


class RulesOut(BaseModel):
    code: str
    label: str
    on: dt.date
    version: int = Field(description="the version in force on `on`; 0: the default shipped in code")
    valid_from: dt.date | None
    data: Any
    history: list[VersionOut] | None = Field(None, description="every version, oldest first (with ?history=true)")


def _version_out(v) -> dict:
    return {"version": v.version, "valid_from": v.valid_from, "note": v.note, "author": v.author,
            "created_at": v.created_at, "data": v.data}


@router.get("/{code}", response={200: RulesOut, **ERRORS}, summary="Aturan yang berlaku")
def rules_get(request, code: Code, on: dt.date | None = None, history: bool = False):
    _reader(request.auth)
    entry = _known(code)
    on = on or timezone.localdate()
    rules = rules_in_force(code, on)
    return {"code": code, "label": entry.label, "on": on, "version": rules.version, "valid_from": rules.valid_from,
            "data": rules.data, "history": [_version_out(v) for v in rules_history(code)] if history else None}


class VersionIn(Schema):
    data: Any = Field(description="the whole rule set, in the shape of `GET /rules/{code}`'s `data`")
    valid_from: dt.date
    note: text(300) = ""


class CreatedOut(VersionOut):
    code: str


@router.post("/{code}", response={201: CreatedOut, **ERRORS}, summary="Tulis versi baru aturan")
def rules_post(request, code: Code, body: VersionIn):
    """A new version of the rule set from ``valid_from`` (national admins only; audited). The data is checked
    by the module that registered the code: 422 says what is wrong, and nothing is written."""
    _writer(request.auth)
    _known(code)
    try:
        row = rules_version_add(code=code, data=body.data, valid_from=body.valid_from, actor=request.auth,
                                note=body.note.strip())
    except ValueError as exc:
        return Status(422, {"detail": "aturan tidak sah, tidak ada yang ditulis (invalid rule set, nothing written)",
                            "errors": [{"field": "data", "reason": str(exc)}]})
    return Status(201, {"code": code, "version": row.version, "valid_from": row.valid_from, "note": row.note,
                        "author": request.auth.username, "created_at": row.created_at, "data": row.data})
