"""Registries through which lower layers call upward without importing (DESIGN: ``core`` imports no app).

``after_load`` runs after a load has committed, with its batch id and the instansi it touched; feature apps
register their handler in ``AppConfig.ready`` (analytics refreshes its aggregates there). Handlers run in
order; one that fails is logged and does not undo the load, which has already committed.

``after_change`` runs after an edit on a screen or through the API has committed (``after_commit_change``),
with its ``kind`` and what it concerns: ``asesmen`` (``nips``), ``skp_tahunan`` (``nips``, ``tahun``: an annual
SKP rating written), ``standar`` (``jabatan_id``: a position's competency standard). The talent app keeps the
9-box current with it.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class Hook:
    def __init__(self, name: str):
        self.name = name
        self._handlers: list[Callable] = []

    def register(self, handler: Callable) -> None:
        if handler not in self._handlers:
            self._handlers.append(handler)

    def run(self, **kwargs) -> None:
        for handler in list(self._handlers):
            try:
                handler(**kwargs)
            except Exception:  # the load is committed; a failed follow-up is reported, not fatal
                log.exception("hook %s: %s failed", self.name, getattr(handler, "__qualname__", handler))


after_load = Hook("after_load")
after_change = Hook("after_change")


def after_commit_change(**kwargs) -> None:
    """Run ``after_change`` with ``kwargs`` once the current transaction commits (at once outside one)."""
    from django.db import transaction

    transaction.on_commit(lambda: after_change.run(**kwargs))


@functools.cache
def queued_after_load(task_path: str) -> Callable:
    """An ``after_load`` handler that queues the Celery task at ``task_path`` (``package.module.name``) with the
    batch id: a worker at national scale, in-process without a broker. ``ABDI_ANALYTICS_ON_LOAD=off`` leaves the
    follow-up to the operator's command. One handler per path, so registering it again changes nothing."""

    def handler(*, batch_id: int, **_) -> None:
        from django.conf import settings

        if settings.ABDI_ANALYTICS_ON_LOAD == "off":
            return
        module, name = task_path.rsplit(".", 1)
        getattr(importlib.import_module(module), name).delay(batch_id)

    handler.__qualname__ = f"queued_after_load({task_path})"
    return handler
