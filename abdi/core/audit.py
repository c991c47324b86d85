"""The append-only, hash-chained audit trail (DESIGN "Security model", CONTRACTS §2 ``abdi audit verify``).

* ``audit_record`` — a write's event, sealed into the chain at once, in the caller's transaction.
* ``audit_read`` — a read of a personal record, appended unsealed (no lock, no hash) so the request stays fast.
* ``audit_seal_pending`` — the background step that seals unsealed events, in id order.
* ``audit_verify`` — walks the chain in ``seq`` order and recomputes every hash.

Each sealed event's hash is the SHA-256 of a canonical JSON of the previous hash, its chain position ``seq``
and its fields (not its ``id``). Sealers serialise on one lock so the chain never forks: a transaction-scoped
advisory lock on PostgreSQL; elsewhere ``select_for_update`` of the chain head (SQLite's IMMEDIATE
transactions already serialise writers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from abdi.core.models import AuditEvent

GENESIS_HASH = ""
_PG_LOCK_KEY = 0x41756469  # "Audi": the advisory lock guarding the chain head on PostgreSQL


def _json_value(value: Any) -> Any:
    """The value as it will come back from the JSON column (dates, decimals, UUIDs become strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _iso(moment: dt.datetime) -> str:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


def audit_hash(event: AuditEvent, *, prev_hash: str, seq: int) -> str:
    """The hash of ``event`` at chain position ``seq`` after an event whose hash is ``prev_hash``."""
    payload = {
        "prev_hash": prev_hash,
        "seq": seq,
        "recorded_at": _iso(event.recorded_at),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
    }
    # The org location joined the chain later: hashed only when set, so older events keep their hashes.
    if event.instansi_id:
        payload["instansi_id"] = event.instansi_id
    if event.unor_path:
        payload["unor_path"] = event.unor_path
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_head() -> tuple[str, int]:
    """Lock the chain for this transaction and return (hash, seq) of its last sealed event."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        head = AuditEvent.objects.filter(sealed=True).order_by("-seq").values("hash", "seq").first()
    else:
        head = (AuditEvent.objects.select_for_update().filter(sealed=True).order_by("-seq")
                .values("hash", "seq").first())
    if head is None:
        return GENESIS_HASH, 0
    return head["hash"], head["seq"]


def _new_event(*, actor, actor_label: str, action: str, object_type: str, object_id: Any,
               before: Any, after: Any, instansi_id: str = "", unor_path: str = "") -> AuditEvent:
    return AuditEvent(
        recorded_at=timezone.now(),
        actor=actor if actor is not None and getattr(actor, "pk", None) is not None else None,
        actor_label=actor_label or (getattr(actor, "username", "") if actor is not None else ""),
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        before=_json_value(before),
        after=_json_value(after),
        instansi_id=instansi_id or "",
        unor_path=unor_path or "",
    )


def audit_record(*, actor, action: str, object_type: str, object_id: Any, before: Any = None,
                 after: Any = None, actor_label: str = "", instansi_id: str = "",
                 unor_path: str = "") -> AuditEvent:
    """Record a write's event, sealed into the chain, inside the caller's transaction (rolls back with it).
    ``instansi_id`` and ``unor_path`` place the object in the org tree (who in scope may see the event)."""
    event = _new_event(actor=actor, actor_label=actor_label, action=action, object_type=object_type,
                       object_id=object_id, before=before, after=after, instansi_id=instansi_id,
                       unor_path=unor_path)
    with transaction.atomic():
        prev_hash, seq = _chain_head()
        event.seq = seq + 1
        event.prev_hash = prev_hash
        event.hash = audit_hash(event, prev_hash=prev_hash, seq=event.seq)
        event.sealed = True
        event.save(force_insert=True)
    return event


def audit_read(*, actor, object_type: str, object_id: Any, action: str = "pegawai.view",
               actor_label: str = "", instansi_id: str = "", unor_path: str = "") -> AuditEvent:
    """Append an unsealed read event at once: no lock, no hash; ``audit_seal_pending`` chains it later."""
    event = _new_event(actor=actor, actor_label=actor_label, action=action, object_type=object_type,
                       object_id=object_id, before=None, after=None, instansi_id=instansi_id,
                       unor_path=unor_path)
    event.save(force_insert=True)
    return event


def audit_seal_pending(limit: int = 10_000) -> int:
    """Seal up to ``limit`` unsealed events in id order, chaining each to the one before; returns how many."""
    with transaction.atomic():
        prev_hash, seq = _chain_head()
        pending = list(AuditEvent.objects.filter(sealed=False).order_by("id")[:limit])
        for event in pending:
            seq += 1
            event.seq = seq
            event.prev_hash = prev_hash
            event.hash = audit_hash(event, prev_hash=prev_hash, seq=seq)
            event.sealed = True
            prev_hash = event.hash
        if pending:
            AuditEvent.objects.bulk_update(pending, ["seq", "prev_hash", "hash", "sealed"], batch_size=1000)
    return len(pending)


def audit_verify() -> tuple[bool, int | None, str]:
    """Walk the sealed chain in order, recomputing each hash: (intact, first broken event id, message)."""
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    events = AuditEvent.objects.filter(sealed=True).order_by("seq").iterator(chunk_size=2000)
    for event in events:
        if event.seq != expected_seq:
            return (False, event.id,
                    f"kejadian {event.id}: urutan rantai {event.seq}, seharusnya {expected_seq} "
                    f"(chain position {event.seq}, expected {expected_seq}: an event is missing)")
        if event.prev_hash != prev_hash:
            return (False, event.id,
                    f"kejadian {event.id}: hash sebelumnya tidak cocok "
                    f"(prev_hash does not match the previous event's hash)")
        if event.hash != audit_hash(event, prev_hash=prev_hash, seq=event.seq):
            return (False, event.id,
                    f"kejadian {event.id}: isi tidak cocok dengan hash-nya (contents do not match its hash)")
        prev_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
    stray = AuditEvent.objects.filter(sealed=False).exclude(hash="").order_by("id").values_list("id", flat=True)
    first_stray = stray.first()
    if first_stray is not None:
        return (False, first_stray,
                f"kejadian {first_stray}: tidak tersegel namun ber-hash (unsealed but carries a hash)")
    return True, None, f"Jejak audit utuh: {count} kejadian"
