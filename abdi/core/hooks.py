"""Registries through which lower layers call upward without importing (DESIGN: ``core`` imports no app).

``after_load`` runs after a load has committed, with its batch id and the instansi it touched; feature apps
register their handler in ``AppConfig.ready`` (analytics refreshes its aggregates there). Handlers run in
order; one that fails is logged and does not undo the load, which has already committed.
"""

from __future__ import annotations

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
