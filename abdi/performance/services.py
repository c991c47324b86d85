"""Writes of the performance app. ``summary_recompute`` rebuilds a year's completion and predikat spread per
unit in one INSERT … SELECT (DESIGN style 4): the predikat matrix in force becomes a SQL CASE over the two
ratings, so six million annual ratings are one statement and no rating row is rewritten."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from abdi.core.audit import audit_record
from abdi.core.errors import Refused
from abdi.core.hooks import after_commit_change
from abdi.org.models import Unor
from abdi.org.selectors import access_of, unor_visible
from abdi.people.models import Pegawai
from abdi.people.selectors import employee_queryset_for_user
from abdi.performance import rules
from abdi.performance.models import (
    Catatan,
    Delegasi,
    Ekspektasi,
    Evaluasi,
    HasilKerja,
    Indikator,
    Keberatan,
    KinerjaOrganisasi,
    Realisasi,
    Skp,
    SkpRating,
    SkpSummary,
    UmpanBalikPerilaku,
)
from abdi.performance.selectors import (
    DistributionCheck,
    cycle_in_force,
    matrix_in_force,
    penilai_for,
    team_distribution,
    team_for_user,
)


def predikat_case_sql(matrix, alias: str = "") -> tuple[str, list[str]]:
    """The matrix as ``CASE WHEN hasil = %s AND perilaku = %s THEN %s … END`` and its parameters."""
    col = f"{alias}." if alias else ""
    parts, params = [], []
    for hasil in rules.RATINGS:
        for perilaku in rules.RATINGS:
            parts.append(f"WHEN {col}rating_hasil_kerja = %s AND {col}rating_perilaku_kerja = %s THEN %s")
            params += [hasil, perilaku, rules.predikat(hasil, perilaku, matrix)]
    return "CASE " + " ".join(parts) + " END", params


def summary_recompute(*, tahun: int, actor=None, actor_label: str = "") -> int:
    """Rebuild ``SkpSummary`` of ``tahun`` from the roster and the annual ratings: per unit, active civil
    servants, those with an annual (TAHUNAN) rating, and how many got each predikat under the matrix in force
    on 31 December. Returns the number of units written; one audit event for the job."""
    matrix = matrix_in_force(tahun)
    case, case_params = predikat_case_sql(matrix.data, "s")
    people, skp, summary = Pegawai._meta.db_table, SkpRating._meta.db_table, SkpSummary._meta.db_table
    counts = ", ".join(f"SUM(CASE WHEN q.predikat = '{code}' THEN 1 ELSE 0 END)" for code in rules.PREDIKAT)
    sql = (f"INSERT INTO {summary} (tahun, instansi_id, unor_id, aktif, dinilai, sangat_baik, baik, "
           f"butuh_perbaikan, kurang, sangat_kurang, rule_version) "
           f"SELECT %s, q.instansi_id, q.unor_id, COUNT(*), COUNT(q.predikat), {counts}, %s FROM ("
           f"SELECT p.instansi_id, p.unor_id, {case} AS predikat FROM {people} p "
           f"LEFT JOIN {skp} s ON s.nip = p.nip AND s.tahun = %s AND s.periode = 'TAHUNAN' "
           f"WHERE p.kedudukan = 'AKTIF') q GROUP BY q.instansi_id, q.unor_id")
    with transaction.atomic():
        SkpSummary.objects.filter(tahun=tahun).delete()
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # the join and the half million unit groups in memory, not in batches spilled to disk (which the
                # default 4 MB makes of them at national scale: 28 s instead of 17 s for the statement)
                cur.execute("SET LOCAL work_mem = '256MB'")
            cur.execute(sql, [tahun, matrix.version, *case_params, tahun])
            written = cur.rowcount
        audit_record(actor=actor, actor_label=actor_label or ("" if actor else "cli"), action="skp.summary",
                     object_type="skp_tahun", object_id=str(tahun),
                     after={"rule_version": matrix.version, "units": written})
    return written


# --- the SKP cycle ---------------------------------------------------------------------------------------
class SkpError(Refused):
    """A refused SKP step (``core.errors.Refused``): 409 also for a conflict with the SKP's state."""


