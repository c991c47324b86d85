"""SKP ratings (PermenPANRB 6/2022, DOMAIN §1): one row per civil servant, year and period (``TAHUNAN``, the
quarters ``TW1``–``TW4`` or the months ``B01``–``B12``) with the two ratings. The predikat is not stored per row:
it is the matrix in force applied when read (``selectors``), so a new rule version never rewrites millions of
rows; ``SkpSummary`` keeps the per-unit figures with the rule version that made them."""

from __future__ import annotations

from django.db import models


class SkpRating(models.Model):
    class Rating(models.TextChoices):
        DI_ATAS = "DI_ATAS", "Di Atas Ekspektasi"
        SESUAI = "SESUAI", "Sesuai Ekspektasi"
        DI_BAWAH = "DI_BAWAH", "Di Bawah Ekspektasi"

    class Predikat(models.TextChoices):
        SANGAT_BAIK = "SANGAT_BAIK", "Sangat Baik"
        BAIK = "BAIK", "Baik"
        BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", "Butuh Perbaikan"
        KURANG = "KURANG", "Kurang/Misconduct"
        SANGAT_KURANG = "SANGAT_KURANG", "Sangat Kurang"

    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="+", db_column="nip",
                                db_constraint=False, db_index=False)
    tahun = models.PositiveSmallIntegerField()
    periode = models.CharField(max_length=7)
    rating_hasil_kerja = models.CharField(max_length=8, choices=Rating.choices)
    rating_perilaku_kerja = models.CharField(max_length=8, choices=Rating.choices)
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              db_constraint=False, db_index=False)
    diperbarui_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "rating SKP"
        verbose_name_plural = "rating SKP"
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun", "periode"], name="skp_nip_tahun_periode_uniq")]

    def __str__(self) -> str:
        return f"SKP {self.pegawai_id} {self.tahun} {self.periode}"


class SkpSummary(models.Model):
    """Annual SKP completion and predikat spread per unit (active civil servants placed in the unit, how many
    have an annual rating, and how many of each predikat), rebuilt set-based by ``summary_recompute``; agency
    and national figures are sums of these rows."""

    tahun = models.PositiveSmallIntegerField()
    instansi_id = models.CharField(max_length=40)
    unor_id = models.CharField(max_length=40)
    aktif = models.IntegerField()
    dinilai = models.IntegerField()
    sangat_baik = models.IntegerField()
    baik = models.IntegerField()
    butuh_perbaikan = models.IntegerField()
    kurang = models.IntegerField()
    sangat_kurang = models.IntegerField()
    rule_version = models.PositiveIntegerField(default=0)  # of ``skp.predikat`` (0: the default in code)

    class Meta:
        verbose_name = "ringkasan SKP"
        verbose_name_plural = "ringkasan SKP"
        indexes = [models.Index(fields=["tahun", "instansi_id"], name="skp_summary_tahun_instansi_idx")]

    def __str__(self) -> str:
        return f"SKP {self.tahun} {self.unor_id}: {self.dinilai}/{self.aktif}"
