"""Targets of the feature modules' permission-matrix rows: per regency (and for the employee, their own), an SKP
with a result, a final rating to object to and an open objection; a 9-box, a calibration session, a recompute
job and a key position; an assessment."""

from __future__ import annotations

import datetime as dt

SKP_YEAR = 2026
TALENT_YEAR = 2025


def talent_box(nip: str, instansi_id: str, unor_id: str) -> None:
    from abdi.talent.models import Kotak

    Kotak.objects.get_or_create(pegawai_id=nip, tahun=TALENT_YEAR, defaults={
        "sumbu_kinerja": "SESUAI", "sumbu_potensial": "MENENGAH", "kotak": 5, "nilai": 18, "standar": 18,
        "instansi_id": instansi_id, "unor_id": unor_id, "jenjang": "PELAKSANA", "jenis_kelamin": "L"})


def assessment(nip: str) -> int:
    from abdi.competency.models import Asesmen

    levels = dict.fromkeys(("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
                            "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa"), 2)
    return Asesmen.objects.get_or_create(pegawai_id=nip, tanggal=dt.date(2025, 5, 1), defaults=levels)[0].pk


def talent_targets(scope: dict, *, owner) -> dict:
    """A box of the scope's person, a calibration session of its agency, a recompute job of its admin and a key
    position in its unit."""
    from abdi.talent.models import HitungKotak, JabatanTarget, SesiKalibrasi

    talent_box(scope["nip"], scope["instansi"], scope["unor"])
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
