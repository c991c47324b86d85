"""Writes of the org app."""

from __future__ import annotations

import csv

from django.db import transaction

from abdi.reference import codes
from abdi.reference import path as ref_path


def _read_csv(name: str) -> list[dict[str, str]]:
    with ref_path(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def reference_sync(*, using: str = "default") -> None:
    """Load or refresh all shipped reference data (idempotent). Called after every ``abdi migrate``.

    Rows an admin added are kept; shipped rows are updated to the shipped values except the
    [M]/[U] rule columns of position levels, which an admin may have changed on purpose.
    """
    from abdi.org.models import Golongan, Jenjang, KabKota, Pendidikan, Provinsi

    with transaction.atomic(using=using):
        prov_extra = {r["code"]: r for r in _read_csv("provinces.csv")}
        provs = []
        for row in _read_csv("idn_provinces.csv"):
            extra = prov_extra.get(row["code"], {})
            provs.append(Provinsi(
                kode=row["code"], nama=row["name"], ibukota=extra.get("capital", ""),
                lat=float(extra["lat"]) if extra.get("lat") else None,
                lon=float(extra["lon"]) if extra.get("lon") else None,
                penduduk=int(extra["population_2024"]) if extra.get("population_2024") else None,
                zona_waktu=_zona_waktu(row["code"]),
            ))
        Provinsi.objects.using(using).bulk_create(
            provs, update_conflicts=True, unique_fields=["kode"],
            update_fields=["nama", "ibukota", "lat", "lon", "penduduk", "zona_waktu"])
        caps = {r["code"]: r for r in _read_csv("regency_capitals.csv")}
        kabs = []
        for row in _read_csv("idn_regencies.csv"):
            cap = caps.get(row["code"], {})
            kabs.append(KabKota(kode=row["code"], provinsi_id=row["province_code"], nama=row["name"],
                                lat=float(cap["lat"]) if cap.get("lat") else None,
                                lon=float(cap["lon"]) if cap.get("lon") else None))
        KabKota.objects.using(using).bulk_create(
            kabs, update_conflicts=True, unique_fields=["kode"], update_fields=["provinsi", "nama", "lat", "lon"])
        gol = [Golongan(kode=k, jenis_pegawai="PNS", urutan=i + 1, nama=n) for i, (k, n) in enumerate(codes.GOLONGAN_PNS)]
        # PPPK grades share roman numerals I–IV with PNS rank groups but never "I/a"; keys stay distinct.
        gol += [Golongan(kode=f"{k}", jenis_pegawai="PPPK", urutan=i + 1, nama=f"Golongan PPPK {k}")
                for i, k in enumerate(codes.GOLONGAN_PPPK_CODES)]
        Golongan.objects.using(using).bulk_create(
            gol, update_conflicts=True, unique_fields=["kode"], update_fields=["jenis_pegawai", "urutan", "nama"])
        Pendidikan.objects.using(using).bulk_create(
            [Pendidikan(kode=p.kode, nama=p.nama, urutan=p.urutan, golongan_awal=p.golongan_awal,
                        golongan_maks=p.golongan_maks, pppk_awal=p.pppk_awal) for p in codes.PENDIDIKAN],
            update_conflicts=True, unique_fields=["kode"], update_fields=["nama", "urutan"])
        Jenjang.objects.using(using).bulk_create(
            [Jenjang(kode=j.kode, nama=j.nama, jenis=j.jenis, kelas_min=j.kelas_min, kelas_max=j.kelas_max,
                     bup=j.bup, golongan_min=j.golongan_min or "", golongan_max=j.golongan_max or "")
             for j in codes.JENJANG],
            update_conflicts=True, unique_fields=["kode"], update_fields=["nama", "jenis"])


def _zona_waktu(provinsi_kode: str) -> str:
    """WIB / WITA / WIT by province (DESIGN: time shown in the unit's zone)."""
    wita = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
    wit = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}
    if provinsi_kode in wit:
        return "Asia/Jayapura"
    if provinsi_kode in wita:
        return "Asia/Makassar"
    return "Asia/Jakarta"
