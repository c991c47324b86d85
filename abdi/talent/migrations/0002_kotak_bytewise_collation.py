"""The 9-box's indexed text columns compared byte-wise on PostgreSQL (as ``people`` 0005 does for the roster).

``talent_kotak`` is refilled by a national recompute with its indexes built once at the end; a locale-aware
(strcoll) comparison makes those sorted builds several times slower than a byte-wise one, with no abbreviated
keys. A NIP is 18 digits and an agency code is ASCII, so byte order and the database's order agree for them;
equality is the same under any deterministic collation, and a comparison with a default-collation column
resolves to "C" (an explicit column collation wins over the default), so every query reads as before.
SQLite compares bytes already: nothing to do.
"""

from django.db import migrations

COLUMNS = (("nip", 18), ("instansi_id", 40))


def _collate(schema_editor, collation: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for column, length in COLUMNS:
            cur.execute(f'ALTER TABLE "talent_kotak" ALTER COLUMN "{column}" TYPE varchar({length}) '
                        f'COLLATE "{collation}"')


def forwards(apps, schema_editor):
    _collate(schema_editor, "C")


def backwards(apps, schema_editor):
    _collate(schema_editor, "default")


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
