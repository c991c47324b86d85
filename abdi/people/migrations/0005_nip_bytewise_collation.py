"""NIP columns compared byte-wise on PostgreSQL.

A NIP is 18 digits: byte order and every locale's order agree, but a locale-aware (strcoll) comparison is
several times slower to sort, which the national load pays once per index build. With the "C" collation the
primary-key B-tree also answers ``nip LIKE '1986%'``, so Django's extra ``varchar_pattern_ops`` index on the
primary key is dropped (its build was 5 s of a national load). SQLite compares bytes already: nothing to do.
"""

from django.db import migrations

TABLES = (("people_pegawai", "nip", 18), ("people_riwayatpegawai", "nip", 18))


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for table, column, length in TABLES:
            cur.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "C"')
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'people_pegawai' "
                    "AND indexdef LIKE '%%(nip varchar_pattern_ops)%%'")
        for (name,) in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for table, column, length in TABLES:
            cur.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE "default"')
        cur.execute('CREATE INDEX "people_pegawai_nip_like" ON "people_pegawai" ("nip" varchar_pattern_ops)')


class Migration(migrations.Migration):
    dependencies = [("people", "0004_leaner_roster_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
