"""Schema drift check for ``bench.api --reuse``: prints the model columns missing from the database.

    ABDI_DATABASE_URL=postgres:///abdi_bench_api python -m bench.api_schema

A migration edited after it was applied leaves a database that ``migrate`` calls up to date but that lacks
columns the models use; such a database cannot be reused. Exit 0 with no output when every column exists.
"""

from __future__ import annotations

import os
import sys


def missing_columns() -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abdi.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        missing = []
        for model in apps.get_models():
            if not model._meta.managed or model._meta.proxy:
                continue
            table = model._meta.db_table
            if table not in tables:
                missing.append(table)
                continue
            have = {c.name for c in connection.introspection.get_table_description(cursor, table)}
            missing += [f"{table}.{f.column}" for f in model._meta.local_concrete_fields if f.column not in have]
    return missing


if __name__ == "__main__":
    gone = missing_columns()
    print("\n".join(gone))
    sys.exit(1 if gone else 0)
