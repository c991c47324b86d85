"""Scoping primitives every app shares (DESIGN: the core kernel holds them)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q


def path_prefix_q(prefix: str, field: str = "path") -> Q:
    """Rows whose ``field`` starts with ``prefix``, in a form the database can answer from its index.

    PostgreSQL: ``LIKE 'prefix%'`` on the ``varchar_pattern_ops`` index. SQLite: its ``LIKE`` is
    case-insensitive and skips the index, so use the equivalent range ``[prefix, prefix⁺)``, where the
    upper bound replaces the trailing ``/`` by the next code point.
    """
    if connection.vendor == "sqlite" and prefix.endswith("/"):
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + "0"})
    return Q(**{f"{field}__startswith": prefix})