def _refuse(message: str, field: str = "") -> SkpError:
    return SkpError(message, status=403, field=field)


def _conflict(message: str) -> SkpError:
    return SkpError(message, status=409)


def _invalid(message: str, field: str) -> SkpError:
    return SkpError(message, status=422, field=field)


def _nip(actor) -> str:
    nip = getattr(actor, "nip", "") or ""
    if not nip:
        raise _refuse("akun ini tidak terhubung dengan data pegawai (NIP)")
    return nip


def _place(skp: Skp) -> dict:
    unor = getattr(skp.pegawai, "unor", None)
    return {"instansi_id": skp.pegawai.instansi_id, "unor_path": getattr(unor, "path", "") or ""}


def _log(skp: Skp, actor, aksi: str, teks: str = "", *, before=None, after=None, object_type: str = "skp",
         object_id=None) -> None:
    Catatan.objects.create(skp=skp, aksi=aksi, oleh_nip=getattr(actor, "nip", "") or "",
                           oleh=getattr(actor, "username", "") or "", teks=teks)
    audit_record(actor=actor, action=f"skp.{aksi.lower()}", object_type=object_type,
                 object_id=str(object_id if object_id is not None else skp.pk), before=before,
                 after={**(after or {}), **({"catatan": teks} if teks else {})}, **_place(skp))


def _locked(skp: Skp, versi: int | None) -> Skp:
    """The SKP row locked for the change; a stale ``versi`` from the form is a conflict."""
    fresh = Skp.objects.select_for_update(of=("self",)).select_related("pegawai", "pegawai__unor").get(pk=skp.pk)
    if versi is not None and versi != fresh.versi:
        raise _conflict("SKP telah diubah orang lain sejak dibuka; muat ulang halaman lalu ulangi")
    return fresh


def _bump(skp: Skp, **fields) -> None:
    for k, v in fields.items():
        setattr(skp, k, v)
    skp.versi += 1
    skp.save(update_fields=[*fields, "versi", "diperbarui_pada"])


def _text(value: str, field: str, *, required: bool = True, limit: int = 4000) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise _invalid("teks memuat karakter NUL", field)
    if required and not value:
        raise _invalid("wajib diisi", field)
    if len(value) > limit:
        raise _invalid(f"paling banyak {limit} karakter", field)
    return value


def _editable_by_owner(skp: Skp, actor) -> None:
    if _nip(actor) != skp.pegawai_id:
        raise _refuse("hanya pegawai pemilik SKP yang dapat menyusun rencananya")
    if skp.status not in (Skp.Status.DRAFT, Skp.Status.DIKEMBALIKAN):
        raise _conflict(f"SKP berstatus {skp.get_status_display()}; rencana tidak dapat diubah")


def _penilai_only(skp: Skp, actor, what: str) -> None:
    nip = _nip(actor)
    if nip == skp.pegawai_id:
        raise _refuse(f"pegawai tidak dapat {what} SKP-nya sendiri")
    if nip != skp.penilai_nip:
        raise _refuse(f"hanya pejabat penilai pegawai ini yang dapat {what} SKP-nya (bukan tim Anda)")


def skp_create(*, actor, tahun: int) -> Skp:
    """The actor's own SKP of ``tahun`` as a draft, with the pejabat penilai resolved now."""
    nip = _nip(actor)
    pegawai = Pegawai.objects.select_related("unor").filter(pk=nip).first()
    if pegawai is None:
        raise _refuse("NIP akun ini tidak ada di data pegawai")
    if not 2000 <= tahun <= timezone.localdate().year + 1:
        raise _invalid("tahun di luar rentang", "tahun")
    cycle = cycle_in_force(tahun)
    with transaction.atomic():
        if Skp.objects.filter(pegawai_id=nip, tahun=tahun).exists():
            raise _conflict(f"SKP tahun {tahun} sudah ada")
        skp = Skp.objects.create(pegawai=pegawai, tahun=tahun, penilai_nip=penilai_for(nip, tahun),
                                 periodik=cycle.data["periodik"])
        _log(skp, actor, "BUAT", after={"tahun": tahun, "penilai_nip": skp.penilai_nip, "periodik": skp.periodik})
    return skp


