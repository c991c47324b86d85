"""The hash-chained audit trail: recording, sealing, tamper detection and ``abdi audit verify``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction

from abdi.core.audit import audit_read, audit_record, audit_seal_pending, audit_verify
from abdi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return get_user_model().objects.create_user(username="auditor-test", password=None)


def _chain(actor, n: int = 5) -> list[AuditEvent]:
    return [audit_record(actor=actor, action="user.grant", object_type="user", object_id=i,
                         before={"role": "employee"} if i else None,
                         after={"role": "unit_hr", "scopes": [f"unor:U{i}"], "since": dt.date(2026, 1, i + 1),
                                "pay": Decimal("1.50")})
            for i in range(n)]


def _raw(sql: str, params: list) -> None:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


def _verify_cmd() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_empty_chain_verifies():
    assert audit_verify() == (True, None, "Jejak audit utuh: 0 kejadian")


def test_recorded_chain_verifies(actor):
    events = _chain(actor)
    assert all(e.sealed and len(e.hash) == 64 for e in events)
    assert events[0].prev_hash == ""
    for prev, cur in zip(events, events[1:], strict=False):
        assert cur.prev_hash == prev.hash
    intact, broken, message = audit_verify()
    assert intact and broken is None
    assert message == "Jejak audit utuh: 5 kejadian"
    stored = AuditEvent.objects.get(pk=events[1].pk)
    assert stored.after["since"] == "2026-01-02" and stored.actor_id == actor.pk


def test_actor_label_without_user():
    event = audit_record(actor=None, actor_label="cli:root", action="load.batch", object_type="loadbatch",
                         object_id=7, after={"files": {"a.csv": {"rows": 3}}})
    assert event.actor_id is None and event.actor_label == "cli:root" and event.object_id == "7"
    assert audit_verify()[0]


def test_tampered_after_is_detected(actor):
    events = _chain(actor)
    target = events[2]
    _raw("UPDATE {table} SET after = %s WHERE id = %s", ['{"role": "national_admin"}', target.pk])
    intact, broken, message = audit_verify()
    assert not intact
    assert broken == target.pk
    assert str(target.pk) in message


def test_tampered_hash_is_detected_on_next_event(actor):
    events = _chain(actor)
    # Re-hashing a tampered row is not enough: the next event's prev_hash no longer matches.
    _raw("UPDATE {table} SET hash = %s WHERE id = %s", ["0" * 64, events[1].pk])
    intact, broken, _ = audit_verify()
    assert not intact and broken == events[1].pk


def test_deleted_middle_event_is_detected(actor):
    events = _chain(actor)
    _raw("DELETE FROM {table} WHERE id = %s", [events[2].pk])
    intact, broken, message = audit_verify()
    assert not intact
    assert broken == events[3].pk
    assert str(events[3].pk) in message


def test_reordered_events_are_detected(actor):
    events = _chain(actor)
    # Swap the chain positions of two events (seq is unique: go through a free value).
    _raw("UPDATE {table} SET seq = -1 WHERE id = %s", [events[1].pk])
    _raw("UPDATE {table} SET seq = %s WHERE id = %s", [events[1].seq, events[2].pk])
    _raw("UPDATE {table} SET seq = %s WHERE id = %s", [events[2].seq, events[1].pk])
    intact, broken, _ = audit_verify()
    assert not intact and broken == events[2].pk


def test_org_location_is_part_of_the_hash(actor):
    event = audit_record(actor=actor, action="user.grant", object_type="user", object_id="x",
                         instansi_id="KAB-A", unor_path="/A0/")
    assert audit_verify()[0]
    _raw("UPDATE {table} SET instansi_id = 'KAB-B' WHERE id = %s", [event.pk])
    intact, broken, _ = audit_verify()
    assert not intact and broken == event.pk


def test_read_events_are_unsealed_until_sealed(actor):
    audit_record(actor=actor, action="user.grant", object_type="user", object_id=1, after={"role": "auditor"})
    reads = [audit_read(actor=actor, object_type="pegawai", object_id=f"19800101200501100{i}") for i in range(3)]
    audit_record(actor=actor, action="user.grant", object_type="user", object_id=2, after={"role": "auditor"})
    assert all(not r.sealed and r.hash == "" for r in reads)
    assert AuditEvent.objects.filter(sealed=False).count() == 3
    assert audit_verify() == (True, None, "Jejak audit utuh: 2 kejadian")

    assert audit_seal_pending(limit=2) == 2
    assert audit_seal_pending() == 1
    assert audit_seal_pending() == 0
    assert not AuditEvent.objects.filter(sealed=False).exists()
    assert AuditEvent.objects.get(pk=reads[0].pk).action == "pegawai.view"
    assert audit_verify() == (True, None, "Jejak audit utuh: 5 kejadian")

    # Sealed reads are as tamper-evident as writes.
    _raw("UPDATE {table} SET object_id = %s WHERE id = %s", ["199001012015011001", reads[1].pk])
    intact, broken, _ = audit_verify()
    assert not intact and broken == reads[1].pk


def test_rolled_back_transaction_leaves_no_event(actor):
    audit_record(actor=actor, action="user.grant", object_type="user", object_id=1)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        audit_record(actor=actor, action="user.grant", object_type="user", object_id=2)
        raise Boom
    assert list(AuditEvent.objects.values_list("object_id", flat=True)) == ["1"]
    audit_record(actor=actor, action="user.grant", object_type="user", object_id=3)
    assert audit_verify() == (True, None, "Jejak audit utuh: 2 kejadian")


def test_events_are_append_only(actor):
    event = audit_record(actor=actor, action="user.grant", object_type="user", object_id=1)
    event.action = "user.revoke"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    assert audit_verify()[0]


def test_command_verify_exit_codes(actor):
    events = _chain(actor, 3)
    code, out = _verify_cmd()
    assert code == 0
    assert "Jejak audit utuh: 3 kejadian" in out

    _raw("UPDATE {table} SET actor_label = %s WHERE id = %s", ["cli:mallory", events[1].pk])
    code, out = _verify_cmd()
    assert code == 1
    assert str(events[1].pk) in out


def test_command_seal(actor):
    audit_read(actor=actor, object_type="pegawai", object_id="1")
    audit_read(actor=actor, object_type="pegawai", object_id="2")
    out = StringIO()
    call_command("audit", "seal", "--limit", "1", stdout=out)
    assert "Disegel: 2 kejadian" in out.getvalue()
    assert _verify_cmd() == (0, "Jejak audit utuh: 2 kejadian\n")


def test_sealer_thread_seals_reads_within_seconds(actor, transactional_db):
    import time

    from abdi.core.tasks import audit_seal, start_sealer_thread

    audit_read(actor=actor, object_type="pegawai", object_id="1")
    assert audit_seal() == 1  # the Celery task (eager here)
    audit_read(actor=actor, object_type="pegawai", object_id="2")
    thread = start_sealer_thread(0.05)
    try:
        deadline = time.monotonic() + 5
        while AuditEvent.objects.filter(sealed=False).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        thread.stop.set()
        thread.join(2)
    assert not AuditEvent.objects.filter(sealed=False).exists()
    assert audit_verify()[0]
