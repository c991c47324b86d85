"""A hand-made world for redistribution: three agencies in three regencies (two in West Java, one in
Central Java), positions of two families, and a builder for civil servants with chosen rank, dates and
status, so every test states its own numbers."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest

from abdi.org.models import Instansi, Jabatan, Unor
from abdi.people.models import Pegawai
from abdi.people.tests.world import fast_passwords, make_user, users, world  # noqa: F401
from abdi.planning.models import Kebutuhan

TODAY = dt.date.today()
_seq = itertools.count(1)


@pytest.fixture
def land(db):
    Instansi.objects.bulk_create([
        Instansi(instansi_id="KAB-X", nama="Kabupaten X", jenis="KABUPATEN", provinsi_id="32", kabkota_id="32.04"),
        Instansi(instansi_id="KAB-Y", nama="Kabupaten Y", jenis="KABUPATEN", provinsi_id="32", kabkota_id="32.01"),
        Instansi(instansi_id="KOTA-Z", nama="Kota Z", jenis="KOTA", provinsi_id="33", kabkota_id="33.74"),
    ])
    units = {"X0": ("KAB-X", None), "X1": ("KAB-X", "X0"), "X2": ("KAB-X", "X0"), "Y0": ("KAB-Y", None),
             "Y1": ("KAB-Y", "Y0"), "Z0": ("KOTA-Z", None), "Z1": ("KOTA-Z", "Z0")}
    for uid, (ins, parent) in units.items():
        path = f"/{parent}/{uid}/" if parent else f"/{uid}/"
        Unor.objects.create(unor_id=uid, instansi_id=ins, diatasan_id=parent, nama=f"Unit {uid}", path=path,
                            depth=path.count("/") - 2)
    Jabatan.objects.bulk_create([
        Jabatan(jabatan_id="GURU-AP", nama="Guru Ahli Pertama", jenis="FUNGSIONAL", jenjang_id="AHLI_PERTAMA", kelas=8,
                rumpun="GURU", bup=60, golongan_min="III/a", golongan_max="III/b"),
        Jabatan(jabatan_id="GURU-AM", nama="Guru Ahli Muda", jenis="FUNGSIONAL", jenjang_id="AHLI_MUDA", kelas=10,
                rumpun="GURU", bup=60, golongan_min="III/c", golongan_max="III/d"),
        Jabatan(jabatan_id="BK-AP", nama="Guru BK Ahli Pertama", jenis="FUNGSIONAL", jenjang_id="AHLI_PERTAMA", kelas=8,
                rumpun="GURU", bup=60, golongan_min="III/a", golongan_max="III/b"),
        Jabatan(jabatan_id="ADM", nama="Pengadministrasi Umum", jenis="PELAKSANA", jenjang_id="PELAKSANA", kelas=5,
                rumpun="PELAKSANA", bup=58),
        Jabatan(jabatan_id="KASI", nama="Kepala Seksi", jenis="STRUKTURAL", jenjang_id="PENGAWAS", kelas=9, bup=58),
    ])
    return SimpleNamespace(units=units)


def person(unit: str, jabatan: str = "GURU-AP", *, golongan: str = "III/a", born: dt.date | None = None,
           in_post_since: dt.date | None = None, kedudukan: str = "AKTIF", jenis_pegawai: str = "PNS") -> Pegawai:
    seq = next(_seq)
    born = born or dt.date(1985, 1 + seq % 12, 1 + seq % 27)
    tmt = in_post_since or dt.date(TODAY.year - 5, 1, 1)
    ins = Unor.objects.filter(pk=unit).values_list("instansi_id", flat=True).get()
    nip = f"{born:%Y%m%d}{tmt:%Y%m}{1 + seq % 2}{seq % 1000:03d}"
    return Pegawai.objects.create(
        nip=nip, nama=f"Pegawai {seq}", tgl_lahir=born, jenis_kelamin="L" if seq % 2 else "P",
        jenis_pegawai=jenis_pegawai, status="PPPK" if jenis_pegawai == "PPPK" else "PNS", kedudukan=kedudukan,
        golongan=golongan, pendidikan="S1", tmt_cpns=tmt, instansi_id=ins, unor_id=unit, jabatan_id=jabatan,
        tmt_jabatan=tmt, lokasi_kabkota_id=Instansi.objects.get(pk=ins).kabkota_id)


def staff(unit: str, n: int, jabatan: str = "GURU-AP", **kw) -> list[Pegawai]:
    return [person(unit, jabatan, **kw) for _ in range(n)]


def need(unit: str, jabatan: str, n: int, prioritas: int = 1) -> Kebutuhan:
    return Kebutuhan.objects.create(unor_id=unit, jabatan_id=jabatan, kebutuhan=n, prioritas=prioritas)


@pytest.fixture
def planners(land, fast_passwords):  # noqa: F811
    from abdi.accounts.models import Role

    return SimpleNamespace(
        national=make_user("plan-nasional", Role.NATIONAL_ADMIN),
        analyst=make_user("plan-analis", Role.NATIONAL_ANALYST),
        admin_x=make_user("plan-admin-x", Role.AGENCY_ADMIN, instansi=["KAB-X"]),
        admin_y=make_user("plan-admin-y", Role.AGENCY_ADMIN, instansi=["KAB-Y"]),
        admin_z=make_user("plan-admin-z", Role.AGENCY_ADMIN, instansi=["KOTA-Z"]),
        hr_x1=make_user("plan-sdm-x1", Role.UNIT_HR, unor=["X1"]),
        employee=make_user("plan-pegawai", Role.EMPLOYEE),
    )