def result_add(*, actor, skp: Skp, uraian: str, jenis: str = "UTAMA", intervensi_id: int | None = None,
               indikator: list[dict], versi: int | None = None) -> HasilKerja:
    """Add a planned result with its indicators (each ``{aspek, uraian, target, satuan}``)."""
    uraian = _text(uraian, "uraian")
    if jenis not in HasilKerja.Jenis.values:
        raise _invalid("jenis harus UTAMA atau TAMBAHAN", "jenis")
    if not indikator:
        raise _invalid("setiap hasil kerja memerlukan sedikitnya satu indikator", "indikator")
    clean = []
    for i, ind in enumerate(indikator):
        aspek = str(ind.get("aspek", "")).upper()
        if aspek not in rules.ASPEK:
            raise _invalid(f"aspek harus salah satu dari {', '.join(rules.ASPEK)}", f"indikator[{i}].aspek")
        clean.append(Indikator(aspek=aspek, uraian=_text(ind.get("uraian", ""), f"indikator[{i}].uraian", limit=500),
                               target=_text(ind.get("target", ""), f"indikator[{i}].target", limit=100),
                               satuan=_text(ind.get("satuan", ""), f"indikator[{i}].satuan", required=False,
                                            limit=40)))
    with transaction.atomic():
        skp = _locked(skp, versi)
        _editable_by_owner(skp, actor)
        parent = None
        if intervensi_id:
            parent = HasilKerja.objects.filter(pk=intervensi_id, skp__pegawai_id=skp.penilai_nip,
                                               skp__tahun=skp.tahun).first()
            if parent is None:
                raise _invalid("hasil kerja atasan yang diintervensi tidak ditemukan pada SKP pejabat penilai "
                               "tahun yang sama", "intervensi_id")
        urutan = (skp.hasil.aggregate(m=Max("urutan"))["m"] or 0) + 1
        hasil = HasilKerja.objects.create(skp=skp, urutan=urutan, jenis=jenis, uraian=uraian, intervensi=parent)
        for ind in clean:
            ind.hasil = hasil
        Indikator.objects.bulk_create(clean)
        _bump(skp)
        _log(skp, actor, "HASIL_TAMBAH", object_type="skp_hasil", object_id=hasil.pk,
             after={"skp": skp.pk, "uraian": uraian, "jenis": jenis, "intervensi": intervensi_id,
                    "indikator": [{"aspek": c.aspek, "target": c.target} for c in clean]})
    return hasil


def result_remove(*, actor, skp: Skp, hasil_id: int, versi: int | None = None) -> None:
    with transaction.atomic():
        skp = _locked(skp, versi)
        _editable_by_owner(skp, actor)
        hasil = skp.hasil.filter(pk=hasil_id).first()
        if hasil is None:
            raise SkpError("hasil kerja tidak ditemukan", status=404)
        before = {"uraian": hasil.uraian}
        hasil.delete()
        _bump(skp)
        _log(skp, actor, "HASIL_HAPUS", object_type="skp_hasil", object_id=hasil_id, before=before)


def skp_submit(*, actor, skp: Skp, versi: int | None = None) -> Skp:
    """The employee submits the plan to the pejabat penilai (resolved again now)."""
    with transaction.atomic():
        skp = _locked(skp, versi)
        _editable_by_owner(skp, actor)
        if not skp.hasil.exists():
            raise _invalid("tambahkan sedikitnya satu rencana hasil kerja sebelum mengajukan", "hasil")
        penilai = penilai_for(skp.pegawai_id, skp.tahun)
        if not penilai:
            raise _conflict("pejabat penilai tidak ditemukan dari struktur unit; minta pengelola SDM "
                            "menetapkan delegasi penilai")
        before = {"status": skp.status, "penilai_nip": skp.penilai_nip}
        _bump(skp, status=Skp.Status.DIAJUKAN, penilai_nip=penilai, diajukan_pada=timezone.now())
        _log(skp, actor, "AJUKAN", before=before, after={"status": skp.status, "penilai_nip": penilai})
    return skp


