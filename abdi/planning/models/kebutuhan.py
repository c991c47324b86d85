"""Needs per unit × position (kebutuhan), the workload analysis behind them (ABK) and disciplinary sanctions
(hukdis, which make a civil servant ineligible to move while in force)."""

from __future__ import annotations

from django.db import models


class Kebutuhan(models.Model):
    """The required headcount of one position in one unit: entered, imported (``kebutuhan.csv``) or computed
    from the unit's workload analysis (``TugasAbk``)."""

    class Sumber(models.TextChoices):
        ISIAN = "ISIAN", "Diisi"
        IMPOR = "IMPOR", "Impor berkas"
        ABK = "ABK", "Analisis beban kerja"

    unor = models.ForeignKey("org.Unor", on_delete=models.CASCADE, related_name="+", db_constraint=False,
                             db_index=False)  # the unique (unor, jabatan) index serves it
    jabatan = models.ForeignKey("org.Jabatan", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    kebutuhan = models.PositiveIntegerField()
    prioritas = models.PositiveSmallIntegerField(default=1)
    sumber = models.CharField(max_length=5, choices=Sumber.choices, default=Sumber.ISIAN)
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False, db_index=False)
    diperbarui_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "kebutuhan pegawai"
        verbose_name_plural = "kebutuhan pegawai"
        constraints = [models.UniqueConstraint(fields=["unor", "jabatan"], name="kebutuhan_unor_jabatan_uniq")]

    def __str__(self) -> str:
        return f"{self.unor_id} × {self.jabatan_id}: {self.kebutuhan}"


class TugasAbk(models.Model):
    """One task of a position in a unit's workload analysis: the annual volume of its output and the hours
    one output takes (norma waktu). Σ volume × norma ÷ effective hours a year = the need."""

    unor = models.ForeignKey("org.Unor", on_delete=models.CASCADE, related_name="+", db_constraint=False,
                             db_index=False)
    jabatan = models.ForeignKey("org.Jabatan", on_delete=models.PROTECT, related_name="+", db_constraint=False)
    uraian = models.CharField(max_length=200)
    satuan = models.CharField(max_length=60, blank=True, default="")
    volume = models.DecimalField(max_digits=12, decimal_places=2)
    norma_jam = models.DecimalField(max_digits=8, decimal_places=2, help_text="jam per satuan hasil")
    diperbarui_pada = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unor_id", "jabatan_id", "id"]
        verbose_name = "tugas ABK"
        verbose_name_plural = "tugas ABK"
        indexes = [models.Index(fields=["unor", "jabatan"], name="tugasabk_unor_jabatan_idx")]

    def __str__(self) -> str:
        return f"{self.uraian} ({self.volume} × {self.norma_jam} jam)"


class Hukdis(models.Model):
    """A disciplinary sanction (PP 94/2021) from ``hukdis.csv``: in force from ``tmt_mulai`` until
    ``tmt_selesai`` (open-ended when empty)."""

    class Jenis(models.TextChoices):
        RINGAN = "RINGAN", "Ringan"
        SEDANG = "SEDANG", "Sedang"
        BERAT = "BERAT", "Berat"

    nip = models.CharField(max_length=18)
    jenis = models.CharField(max_length=6, choices=Jenis.choices)
    tmt_mulai = models.DateField()
    tmt_selesai = models.DateField(null=True, blank=True)
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False, db_index=False)

    class Meta:
        verbose_name = "hukuman disiplin"
        verbose_name_plural = "hukuman disiplin"
        constraints = [models.UniqueConstraint(fields=["nip", "jenis", "tmt_mulai"], name="hukdis_nip_jenis_mulai_uniq")]

    def __str__(self) -> str:
        return f"{self.nip} {self.jenis} sejak {self.tmt_mulai}"
