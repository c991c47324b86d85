"""Talent management (PermenPANRB 3/2020, DOMAIN §2): the 9-box of every civil servant per year, its
calibration by a talent committee, succession pools and key positions with their successors.

``Kotak`` is rebuilt set-based for a year (``services.ninebox_recompute``) from the annual SKP predikat and
the latest assessment, keyed by (NIP, year); it carries the person's agency, position level and gender of that
moment. Its two axes follow from the box (DOMAIN §2's numbering is a one-to-one map), so they are not stored. On
PostgreSQL the table is partitioned by (year, NIP range): a national refill builds a year's partitions beside
the table and swaps them in (``compute``). ``KotakRingkas`` holds the counts per year × agency × position level
× gender × box, so a grid without a unit filter is a sum of a few rows. The computed box is never overwritten by
a calibration: a calibration is a ``Kalibrasi`` row (with its reason, session and the box it replaced); the one
in force has ``berlaku``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from abdi.talent.rules import axes_of


class Kotak(models.Model):
    pk = models.CompositePrimaryKey("pegawai", "tahun")
    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="+", db_column="nip",
                                db_constraint=False, db_index=False)
    tahun = models.PositiveSmallIntegerField()
    kotak = models.PositiveSmallIntegerField()  # DOMAIN §2 numbering
    nilai = models.PositiveIntegerField()  # Σ individual levels over the standard's competencies
    standar = models.PositiveIntegerField()  # Σ standard levels (JPM = nilai × 100 ÷ standar)
    instansi_id = models.CharField(max_length=40)
    jenjang = models.CharField(max_length=20, blank=True, default="")
    jenis_kelamin = models.CharField(max_length=1, blank=True, default="")
    rule_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "kotak talenta"
        verbose_name_plural = "kotak talenta"

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.tahun}: {self.kotak}"

    @property
    def sumbu_kinerja(self) -> str:
        return axes_of(self.kotak)[0]

    @property
    def sumbu_potensial(self) -> str:
        return axes_of(self.kotak)[1]


class KotakRingkas(models.Model):
    """How many boxes of a year fall in each agency × position level × gender × box (computed boxes, as
    ``Kotak``): rebuilt with the boxes, in the same transaction."""

    tahun = models.PositiveSmallIntegerField()
    instansi_id = models.CharField(max_length=40)
    jenjang = models.CharField(max_length=20, blank=True, default="")
    jenis_kelamin = models.CharField(max_length=1, blank=True, default="")
    kotak = models.PositiveSmallIntegerField()
    jumlah = models.PositiveIntegerField()

    class Meta:
        verbose_name = "ringkasan kotak talenta"
        verbose_name_plural = "ringkasan kotak talenta"
        indexes = [models.Index(fields=["tahun", "instansi_id"], name="ringkas_tahun_instansi_idx")]

    def __str__(self) -> str:
        return f"{self.tahun} {self.instansi_id} {self.jenjang} {self.jenis_kelamin} {self.kotak}: {self.jumlah}"


class KomiteTalenta(models.Model):
    """The talent-committee permission of a user for an agency or a unit subtree, on top of their role."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="komite_talenta")
    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    unor = models.ForeignKey("org.Unor", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             db_constraint=False)
    diberikan_oleh = models.CharField(max_length=150, blank=True, default="")
    diberikan_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "anggota komite talenta"
        verbose_name_plural = "anggota komite talenta"
        constraints = [models.UniqueConstraint(fields=["user", "instansi", "unor"], name="komite_uniq")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.instansi_id} {self.unor_id or ''}"


class SesiKalibrasi(models.Model):
    class Status(models.TextChoices):
        BUKA = "BUKA", "Dibuka"
        TUTUP = "TUTUP", "Ditutup"

    nama = models.CharField(max_length=200)
    tahun = models.PositiveSmallIntegerField()
    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    unor = models.ForeignKey("org.Unor", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             db_constraint=False)
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.BUKA)
    catatan = models.TextField(blank=True, default="")
    dibuat_oleh = models.CharField(max_length=150)
    dibuka_pada = models.DateTimeField(auto_now_add=True)
    ditutup_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "sesi kalibrasi"
        verbose_name_plural = "sesi kalibrasi"

    def __str__(self) -> str:
        return self.nama


class Kalibrasi(models.Model):
    """One move of a person between boxes in a calibration session, with its mandatory reason."""

    sesi = models.ForeignKey(SesiKalibrasi, on_delete=models.CASCADE, related_name="kalibrasi")
    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="+", db_column="nip",
                                db_constraint=False, db_index=False)
    tahun = models.PositiveSmallIntegerField()
    kotak_hitung = models.PositiveSmallIntegerField()  # the computed box at the time
    kotak_sebelum = models.PositiveSmallIntegerField()  # the box in force before this move
    kotak = models.PositiveSmallIntegerField()
    alasan = models.TextField()
    oleh = models.CharField(max_length=150)
    waktu = models.DateTimeField(auto_now_add=True)
    berlaku = models.BooleanField(default=True)

    class Meta:
        verbose_name = "kalibrasi"
        verbose_name_plural = "kalibrasi"
        indexes = [models.Index(fields=["pegawai", "tahun", "berlaku"], name="kalibrasi_nip_tahun_idx")]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.tahun}: {self.kotak_sebelum} → {self.kotak}"