def skp_approve(*, actor, skp: Skp, komentar: str = "", versi: int | None = None) -> Skp:
    komentar = _text(komentar, "komentar", required=False)
    with transaction.atomic():
        skp = _locked(skp, versi)
        _penilai_only(skp, actor, "menyetujui")
        if skp.status != Skp.Status.DIAJUKAN:
            raise _conflict(f"SKP berstatus {skp.get_status_display()}; hanya SKP yang diajukan dapat disetujui")
        _bump(skp, status=Skp.Status.DISETUJUI, disetujui_pada=timezone.now())
        _log(skp, actor, "SETUJUI", komentar, before={"status": Skp.Status.DIAJUKAN}, after={"status": skp.status})
    return skp


def skp_return(*, actor, skp: Skp, komentar: str, versi: int | None = None) -> Skp:
    komentar = _text(komentar, "komentar")
    with transaction.atomic():
        skp = _locked(skp, versi)
        _penilai_only(skp, actor, "mengembalikan")
        if skp.status != Skp.Status.DIAJUKAN:
            raise _conflict(f"SKP berstatus {skp.get_status_display()}; hanya SKP yang diajukan dapat dikembalikan")
        _bump(skp, status=Skp.Status.DIKEMBALIKAN)
        _log(skp, actor, "KEMBALIKAN", komentar, before={"status": Skp.Status.DIAJUKAN}, after={"status": skp.status})
    return skp


def expectation_set(*, actor, skp: Skp, nilai: str, uraian: str) -> None:
    """The penilai's specific expectation of one BerAKHLAK value (empty text removes it)."""
    if nilai not in rules.BERAKHLAK:
        raise _invalid("nilai BerAKHLAK tidak dikenal", "nilai")
    uraian = _text(uraian, "uraian", required=False)
    with transaction.atomic():
        skp = _locked(skp, None)
        _penilai_only(skp, actor, "menetapkan ekspektasi perilaku")
        before = skp.ekspektasi.filter(nilai=nilai).values_list("uraian", flat=True).first()
        if uraian:
            Ekspektasi.objects.update_or_create(skp=skp, nilai=nilai, defaults={"uraian": uraian})
        else:
            skp.ekspektasi.filter(nilai=nilai).delete()
        _bump(skp)
        _log(skp, actor, "EKSPEKTASI", before={"nilai": nilai, "uraian": before}, after={"nilai": nilai, "uraian": uraian})


def comment_add(*, actor, skp: Skp, teks: str) -> None:
    teks = _text(teks, "teks")
    nip = _nip(actor)
    if nip not in (skp.pegawai_id, skp.penilai_nip):
        raise _refuse("hanya pegawai dan pejabat penilainya yang dapat memberi komentar")
    with transaction.atomic():
        _log(skp, actor, "KOMENTAR", teks)


def _evaluation(skp: Skp, periode: str) -> Evaluasi:
    if periode not in rules.periods_of({"periodik": skp.periodik}):
        raise _invalid(f"periode {periode} bukan periode evaluasi SKP ini ({skp.periodik.lower()})", "periode")
    if skp.status != Skp.Status.DISETUJUI:
        raise _conflict("SKP belum disetujui; evaluasi dimulai setelah rencana disetujui")
    evaluasi, _ = Evaluasi.objects.get_or_create(skp=skp, periode=periode)
    return evaluasi


