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


# --- the SKP cycle: plan, evaluation, objection (PermenPANRB 6/2022) ---------------------------------------
class Skp(models.Model):
    """One civil servant's SKP of a year. The employee drafts it; the pejabat penilai (``penilai_nip``,
    resolved from the unit tree or a delegation when the SKP is created and again when it is submitted)
    approves it or returns it with a comment. ``versi`` rises with every change, so two people editing the
    same SKP get a conflict instead of overwriting each other."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draf"
        DIAJUKAN = "DIAJUKAN", "Diajukan"
        DIKEMBALIKAN = "DIKEMBALIKAN", "Dikembalikan"
        DISETUJUI = "DISETUJUI", "Disetujui"

    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="+", db_column="nip",
                                db_constraint=False)
    tahun = models.PositiveSmallIntegerField()
    penilai_nip = models.CharField(max_length=18, blank=True, default="")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    periodik = models.CharField(max_length=10, default="BULANAN")  # BULANAN or TRIWULANAN, from skp.siklus
    versi = models.PositiveIntegerField(default=1)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diperbarui_pada = models.DateTimeField(auto_now=True)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    disetujui_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "SKP"
        verbose_name_plural = "SKP"
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun"], name="skp_nip_tahun_uniq")]
        indexes = [models.Index(fields=["penilai_nip", "tahun"], name="skp_penilai_tahun_idx")]

    def __str__(self) -> str:
        return f"SKP {self.pegawai_id} {self.tahun}"


class HasilKerja(models.Model):
    """A planned result (rencana hasil kerja). ``intervensi`` is the supervisor's result it supports
    (cascading: the supervisor's result is "diintervensi" by this one)."""

    class Jenis(models.TextChoices):
        UTAMA = "UTAMA", "Utama"
        TAMBAHAN = "TAMBAHAN", "Tambahan"

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="hasil")
    urutan = models.PositiveSmallIntegerField(default=1)
    jenis = models.CharField(max_length=10, choices=Jenis.choices, default=Jenis.UTAMA)
    uraian = models.TextField()
    intervensi = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="turunan")

    class Meta:
        ordering = ["urutan", "id"]
        verbose_name = "rencana hasil kerja"
        verbose_name_plural = "rencana hasil kerja"

    def __str__(self) -> str:
        return self.uraian[:60]


class Indikator(models.Model):
    """An indicator of a result with its target, by aspect (quantity, quality, time, cost)."""

    hasil = models.ForeignKey(HasilKerja, on_delete=models.CASCADE, related_name="indikator")
    aspek = models.CharField(max_length=10)  # rules.ASPEK
    uraian = models.CharField(max_length=500)
    target = models.CharField(max_length=100)
    satuan = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["id"]
        verbose_name = "indikator kinerja"
        verbose_name_plural = "indikator kinerja"

    def __str__(self) -> str:
        return f"{self.aspek}: {self.target} {self.satuan}".strip()


class Ekspektasi(models.Model):
    """The supervisor's specific expectation of one BerAKHLAK value for this SKP."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="ekspektasi")
    nilai = models.CharField(max_length=24)  # rules.BERAKHLAK
    uraian = models.TextField()

    class Meta:
        verbose_name = "ekspektasi perilaku"
        verbose_name_plural = "ekspektasi perilaku"
        constraints = [models.UniqueConstraint(fields=["skp", "nilai"], name="skp_ekspektasi_uniq")]

    def __str__(self) -> str:
        return f"{self.nilai}: {self.uraian[:40]}"


class Catatan(models.Model):
    """The SKP's workflow log: every step with who took it and the comment, shown on the SKP page (the
    audit trail keeps the same steps, sealed)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="catatan")
    aksi = models.CharField(max_length=20)
    oleh_nip = models.CharField(max_length=18, blank=True, default="")
    oleh = models.CharField(max_length=150, blank=True, default="")  # user name
    teks = models.TextField(blank=True, default="")
    waktu = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["waktu", "id"]
        verbose_name = "catatan SKP"
        verbose_name_plural = "catatan SKP"

    def __str__(self) -> str:
        return f"{self.aksi} {self.oleh}"


