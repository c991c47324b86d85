"""Civil servants (pegawai) and their effective-dated history.

``Pegawai`` holds the current state; ``RiwayatPegawai`` holds one row per change of position, unit, rank or
status (and one initial row), each with its decree (SK) and effective date (TMT), so "who held what on date D"
is the latest row per NIP with ``tmt <= D``.
"""

from django.db import models


class Pegawai(models.Model):
    nip = models.CharField("NIP", max_length=18, primary_key=True)
    pns_id = models.CharField(max_length=64, blank=True, default="")
    nip_lama = models.CharField(max_length=20, blank=True, default="")
    nama = models.CharField(max_length=200)
    gelar_depan = models.CharField(max_length=60, blank=True, default="")
    gelar_belakang = models.CharField(max_length=60, blank=True, default="")
    tgl_lahir = models.DateField()
    jenis_kelamin = models.CharField(max_length=1)  # L | P
    jenis_pegawai = models.CharField(max_length=4)  # PNS | PPPK
    status = models.CharField(max_length=4)  # CPNS | PNS | PPPK
    kedudukan = models.CharField(max_length=25)
    golongan = models.CharField(max_length=5)
    pendidikan = models.CharField(max_length=3)
    tmt_cpns = models.DateField()
    tmt_pns = models.DateField(null=True, blank=True)
    tmt_golongan = models.DateField(null=True, blank=True)
    # References are checked set-based by the loader and by services before any write; per-row FK triggers
    # and one index per FK would cost more than the whole rest of a national load (docs/ARCHITECTURE.md).
    instansi = models.ForeignKey("org.Instansi", on_delete=models.PROTECT, related_name="+",
                                 db_constraint=False, db_index=False)
    unor = models.ForeignKey("org.Unor", on_delete=models.PROTECT, related_name="+",
                             db_constraint=False, db_index=False)
    jabatan = models.ForeignKey("org.Jabatan", on_delete=models.PROTECT, related_name="+",
                                db_constraint=False, db_index=False)
    tmt_jabatan = models.DateField()
    lokasi_kabkota = models.ForeignKey("org.KabKota", on_delete=models.PROTECT, related_name="+",
                                       db_constraint=False, db_index=False)
    instansi_kerja = models.ForeignKey("org.Instansi", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", db_constraint=False, db_index=False)
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False, db_index=False)
    diperbarui_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["nip"]
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        indexes = [
            # single-column: with B-tree deduplication these build in a third of a composite's time
            models.Index(fields=["instansi"], name="pegawai_instansi_idx"),
            models.Index(fields=["unor"], name="pegawai_unor_idx"),
            models.Index(fields=["nama", "nip"], name="pegawai_nama_nip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.nip})"

    @property
    def nama_lengkap(self) -> str:
        parts = [self.gelar_depan, self.nama]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.gelar_belakang}" if self.gelar_belakang else name


class RiwayatPegawai(models.Model):
    """One effective-dated state of a civil servant: the record as it stood from ``tmt``."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat", db_column="nip",
                                db_constraint=False, db_index=False)  # indexed by riwayat_nip_idx
    tmt = models.DateField(help_text="Terhitung mulai tanggal perubahan")
    perubahan = models.CharField(max_length=60, help_text="AWAL, atau JABATAN/UNOR/GOLONGAN/STATUS dipisah koma")
    instansi_id = models.CharField(max_length=40)
    unor_id = models.CharField(max_length=40)
    jabatan_id = models.CharField(max_length=40)
    golongan = models.CharField(max_length=5)
    status = models.CharField(max_length=4)
    kedudukan = models.CharField(max_length=25)
    nomor_sk = models.CharField(max_length=100, blank=True, default="")
    tanggal_sk = models.DateField(null=True, blank=True)
    dicatat_pada = models.DateTimeField()
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False, db_index=False)

    class Meta:
        ordering = ["pegawai_id", "tmt", "id"]
        verbose_name = "riwayat pegawai"
        verbose_name_plural = "riwayat pegawai"
        # a person has a handful of rows: the NIP alone finds them, and the index builds twice as fast
        indexes = [models.Index(fields=["pegawai"], name="riwayat_nip_idx")]

    def __str__(self) -> str:
        return f"{self.pegawai_id} sejak {self.tmt}: {self.perubahan}"


class SiasnMapping(models.Model):
    """An admin-added variant of a SIASN export value (e.g. ``pendidikan``: ``S1 Kependidikan`` → ``S1``)."""

    field = models.CharField(max_length=30, help_text="jenis_kelamin, status_cpns_pns, kedudukan, pendidikan, jenis_jabatan")
    source_value = models.CharField(max_length=100)
    target_code = models.CharField(max_length=30)

    class Meta:
        verbose_name = "pemetaan nilai SIASN"
        verbose_name_plural = "pemetaan nilai SIASN"
        constraints = [models.UniqueConstraint(fields=["field", "source_value"], name="siasn_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.field}: {self.source_value} → {self.target_code}"
