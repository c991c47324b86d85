"""Every aggregate against a straightforward computation over the same roster, written independently of
``analytics.compute`` (a plain loop over the people): for the nation, a province, each agency, a unit
subtree and a PNS-only view, from the aggregates and from the raw path, for national and scoped users."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

import pytest

from abdi.analytics.selectors import Filters, dashboard_for_user
from abdi.org.models import Instansi, Jabatan, Provinsi, Unor
from abdi.people.models import Pegawai

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)
GENS = (("BABY_BOOMER", None, 1964), ("X", 1965, 1980), ("Y", 1981, 1996), ("Z", 1997, None))


def half_up(x: float, places: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def expected(people, units, *, year=TODAY.year) -> dict:
    """The figures, computed row by row in plain Python."""
    jab = {j.jabatan_id: j for j in Jabatan.objects.all()}
    jenis_instansi = dict(Instansi.objects.values_list("instansi_id", "jenis"))
    pop = dict(Provinsi.objects.values_list("kode", "penduduk"))
    active = [p for p in people if p.kedudukan == "AKTIF"]
    out = {"total": len(active)}
    out["by_jenis_kelamin"] = dict(Counter(p.jenis_kelamin for p in active))
    out["by_jenis_pegawai"] = dict(Counter(p.jenis_pegawai for p in active))
    out["by_pusat_daerah"] = dict(Counter("PUSAT" if jenis_instansi[p.instansi_id] == "PUSAT" else "DAERAH"
                                          for p in active))
    out["by_instansi"] = dict(Counter(p.instansi_id for p in active))
    out["by_provinsi"] = dict(Counter(p.lokasi_kabkota_id[:2] for p in active))
    out["by_pendidikan"] = dict(Counter(p.pendidikan for p in active))
    out["by_golongan"] = dict(Counter(p.golongan for p in active))
    out["by_jenis_jabatan"] = dict(Counter(jab[p.jabatan_id].jenis for p in active))
    gens = Counter()
    for p in active:
        y = p.tgl_lahir.year
        gens[next(n for n, lo, hi in GENS if (lo is None or y >= lo) and (hi is None or y <= hi))] += 1
    out["by_generasi"] = dict(gens)
    pyramid = Counter()
    for p in active:
        age = year - p.tgl_lahir.year
        lo = 65 if age >= 65 else (age // 5) * 5
        pyramid[(f"{lo}+" if lo == 65 else f"{lo}-{lo + 4}", p.jenis_kelamin)] += 1
    out["pyramid"] = dict(pyramid)
    wave = Counter()
    for p in active:
        if p.jenis_pegawai != "PNS":
            continue
        retire = p.tgl_lahir.year + jab[p.jabatan_id].bup + (1 if p.tgl_lahir.month == 12 else 0)
        wave[str(max(retire, year))] += 1
    out["wave"] = {str(year + k): wave.get(str(year + k), 0) for k in range(10)}
    levels = {}
    for level in ("PELAKSANA", "PENGAWAS", "ADMINISTRATOR", "JPT_PRATAMA", "JPT_MADYA", "JPT_UTAMA"):
        group = [p for p in active if jab[p.jabatan_id].jenjang_id == level]
        levels[level] = (len(group), sum(p.jenis_kelamin == "P" for p in group))
    out["levels"] = levels
    per100 = {k: half_up(n / pop[k] * 100, 2) for k, n in out["by_provinsi"].items()}
    out["per100"] = per100
    out["median"] = median(per100.values()) if per100 else None
    teachers = Counter(p.lokasi_kabkota_id[:2] for p in active if jab[p.jabatan_id].rumpun == "GURU")
    schools = Counter((u.lokasi_kabkota_id or Instansi.objects.get(pk=u.instansi_id).provinsi_id)[:2]
                      for u in units if u.jenis_unor == "SEKOLAH")
    out["guru_per_sekolah"] = {k: half_up(teachers.get(k, 0) / n, 2) for k, n in schools.items()}
    return out


def check(data: dict, exp: dict) -> None:
    assert data["total"] == exp["total"]
    for name in ("by_jenis_kelamin", "by_jenis_pegawai", "by_pusat_daerah", "by_instansi", "by_provinsi",
                 "by_pendidikan", "by_golongan", "by_jenis_jabatan", "by_generasi"):
        assert {k: v for k, v in data[name].items() if v} == exp[name], name
    got_pyramid = {(row["kelompok"], jk): row[jk] for row in data["piramida_usia"] for jk in ("L", "P") if row[jk]}
    assert got_pyramid == exp["pyramid"]
    assert data["gelombang_pensiun"] == exp["wave"]
    for row in data["kepemimpinan_perempuan"]["jenjang"]:
        n, women = exp["levels"][row["jenjang"]]
        assert (row["jumlah"], row["perempuan"]) == (n, women)
        assert row["porsi_perempuan"] == (half_up(women / n, 4) if n else None)
    assert {k: v for k, v in data["per_100_penduduk"].items() if k != "NASIONAL"} == exp["per100"]
    for row in data["ketimpangan_provinsi"]:
        assert row["rasio_median"] == (half_up(row["per_100_penduduk"] / exp["median"], 2) if exp["median"] else None)
    guru = next(f for f in data["ketimpangan_rumpun"] if f["rumpun"] == "GURU")
    assert {r["provinsi"]: r["rasio"] for r in guru["provinsi"]} == exp["guru_per_sekolah"]


@pytest.mark.parametrize("prefer_raw", [False, True])
def test_nation(refreshed, users, prefer_raw):
    data = dashboard_for_user(users.national_admin, kind="nasional", today=TODAY, prefer_raw=prefer_raw)
    assert data["sumber"] == ("mentah" if prefer_raw else "agregat")
    check(data, expected(list(Pegawai.objects.all()), list(Unor.objects.all())))


@pytest.mark.parametrize("prefer_raw", [False, True])
def test_each_agency_for_its_admin(refreshed, users, prefer_raw):
    for user, ins in ((users.admin_a, "KAB-A"), (users.admin_b, "KAB-B")):
        data = dashboard_for_user(user, kind="instansi", scope_id=ins, today=TODAY, prefer_raw=prefer_raw)
        check(data, expected(list(Pegawai.objects.filter(instansi_id=ins)),
                             list(Unor.objects.filter(instansi_id=ins))))


def test_province_and_pns_only(refreshed, users):
    data = dashboard_for_user(users.national_analyst, kind="provinsi", scope_id="32", today=TODAY)
    assert data["sumber"] == "agregat"
    check(data, expected(list(Pegawai.objects.filter(lokasi_kabkota__kode__startswith="32.")),
                         list(Unor.objects.all())))
    data = dashboard_for_user(users.national_admin, kind="nasional", filters=Filters(jenis_pegawai="PNS"),
                              today=TODAY)
    assert data["sumber"] == "agregat"
    check(data, expected(list(Pegawai.objects.filter(jenis_pegawai="PNS")), list(Unor.objects.all())))


def test_unit_subtree_for_unit_hr(refreshed, users):
    data = dashboard_for_user(users.hr_a1, today=TODAY)
    assert data["cakupan"] == {"jenis": "unor", "id": "A1", "nama": "Dinas Pendidikan"}
    check(data, expected(list(Pegawai.objects.filter(unor_id__in=["A1", "A11"])),
                         list(Unor.objects.filter(unor_id__in=["A1", "A11"]))))


def test_scoped_user_never_sees_another_agency(refreshed, users):
    from abdi.analytics.selectors import ScopeNotAllowed
    from abdi.org.selectors import NotFound

    with pytest.raises(NotFound):
        dashboard_for_user(users.admin_a, kind="instansi", scope_id="KAB-B")
    with pytest.raises(ScopeNotAllowed):
        dashboard_for_user(users.admin_a, kind="nasional")
    with pytest.raises(NotFound):
        dashboard_for_user(users.hr_a1, kind="unor", scope_id="B1")
    data = dashboard_for_user(users.admin_a, today=TODAY)
    assert set(data["by_instansi"]) == {"KAB-A"}


def test_load_refreshes_only_the_agencies_it_touched(refreshed, users):
    from abdi.analytics.models import Refresh
    from abdi.analytics.services import refresh_for_load
    from abdi.core.models import LoadBatch

    batch = LoadBatch.objects.create(kind="dataset", started_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    person = Pegawai.objects.filter(instansi_id="KAB-B", kedudukan="AKTIF").first()
    Pegawai.objects.filter(pk=person.pk).update(kedudukan="PENSIUN", batch=batch)
    record = refresh_for_load(batch.pk)
    assert record.instansi_count == 1 and not record.full and Refresh.objects.count() == 2
    check(dashboard_for_user(users.national_admin, kind="nasional", today=TODAY),
          expected(list(Pegawai.objects.all()), list(Unor.objects.all())))


@pytest.fixture
def synth_world(tmp_path, fast_passwords):
    """A calibrated synthetic nation (many agencies and provinces, schools and health units), loaded the way
    users load data: the load's hook builds the aggregates."""
    from abdi.analytics.models import Refresh
    from abdi.people.imports.engine import load_directory
    from abdi.synth import write_dataset

    write_dataset(tmp_path / "d", employees=4000, seed=7, year=2025)
    assert load_directory(tmp_path / "d").exit_code in (0, 2)
    assert Refresh.objects.filter(full=True).count() == 1  # the first load built every aggregate
    return tmp_path