def realisation_set(*, actor, skp: Skp, periode: str, hasil_id: int, realisasi: str, bukti: str = "") -> Realisasi:
    """The employee's realisation of one result in a period, with the evidence."""
    realisasi = _text(realisasi, "realisasi")
    bukti = _text(bukti, "bukti", required=False, limit=500)
    with transaction.atomic():
        skp = _locked(skp, None)
        if _nip(actor) != skp.pegawai_id:
            raise _refuse("hanya pegawai pemilik SKP yang mengisi realisasinya")
        evaluasi = _evaluation(skp, periode)
        if evaluasi.status == Evaluasi.Status.FINAL:
            raise _conflict("evaluasi periode ini sudah final")
        hasil = skp.hasil.filter(pk=hasil_id).first()
        if hasil is None:
            raise SkpError("hasil kerja tidak ditemukan pada SKP ini", status=404, field="hasil_id")
        row, _ = Realisasi.objects.update_or_create(evaluasi=evaluasi, hasil=hasil,
                                                    defaults={"realisasi": realisasi, "bukti": bukti})
        _log(skp, actor, "REALISASI", object_type="skp_evaluasi", object_id=evaluasi.pk,
             after={"periode": periode, "hasil": hasil_id, "bukti": bukti})
    return row


def _is_unit_head(skp: Skp) -> bool:
    unor = getattr(skp.pegawai, "unor", None)
    return bool(unor and unor.pemimpin_nip == skp.pegawai_id)


def _write_rating(evaluasi: Evaluasi, *, announce: bool = True) -> None:
    """The final rating into ``SkpRating``; an annual one is announced (``after_change``: the talent app moves
    the person's 9-box after the commit) unless the caller announces a whole team at once."""
    SkpRating.objects.update_or_create(
        pegawai_id=evaluasi.skp.pegawai_id, tahun=evaluasi.skp.tahun, periode=evaluasi.periode,
        defaults={"rating_hasil_kerja": evaluasi.rating_hasil_kerja,
                  "rating_perilaku_kerja": evaluasi.rating_perilaku_kerja, "batch": None})
    if announce and evaluasi.periode == "TAHUNAN":
        after_commit_change(kind="skp_tahunan", nips=[evaluasi.skp.pegawai_id], tahun=evaluasi.skp.tahun)


def evaluation_rate(*, actor, skp: Skp, periode: str, rating_hasil_kerja: str, rating_perilaku_kerja: str,
                    catatan: str = "", umpan_balik: dict[int, str] | None = None,
                    umpan_balik_perilaku: dict[str, str] | None = None) -> Evaluasi:
    """The penilai rates a period: results and behaviour (Di Atas / Sesuai / Di Bawah Ekspektasi), with
    feedback per result and per BerAKHLAK value. A periodic evaluation is final at once; the annual one stays
    a draft until the penilai finalises the team's year (``team_finalise``). For a unit head the unit's
    organisational result, once set, is the rating of results (DOMAIN §1)."""
    for field, value in (("rating_hasil_kerja", rating_hasil_kerja), ("rating_perilaku_kerja", rating_perilaku_kerja)):
        if value not in rules.RATINGS:
            raise _invalid(f"rating harus salah satu dari {', '.join(rules.RATINGS)}", field)
    catatan = _text(catatan, "catatan", required=False)
    with transaction.atomic():
        skp = _locked(skp, None)
        _penilai_only(skp, actor, "menilai")
        evaluasi = _evaluation(skp, periode)
        if evaluasi.status == Evaluasi.Status.FINAL:
            raise _conflict("evaluasi periode ini sudah final; perubahan hanya melalui keberatan")
        if periode == "TAHUNAN" and _is_unit_head(skp):
            org = KinerjaOrganisasi.objects.filter(unor_id=skp.pegawai.unor_id, tahun=skp.tahun).first()
            if org is not None:
                rating_hasil_kerja = rules.head_rating(org.hasil, cycle_in_force(skp.tahun).data)
        before = {"hasil": evaluasi.rating_hasil_kerja, "perilaku": evaluasi.rating_perilaku_kerja}
        evaluasi.rating_hasil_kerja = rating_hasil_kerja
        evaluasi.rating_perilaku_kerja = rating_perilaku_kerja
        evaluasi.catatan = catatan
        evaluasi.dinilai_oleh_nip = skp.penilai_nip
        evaluasi.dinilai_pada = timezone.now()
        if periode != "TAHUNAN":
            evaluasi.status = Evaluasi.Status.FINAL
        evaluasi.save()
        results = {h.pk for h in skp.hasil.all()}
        for hasil_id, text in (umpan_balik or {}).items():
            if int(hasil_id) not in results:
                raise _invalid("hasil kerja tidak ada pada SKP ini", f"umpan_balik.{hasil_id}")
            Realisasi.objects.update_or_create(evaluasi=evaluasi, hasil_id=int(hasil_id),
                                               defaults={"umpan_balik": _text(text, "umpan_balik", required=False)})
        for nilai, text in (umpan_balik_perilaku or {}).items():
            if nilai not in rules.BERAKHLAK:
                raise _invalid("nilai BerAKHLAK tidak dikenal", f"umpan_balik_perilaku.{nilai}")
            UmpanBalikPerilaku.objects.update_or_create(
                evaluasi=evaluasi, nilai=nilai, defaults={"umpan_balik": _text(text, "umpan_balik", required=False)})
        if evaluasi.status == Evaluasi.Status.FINAL:
            _write_rating(evaluasi)
        matrix = matrix_in_force(skp.tahun).data
        _log(skp, actor, "NILAI", object_type="skp_evaluasi", object_id=evaluasi.pk, before=before,
             after={"periode": periode, "hasil": rating_hasil_kerja, "perilaku": rating_perilaku_kerja,
                    "predikat": rules.predikat(rating_hasil_kerja, rating_perilaku_kerja, matrix),
                    "status": evaluasi.status})
    return evaluasi


