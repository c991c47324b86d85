"""Penyetaraan jabatan (DOMAIN §7): one proposal to convert one holder of an administrative post (Administrator,
Pengawas, eselon V) to a functional post. It goes proposed → approved (or refused, with a reason) → applied;
who and when of every step stay on the row, and applying writes the holder's history (``RiwayatPegawai``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class UsulanPenyetaraan(models.Model):
    class Status(models.TextChoices):
        DIUSULKAN = "DIUSULKAN", "Diusulkan"
        DISETUJUI = "DISETUJUI", "Disetujui"
        DITOLAK = "DITOLAK", "Ditolak"
        DITERAPKAN = "DITERAPKAN", "Diterapkan"

    class Tingkat(models.TextChoices):  # the administrative level converted
        ADMINISTRATOR = "ADMINISTRATOR", "Administrator"
        PENGAWAS = "PENGAWAS", "Pengawas"
        V = "V", "Eselon V"

    # A proposal is history: it stays when a referenced row goes, hence no database constraints.
    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.DO_NOTHING, related_name="+",
                                db_constraint=False, db_column="nip")
    instansi = models.ForeignKey("org.Instansi", on_delete=models.DO_NOTHING, related_name="+",
                                 db_constraint=False, db_index=False)  # the (instansi, status) index serves it
    unor = models.ForeignKey("org.Unor", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    jabatan_asal = models.ForeignKey("org.Jabatan", on_delete=models.DO_NOTHING, related_name="+",
                                     db_constraint=False, db_index=False)
    tingkat_asal = models.CharField(max_length=13, choices=Tingkat.choices)
    jabatan_tujuan = models.ForeignKey("org.Jabatan", on_delete=models.DO_NOTHING, related_name="+",
                                       db_constraint=False, db_index=False)
    jenjang_tujuan = models.CharField(max_length=15)
    catatan = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DIUSULKAN)
    rule_version = models.PositiveIntegerField(default=0)
    diusulkan_oleh = models.CharField(max_length=150)
    diusulkan_pada = models.DateTimeField()
    diputus_oleh = models.CharField(max_length=150, blank=True, default="")
    diputus_pada = models.DateTimeField(null=True, blank=True)
    catatan_putusan = models.CharField(max_length=500, blank=True, default="")  # the reason of a refusal
    diterapkan_oleh = models.CharField(max_length=150, blank=True, default="")
    diterapkan_pada = models.DateTimeField(null=True, blank=True)
    nomor_sk = models.CharField(max_length=100, blank=True, default="")
    tanggal_sk = models.DateField(null=True, blank=True)
    tmt = models.DateField(null=True, blank=True)
    versi = models.PositiveIntegerField(default=1)  # bumped by every step, for stale-form checks

    class Meta:
        ordering = ["-id"]
        verbose_name = "usulan penyetaraan jabatan"
        verbose_name_plural = "usulan penyetaraan jabatan"
        indexes = [models.Index(fields=["instansi", "status", "-id"], name="penyetaraan_instansi_idx")]
        constraints = [models.UniqueConstraint(
            fields=["pegawai"], condition=Q(status__in=["DIUSULKAN", "DISETUJUI"]),
            name="penyetaraan_satu_usulan_terbuka")]

    def __str__(self) -> str:
        return f"{self.pegawai_id}: {self.jabatan_asal_id} → {self.jabatan_tujuan_id} ({self.status})"