class Evaluasi(models.Model):
    """A periodic (``B01``–``B12`` or ``TW1``–``TW4``) or the annual (``TAHUNAN``) evaluation of an SKP.
    The pejabat penilai rates; a periodic evaluation is final when rated, the annual one when the penilai
    finalises the team's year (after seeing the distribution check). A final rating is also written to
    ``SkpRating``, the one table files, summaries and the API read."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draf"
        FINAL = "FINAL", "Final"

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="evaluasi")
    periode = models.CharField(max_length=7)
    rating_hasil_kerja = models.CharField(max_length=8, blank=True, default="")
    rating_perilaku_kerja = models.CharField(max_length=8, blank=True, default="")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    catatan = models.TextField(blank=True, default="")  # the penilai's overall feedback
    dinilai_oleh_nip = models.CharField(max_length=18, blank=True, default="")
    dinilai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "evaluasi SKP"
        verbose_name_plural = "evaluasi SKP"
        constraints = [models.UniqueConstraint(fields=["skp", "periode"], name="skp_evaluasi_uniq")]

    def __str__(self) -> str:
        return f"{self.skp} {self.periode}"


class Realisasi(models.Model):
    """Per result and evaluation: the employee's realisation and evidence, and the penilai's feedback."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="realisasi")
    hasil = models.ForeignKey(HasilKerja, on_delete=models.CASCADE, related_name="+")
    realisasi = models.TextField(blank=True, default="")
    bukti = models.CharField(max_length=500, blank=True, default="")  # a link or a document reference
    umpan_balik = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "realisasi"
        verbose_name_plural = "realisasi"
        constraints = [models.UniqueConstraint(fields=["evaluasi", "hasil"], name="skp_realisasi_uniq")]

    def __str__(self) -> str:
        return f"{self.evaluasi} #{self.hasil_id}"


class UmpanBalikPerilaku(models.Model):
    """Per BerAKHLAK value and evaluation: the penilai's feedback on behaviour."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="umpan_balik_perilaku")
    nilai = models.CharField(max_length=24)
    umpan_balik = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "umpan balik perilaku"
        verbose_name_plural = "umpan balik perilaku"
        constraints = [models.UniqueConstraint(fields=["evaluasi", "nilai"], name="skp_umpan_balik_uniq")]

    def __str__(self) -> str:
        return f"{self.evaluasi} {self.nilai}"


class Keberatan(models.Model):
    """The employee's objection to a final rating, decided by the atasan pejabat penilai (the penilai's own
    penilai). Accepted with new ratings, they replace the evaluation's; the earlier ones stay here."""

    class Status(models.TextChoices):
        DIAJUKAN = "DIAJUKAN", "Diajukan"
        DITERIMA = "DITERIMA", "Diterima"
        DITOLAK = "DITOLAK", "Ditolak"

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="keberatan")
    alasan = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    atasan_nip = models.CharField(max_length=18, blank=True, default="")
    rating_hasil_semula = models.CharField(max_length=8)
    rating_perilaku_semula = models.CharField(max_length=8)
    rating_hasil_baru = models.CharField(max_length=8, blank=True, default="")
    rating_perilaku_baru = models.CharField(max_length=8, blank=True, default="")
    keputusan = models.TextField(blank=True, default="")
    diajukan_pada = models.DateTimeField(auto_now_add=True)
    diputus_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "keberatan"
        verbose_name_plural = "keberatan"
        indexes = [models.Index(fields=["atasan_nip", "status"], name="skp_keberatan_atasan_idx")]

    def __str__(self) -> str:
        return f"keberatan {self.evaluasi}"


class Delegasi(models.Model):
    """The pejabat penilai of one civil servant for a year, set by HR instead of the unit tree (Pasal 1:
    another official with delegated authority)."""

    pegawai = models.ForeignKey("people.Pegawai", on_delete=models.CASCADE, related_name="+", db_column="nip",
                                db_constraint=False)
    tahun = models.PositiveSmallIntegerField()
    penilai_nip = models.CharField(max_length=18)
    alasan = models.CharField(max_length=500, blank=True, default="")
    dibuat_oleh = models.CharField(max_length=150, blank=True, default="")
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "delegasi penilai"
        verbose_name_plural = "delegasi penilai"
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun"], name="skp_delegasi_uniq")]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.tahun} → {self.penilai_nip}"


class KinerjaOrganisasi(models.Model):
    """A unit's organisational result of a year (capaian kinerja organisasi), set by the leader one level
    up or by the agency's HR; it fixes the pola distribusi the unit's predikat are checked against."""

    unor = models.ForeignKey("org.Unor", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    tahun = models.PositiveSmallIntegerField()
    hasil = models.CharField(max_length=16)  # rules.ORG_RESULTS
    ditetapkan_oleh = models.CharField(max_length=150, blank=True, default="")
    ditetapkan_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kinerja organisasi"
        verbose_name_plural = "kinerja organisasi"
        constraints = [models.UniqueConstraint(fields=["unor", "tahun"], name="skp_kinerja_organisasi_uniq")]

    def __str__(self) -> str:
        return f"{self.unor_id} {self.tahun}: {self.hasil}"
