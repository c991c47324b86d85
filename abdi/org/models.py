"""Regions, agencies (instansi), the unit tree (unor) and the position catalog (jabatan).

Natural keys are primary keys: they are what files, SIASN and users speak, and they make the bulk loader a
plain set-based upsert. Reference tables (regions, ranks, education, position levels) are filled by
``abdi migrate`` from ``abdi/reference`` and may be edited by an admin where DOMAIN marks a rule [M]/[U].
"""

from django.db import models
from django.db.models import Q


class Provinsi(models.Model):
    kode = models.CharField(max_length=2, primary_key=True)
    nama = models.CharField(max_length=100)
    ibukota = models.CharField(max_length=100, blank=True, default="")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    penduduk = models.BigIntegerField(null=True, blank=True, help_text="Penduduk pertengahan 2024 (BPS)")
    zona_waktu = models.CharField(max_length=20, default="Asia/Jakarta")

    class Meta:
        ordering = ["kode"]
        verbose_name = "provinsi"
        verbose_name_plural = "provinsi"

    def __str__(self) -> str:
        return self.nama


class KabKota(models.Model):
    kode = models.CharField(max_length=5, primary_key=True)  # e.g. 32.73
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="kabkota")
    nama = models.CharField(max_length=100)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["kode"]
        verbose_name = "kabupaten/kota"
        verbose_name_plural = "kabupaten/kota"

    def __str__(self) -> str:
        return self.nama


class Golongan(models.Model):
    """A PNS rank (I/a … IV/e) or a PPPK grade (I … XVII)."""

    kode = models.CharField(max_length=5, primary_key=True)
    jenis_pegawai = models.CharField(max_length=4)  # PNS | PPPK
    urutan = models.PositiveSmallIntegerField()
    nama = models.CharField(max_length=60, blank=True, default="")

    class Meta:
        ordering = ["jenis_pegawai", "urutan"]
        verbose_name = "golongan"
        verbose_name_plural = "golongan"

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}".strip()


class Pendidikan(models.Model):
    kode = models.CharField(max_length=3, primary_key=True)
    nama = models.CharField(max_length=60)
    urutan = models.PositiveSmallIntegerField()
    golongan_awal = models.CharField(max_length=5)
    golongan_maks = models.CharField(max_length=5)
    pppk_awal = models.CharField(max_length=5)

    class Meta:
        ordering = ["urutan"]
        verbose_name = "tingkat pendidikan"
        verbose_name_plural = "tingkat pendidikan"

    def __str__(self) -> str:
        return self.nama


class Jenjang(models.Model):
    """Position level with its kelas range, default retirement age (BUP) and default rank range."""

    kode = models.CharField(max_length=15, primary_key=True)
    nama = models.CharField(max_length=40)
    jenis = models.CharField(max_length=10)
    kelas_min = models.PositiveSmallIntegerField()
    kelas_max = models.PositiveSmallIntegerField()
    bup = models.PositiveSmallIntegerField()
    golongan_min = models.CharField(max_length=5, blank=True, default="")
    golongan_max = models.CharField(max_length=5, blank=True, default="")

    class Meta:
        verbose_name = "jenjang jabatan"
        verbose_name_plural = "jenjang jabatan"

    def __str__(self) -> str:
        return self.nama


class Instansi(models.Model):
    class Jenis(models.TextChoices):
        PUSAT = "PUSAT", "Pusat"
        PROVINSI = "PROVINSI", "Provinsi"
        KABUPATEN = "KABUPATEN", "Kabupaten"
        KOTA = "KOTA", "Kota"

    instansi_id = models.CharField(max_length=40, primary_key=True)
    nama = models.CharField(max_length=200)
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    provinsi = models.ForeignKey(Provinsi, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kabkota = models.ForeignKey(KabKota, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False)

    class Meta:
        ordering = ["instansi_id"]
        verbose_name = "instansi"
        verbose_name_plural = "instansi"

    def __str__(self) -> str:
        return self.nama


class Unor(models.Model):
    """A unit of organisation. ``path`` is the materialized path ``/root/…/self/`` of unor ids, indexed
    for prefix search, so a whole subtree is one indexed ``path LIKE 'prefix%'`` on SQLite and PostgreSQL."""

    unor_id = models.CharField(max_length=40, primary_key=True)
    # Like the roster's, these references are checked set-based before any write (loader, services); a
    # deferred per-row FK trigger would add seconds to every national load of half a million units.
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="unor", db_constraint=False)
    diatasan = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="bawahan",
                                 db_constraint=False)
    nama = models.CharField(max_length=200)
    eselon = models.CharField(max_length=5, blank=True, default="")
    jenis_unor = models.CharField(max_length=12, blank=True, default="")
    lokasi_kabkota = models.ForeignKey(KabKota, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       db_constraint=False)
    pemimpin_nip = models.CharField(max_length=18, blank=True, default="")
    path = models.CharField(max_length=1000, default="")
    depth = models.PositiveSmallIntegerField(default=0)
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False)

    class Meta:
        ordering = ["path"]
        verbose_name = "unit organisasi"
        verbose_name_plural = "unit organisasi"
        indexes = [
            models.Index(fields=["path"], name="unor_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["instansi", "diatasan"], name="unor_instansi_parent_idx"),
        ]

    def __str__(self) -> str:
        return self.nama


class Jabatan(models.Model):
    class Jenis(models.TextChoices):
        STRUKTURAL = "STRUKTURAL", "Struktural"
        FUNGSIONAL = "FUNGSIONAL", "Fungsional"
        PELAKSANA = "PELAKSANA", "Pelaksana"

    jabatan_id = models.CharField(max_length=40, primary_key=True)
    nama = models.CharField(max_length=200)
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    jenjang = models.ForeignKey(Jenjang, on_delete=models.PROTECT, related_name="+", db_column="jenjang")
    kelas = models.PositiveSmallIntegerField()
    rumpun = models.CharField(max_length=40, blank=True, default="")
    bup = models.PositiveSmallIntegerField(help_text="Batas usia pensiun")
    golongan_min = models.CharField(max_length=5, blank=True, default="")
    golongan_max = models.CharField(max_length=5, blank=True, default="")
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False)

    class Meta:
        ordering = ["jabatan_id"]
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        constraints = [models.CheckConstraint(condition=Q(kelas__gte=1, kelas__lte=17), name="jabatan_kelas_1_17")]

    def __str__(self) -> str:
        return self.nama
