"""Migration operations shared by the apps (PostgreSQL-only physical tuning, no model state change)."""

from __future__ import annotations

from django.db import migrations


def covering_unique_by_nip(table: str, constraint: str, keys: tuple[str, ...], include: tuple[str, ...]):
    """A ``RunPython`` that makes ``table.nip`` compare byte-wise (collation "C", as the roster's NIP) and rebuilds
    the unique constraint ``constraint`` on ``keys`` with ``include`` as non-key columns, under the same name (so
    Django's later operations on the constraint still apply). A NIP is 18 digits, so byte order and every locale's
    order agree; with the same collation as ``people_pegawai.nip`` the three tables the 9-box reads can be merged
    in NIP order, each through an index-only scan. SQLite compares bytes and has no covering indexes: nothing."""

    def apply(schema_editor, collation: str, extra: tuple[str, ...]) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cur:
            cur.execute(f'ALTER TABLE "{table}" ALTER COLUMN nip TYPE varchar(18) COLLATE "{collation}"')
            cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}", ADD CONSTRAINT "{constraint}" '
                        f'UNIQUE ({", ".join(keys)})' + (f' INCLUDE ({", ".join(extra)})' if extra else ""))

    def forwards(apps, schema_editor):
        apply(schema_editor, "C", include)

    def backwards(apps, schema_editor):
        apply(schema_editor, "default", ())

    return migrations.RunPython(forwards, backwards)