def test_synthetic_nation_and_agencies_match_the_roster(synth_world):
    from abdi.accounts.models import Role
    from abdi.people.tests.world import make_user

    national = make_user("nas", Role.NATIONAL_ANALYST)
    people, units = list(Pegawai.objects.all()), list(Unor.objects.all())
    data = dashboard_for_user(national, kind="nasional", today=TODAY)
    assert data["sumber"] == "agregat" and len(data["by_provinsi"]) > 10
    check(data, expected(people, units))
    # the largest central agency (staff in many provinces), for its own admin only
    central = max((i for i in Instansi.objects.filter(jenis="PUSAT")),
                  key=lambda i: sum(p.instansi_id == i.instansi_id for p in people))
    admin = make_user("admin-pusat", Role.AGENCY_ADMIN, instansi=[central.instansi_id])
    data = dashboard_for_user(admin, today=TODAY)
    assert data["cakupan"]["id"] == central.instansi_id and set(data["by_instansi"]) == {central.instansi_id}
    check(data, expected([p for p in people if p.instansi_id == central.instansi_id],
                         [u for u in units if u.instansi_id == central.instansi_id]))
    busiest = max(data["by_provinsi"], key=data["by_provinsi"].get)
    home = dict(Instansi.objects.values_list("instansi_id", "provinsi_id"))
    check(dashboard_for_user(national, kind="provinsi", scope_id=busiest, today=TODAY),
          expected([p for p in people if p.lokasi_kabkota_id.startswith(busiest + ".")],
                   [u for u in units if (u.lokasi_kabkota_id or home[u.instansi_id])[:2] == busiest]))
    check(dashboard_for_user(national, kind="nasional", filters=Filters(jenis_pegawai="PPPK", pendidikan="S1"),
                             today=TODAY),
          expected([p for p in people if p.jenis_pegawai == "PPPK" and p.pendidikan == "S1"], units))


def test_an_agency_added_after_the_refresh_is_counted_from_the_roster(refreshed, users):
    from abdi.analytics.models import Aggregate

    Aggregate.objects.filter(scope_kind="instansi", scope_id="KAB-B").delete()  # as if added since
    data = dashboard_for_user(users.admin_b, today=TODAY)
    assert data["sumber"] == "mentah"
    check(data, expected(list(Pegawai.objects.filter(instansi_id="KAB-B")),
                         list(Unor.objects.filter(instansi_id="KAB-B"))))
