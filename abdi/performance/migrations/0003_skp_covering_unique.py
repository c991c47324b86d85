"""The annual ratings read by the 9-box in NIP order from the unique index alone (PostgreSQL): NIP compared
byte-wise like the roster's, the two ratings as non-key columns of ``skp_nip_tahun_periode_uniq``."""

from django.db import migrations

from abdi.core.migration_ops import covering_unique_by_nip


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_skp_cycle")]
    operations = [covering_unique_by_nip("performance_skprating", "skp_nip_tahun_periode_uniq", ("nip", "tahun", "periode"),
                                         ("rating_hasil_kerja", "rating_perilaku_kerja"))]
