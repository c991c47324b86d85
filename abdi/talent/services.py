"""Writes of the talent app: the 9-box recomputed set-based, calibration, pools and successors."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from abdi.core.audit import audit_record
from abdi.core.errors import Refused
from abdi.talent import compute
from abdi.talent.models import (
    AnggotaKelompok,
    HitungKotak,
    JabatanTarget,
    Kalibrasi,
    KelompokTalenta,
    KomiteTalenta,
    Kotak,
    KotakRingkas,
    SesiKalibrasi,
    Suksesor,
)

log = logging.getLogger("abdi.talent")
NEW = "tmp_talent_kotak"


def _stage(job: HitungKotak | None, tahap: str, persen: int) -> None:
    if job is not None:
        HitungKotak.objects.filter(pk=job.pk).update(status=HitungKotak.Status.JALAN, tahap=tahap, persen=persen)


def ninebox_recompute(*, tahun: int, instansi_id: str = "", actor=None, actor_label: str = "",
                      job: HitungKotak | None = None) -> dict:
    """Rebuild the 9-box of ``tahun`` (of one agency, or everyone) from the annual SKP ratings and the latest
    assessments, set-based, with the counts per agency × level × gender × box (``KotakRingkas``).

    On PostgreSQL, for everyone and outside a caller's transaction: the year's partitions are built beside the
    table by parallel sessions (one NIP range each, reading the job's snapshot) and swapped in by the job's
    transaction (``compute.build_partitions`` / ``swap_in``); readers see the old boxes until the commit.
    Otherwise: a first computation inserts directly; a recompute computes into a TEMP table, then deletes the
    boxes that are gone, updates the ones that changed and inserts the new ones. Calibrations live in their own
    rows and are untouched. One audit event for the job."""
    started = time.perf_counter()
    # parallel sessions see only committed rows: they compute the boxes when no caller's transaction is open
    parallel = is_pg() and not instansi_id and connection.get_autocommit() and not connection.in_atomic_block
    rules = compute.rules_for(tahun)
    # the stages are written outside the job's transaction (which is all or nothing), so a screen sees them
    _stage(job, "menghitung dan menulis kotak", 10)
    if parallel:
        compute.drop_strays()
        compute.vacuum_inputs()
        vacuumed = round(time.perf_counter() - started, 2)
        result = {**_refill_in_parallel(tahun, rules, actor, actor_label, started), "detik_vacuum": vacuumed}
    else:
        result = _recompute_in_place(tahun, instansi_id, rules, actor, actor_label, started)
    if job is not None:
        HitungKotak.objects.filter(pk=job.pk).update(status=HitungKotak.Status.SELESAI, tahap="selesai", persen=100,
                                                     hasil=result, selesai_pada=timezone.now())
    log.info("9-box %s %s: %s", tahun, instansi_id or "nasional", result)
    return result


def _audit(result: dict, tahun: int, instansi_id: str, actor, actor_label: str) -> None:
    audit_record(actor=actor, actor_label=actor_label or ("" if actor else "cli"), action="talent.sembilan_kotak",
                 object_type="talent_tahun", object_id=f"{tahun}:{instansi_id or 'nasional'}", after=result,
                 instansi_id=instansi_id)


def _refill_in_parallel(tahun: int, rules, actor, actor_label: str, started: float) -> dict:
    parts: list[compute.Part] = []
    try:
        with transaction.atomic(), connection.cursor() as cur:
            # serialises refills of the table (the mode conflicts with itself), not its readers
            cur.execute("LOCK TABLE talent_kotak IN SHARE UPDATE EXCLUSIVE MODE")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            positions = compute.build_standard_table()
            parts = compute.build_partitions(tahun, rules, snapshot, compute.nip_ranges(cur, settings.ABDI_TALENT_SESSIONS))
            built = time.perf_counter()
            replaced = compute.swap_in(cur, tahun, parts)
            log.info("9-box %s: partitions built at %.1f s, swapped in %.1f s", tahun, built - started,
                     time.perf_counter() - built)
            cur.execute(f"DROP TABLE {compute.STD_TABLE}")
            result = {"ditambah": sum(p.rows for p in parts), "diubah": 0, "dihapus": 0, "diganti": replaced,
                      "jabatan_berstandar": positions, "rule_version": rules.version,
                      "detik": round(time.perf_counter() - started, 2)}
            _audit(result, tahun, "", actor, actor_label)
    except BaseException:
        compute.drop_tables(parts)
        raise
    return result


def _recompute_in_place(tahun: int, instansi_id: str, rules, actor, actor_label: str, started: float,
                        nips: list[str] | None = None) -> dict:
    with transaction.atomic():
        positions = compute.build_standard_table()
        select, params = compute.box_select(tahun, rules.data, nips=nips)
        if instansi_id:
            select, params = compute.scoped(select, params, instansi_id)
        cols = ", ".join(compute.KOTAK_COLS)
        src = "n.nip, %s, n.kotak, n.nilai, n.standar, n.instansi_id, n.jenjang, n.jenis_kelamin, %s"
        scope = " AND instansi_id = %s" if instansi_id else ""
        scope_params = [instansi_id] if instansi_id else []
        if nips is not None:  # these people only (an edit on a screen): their agencies' counts are rebuilt
            scope = f"{scope} AND nip IN ({', '.join(['%s'] * len(nips))})"
            scope_params = [*scope_params, *nips]
            agencies = set(Kotak.objects.filter(tahun=tahun, pegawai_id__in=nips).values_list("instansi_id", flat=True))
        with connection.cursor() as cur:
            if is_pg():
                cur.execute("SET LOCAL work_mem = '256MB'")
            first = nips is None and not KotakRingkas.objects.filter(
                tahun=tahun, **({"instansi_id": instansi_id} if instansi_id else {})).exists()
            if first:
                cur.execute(f"INSERT INTO talent_kotak ({cols}) SELECT {src} FROM ({select}) n",
                            [tahun, rules.version, *params])
                counts = {"ditambah": cur.rowcount, "diubah": 0, "dihapus": 0}
            else:
                cur.execute(f"DROP TABLE IF EXISTS {NEW}")
                cur.execute(f"CREATE TEMP TABLE {NEW} AS {select}", params)
                if is_pg():
                    cur.execute(f"CREATE UNIQUE INDEX ON {NEW} (nip)")
                    cur.execute(f"ANALYZE {NEW}")
                cur.execute(f"DELETE FROM talent_kotak WHERE tahun = %s{scope} AND NOT EXISTS "
                            f"(SELECT 1 FROM {NEW} n WHERE n.nip = talent_kotak.nip)", [tahun, *scope_params])
                deleted = cur.rowcount
                data_cols = ("kotak", "nilai", "standar", "instansi_id", "jenjang", "jenis_kelamin")
                differs = " OR ".join(f"talent_kotak.{c} <> n.{c}" for c in data_cols)
                sets = ", ".join(f"{c} = n.{c}" for c in data_cols)
                cur.execute(f"UPDATE talent_kotak SET {sets}, rule_version = %s FROM {NEW} n WHERE talent_kotak.tahun = %s "
                            f"AND talent_kotak.nip = n.nip AND ({differs} OR talent_kotak.rule_version <> %s)",
                            [rules.version, tahun, rules.version])
                updated = cur.rowcount
                if nips is not None:
                    cur.execute(f"SELECT DISTINCT instansi_id FROM {NEW}")
                    agencies |= {r[0] for r in cur.fetchall()}
                cur.execute(f"INSERT INTO talent_kotak ({cols}) SELECT {src} FROM {NEW} n LEFT JOIN talent_kotak t "
                            f"ON t.nip = n.nip AND t.tahun = %s WHERE t.nip IS NULL", [tahun, rules.version, tahun])
                counts = {"ditambah": cur.rowcount, "diubah": updated, "dihapus": deleted}
                cur.execute(f"DROP TABLE {NEW}")
            cur.execute(f"DROP TABLE {compute.STD_TABLE}")
        for agency in sorted(agencies) if nips is not None else [instansi_id]:
            ninebox_counts_rebuild(tahun=tahun, instansi_id=agency)
        result = {**counts, "jabatan_berstandar": positions, "rule_version": rules.version,
                  "detik": round(time.perf_counter() - started, 2)}
        if nips is None:
            _audit(result, tahun, instansi_id, actor, actor_label)
    return result


def ninebox_refresh_people(*, nips: list[str], years: list[int]) -> dict[int, dict]:
    """The boxes of ``nips`` in each of ``years`` computed again (after an edit of their assessment or annual
    rating), with their agencies' counts; a person who no longer qualifies loses the box. Not audited: the edit
    that caused it is."""
    started = time.perf_counter()
    nips = sorted(set(nips))
    return {tahun: _recompute_in_place(tahun, "", compute.rules_for(tahun), None, "", started, nips=nips)
            for tahun in years} if nips else {}


def ninebox_counts_rebuild(*, tahun: int, instansi_id: str = "") -> None:
    """The stored counts (``KotakRingkas``) of a year, or of one agency's boxes of it, again from the boxes."""
    group = ", ".join(compute.COUNT_COLS)
    scope, params = (" AND instansi_id = %s", [tahun, instansi_id]) if instansi_id else ("", [tahun])
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM talent_kotakringkas WHERE tahun = %s{scope}", params)
        cur.execute(f"INSERT INTO talent_kotakringkas ({group}, jumlah) SELECT {group}, COUNT(*) FROM talent_kotak "
                    f"WHERE tahun = %s{scope} GROUP BY {group}", params)


def is_pg() -> bool:
    return connection.vendor == "postgresql"


# --- the talent committee and calibration -----------------------------------------------------------------------
class TalentError(Refused):
    """A refused talent step (``core.errors.Refused``)."""


def _text(value: str, field: str, limit: int = 2000) -> str:
    value = (value or "").strip()
    if not value:
        raise TalentError("wajib diisi", field=field)
    if "\x00" in value or len(value) > limit:
        raise TalentError(f"teks tidak sah (paling banyak {limit} karakter)", field=field)
    return value


def committee_grant(*, actor, username: str, instansi_id: str, unor_id: str = "") -> KomiteTalenta:
    """Grant ``username`` the talent-committee permission for an agency (or a unit subtree of it): by a
    national admin, or an agency admin inside their own agency. Audited."""
    from django.contrib.auth import get_user_model

    from abdi.org.models import Instansi, Unor

    User = get_user_model()  # noqa: N806

    access = getattr(actor, "access", None)
    if access is None or access.role not in ("national_admin", "agency_admin"):
        raise TalentError("hanya admin yang memberi izin komite talenta", status=403)
    if not access.national and instansi_id not in access.instansi_ids:
        raise TalentError("instansi tidak ditemukan", status=404, field="instansi_id")
    if not Instansi.objects.filter(pk=instansi_id).exists():
        raise TalentError("instansi tidak ditemukan", status=404, field="instansi_id")
    unor = None
    if unor_id:
        unor = Unor.objects.filter(pk=unor_id, instansi_id=instansi_id).first()
        if unor is None:
            raise TalentError("unit tidak ada di instansi ini", field="unor_id")
    user = User.objects.filter(username=username).first()
    if user is None:
        raise TalentError("pengguna tidak dikenal", status=404, field="username")
    with transaction.atomic():
        row, _ = KomiteTalenta.objects.get_or_create(user=user, instansi_id=instansi_id, unor=unor,
                                                     defaults={"diberikan_oleh": actor.username})
        audit_record(actor=actor, action="talent.komite", object_type="user", object_id=username,
                     after={"instansi_id": instansi_id, "unor_id": unor_id}, instansi_id=instansi_id,
                     unor_path=unor.path if unor else "")
    return row


def session_open(*, actor, nama: str, tahun: int, instansi_id: str, unor_id: str = "") -> SesiKalibrasi:
    from abdi.org.models import Unor
    from abdi.talent.selectors import committee_covers, committee_rows

    nama = _text(nama, "nama", 200)
    unor = Unor.objects.filter(pk=unor_id, instansi_id=instansi_id).first() if unor_id else None
    if unor_id and unor is None:
        raise TalentError("unit tidak ada di instansi ini", field="unor_id")
    path = unor.path if unor else ""
    if not committee_covers(actor, instansi_id, path):
        # CONTRACTS §7: a committee member asking for an agency or unit outside every grant of theirs gets 404 (as
        # if absent); a non-member, or a unit's committee asking for its whole agency, a 403
        grants = committee_rows(actor)
        seen = any(ins == instansi_id and (not path or not mine or path.startswith(mine) or mine.startswith(path))
                   for ins, mine in grants)
        if grants and not seen:
            raise TalentError("instansi atau unit tidak ditemukan", status=404, field="unor_id" if unor_id else
                              "instansi_id")
        raise TalentError("hanya anggota komite talenta instansi/unit ini yang membuka sesi kalibrasi", status=403)
    # (the counts: indexed by year and agency; the boxes are keyed by NIP)
    if not KotakRingkas.objects.filter(tahun=tahun, instansi_id=instansi_id).exists():
        raise TalentError(f"belum ada 9-box tahun {tahun} untuk instansi ini; hitung dulu", status=409)
    with transaction.atomic():
        sesi = SesiKalibrasi.objects.create(nama=nama, tahun=tahun, instansi_id=instansi_id, unor=unor,
                                            dibuat_oleh=actor.username)
        audit_record(actor=actor, action="talent.sesi_buka", object_type="sesi_kalibrasi", object_id=sesi.pk,
                     after={"nama": nama, "tahun": tahun, "unor_id": unor_id}, instansi_id=instansi_id,
                     unor_path=unor.path if unor else "")
    return sesi


def _session_member(actor, sesi: SesiKalibrasi) -> None:
    from abdi.talent.selectors import committee_covers

    path = sesi.unor.path if sesi.unor_id and sesi.unor else ""
    if not committee_covers(actor, sesi.instansi_id, path):
        raise TalentError("hanya anggota komite talenta sesi ini yang dapat mengkalibrasi", status=403)
    if sesi.status != SesiKalibrasi.Status.BUKA:
        raise TalentError("sesi kalibrasi sudah ditutup", status=409)


def calibrate(*, actor, sesi: SesiKalibrasi, nip: str, kotak: int, alasan: str) -> Kalibrasi:
    """Move ``nip`` to box ``kotak`` (DOMAIN §2 numbering) in an open session, with a mandatory reason. The
    computed box stays; the move becomes the box in force and the one it replaces stays in the history."""
    from abdi.people.models import Pegawai

    alasan = _text(alasan, "alasan")
    if kotak not in range(1, 10):
        raise TalentError("kotak harus 1–9", field="kotak")
    with transaction.atomic():
        sesi = SesiKalibrasi.objects.select_for_update(of=("self",)).select_related("unor").get(pk=sesi.pk)
        _session_member(actor, sesi)
        row = Kotak.objects.filter(pegawai_id=nip, tahun=sesi.tahun, instansi_id=sesi.instansi_id).first()
        # the unit is the person's current one (the roster's), as on the grid
        unit_path = Pegawai.objects.filter(pk=nip).values_list("unor__path", flat=True).first() or ""
        if row is not None and sesi.unor_id and not unit_path.startswith(sesi.unor.path):
            row = None
        if row is None:
            raise TalentError("pegawai tidak ada di grid sesi ini", status=404, field="nip")
        current = Kalibrasi.objects.select_for_update().filter(pegawai_id=nip, tahun=sesi.tahun, berlaku=True).first()
        before = current.kotak if current else row.kotak
        if before == kotak:
            raise TalentError("pegawai sudah berada di kotak itu", status=409, field="kotak")
        if current is not None:
            current.berlaku = False
            current.save(update_fields=["berlaku"])
        move = Kalibrasi.objects.create(sesi=sesi, pegawai_id=nip, tahun=sesi.tahun, kotak_hitung=row.kotak,
                                        kotak_sebelum=before, kotak=kotak, alasan=alasan, oleh=actor.username)
        audit_record(actor=actor, action="talent.kalibrasi", object_type="pegawai", object_id=nip,
                     before={"kotak": before, "kotak_hitung": row.kotak},
                     after={"kotak": kotak, "alasan": alasan, "sesi": sesi.pk, "tahun": sesi.tahun},
                     instansi_id=sesi.instansi_id, unor_path=unit_path)
    return move


def session_close(*, actor, sesi: SesiKalibrasi, catatan: str = "") -> SesiKalibrasi:
    with transaction.atomic():
        sesi = SesiKalibrasi.objects.select_for_update(of=("self",)).select_related("unor").get(pk=sesi.pk)
        _session_member(actor, sesi)
        sesi.status = SesiKalibrasi.Status.TUTUP
        sesi.ditutup_pada = timezone.now()
        sesi.catatan = (catatan or "").strip()[:4000]
        sesi.save(update_fields=["status", "ditutup_pada", "catatan"])
        audit_record(actor=actor, action="talent.sesi_tutup", object_type="sesi_kalibrasi", object_id=sesi.pk,
                     after={"kalibrasi": sesi.kalibrasi.count(), "catatan": sesi.catatan},
                     instansi_id=sesi.instansi_id, unor_path=sesi.unor.path if sesi.unor_id else "")
    return sesi


# --- pools ---------------------------------------------------------------------------------------------------
def pool_create(*, actor, nama: str, tingkat: str, instansi_id: str = "", kotak: list[int] | None = None,
                min_tahun_sebelum_pensiun: int = 2) -> KelompokTalenta:
    access = getattr(actor, "access", None)
    nama = _text(nama, "nama", 200)
    if tingkat not in KelompokTalenta.Tingkat.values:
        raise TalentError("tingkat harus NASIONAL atau INSTANSI", field="tingkat")
    if access is None or access.role not in ("national_admin", "agency_admin"):
        raise TalentError("hanya admin yang membuat kelompok talenta", status=403)
    if tingkat == "NASIONAL" and not access.national:
        raise TalentError("kelompok nasional dibuat oleh admin nasional", status=403)
    if tingkat == "INSTANSI" and not (access.national or instansi_id in access.instansi_ids):
        raise TalentError("instansi tidak ditemukan", status=404, field="instansi_id")
    boxes = sorted(set(kotak or compute.rules_for(timezone.localdate().year).data["kelompok"]))
    if not boxes or any(b not in range(1, 10) for b in boxes):
        raise TalentError("kotak harus 1–9", field="kotak")
    with transaction.atomic():
        pool = KelompokTalenta.objects.create(nama=nama, tingkat=tingkat,
                                              instansi_id=instansi_id if tingkat == "INSTANSI" else None,
                                              kotak=boxes, min_tahun_sebelum_pensiun=min_tahun_sebelum_pensiun,
                                              dibuat_oleh=actor.username)
        audit_record(actor=actor, action="talent.kelompok", object_type="kelompok_talenta", object_id=pool.pk,
                     after={"nama": nama, "tingkat": tingkat, "kotak": boxes}, instansi_id=instansi_id)
    return pool


def pools_refresh(*, tahun: int, actor=None, actor_label: str = "") -> dict:
    """Pool membership from the boxes in force of ``tahun``: who is in a pool's boxes (calibrated box first),
    AKTIF, in the pool's agency (national: anyone) and not retiring within the pool's margin enters; who no
    longer qualifies leaves, with the reason. Set-based per pool; history kept (``keluar_pada``)."""
    from abdi.people.models import Pegawai

    now = timezone.now()
    today = timezone.localdate()
    calibrated = Kalibrasi.objects.filter(pegawai_id=OuterRef("pegawai_id"), tahun=tahun, berlaku=True)
    summary = {}
    with transaction.atomic():
        for pool in KelompokTalenta.objects.all():
            boxes = Kotak.objects.filter(tahun=tahun).annotate(kk=Subquery(calibrated.values("kotak")[:1]))
            if pool.instansi_id:
                boxes = boxes.filter(instansi_id=pool.instansi_id)
            boxes = boxes.filter(Q(kk__in=pool.kotak) | Q(kk=None, kotak__in=pool.kotak))
            retire_by = today.year + pool.min_tahun_sebelum_pensiun
            people = Pegawai.objects.filter(kedudukan="AKTIF", nip__in=boxes.values("pegawai_id"))
            # retiring within the margin: birth year + the position's retirement age (one year later for a
            # December birthday, as people.stats.retirement_year)
            wanted = {nip: None for nip in people.values_list("nip", flat=True)}
            for nip, born, bup in people.values_list("nip", "tgl_lahir", "jabatan__bup"):
                if born and bup and born.year + bup + (1 if born.month == 12 else 0) < retire_by:
                    wanted.pop(nip, None)
            box_of = dict(boxes.filter(pegawai_id__in=list(wanted)).values_list("pegawai_id", "kotak"))
            kk_of = dict(boxes.filter(pegawai_id__in=list(wanted)).exclude(kk=None).values_list("pegawai_id", "kk"))
            current = dict(AnggotaKelompok.objects.filter(kelompok=pool, keluar_pada=None)
                           .values_list("pegawai_id", "id"))
            leaving = [pk for nip, pk in current.items() if nip not in wanted]
            AnggotaKelompok.objects.filter(pk__in=leaving).update(keluar_pada=now, alasan_keluar="tidak lagi memenuhi "
                                                                  "kotak, status aktif atau batas pensiun")
            AnggotaKelompok.objects.bulk_create([
                AnggotaKelompok(kelompok=pool, pegawai_id=nip, tahun=tahun, kotak=kk_of.get(nip, box_of.get(nip, 0)),
                                masuk_pada=now) for nip in wanted if nip not in current], batch_size=5000)
            summary[pool.pk] = {"masuk": len([n for n in wanted if n not in current]), "keluar": len(leaving),
                                "anggota": len(wanted)}
        audit_record(actor=actor, actor_label=actor_label or ("" if actor else "cli"), action="talent.kelompok_segarkan",
                     object_type="talent_tahun", object_id=str(tahun), after=summary)
    return summary


def recompute_request(*, actor, tahun: int, instansi_id: str = "") -> HitungKotak:
    """Queue a recompute job: an agency's by its admin, the nation's by a national admin (403 otherwise, 404
    for an agency outside the admin's scope). Runs on a Celery worker, or at once without a broker."""
    from abdi.org.models import Instansi
    from abdi.talent.tasks import ninebox_job

    access = getattr(actor, "access", None)
    if access is None or access.role not in ("national_admin", "agency_admin"):
        raise TalentError("hanya admin yang menghitung ulang 9-box", status=403)
    if not instansi_id and not access.national:
        raise TalentError("penghitungan nasional oleh admin nasional", status=403)
    if instansi_id and (not Instansi.objects.filter(pk=instansi_id).exists()
                        or not (access.national or instansi_id in access.instansi_ids)):
        raise TalentError("instansi tidak ditemukan", status=404, field="instansi_id")
    job = HitungKotak.objects.create(tahun=tahun, instansi_id=instansi_id, oleh=actor.username)
    transaction.on_commit(lambda: ninebox_job.delay(job.pk))
    return job


# --- key positions and successors ----------------------------------------------------------------------------
def key_position_add(*, actor, unor_id: str, jabatan_id: str, catatan: str = "") -> JabatanTarget:
    """Mark a position of a unit as a key (target) position: admins of its agency (or national admins)."""
    from abdi.org.models import Jabatan, Unor

    access = getattr(actor, "access", None)
    if access is None or access.role not in ("national_admin", "agency_admin"):
        raise TalentError("hanya admin yang menetapkan jabatan target", status=403)
    unor = Unor.objects.filter(pk=unor_id).first()
    if unor is None or not (access.national or unor.instansi_id in access.instansi_ids):
        raise TalentError("unit tidak ditemukan", status=404, field="unor_id")
    if not Jabatan.objects.filter(pk=jabatan_id).exists():
        raise TalentError("jabatan tidak dikenal", field="jabatan_id")
    with transaction.atomic():
        target, created = JabatanTarget.objects.get_or_create(
            unor=unor, jabatan_id=jabatan_id, defaults={"instansi_id": unor.instansi_id, "catatan": catatan[:2000],
                                                        "dibuat_oleh": actor.username})
        if not created:
            raise TalentError("jabatan ini sudah menjadi jabatan target di unit itu", status=409)
        audit_record(actor=actor, action="talent.jabatan_target", object_type="jabatan_target", object_id=target.pk,
                     after={"unor_id": unor_id, "jabatan_id": jabatan_id}, instansi_id=unor.instansi_id,
                     unor_path=unor.path)
    return target


def emergency_successor_set(*, actor, target: JabatanTarget, nip: str) -> JabatanTarget:
    """Name the emergency successor (one who can step in at once): one of the ranked successors, or empty."""
    access = getattr(actor, "access", None)
    if access is None or access.role not in ("national_admin", "agency_admin"):
        raise TalentError("hanya admin yang menetapkan pengganti darurat", status=403)
    if not (access.national or target.instansi_id in access.instansi_ids):
        raise TalentError("jabatan target tidak ditemukan", status=404)
    if nip and not Suksesor.objects.filter(jabatan_target=target, pegawai_id=nip).exists():
        raise TalentError("pengganti darurat harus salah satu calon suksesor yang diperingkat", field="nip")
    with transaction.atomic():
        before = target.pengganti_darurat
        target.pengganti_darurat = nip
        target.save(update_fields=["pengganti_darurat"])
        audit_record(actor=actor, action="talent.pengganti_darurat", object_type="jabatan_target", object_id=target.pk,
                     before={"nip": before}, after={"nip": nip}, instansi_id=target.instansi_id)
    return target


def incumbent_of(target: JabatanTarget) -> str:
    """The holder of a key position: an active civil servant in that post in that unit, else the unit's head
    for a structural post, else nobody (vacant)."""
    return incumbents_of([target])[target.pk]


def incumbents_of(targets: list[JabatanTarget]) -> dict[int, str]:
    """``incumbent_of`` for many key positions in one query (targets with ``unor`` and ``jabatan`` loaded)."""
    from django.db.models import Q

    from abdi.people.models import Pegawai

    out = {t.pk: "" for t in targets}
    if not targets:
        return out
    q = Q()
    for t in targets:
        q |= Q(unor_id=t.unor_id, jabatan_id=t.jabatan_id)
    holders: dict[tuple[str, str], str] = {}
    for unor_id, jabatan_id, nip in (Pegawai.objects.filter(q, kedudukan="AKTIF").order_by("nip")
                                     .values_list("unor_id", "jabatan_id", "nip")):
        holders.setdefault((unor_id, jabatan_id), nip)
    for t in targets:
        holder = holders.get((t.unor_id, t.jabatan_id), "")
        if not holder and t.jabatan.jenis == "STRUKTURAL" and t.unor.pemimpin_nip:
            holder = t.unor.pemimpin_nip
        out[t.pk] = holder
    return out


def successors_recompute(*, instansi_id: str = "", actor=None, actor_label: str = "", top: int = 10) -> dict:
    """Rank the successors of every key position (of one agency, or all) with the succession engine: the
    candidates are the active members of the national pools and of the position's agency pools; eligibility
    by position family (``rumpun``; a position without one: holders of the same position) and rank range;
    the score is the job-person match against the target position's standard. Stores the top ``top``."""
    import numpy as np

    from abdi.competency import rules as crules
    from abdi.competency.selectors import latest_levels, standards_by_position
    from abdi.org.models import Jabatan
    from abdi.people.models import Pegawai
    from abdi.reference import codes
    from abdi.talent import succession

    started = time.perf_counter()
    targets = list(JabatanTarget.objects.select_related("unor", "jabatan").filter(
        **({"instansi_id": instansi_id} if instansi_id else {})).order_by("pk"))
    agencies = sorted({t.instansi_id for t in targets})
    agency_idx = {a: i + 1 for i, a in enumerate(agencies)}  # 0: the national pools
    width = len(agencies) + 1
    families: dict[str, int] = {}

    def family_of(jabatan_id: str, rumpun: str) -> int:
        return families.setdefault(rumpun or f"#{jabatan_id}", len(families))

    jab = {j["jabatan_id"]: j for j in Jabatan.objects.values("jabatan_id", "rumpun", "jenjang_id", "golongan_min",
                                                              "golongan_max")}
    standards = standards_by_position()
    # candidates: active pool members; national membership wins over an agency's
    members = (AnggotaKelompok.objects.filter(keluar_pada=None, pegawai__kedudukan="AKTIF")
               .values_list("pegawai_id", "kelompok__tingkat", "kelompok__instansi_id"))
    pool_of: dict[str, int] = {}
    for nip, tingkat, ins in members:
        code = 0 if tingkat == "NASIONAL" else agency_idx.get(ins)
        if code is None:
            continue  # an agency pool of an agency without key positions in this run
        pool_of[nip] = 0 if pool_of.get(nip) == 0 or code == 0 else code
    nips = sorted(pool_of)
    people = {p["nip"]: p for p in Pegawai.objects.filter(pk__in=nips).values("nip", "jabatan_id", "golongan")}
    latest = latest_levels(nips)
    year = Kotak.objects.filter(pegawai_id__in=nips).order_by("-tahun").values_list("tahun", flat=True).first()
    box_of = dict(Kotak.objects.filter(tahun=year, pegawai_id__in=nips).values_list("pegawai_id", "kotak"))
    box_of.update(Kalibrasi.objects.filter(tahun=year, pegawai_id__in=nips, berlaku=True)
                  .values_list("pegawai_id", "kotak"))
    cand = [n for n in nips if n in latest and n in people]
    cj = [jab.get(people[n]["jabatan_id"], {}) for n in cand]
    candidates = succession.Candidates(
        nip=np.array([int(n) for n in cand], np.int64),
        levels=np.array([latest[n] for n in cand], np.uint8).reshape(len(cand), 9),
        family=np.array([family_of(people[n]["jabatan_id"], j.get("rumpun", "")) * width + pool_of[n]
                         for n, j in zip(cand, cj, strict=True)], np.int32),
        rank=np.array([codes.GOLONGAN_RANK.get(people[n]["golongan"], 0) for n in cand], np.int16),
        box=np.array([box_of.get(n, 0) for n in cand], np.int8))
    std, fam, rmin, rmax, inc = [], [], [], [], []
    holders = incumbents_of(targets)
    family_map: dict[int, set[int]] = {}
    for t in targets:
        j = jab.get(t.jabatan_id, {})
        standard = standards.get(t.jabatan_id, {})
        std.append([standard.get(k, 0) for k in crules.COMPETENCIES])
        base = family_of(t.jabatan_id, j.get("rumpun", "")) * width
        code = base + agency_idx[t.instansi_id]
        family_map.setdefault(code, set()).add(base)  # the national pools' candidates of the same family
        fam.append(code)
        rmin.append(codes.GOLONGAN_RANK.get(j.get("golongan_min") or "", 0))
        rmax.append(codes.GOLONGAN_RANK.get(j.get("golongan_max") or "", 0))
        holder = holders[t.pk]
        inc.append(int(holder) if holder.isdigit() else 0)
    positions = succession.Positions(
        ids=np.array([t.pk for t in targets], np.int64), standard=np.array(std, np.uint8).reshape(len(targets), 9),
        family=np.array(fam, np.int32), rank_min=np.array(rmin, np.int16), rank_max=np.array(rmax, np.int16),
        incumbent=np.array(inc, np.int64))
    ranking = succession.rank_successors(positions, candidates, top=top, family_map=family_map)
    from abdi.talent.selectors import succession_rules_in_force

    labels = succession.readiness(ranking.score, succession_rules_in_force().readiness)
    now = timezone.now()
    rows_out = []
    for p, t in enumerate(targets):
        for r in range(top):
            c = int(ranking.index[p, r])
            if c < 0:
                break
            rows_out.append(Suksesor(jabatan_target=t, pegawai_id=cand[c], peringkat=r + 1,
                                     skor=round(float(ranking.score[p, r]), 4), kotak=int(candidates.box[c]),
                                     kesiapan=str(labels[p, r]), dihitung_pada=now))
    with transaction.atomic():
        Suksesor.objects.filter(jabatan_target__in=targets).delete()
        Suksesor.objects.bulk_create(rows_out, batch_size=5000)
        # an emergency successor who is no longer ranked is cleared
        ranked = {(s.jabatan_target_id, s.pegawai_id) for s in rows_out}
        for t in targets:
            if t.pengganti_darurat and (t.pk, t.pengganti_darurat) not in ranked:
                JabatanTarget.objects.filter(pk=t.pk).update(pengganti_darurat="")
        result = {"jabatan_target": len(targets), "kandidat": len(cand), "suksesor": len(rows_out),
                  "detik": round(time.perf_counter() - started, 2)}
        audit_record(actor=actor, actor_label=actor_label or ("" if actor else "cli"), action="talent.suksesi",
                     object_type="talent_suksesi", object_id=instansi_id or "nasional", after=result,
                     instansi_id=instansi_id)
    return result
