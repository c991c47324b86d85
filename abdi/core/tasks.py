"""Background steps of the core kernel. ``audit_seal`` chains the pending read events (DESIGN: reads are
"sealed into the chain by a background step within seconds"): Celery beat runs it every
``ABDI_AUDIT_SEAL_SECONDS`` at national scale; ``abdi audit seal --every N`` or the embedded demo's sealer
thread do the same without a broker."""

from __future__ import annotations

import threading

from celery import shared_task
from django.db import close_old_connections

from abdi.core.audit import audit_seal_pending

SEAL_BATCH = 10_000


def seal_all(limit: int = SEAL_BATCH) -> int:
    """Seal every pending event, ``limit`` per transaction; returns how many."""
    total = 0
    while True:
        sealed = audit_seal_pending(limit=limit)
        total += sealed
        if sealed < limit:
            return total


@shared_task(name="abdi.core.tasks.audit_seal", ignore_result=True)
def audit_seal() -> int:
    return seal_all()


def start_sealer_thread(every_seconds: float) -> threading.Thread:
    """A daemon thread sealing every ``every_seconds`` (the embedded single-process server)."""
    stop = threading.Event()

    def run():
        while not stop.wait(every_seconds):
            try:
                seal_all()
            finally:
                close_old_connections()

    thread = threading.Thread(target=run, name="abdi-audit-sealer", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