@dataclass(frozen=True)
class Finalised:
    done: bool
    finalised: int
    check: DistributionCheck
    missing: list[str]  # team members without a complete annual rating


def team_finalise(*, actor, tahun: int, konfirmasi: bool = False) -> Finalised:
    """The penilai finalises the annual evaluations of the team. The team's predikat are first checked
    against the pola distribusi of the organisational result of the penilai's unit: when a rule is broken
    nothing is finalised unless ``konfirmasi`` (the warning was seen; the curve is a secondary source)."""
    nip = _nip(actor)
    rows = team_for_user(actor, tahun)
    check = team_distribution(actor, tahun, rows)
    missing = [r.nip for r in rows if not r.predikat]
    if check.violations and not konfirmasi:
        return Finalised(False, 0, check, missing)
    with transaction.atomic():
        drafts = list(Evaluasi.objects.select_for_update(of=("self",)).select_related("skp", "skp__pegawai", "skp__pegawai__unor")
                      .filter(skp__penilai_nip=nip, skp__tahun=tahun, periode="TAHUNAN", status=Evaluasi.Status.DRAFT)
                      .exclude(rating_hasil_kerja="").exclude(rating_perilaku_kerja=""))
        for e in drafts:
            e.status = Evaluasi.Status.FINAL
            e.save(update_fields=["status"])
            _write_rating(e, announce=False)
            Catatan.objects.create(skp=e.skp, aksi="FINAL", oleh_nip=nip, oleh=actor.username,
                                   teks="penilaian tahunan ditetapkan")
        if drafts:  # one announcement for the team
            after_commit_change(kind="skp_tahunan", nips=[e.skp.pegawai_id for e in drafts], tahun=tahun)
        audit_record(actor=actor, action="skp.final", object_type="skp_tim", object_id=f"{nip}:{tahun}",
                     after={"finalised": [e.skp.pegawai_id for e in drafts], "hasil_organisasi": check.hasil_organisasi,
                            "pelanggaran_distribusi": [f"{'+'.join(v.predikat)} {v.rule} {v.bound}" for v in check.violations],
                            "dikonfirmasi": bool(konfirmasi)},
                     instansi_id=drafts[0].skp.pegawai.instansi_id if drafts else "")
    return Finalised(True, len(drafts), check, missing)


