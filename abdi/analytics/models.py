"""Pre-aggregated workforce counts that dashboards read (DESIGN "Scale design").

``Cell`` holds active civil servants counted per (instansi, work-location province, PNS/PPPK) and per metric
key (``jk:P``, ``pendidikan:S1``, ``lahir:1986|P``, ``pensiun:2031`` …, see ``analytics.compute``); a load
recomputes the cells of the instansi it touched. ``Aggregate`` is the sum of cells per scope (the nation, each
instansi, each province) and per PNS/PPPK filter (``""`` = both), rebuilt from the cells by one grouped
statement, so a dashboard reads a few hundred rows by index. ``Refresh`` records each rebuild.
"""

from __future__ import annotations

from django.db import models


class Cell(models.Model):
    instansi_id = models.CharField(max_length=40)
    provinsi = models.CharField(max_length=2)
    jenis_pegawai = models.CharField(max_length=4)
    metric = models.CharField(max_length=20)
    key = models.CharField(max_length=60)
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["instansi_id"], name="analytics_cell_instansi_idx")]

    def __str__(self) -> str:
        return f"{self.instansi_id}/{self.provinsi}/{self.jenis_pegawai} {self.metric}:{self.key}={self.value}"


class Aggregate(models.Model):
    class Scope(models.TextChoices):
        NASIONAL = "nasional", "Nasional"
        INSTANSI = "instansi", "Instansi"
        PROVINSI = "provinsi", "Provinsi"

    scope_kind = models.CharField(max_length=10, choices=Scope.choices)
    scope_id = models.CharField(max_length=40)
    jenis_pegawai = models.CharField(max_length=4)  # "" = PNS and PPPK together
    metric = models.CharField(max_length=20)
    key = models.CharField(max_length=60)
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["scope_kind", "scope_id", "jenis_pegawai"], name="analytics_agg_scope_idx")]

    def __str__(self) -> str:
        return f"{self.scope_kind}:{self.scope_id}/{self.jenis_pegawai} {self.metric}:{self.key}={self.value}"


class Refresh(models.Model):
    """One rebuild of the aggregates: which load it includes, how much it recomputed, how long it took."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    batch_id = models.BigIntegerField(null=True, blank=True)  # the newest load batch included
    full = models.BooleanField(default=False)
    instansi_count = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Refresh {self.pk} ({'full' if self.full else self.instansi_count}, {self.seconds} s)"
