"""Reads of the audit trail, filtered by the viewer's scope.

``core`` imports no app, so the viewer is described by duck typing: any object with ``national``,
``instansi_ids``, ``unor_paths`` and ``may_audit`` (``abdi.accounts.access.Access`` is one). A scoped viewer sees
the events placed in their instansi or unit subtrees, and the events they caused themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from abdi.core.models import AuditEvent
from abdi.core.scoping import path_prefix_q

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class AuditNotAllowed(PermissionError):
    """The viewer's role may not read the audit trail."""


class InvalidAuditCursor(ValueError):
    """A cursor that is not an event id."""


class AuditEventNotFound(LookupError):
    """No such event, or not in the viewer's scope."""


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # username (exact) or label of a command-line actor
    object_type: str = ""
    object_id: str = ""
    action: str = ""  # exact, or a prefix ending in "." (``load.``)
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive

    @property
    def active(self) -> bool:
        return any((self.actor, self.object_type, self.object_id, self.action, self.date_from, self.date_to))


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditEvent]
    next_cursor: str | None


def _scope_q(access, actor_id) -> Q | None:
    if access.national:
        return None
    q = Q(actor_id=actor_id) if actor_id is not None else Q(pk__in=[])
    if access.instansi_ids:
        q |= Q(instansi_id__in=sorted(access.instansi_ids))
    for prefix in access.unor_paths:
        q |= path_prefix_q(prefix, "unor_path")  # exact-case prefix on SQLite too
    return q


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def audit_events_for_user(user) -> QuerySet:
    """Every audit event ``user`` may read (a queryset); ``AuditNotAllowed`` for roles without the right."""
    access = getattr(user, "access", None)
    if access is None or not getattr(access, "may_audit", False):
        raise AuditNotAllowed("peran ini tidak dapat membaca jejak audit (this role may not read the audit trail)")
    qs = AuditEvent.objects.all()
    q = _scope_q(access, getattr(user, "pk", None))
    return qs if q is None else qs.filter(q)


def audit_event_list_for_user(user, filters: AuditFilters, *, after_cursor: str | None = None,
                              limit: int = DEFAULT_LIMIT) -> AuditPage:
    """One page of the events in scope matching ``filters``, newest first (keyset on ``id``)."""
    qs = audit_events_for_user(user)
    if filters.actor:
        qs = qs.filter(Q(actor__username=filters.actor) | Q(actor__isnull=True, actor_label=filters.actor))
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.action:
        qs = (qs.filter(action__startswith=filters.action) if filters.action.endswith(".")
              else qs.filter(action=filters.action))
    if filters.date_from:
        qs = qs.filter(recorded_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        qs = qs.filter(recorded_at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    if after_cursor:
        if not after_cursor.isdigit() or len(after_cursor) > 19:
            raise InvalidAuditCursor(after_cursor)
        qs = qs.filter(id__lt=int(after_cursor))
    limit = max(1, min(limit, MAX_LIMIT))
    rows = list(qs.select_related("actor").order_by("-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(items=rows, next_cursor=str(rows[-1].id) if more and rows else None)


def audit_event_get_for_user(user, event_id: int) -> AuditEvent:
    event = audit_events_for_user(user).select_related("actor").filter(pk=event_id).first()
    if event is None:
        raise AuditEventNotFound(event_id)
    return event


def audit_event_actor(event: AuditEvent) -> str:
    """Who caused the event, as shown: the username, else the command-line label."""
    if event.actor_id is not None and event.actor is not None:
        return event.actor.username
    return event.actor_label or "—"
