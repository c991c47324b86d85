"""Fixtures of the penyetaraan tests, on top of the planning ``land``: units with an eselon (X3 is an eselon V
unit), administrative posts of each level, functional targets of each expert level (two job families), and
the holders: one per level in KAB-X, a unit head, an inactive holder, a JPT holder, and a Pengawas in KAB-Y.
Test modules wrap ``build_posts`` and ``build_holders`` in fixtures of their own (over the planning ``land``)."""

from __future__ import annotations

from types import SimpleNamespace

from abdi.org.models import Jabatan, Unor
from abdi.planning.tests.conftest import person


def build_posts() -> None:
    Unor.objects.filter(pk="X1").update(eselon="III.a")
    Unor.objects.filter(pk="X2").update(eselon="IV.a")
    Unor.objects.create(unor_id="X3", instansi_id="KAB-X", diatasan_id="X0", nama="Urusan Umum X3", path="/X0/X3/",
                        depth=1, eselon="V")
    Jabatan.objects.bulk_create([
        Jabatan(jabatan_id="KABID", nama="Kepala Bidang", jenis="STRUKTURAL", jenjang_id="ADMINISTRATOR", kelas=12,
                rumpun="ANALIS", bup=58),
        Jabatan(jabatan_id="KAUR", nama="Kepala Urusan", jenis="STRUKTURAL", jenjang_id="PENGAWAS", kelas=7, bup=58),
        Jabatan(jabatan_id="KADIS", nama="Kepala Dinas", jenis="STRUKTURAL", jenjang_id="JPT_PRATAMA", kelas=14,
                bup=60),
        Jabatan(jabatan_id="ANALIS-AMA", nama="Analis Kebijakan Ahli Madya", jenis="FUNGSIONAL",
                jenjang_id="AHLI_MADYA", kelas=12, rumpun="ANALIS", bup=60),
        Jabatan(jabatan_id="ANALIS-AMU", nama="Analis Kebijakan Ahli Muda", jenis="FUNGSIONAL",
                jenjang_id="AHLI_MUDA", kelas=10, rumpun="ANALIS", bup=58),
        Jabatan(jabatan_id="PRANATA-AMU", nama="Pranata Komputer Ahli Muda", jenis="FUNGSIONAL",
                jenjang_id="AHLI_MUDA", kelas=10, rumpun="KOMPUTER", bup=58),
        Jabatan(jabatan_id="ANALIS-AP", nama="Analis Kebijakan Ahli Pertama", jenis="FUNGSIONAL",
                jenjang_id="AHLI_PERTAMA", kelas=8, rumpun="ANALIS", bup=58),
    ])


def build_holders() -> SimpleNamespace:
    """One holder per case. Ranks vary on purpose: conversion is regardless of rank."""
    h = SimpleNamespace(
        kabid=person("X1", "KABID", golongan="III/c"),  # Administrator, rank below Ahli Madya's range
        kasi=person("X2", "KASI", golongan="IV/a"),  # Pengawas, rank above Ahli Muda's range
        kaur=person("X3", "KAUR", golongan="III/a"),  # in an eselon V unit
        kepala=person("X2", "KASI"),  # head of X2 (excluded by default)
        cltn=person("X1", "KABID", kedudukan="CLTN"),
        kadis=person("X0", "KADIS"),
        guru=person("X1", "GURU-AP"),
        kasi_y=person("Y1", "KASI"),
    )
    Unor.objects.filter(pk="X2").update(pemimpin_nip=h.kepala.nip)
    return h
