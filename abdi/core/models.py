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


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail (DESIGN "Security model").

    Writes are recorded and sealed at once, in the writer's transaction (``abdi.core.audit.audit_record``).
    Reads of personal records are appended unsealed (``audit_read``) and sealed later, in order, by
    ``audit_seal_pending``. ``seq`` is the position in the chain, given at sealing; ``hash`` covers the
    previous hash, ``seq`` and every field but ``id``. Rows are never updated through ``save()`` nor deleted.
    """

    id = models.BigAutoField(primary_key=True)
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", db_constraint=False)
    actor_label = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True, default="")
    object_id = models.CharField(max_length=100, blank=True, default="")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # Where the object sits in the org tree, so agency admins and auditors see the events of their scope.
    instansi_id = models.CharField(max_length=40, blank=True, default="")
    unor_path = models.CharField(max_length=400, blank=True, default="")
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")
    sealed = models.BooleanField(default=False)

    class Meta:
        verbose_name = "kejadian audit"
        verbose_name_plural = "kejadian audit"
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx"),
            models.Index(fields=["sealed", "id"], name="core_audit_sealed_idx"),
            models.Index(fields=["instansi_id", "id"], name="core_audit_instansi_idx"),
            models.Index(fields=["actor", "id"], name="core_audit_actor_idx"),
            models.Index(fields=["recorded_at"], name="core_audit_time_idx"),
        ]

    def __str__(self) -> str:
        return f"Audit {self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("AuditEvent hanya ditambah, tidak diubah (audit events are append-only)")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("AuditEvent tidak dapat dihapus (audit events are append-only)")


class RuleSet(models.Model):
    """A versioned rule set (DESIGN "Foundations": the SKP matrix, 9-box cut-offs, retirement ages, JP
    minutes are data). A change is a new version with the date it starts; results record the version they
    used. ``data`` is the rule set's own JSON; its module's pure rules read it."""

    code = models.CharField(max_length=60)
    version = models.PositiveIntegerField()
    valid_from = models.DateField()
    data = models.JSONField()
    note = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", db_constraint=False)

    class Meta:
        verbose_name = "aturan berversi"
        verbose_name_plural = "aturan berversi"
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="ruleset_code_version_uniq")]
        indexes = [models.Index(fields=["code", "valid_from"], name="core_ruleset_code_from_idx")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} ({self.valid_from})"