class KelompokTalenta(models.Model):
    """A talent pool (kelompok rencana suksesi): national or of one agency; who enters is set by its boxes."""

    class Tingkat(models.TextChoices):
        NASIONAL = "NASIONAL", "Nasional"
        INSTANSI = "INSTANSI", "Instansi"

    nama = models.CharField(max_length=200)
    tingkat = models.CharField(max_length=8, choices=Tingkat.choices)
    instansi = models.ForeignKey("org.Instansi", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 db_constraint=False)
    kotak = models.JSONField(default=list)  # the boxes that enter (calibrated box first), e.g. [7, 8, 9]
    min_tahun_sebelum_pensiun = models.PositiveSmallIntegerField(default=2)  # exit: retiring sooner
    dibuat_oleh = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        verbose_name = "kelompok talenta"
        verbose_name_plural = "kelompok talenta"

    def __str__(self) -> str:
        return self.nama


class AnggotaKelompok(models.Model):
    kelompok = models.ForeignKey(KelompokTalenta, on_delete=models.CASCADE, related_name="anggota")
    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="+", db_column="nip",
                                db_constraint=False)
    tahun = models.PositiveSmallIntegerField()  # the 9-box year that admitted them
    kotak = models.PositiveSmallIntegerField()
    masuk_pada = models.DateTimeField()
    keluar_pada = models.DateTimeField(null=True, blank=True)
    alasan_keluar = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "anggota kelompok talenta"
        verbose_name_plural = "anggota kelompok talenta"
        indexes = [models.Index(fields=["kelompok", "keluar_pada"], name="anggota_kelompok_aktif_idx")]

    def __str__(self) -> str:
        return f"{self.kelompok_id} {self.pegawai_id}"


class JabatanTarget(models.Model):
    """A key (target) position: a unit's head post or a named position in a unit."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    unor = models.ForeignKey("org.Unor", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    jabatan = models.ForeignKey("org.Jabatan", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    pengganti_darurat = models.CharField(max_length=18, blank=True, default="")  # the emergency successor's NIP
    catatan = models.TextField(blank=True, default="")
    dibuat_oleh = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        verbose_name = "jabatan target"
        verbose_name_plural = "jabatan target"
        constraints = [models.UniqueConstraint(fields=["unor", "jabatan"], name="jabatan_target_uniq")]

    def __str__(self) -> str:
        return f"{self.jabatan_id} @ {self.unor_id}"


class Suksesor(models.Model):
    """A ranked successor candidate of a key position (rebuilt by ``services.successors_recompute``)."""

    jabatan_target = models.ForeignKey(JabatanTarget, on_delete=models.CASCADE, related_name="suksesor")
    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="+", db_column="nip",
                                db_constraint=False)
    peringkat = models.PositiveSmallIntegerField()
    skor = models.DecimalField(max_digits=6, decimal_places=4)  # job-person match 0–1
    kotak = models.PositiveSmallIntegerField()
    kesiapan = models.CharField(max_length=24)  # succession.READINESS labels: siap_sekarang, siap_1_2_tahun, …
    dihitung_pada = models.DateTimeField()

    class Meta:
        verbose_name = "calon suksesor"
        verbose_name_plural = "calon suksesor"
        ordering = ["jabatan_target", "peringkat"]

    def __str__(self) -> str:
        return f"{self.jabatan_target_id} #{self.peringkat} {self.pegawai_id}"


class HitungKotak(models.Model):
    """A 9-box recompute job (a Celery task at national scale; in-process without a broker), with the stage it
    is in, so the screen can show its progress."""

    class Status(models.TextChoices):
        ANTRE = "ANTRE", "Dalam antrean"
        JALAN = "JALAN", "Berjalan"
        SELESAI = "SELESAI", "Selesai"
        GAGAL = "GAGAL", "Gagal"

    tahun = models.PositiveSmallIntegerField()
    instansi_id = models.CharField(max_length=40, blank=True, default="")  # empty: the whole country
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ANTRE)
    tahap = models.CharField(max_length=100, blank=True, default="")
    persen = models.PositiveSmallIntegerField(default=0)
    hasil = models.JSONField(default=dict)
    oleh = models.CharField(max_length=150, blank=True, default="")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "penghitungan 9-box"
        verbose_name_plural = "penghitungan 9-box"

    def __str__(self) -> str:
        return f"9-box {self.tahun} {self.instansi_id or 'nasional'}: {self.status}"
