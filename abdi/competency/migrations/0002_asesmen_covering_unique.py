"""The assessments read by the 9-box in NIP order, latest first, from the unique index alone (PostgreSQL).

NIP compares byte-wise like the roster's. ``asesmen_nip_tanggal_uniq`` becomes a unique *index* on (nip, tanggal
DESC) carrying the nine levels and the potential score as non-key columns: a person's latest assessment is the
first entry of their NIP (``DISTINCT ON``), read in the same order as the roster and the ratings it is merged
with. A constraint cannot order a column, hence an index; it keeps the constraint's name and enforces the same
uniqueness. Django's state still records the plain constraint (SQLite keeps it as is): a later migration that
changes it on PostgreSQL must drop the index (``DROP INDEX``), not the constraint.
"""

from django.db import migrations

LEVELS = ("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
          "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa", "skor_potensi")
NAME = "asesmen_nip_tanggal_uniq"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute('ALTER TABLE competency_asesmen ALTER COLUMN nip TYPE varchar(18) COLLATE "C"')
        cur.execute(f"ALTER TABLE competency_asesmen DROP CONSTRAINT {NAME}")
        cur.execute(f"CREATE UNIQUE INDEX {NAME} ON competency_asesmen (nip, tanggal DESC) INCLUDE ({', '.join(LEVELS)})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute(f"DROP INDEX {NAME}")
        cur.execute('ALTER TABLE competency_asesmen ALTER COLUMN nip TYPE varchar(18) COLLATE "default"')
        cur.execute(f"ALTER TABLE competency_asesmen ADD CONSTRAINT {NAME} UNIQUE (nip, tanggal)")


class Migration(migrations.Migration):
    dependencies = [("competency", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
