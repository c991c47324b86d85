"""The SKP part of ``abdi demo``: the demo employee's SKP of this year, drafted and submitted to the demo
supervisor, so that the supervisor's team page has a plan to approve and rate. Idempotent; every step goes
through the services, so the demo's audit trail shows it like real work."""

from __future__ import annotations

from django.utils import timezone

from abdi.performance.models import Delegasi, Skp
from abdi.performance.selectors import penilai_for
from abdi.performance.services import result_add, skp_create, skp_submit

RESULTS = (
    ("Laporan kinerja unit tersusun tepat waktu", [
        {"aspek": "KUANTITAS", "uraian": "Laporan bulanan yang disusun", "target": "12", "satuan": "laporan"},
        {"aspek": "WAKTU", "uraian": "Disampaikan paling lambat tanggal 5 bulan berikutnya", "target": "12",
         "satuan": "bulan"}]),
    ("Layanan administrasi kepegawaian terselesaikan", [
        {"aspek": "KUALITAS", "uraian": "Berkas selesai tanpa pengembalian", "target": "95", "satuan": "%"}]),
)


def seed_demo_skp(employee, supervisor, *, tahun: int | None = None) -> Skp | None:
    """Draft and submit ``employee``'s SKP of ``tahun`` to ``supervisor`` (users with a NIP); when the unit
    tree gives the employee another penilai, a delegation (recorded as made by the demo) points to the
    supervisor. Returns the SKP, or ``None`` when either user has no NIP."""
    if not (getattr(employee, "nip", "") and getattr(supervisor, "nip", "")):
        return None
    tahun = tahun or timezone.localdate().year
    existing = Skp.objects.filter(pegawai_id=employee.nip, tahun=tahun).first()
    if existing is not None:
        return existing
    if penilai_for(employee.nip, tahun) != supervisor.nip:
        Delegasi.objects.update_or_create(pegawai_id=employee.nip, tahun=tahun, defaults={
            "penilai_nip": supervisor.nip, "alasan": "akun demo", "dibuat_oleh": "abdi demo"})
    skp = skp_create(actor=employee, tahun=tahun)
    for uraian, indikator in RESULTS:
        result_add(actor=employee, skp=skp, uraian=uraian, indikator=indikator)
    return skp_submit(actor=employee, skp=skp)