def objection_file(*, actor, evaluasi_id: int, alasan: str) -> Keberatan:
    """The employee objects to a final rating; it goes to the atasan pejabat penilai."""
    alasan = _text(alasan, "alasan")
    with transaction.atomic():
        evaluasi = (Evaluasi.objects.select_for_update(of=("self",)).select_related("skp", "skp__pegawai", "skp__pegawai__unor")
                    .filter(pk=evaluasi_id).first())
        if evaluasi is None or _nip(actor) != evaluasi.skp.pegawai_id:
            raise SkpError("evaluasi tidak ditemukan", status=404)
        if evaluasi.status != Evaluasi.Status.FINAL:
            raise _conflict("keberatan hanya atas penilaian yang sudah final")
        if evaluasi.keberatan.filter(status=Keberatan.Status.DIAJUKAN).exists():
            raise _conflict("keberatan atas evaluasi ini sedang diproses")
        atasan = penilai_for(evaluasi.skp.penilai_nip, evaluasi.skp.tahun) if evaluasi.skp.penilai_nip else ""
        if not atasan or atasan == evaluasi.skp.pegawai_id:
            raise _conflict("atasan pejabat penilai tidak ditemukan; minta pengelola SDM menetapkannya")
        k = Keberatan.objects.create(evaluasi=evaluasi, alasan=alasan, atasan_nip=atasan,
                                     rating_hasil_semula=evaluasi.rating_hasil_kerja,
                                     rating_perilaku_semula=evaluasi.rating_perilaku_kerja)
        _log(evaluasi.skp, actor, "KEBERATAN", alasan, object_type="skp_keberatan", object_id=k.pk,
             after={"periode": evaluasi.periode, "atasan_nip": atasan})
    return k


def objection_decide(*, actor, keberatan_id: int, terima: bool, keputusan: str, rating_hasil_kerja: str = "",
                     rating_perilaku_kerja: str = "") -> Keberatan:
    """The atasan pejabat penilai decides; accepted, the new ratings replace the evaluation's."""
    keputusan = _text(keputusan, "keputusan")
    nip = _nip(actor)
    with transaction.atomic():
        k = (Keberatan.objects.select_for_update(of=("self",))
             .select_related("evaluasi", "evaluasi__skp", "evaluasi__skp__pegawai", "evaluasi__skp__pegawai__unor")
             .filter(pk=keberatan_id).first())
        if k is None or nip not in (k.atasan_nip, k.evaluasi.skp.pegawai_id, k.evaluasi.skp.penilai_nip):
            raise SkpError("keberatan tidak ditemukan", status=404)
        if nip != k.atasan_nip:
            raise _refuse("keberatan diputus oleh atasan pejabat penilai")
        if k.status != Keberatan.Status.DIAJUKAN:
            raise _conflict("keberatan ini sudah diputus")
        e = k.evaluasi
        if terima:
            for field, value in (("rating_hasil_kerja", rating_hasil_kerja),
                                 ("rating_perilaku_kerja", rating_perilaku_kerja)):
                if value not in rules.RATINGS:
                    raise _invalid("keberatan diterima: tetapkan rating baru", field)
            k.rating_hasil_baru, k.rating_perilaku_baru = rating_hasil_kerja, rating_perilaku_kerja
            e.rating_hasil_kerja, e.rating_perilaku_kerja = rating_hasil_kerja, rating_perilaku_kerja
            e.save(update_fields=["rating_hasil_kerja", "rating_perilaku_kerja"])
            _write_rating(e)
        k.status = Keberatan.Status.DITERIMA if terima else Keberatan.Status.DITOLAK
        k.keputusan = keputusan
        k.diputus_pada = timezone.now()
        k.save()
        _log(e.skp, actor, "KEBERATAN_PUTUS", keputusan, object_type="skp_keberatan", object_id=k.pk,
             before={"hasil": k.rating_hasil_semula, "perilaku": k.rating_perilaku_semula},
             after={"status": k.status, "hasil": e.rating_hasil_kerja, "perilaku": e.rating_perilaku_kerja})
    return k


HR_ROLES = ("national_admin", "agency_admin", "unit_hr")


def _hr_reach(actor, nip: str) -> Pegawai:
    """A person HR ``actor`` may manage (404 outside scope, 403 for a role that never manages SKP)."""
    pegawai = employee_queryset_for_user(actor).select_related("unor").filter(pk=nip).first()
    if pegawai is None:
        raise SkpError(f"pegawai {nip} tidak ditemukan", status=404, field="nip")
    if getattr(actor, "role", "") not in HR_ROLES and not getattr(actor, "is_superuser", False):
        raise _refuse("hanya pengelola SDM yang dapat menetapkan delegasi penilai")
    return pegawai


