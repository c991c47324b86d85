from django.conf import settings
from django.db import models


class LoadBatch(models.Model):
    """One run of a bulk load: who ran it, when, which files (with hashes) and what came of it."""

    class Status(models.TextChoices):
        RUNNING = "RUNNING", "Berjalan"
        DONE = "DONE", "Selesai"
        PARTIAL = "PARTIAL", "Selesai, sebagian ditolak"
        FAILED = "FAILED", "Gagal, tidak ada perubahan"

    kind = models.CharField(max_length=20, default="dataset")  # dataset | siasn
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_label = models.CharField(max_length=150, blank=True, default="")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    files = models.JSONField(default=dict)  # name -> {"sha256", "bytes", "rows", "loaded", "rejected"}
    rejected_count = models.IntegerField(default=0)
    warning_count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "batch muat data"
        verbose_name_plural = "batch muat data"

    def __str__(self) -> str:
        return f"Batch {self.pk} ({self.kind}, {self.status})"
