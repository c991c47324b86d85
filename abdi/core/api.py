"""``/api/v1/audit``: the audit trail in the caller's scope (the data of the audit screens)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, model_validator

from abdi.core.api_types import Error, text
from abdi.core.selectors import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    AuditEventNotFound,
    AuditFilters,
    AuditNotAllowed,
    InvalidAuditCursor,
    audit_event_actor,
    audit_event_get_for_user,
    audit_event_list_for_user,
)

router = Router(tags=["audit"])


Text = text(100)  # filters of the audit trail


class AuditQuery(Schema):
    actor: Text = ""
    object_type: Text = ""
    object_id: Text = ""
    action: Text = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    cursor: text(30) | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_to sebelum date_from (date_to is before date_from)")
        return self


class AuditEventOut(Schema):
    id: int
    recorded_at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    instansi_id: str
    sealed: bool
    seq: int | None
    before: Any = None
    after: Any = None


class AuditPageOut(Schema):
    items: list[AuditEventOut]
    next: str | None


def _out(event) -> dict:
    return {"id": event.id, "recorded_at": event.recorded_at, "actor": audit_event_actor(event),
            "action": event.action, "object_type": event.object_type, "object_id": event.object_id,
            "instansi_id": event.instansi_id, "sealed": event.sealed, "seq": event.seq,
            "before": event.before, "after": event.after}


_FORBIDDEN = "jejak audit hanya untuk admin dan auditor (the audit trail is for admins and auditors)"


@router.get("/events", response={200: AuditPageOut, 401: Error, 403: Error, 422: Error},
            summary="Jejak audit")
def audit_events(request, query: Query[AuditQuery]):
    """Audit events in the caller's scope, newest first; filters as on the screen (``action`` ending in
    ``.`` is a prefix). National admins see every event; agency admins and auditors those placed in their
    scope and their own."""
    filters = AuditFilters(actor=query.actor, object_type=query.object_type, object_id=query.object_id,
                           action=query.action, date_from=query.date_from, date_to=query.date_to)
    try:
        page = audit_event_list_for_user(request.auth, filters, after_cursor=query.cursor, limit=query.limit)
    except AuditNotAllowed:
        raise HttpError(403, _FORBIDDEN) from None
    except InvalidAuditCursor:
        raise HttpError(422, "kursor tidak dikenal (not a cursor from this list)") from None
    return {"items": [_out(e) for e in page.items], "next": page.next_cursor}


@router.get("/events/{event_id}", response={200: AuditEventOut, 401: Error, 403: Error, 404: Error, 422: Error},
            summary="Satu kejadian audit")
def audit_event(request, event_id: int = Path(..., ge=1, le=2**63 - 1)):
    try:
        event = audit_event_get_for_user(request.auth, event_id)
    except AuditNotAllowed:
        raise HttpError(403, _FORBIDDEN) from None
    except AuditEventNotFound:
        raise HttpError(404, "tidak ditemukan (not found)") from None
    return _out(event)
