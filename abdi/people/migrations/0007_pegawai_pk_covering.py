"""The roster's primary key carries the three columns the 9-box reads (PostgreSQL).

The national 9-box refill (``talent.compute``) walks the roster, the annual SKP ratings and the assessments in NIP
order and merges them. With ``jabatan_id``, ``instansi_id`` and ``jenis_kelamin`` in the primary key's B-tree as
non-key columns, the roster side is an index-only scan: a sequential read of the index instead of a random heap
fetch per civil servant. No extra index is built by a load (the primary key is rebuilt at the end of a first load
with its definition, INCLUDE and all). No foreign-key constraint points at the key, so it can be replaced in place.
SQLite has no covering indexes: nothing to do.
"""

from django.db import migrations

INCLUDE = "jabatan_id, instansi_id, jenis_kelamin"


def _primary_key(schema_editor, include: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'people_pegawai'::regclass AND contype = 'p'")
        (name,) = cur.fetchone()
        cur.execute(f'ALTER TABLE people_pegawai DROP CONSTRAINT "{name}", ADD CONSTRAINT "{name}" PRIMARY KEY (nip)'
                    + (f" INCLUDE ({include})" if include else ""))


def forwards(apps, schema_editor):
    _primary_key(schema_editor, INCLUDE)


def backwards(apps, schema_editor):
    _primary_key(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("people", "0006_drop_position_index")]
    operations = [migrations.RunPython(forwards, backwards)]
