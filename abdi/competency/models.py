"""Competency standards of positions (SKJ) and assessment results (PermenPANRB 38/2017, DOMAIN §3).

A position's standard is its ``StandarKompetensi`` rows, or, without rows, the default of its level (rule set
``competency.standar_bawaan``). An assessment holds the nine levels of one civil servant on one date; the
latest date counts. Gaps and JPM are computed when read (``selectors``), never stored."""

from __future__ import annotations

from django.db import models

from abdi.competency.rules import COMPETENCIES


class StandarKompetensi(models.Model):
    jabatan = models.ForeignKey("org.Jabatan", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    kompetensi = models.CharField(max_length=24)  # rules.COMPETENCIES
    level = models.PositiveSmallIntegerField()
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              db_constraint=False, db_index=False)

    class Meta:
        verbose_name = "standar kompetensi jabatan"
        verbose_name_plural = "standar kompetensi jabatan"
        constraints = [models.UniqueConstraint(fields=["jabatan", "kompetensi"], name="skj_jabatan_kompetensi_uniq")]

    def __str__(self) -> str:
        return f"{self.jabatan_id} {self.kompetensi}={self.level}"


class Asesmen(models.Model):
    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="+", db_column="nip",
                                db_constraint=False, db_index=False)
    tanggal = models.DateField()
    integritas = models.PositiveSmallIntegerField()
    kerja_sama = models.PositiveSmallIntegerField()
    komunikasi = models.PositiveSmallIntegerField()
    orientasi_hasil = models.PositiveSmallIntegerField()
    pelayanan_publik = models.PositiveSmallIntegerField()
    pengembangan_diri = models.PositiveSmallIntegerField()
    mengelola_perubahan = models.PositiveSmallIntegerField()
    pengambilan_keputusan = models.PositiveSmallIntegerField()
    perekat_bangsa = models.PositiveSmallIntegerField()
    # potential indicators beside the competencies (optional, 0–100): a potential test, qualification, integrity
    skor_potensi = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    asesor = models.CharField(max_length=200, blank=True, default="")
    catatan = models.TextField(blank=True, default="")
    batch = models.ForeignKey("core.LoadBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              db_constraint=False, db_index=False)
    dicatat_oleh = models.CharField(max_length=150, blank=True, default="")
    diperbarui_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hasil asesmen kompetensi"
        verbose_name_plural = "hasil asesmen kompetensi"
        constraints = [models.UniqueConstraint(fields=["pegawai", "tanggal"], name="asesmen_nip_tanggal_uniq")]

    def __str__(self) -> str:
        return f"asesmen {self.pegawai_id} {self.tanggal}"

    def levels(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in COMPETENCIES}
