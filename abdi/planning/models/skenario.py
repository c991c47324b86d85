"""Redistribution scenarios: a scope and parameters, run as a background job into a plan of individual
moves (``Mutasi``), which goes draft → reviewed → approved by every sending and receiving agency → applied."""

from __future__ import annotations

from django.db import models


class Skenario(models.Model):
    class Cakupan(models.TextChoices):
        UNOR = "UNOR", "Unit organisasi (beserta bawahannya)"
        INSTANSI = "INSTANSI", "Instansi"
        PROVINSI = "PROVINSI", "Provinsi"
        NASIONAL = "NASIONAL", "Nasional"

    class Status(models.TextChoices):  # of the plan
        DRAF = "DRAF", "Draf"
        DITINJAU = "DITINJAU", "Ditinjau"
        DISETUJUI = "DISETUJUI", "Disetujui"
        DITERAPKAN = "DITERAPKAN", "Diterapkan"

    class Job(models.TextChoices):  # of the run
        BARU = "BARU", "Belum dijalankan"
        ANTRE = "ANTRE", "Dalam antrean"
        JALAN = "JALAN", "Berjalan"
        SELESAI = "SELESAI", "Selesai"
        GAGAL = "GAGAL", "Gagal"

    nama = models.CharField(max_length=120)
    cakupan = models.CharField(max_length=8, choices=Cakupan.choices)
    cakupan_id = models.CharField(max_length=40, blank=True, default="")  # unor_id, instansi_id or province code
    instansi_id = models.CharField(max_length=40, blank=True, default="")  # the owning agency (UNOR, INSTANSI)
    tahun = models.PositiveSmallIntegerField(help_text="tahun rencana: pensiun sampai akhir tahun ini diperhitungkan")
    parameter = models.JSONField(default=dict)  # the redistribution rule set's data as used, overrides applied
    rule_version = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAF)
    job = models.CharField(max_length=7, choices=Job.choices, default=Job.BARU)
    tahap = models.CharField(max_length=100, blank=True, default="")
    persen = models.PositiveSmallIntegerField(default=0)
    pesan = models.TextField(blank=True, default="")  # why a run failed
    ringkasan = models.JSONField(default=dict)  # figures of the plan (seats filled, moves, km, …)
    nomor_sk = models.CharField(max_length=100, blank=True, default="")
    dibuat_oleh = models.CharField(max_length=150, blank=True, default="")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    dijalankan_pada = models.DateTimeField(null=True, blank=True)
    ditinjau_oleh = models.CharField(max_length=150, blank=True, default="")
    ditinjau_pada = models.DateTimeField(null=True, blank=True)
    diterapkan_oleh = models.CharField(max_length=150, blank=True, default="")
    diterapkan_pada = models.DateTimeField(null=True, blank=True)
    versi = models.PositiveIntegerField(default=1)  # bumped by every change, for stale-form checks

    class Meta:
        ordering = ["-id"]
        verbose_name = "skenario redistribusi"
        verbose_name_plural = "skenario redistribusi"
        indexes = [models.Index(fields=["instansi_id", "-id"], name="skenario_instansi_idx")]

    def __str__(self) -> str:
        return f"{self.nama} ({self.get_cakupan_display()} {self.cakupan_id})"


class Mutasi(models.Model):
    """One proposed move of a plan; after the plan is applied, the registry holds it as history."""

    skenario = models.ForeignKey(Skenario, on_delete=models.CASCADE, related_name="mutasi")
    nip = models.CharField(max_length=18)
    instansi_asal = models.CharField(max_length=40)
    unor_asal = models.CharField(max_length=40)
    jabatan_asal = models.CharField(max_length=40)
    instansi_tujuan = models.CharField(max_length=40)
    unor_tujuan = models.CharField(max_length=40)
    jabatan_tujuan = models.CharField(max_length=40)
    jarak_km = models.PositiveIntegerField()
    biaya = models.PositiveIntegerField()
    lintas_instansi = models.BooleanField(default=False)
    lintas_provinsi = models.BooleanField(default=False)
    prioritas = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["skenario_id", "nip"]
        verbose_name = "usulan mutasi"
        verbose_name_plural = "usulan mutasi"
        constraints = [models.UniqueConstraint(fields=["skenario", "nip"], name="mutasi_skenario_nip_uniq")]
        indexes = [models.Index(fields=["skenario", "instansi_asal"], name="mutasi_asal_idx"),
                   models.Index(fields=["skenario", "instansi_tujuan"], name="mutasi_tujuan_idx")]

    def __str__(self) -> str:
        return f"{self.nip}: {self.unor_asal} → {self.unor_tujuan}"


class PersetujuanInstansi(models.Model):
    """An agency's approval of a reviewed plan (as sender, receiver or both). The plan is approved when every
    agency with a move in it has approved."""

    skenario = models.ForeignKey(Skenario, on_delete=models.CASCADE, related_name="persetujuan")
    instansi_id = models.CharField(max_length=40)
    oleh = models.CharField(max_length=150)
    pada = models.DateTimeField(auto_now_add=True)
    catatan = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["skenario_id", "instansi_id"]
        verbose_name = "persetujuan instansi"
        verbose_name_plural = "persetujuan instansi"
        constraints = [models.UniqueConstraint(fields=["skenario", "instansi_id"], name="persetujuan_uniq")]

    def __str__(self) -> str:
        return f"{self.skenario_id}: {self.instansi_id} oleh {self.oleh}"
