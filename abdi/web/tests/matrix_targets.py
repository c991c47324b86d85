"""Targets of the feature modules' permission-matrix rows: per regency (and for the employee, their own), an SKP
with a result, a final rating to object to and an open objection; a 9-box, a calibration session, a recompute
job and a key position; an assessment."""

from __future__ import annotations

import datetime as dt

SKP_YEAR = 2026
TALENT_YEAR = 2025


def talent_box(nip: str, instansi_id: str) -> None:
    from abdi.talent.models import Kotak
    from abdi.talent.services import ninebox_counts_rebuild

    Kotak.objects.get_or_create(pegawai_id=nip, tahun=TALENT_YEAR, defaults={
        "kotak": 5, "nilai": 18, "standar": 18, "instansi_id": instansi_id, "jenjang": "PELAKSANA",
        "jenis_kelamin": "L"})
    ninebox_counts_rebuild(tahun=TALENT_YEAR, instansi_id=instansi_id)


def assessment(nip: str) -> int:
    from abdi.competency.models import Asesmen

    levels = dict.fromkeys(("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
                            "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa"), 2)
    return Asesmen.objects.get_or_create(pegawai_id=nip, tanggal=dt.date(2025, 5, 1), defaults=levels)[0].pk


def talent_targets(scope: dict, *, owner) -> dict:
    """A box of the scope's person, a calibration session of its agency, a recompute job of its admin and a key
    position in its unit."""
    from abdi.talent.models import HitungKotak, JabatanTarget, SesiKalibrasi

    talent_box(scope["nip"], scope["instansi"])
    sesi = SesiKalibrasi.objects.create(nama="Kalibrasi", tahun=TALENT_YEAR, instansi_id=scope["instansi"],
                                        dibuat_oleh="komite")
    job = HitungKotak.objects.create(tahun=TALENT_YEAR, instansi_id=scope["instansi"], oleh=owner.username)
    target = JabatanTarget.objects.create(instansi_id=scope["instansi"], unor_id=scope["unor"], jabatan_id="J-STR")
    return {"sesi": sesi.pk, "job": job.pk, "target": target.pk, "talent_year": TALENT_YEAR}


def skp_targets(nip: str, *, penilai: str, decides: str, draft: bool = False) -> dict:
    """An SKP of ``nip`` for SKP_YEAR (submitted, or a draft for the owner's own steps), a final B01 rating of
    the year before (to object to) and an open objection on its B02 decided by ``decides``, and the year's
    annual rating (for the ratings list)."""
    from abdi.performance.models import Evaluasi, HasilKerja, Indikator, Keberatan, Skp, SkpRating

    skp = Skp.objects.create(pegawai_id=nip, tahun=SKP_YEAR, penilai_nip=penilai,
                             status=Skp.Status.DRAFT if draft else Skp.Status.DIAJUKAN)
    hasil = HasilKerja.objects.create(skp=skp, uraian="Rencana awal")
    Indikator.objects.create(hasil=hasil, aspek="KUANTITAS", uraian="Jumlah", target="1")
    before = Skp.objects.create(pegawai_id=nip, tahun=SKP_YEAR - 1, penilai_nip=penilai, status=Skp.Status.DISETUJUI)
    final = Evaluasi.objects.create(skp=before, periode="B01", rating_hasil_kerja="SESUAI",
                                    rating_perilaku_kerja="SESUAI", status="FINAL")
    objected = Evaluasi.objects.create(skp=before, periode="B02", rating_hasil_kerja="DI_BAWAH",
                                       rating_perilaku_kerja="SESUAI", status="FINAL")
    keberatan = Keberatan.objects.create(evaluasi=objected, alasan="Bukti belum dinilai", atasan_nip=decides,
                                         rating_hasil_semula="DI_BAWAH", rating_perilaku_semula="SESUAI")
    SkpRating.objects.create(pegawai_id=nip, tahun=SKP_YEAR, periode="TAHUNAN", rating_hasil_kerja="SESUAI",
                             rating_perilaku_kerja="SESUAI")
    return {"skp": skp.pk, "hasil": hasil.pk, "evaluasi": final.pk, "keberatan": keberatan.pk, "year": SKP_YEAR}


# --- penyetaraan jabatan (issue 7): a fresh eligible holder, or a proposal in a given state, per request --------
_PENYETARAAN_SEQ = [0]


def penyetaraan_holder(instansi_id: str, unor_id: str) -> str:
    """A new active holder of the world's Pengawas post (J-STR) in ``unor_id``, eligible for conversion to
    the Ahli Muda post J-FUN-AMU (created once); returns the NIP."""
    from abdi.org.models import Instansi, Jabatan
    from abdi.people.models import Pegawai

    Jabatan.objects.get_or_create(jabatan_id="J-FUN-AMU", defaults={
        "nama": "Analis Ahli Muda", "jenis": "FUNGSIONAL", "jenjang_id": "AHLI_MUDA", "kelas": 10, "bup": 58})
    _PENYETARAAN_SEQ[0] += 1
    seq = 500 + _PENYETARAAN_SEQ[0] % 500
    nip = f"19800101200501{1 + seq % 2}{seq:03d}"
    while Pegawai.objects.filter(pk=nip).exists():
        _PENYETARAAN_SEQ[0] += 1
        seq = 500 + _PENYETARAAN_SEQ[0] % 500
        nip = f"19800101200501{1 + seq % 2}{seq:03d}"
    Pegawai.objects.create(
        nip=nip, nama=f"Pejabat Pengawas {seq}", tgl_lahir=dt.date(1980, 1, 1), jenis_kelamin="L",
        jenis_pegawai="PNS", status="PNS", kedudukan="AKTIF", golongan="III/d", pendidikan="S1",
        tmt_cpns=dt.date(2005, 1, 1), instansi_id=instansi_id, unor_id=unor_id, jabatan_id="J-STR",
        tmt_jabatan=dt.date(2015, 1, 1), lokasi_kabkota_id=Instansi.objects.get(pk=instansi_id).kabkota_id)
    return nip


def penyetaraan_proposal(instansi_id: str, unor_id: str, *, status: str = "DIUSULKAN") -> int:
    """A proposal converting a fresh holder in ``unor_id`` to J-FUN-AMU, in ``status``; returns its id."""
    from django.utils import timezone

    from abdi.planning.models import UsulanPenyetaraan

    nip = penyetaraan_holder(instansi_id, unor_id)
    return UsulanPenyetaraan.objects.create(
        pegawai_id=nip, instansi_id=instansi_id, unor_id=unor_id, jabatan_asal_id="J-STR", tingkat_asal="PENGAWAS",
        jabatan_tujuan_id="J-FUN-AMU", jenjang_tujuan="AHLI_MUDA", status=status, diusulkan_oleh="admin",
        diusulkan_pada=timezone.now()).pk