def delegation_set(*, actor, nip: str, tahun: int, penilai_nip: str, alasan: str) -> Delegasi:
    """HR sets another official as the pejabat penilai of ``nip`` for ``tahun`` (empty removes it)."""
    alasan = _text(alasan, "alasan", limit=500)
    pegawai = _hr_reach(actor, nip)
    if penilai_nip:
        if penilai_nip == nip:
            raise _invalid("pegawai tidak dapat menjadi pejabat penilai dirinya sendiri", "penilai_nip")
        penilai = Pegawai.objects.filter(pk=penilai_nip, kedudukan="AKTIF").values_list("instansi_id", flat=True).first()
        if penilai is None:
            raise _invalid("pejabat penilai bukan ASN aktif yang dikenal", "penilai_nip")
    with transaction.atomic():
        before = Delegasi.objects.filter(pegawai_id=nip, tahun=tahun).values_list("penilai_nip", flat=True).first()
        if penilai_nip:
            row, _ = Delegasi.objects.update_or_create(pegawai_id=nip, tahun=tahun, defaults={
                "penilai_nip": penilai_nip, "alasan": alasan, "dibuat_oleh": actor.username})
        else:
            Delegasi.objects.filter(pegawai_id=nip, tahun=tahun).delete()
            row = Delegasi(pegawai_id=nip, tahun=tahun, penilai_nip="", alasan=alasan)
        effective = penilai_for(nip, tahun)
        # an SKP not yet approved follows the new penilai at once
        Skp.objects.filter(pegawai_id=nip, tahun=tahun).exclude(status=Skp.Status.DISETUJUI).update(
            penilai_nip=effective, versi=F("versi") + 1)
        audit_record(actor=actor, action="skp.delegasi", object_type="skp_delegasi", object_id=f"{nip}:{tahun}",
                     before={"penilai_nip": before}, after={"penilai_nip": penilai_nip, "alasan": alasan},
                     instansi_id=pegawai.instansi_id, unor_path=getattr(pegawai.unor, "path", "") or "")
    return row


def org_result_set(*, actor, unor_id: str, tahun: int, hasil: str) -> KinerjaOrganisasi:
    """A unit's organisational result, set by the leader one level up or by HR in scope."""
    if hasil not in rules.ORG_RESULTS:
        raise _invalid(f"hasil harus salah satu dari {', '.join(rules.ORG_RESULTS)}", "hasil")
    unor = Unor.objects.filter(pk=unor_id).first()
    access = access_of(actor)
    if unor is None or not (unor_visible(access, unor) or _leads_parent(actor, unor)):
        raise SkpError("unit tidak ditemukan", status=404, field="unor_id")
    if not (_leads_parent(actor, unor) or getattr(actor, "role", "") in HR_ROLES):
        raise _refuse("hasil kinerja organisasi ditetapkan oleh pimpinan satu tingkat di atas unit atau pengelola SDM")
    with transaction.atomic():
        before = KinerjaOrganisasi.objects.filter(unor=unor, tahun=tahun).values_list("hasil", flat=True).first()
        row, _ = KinerjaOrganisasi.objects.update_or_create(unor=unor, tahun=tahun, defaults={
            "hasil": hasil, "ditetapkan_oleh": actor.username})
        audit_record(actor=actor, action="skp.kinerja_organisasi", object_type="unor", object_id=f"{unor_id}:{tahun}",
                     before={"hasil": before}, after={"hasil": hasil}, instansi_id=unor.instansi_id,
                     unor_path=unor.path)
    return row


def _leads_parent(actor, unor: Unor) -> bool:
    nip = getattr(actor, "nip", "") or ""
    if not nip or not unor.diatasan_id:
        return False
    return Unor.objects.filter(pk=unor.diatasan_id, pemimpin_nip=nip).exists()
