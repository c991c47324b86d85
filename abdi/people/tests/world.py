"""A small world for scope tests: two regencies (A and B), a unit tree in each, a few dozen civil
servants, and one named user per role. Built through the ORM; imported by the conftest files of the
accounts, people, org and web tests."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from abdi.accounts.models import Role, Scope, User
from abdi.org.models import Instansi, Jabatan, Unor
from abdi.people.models import Pegawai, RiwayatPegawai

PASSWORD = "uji-Sandi-yang-kuat-42"

# unit id -> (instansi, parent, name); the sibling "A1X" checks that a subtree prefix ends at "/".
UNITS = {
    "A0": ("KAB-A", None, "Sekretariat Daerah Kabupaten A"),
    "A1": ("KAB-A", "A0", "Dinas Pendidikan"),
    "A11": ("KAB-A", "A1", "SD Negeri 1"),
    "A1X": ("KAB-A", "A0", "Dinas Pekerjaan Umum"),
    "A2": ("KAB-A", "A0", "Dinas Kesehatan"),
    "B0": ("KAB-B", None, "Sekretariat Daerah Kabupaten B"),
    "B1": ("KAB-B", "B0", "Dinas Pendidikan B"),
}


def make_nip(birth: dt.date, tmt: dt.date, gender: str, seq: int) -> str:
    return f"{birth:%Y%m%d}{tmt:%Y%m}{1 if gender == 'L' else 2}{seq:03d}"


def _path(uid: str) -> str:
    parts = []
    while uid:
        parts.append(uid)
        uid = UNITS[uid][1]
    return "/" + "/".join(reversed(parts)) + "/"


def build_world() -> SimpleNamespace:
    Instansi.objects.bulk_create([
        Instansi(instansi_id="KAB-A", nama="Pemerintah Kabupaten Bandung", jenis="KABUPATEN",
                 provinsi_id="32", kabkota_id="32.04"),
        Instansi(instansi_id="KAB-B", nama="Pemerintah Kabupaten Bogor", jenis="KABUPATEN",
                 provinsi_id="32", kabkota_id="32.01"),
    ])
    Unor.objects.bulk_create([
        Unor(unor_id=uid, instansi_id=ins, diatasan_id=parent, nama=nama, path=_path(uid),
             depth=_path(uid).count("/") - 2)
        for uid, (ins, parent, nama) in UNITS.items()
    ])
    Jabatan.objects.bulk_create([
        Jabatan(jabatan_id="J-STR", nama="Kepala Seksi", jenis="STRUKTURAL", jenjang_id="PENGAWAS", kelas=9, bup=58),
        Jabatan(jabatan_id="J-FUN", nama="Guru Ahli Pertama", jenis="FUNGSIONAL", jenjang_id="AHLI_PERTAMA",
                kelas=8, bup=60),
        Jabatan(jabatan_id="J-PEL", nama="Pengadministrasi Umum", jenis="PELAKSANA", jenjang_id="PELAKSANA",
                kelas=5, bup=58),
    ])
    people: list[Pegawai] = []
    seq = 0
    # (unit, how many); names repeat on purpose so that keyset pagination must break ties on NIP.
    plan = [("A0", 3), ("A1", 6), ("A11", 8), ("A1X", 4), ("A2", 5), ("B0", 3), ("B1", 6)]
    names = ["Budi Santoso", "Siti Aminah", "Agus Salim", "Dewi Lestari", "Budi Santoso", "Rina Wati"]
    for unit, n in plan:
        ins = UNITS[unit][0]
        for k in range(n):
            seq += 1
            gender = "L" if seq % 2 else "P"
            birth = dt.date(1970 + seq % 25, 1 + seq % 12, 1 + seq % 27)
            tmt = dt.date(birth.year + 25, 1 + (seq * 5) % 12, 1)
            jab = "J-STR" if k == 0 else ("J-FUN" if k % 2 else "J-PEL")
            people.append(Pegawai(
                nip=make_nip(birth, tmt, gender, seq), nama=names[seq % len(names)], tgl_lahir=birth,
                jenis_kelamin=gender, jenis_pegawai="PNS", status="PNS",
                kedudukan="AKTIF" if seq % 7 else "CLTN", golongan="III/b" if k % 2 else "III/c",
                pendidikan="S1", tmt_cpns=tmt, instansi_id=ins, unor_id=unit, jabatan_id=jab,
                tmt_jabatan=tmt, lokasi_kabkota_id="32.04" if ins == "KAB-A" else "32.01"))
    Pegawai.objects.bulk_create(people)
    by_unit: dict[str, list[Pegawai]] = {}
    for p in people:
        by_unit.setdefault(p.unor_id, []).append(p)
    Unor.objects.filter(pk="A1").update(pemimpin_nip=by_unit["A1"][0].nip)
    now = timezone.now()
    hist = []
    for p in people:
        hist.append(RiwayatPegawai(pegawai=p, tmt=p.tmt_cpns, perubahan="AWAL", instansi_id=p.instansi_id,
                                   unor_id="A0" if p.instansi_id == "KAB-A" else "B0", jabatan_id="J-PEL",
                                   golongan="III/a", status="CPNS", kedudukan="AKTIF", dicatat_pada=now))
        hist.append(RiwayatPegawai(pegawai=p, tmt=p.tmt_cpns.replace(year=p.tmt_cpns.year + 3), perubahan="JABATAN,UNOR",
                                   instansi_id=p.instansi_id, unor_id=p.unor_id, jabatan_id=p.jabatan_id,
                                   golongan=p.golongan, status="PNS", kedudukan=p.kedudukan,
                                   nomor_sk=f"800/{p.nip[-3:]}/BKD", dicatat_pada=now))
    RiwayatPegawai.objects.bulk_create(hist)
    return SimpleNamespace(
        people=people, by_unit=by_unit,
        a_nips={p.nip for p in people if p.instansi_id == "KAB-A"},
        b_nips={p.nip for p in people if p.instansi_id == "KAB-B"},
    )


def make_user(username: str, role: str, *, instansi=(), unor=(), nip: str = "") -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, nip=nip)
    Scope.objects.bulk_create([Scope(user=user, kind="instansi", instansi_id=i) for i in instansi]
                              + [Scope(user=user, kind="unor", unor_id=u) for u in unor])
    return user


@pytest.fixture
def fast_passwords(settings):
    # Argon2 is deliberately slow; these tests create many users and are not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def users(world, fast_passwords):
    a1_head = world.by_unit["A1"][0].nip
    b_person = world.by_unit["B1"][2].nip
    return SimpleNamespace(
        national_admin=make_user("nasional", Role.NATIONAL_ADMIN),
        national_analyst=make_user("analis", Role.NATIONAL_ANALYST),
        admin_a=make_user("admin-a", Role.AGENCY_ADMIN, instansi=["KAB-A"]),
        admin_b=make_user("admin-b", Role.AGENCY_ADMIN, instansi=["KAB-B"]),
        hr_a1=make_user("sdm-a1", Role.UNIT_HR, unor=["A1"]),
        supervisor_a1=make_user("atasan-a1", Role.SUPERVISOR, unor=["A1"], nip=a1_head),
        employee_b=make_user("pegawai-b", Role.EMPLOYEE, nip=b_person),
        auditor_a=make_user("auditor-a", Role.AUDITOR, instansi=["KAB-A"]),
        norole=make_user("tanpa-peran", ""),
    )
