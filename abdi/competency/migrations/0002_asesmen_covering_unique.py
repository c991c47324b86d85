"""The assessments read by the 9-box in NIP order from the unique index alone (PostgreSQL): NIP compared byte-wise
like the roster's, the nine levels and the potential score as non-key columns of ``asesmen_nip_tanggal_uniq``."""

from django.db import migrations

from abdi.core.migration_ops import covering_unique_by_nip

LEVELS = ("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
          "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa", "skor_potensi")


class Migration(migrations.Migration):
    dependencies = [("competency", "0001_initial")]
    operations = [covering_unique_by_nip("competency_asesmen", "asesmen_nip_tanggal_uniq", ("nip", "tanggal"), LEVELS)]
