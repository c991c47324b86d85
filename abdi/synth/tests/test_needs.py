"""``kebutuhan.csv`` and ``hukdis.csv`` of the synthetic dataset, checked from the written files only.

The regions, the eligibility rule and the target ranges are this file's own, written from the task's figures
(at 6 million employees: 400 000–700 000 people in surplus seats, 450 000–900 000 seats short, at least
200 000 of the surplus free to move), scaled to the active staff; nothing is copied from the generator.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from abdi.synth import write_dataset
from abdi.synth.tests.readback import header, lookup, read

N = 80_000
YEAR = 2024
REF = np.datetime64(f"{YEAR}-12-31")
JAVA = {"31", "32", "33", "34", "35", "36"}
EAST = {"53", "81", "82", "91", "92", "93", "94", "95", "96"}  # NTT, Maluku, Maluku Utara, Papua
OUTER = {f"{c}" for c in (61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76)}  # Kalimantan, Sulawesi
ACTIVE_AT_6M = 6_000_000 * 0.97  # the roster's active share, about 97 %


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("synth_needs")
    summary = write_dataset(out, employees=N, seed=13, year=YEAR)
    return {"dir": out, "summary": summary, "keb": read(out / "kebutuhan.csv"), "huk": read(out / "hukdis.csv"),
            "peg": read(out / "pegawai.csv"), "unor": read(out / "unor.csv"), "jab": read(out / "jabatan.csv")}


@pytest.fixture(scope="module")
def pairs(ds: dict) -> dict[str, np.ndarray]:
    """Every kebutuhan row with its active holders, surplus and deficit, eligible holders and context."""
    keb, peg, unor, jab = ds["keb"], ds["peg"], ds["unor"], ds["jab"]
    key = np.char.add(np.char.add(keb["unor_id"], "|"), keb["jabatan_id"])
    active = peg["kedudukan"] == "AKTIF"
    pkey = np.char.add(np.char.add(peg["unor_id"], "|"), peg["jabatan_id"])
    # eligible to move: not retiring within a year of the reference date, at least two years in post
    bup = lookup(jab["jabatan_id"], jab["bup"], peg["jabatan_id"]).astype(int)
    birth = peg["tgl_lahir"].astype("datetime64[D]")
    by = birth.astype("datetime64[Y]").astype(int) + 1970
    retire_year_month = (by + bup) * 12 + (birth.astype("datetime64[M]").astype(int) % 12) + 1
    ref_plus_one = (YEAR + 1) * 12 + 11
    two_years = np.datetime64(f"{YEAR - 2}-12-31")
    eligible = active & (retire_year_month > ref_plus_one) & (peg["tmt_jabatan"].astype("datetime64[D]") <= two_years)
    keys, inv = np.unique(key, return_inverse=True)
    assert keys.size == key.size  # no duplicate (unor_id, jabatan_id)
    pos = np.searchsorted(keys, pkey)
    pos = np.clip(pos, 0, keys.size - 1)
    has_row = keys[pos] == pkey
    n_active = np.bincount(pos[active & has_row], minlength=keys.size)[inv]
    n_all = np.bincount(pos[has_row], minlength=keys.size)[inv]
    n_elig = np.bincount(pos[eligible & has_row], minlength=keys.size)[inv]
    need = keb["kebutuhan"].astype(int)
    lok = lookup(unor["unor_id"], unor["lokasi_kabkota_kode"], keb["unor_id"])
    prov = np.array([c[:2] for c in lok])
    kota = np.array([c[3] == "7" for c in lok])  # Kemendagri: 71–79 are cities
    rumpun = lookup(jab["jabatan_id"], jab["rumpun"], keb["jabatan_id"])
    return {
        "need": need, "active": n_active, "all": n_all, "elig": n_elig, "has_row": has_row,
        "surplus": np.maximum(n_active - need, 0), "deficit": np.maximum(need - n_active, 0),
        "prov": prov, "kota": kota, "java": np.isin(prov, list(JAVA)), "east": np.isin(prov, list(EAST)),
        "outer": np.isin(prov, list(OUTER)), "rumpun": rumpun, "jab": keb["jabatan_id"],
        "pusat": np.char.startswith(keb["unor_id"], "P"),
        "jenis_unor": lookup(unor["unor_id"], unor["jenis_unor"], keb["unor_id"]),
        "prio": keb["prioritas"].astype(int), "n_active_total": int(active.sum()),
    }


def test_kebutuhan_columns_and_references(ds: dict) -> None:
    keb = ds["keb"]
    assert header(ds["dir"] / "kebutuhan.csv") == ["unor_id", "jabatan_id", "kebutuhan", "prioritas"]
    assert ds["summary"]["files"]["kebutuhan.csv"] == len(keb["unor_id"]) > 0
    assert set(keb["unor_id"]) <= set(ds["unor"]["unor_id"])
    assert set(keb["jabatan_id"]) <= set(ds["jab"]["jabatan_id"])
    assert all(re.fullmatch(r"0|[1-9][0-9]*", v) for v in keb["kebutuhan"])
    assert set(keb["prioritas"]) <= {"1", "2", "3"}
    assert len(set(zip(keb["unor_id"], keb["jabatan_id"], strict=True))) == len(keb["unor_id"])


def test_every_staffed_pair_has_a_row_and_some_rows_are_vacant(pairs: dict) -> None:
    assert pairs["has_row"].all()  # every person's (unor_id, jabatan_id), active or not
    vacant = pairs["all"] == 0
    assert 0.005 <= vacant.mean() <= 0.2, vacant.mean()
    assert (pairs["need"][vacant] >= 1).all()
    # vacant formations are mostly teachers and health workers in schools and health units
    core = np.isin(pairs["rumpun"][vacant], ["GURU", "KESEHATAN"])
    assert core.mean() >= 0.8


def test_structural_posts_need_exactly_their_head(ds: dict, pairs: dict) -> None:
    js = np.char.startswith(pairs["jab"], "JS-")
    assert js.any() and (pairs["need"][js] == 1).all()
    assert (pairs["surplus"][js] == 0).all() and (pairs["deficit"][js] == 0).all()
    unor = ds["unor"]
    heads = unor["pemimpin_nip"] != ""
    head_jab = lookup(ds["peg"]["nip"], ds["peg"]["jabatan_id"], unor["pemimpin_nip"][heads])
    head_pairs = set(zip(unor["unor_id"][heads], head_jab, strict=True))
    keb = ds["keb"]
    assert set(zip(keb["unor_id"][js], keb["jabatan_id"][js], strict=True)) == head_pairs


def test_national_scale_of_surplus_deficit_and_movable_surplus(pairs: dict) -> None:
    active = pairs["n_active_total"]
    surplus, deficit = pairs["surplus"].sum(), pairs["deficit"].sum()
    movable = np.minimum(pairs["surplus"], pairs["elig"]).sum()
    # the 6-million targets as shares of the active staff
    assert 400_000 / ACTIVE_AT_6M <= surplus / active <= 700_000 / ACTIVE_AT_6M, surplus / active
    assert 450_000 / ACTIVE_AT_6M <= deficit / active <= 900_000 / ACTIVE_AT_6M, deficit / active
    assert movable / active >= 1.2 * 200_000 / ACTIVE_AT_6M, movable / active


def _rate(p: dict, mask: np.ndarray, what: str) -> float:
    return float(p[what][mask].sum() / max(p["active"][mask].sum(), 1))


def test_teachers_and_health_workers_are_short_in_the_east_not_in_java_cities(pairs: dict) -> None:
    for rumpun in ("GURU", "KESEHATAN"):
        r = pairs["rumpun"] == rumpun
        east, java_city = r & pairs["east"], r & pairs["java"] & pairs["kota"]
        java = r & pairs["java"]
        assert _rate(pairs, east, "deficit") > 2 * _rate(pairs, java, "deficit"), rumpun
        assert _rate(pairs, east, "deficit") >= 0.15, rumpun
        assert pairs["deficit"][east].sum() > 3 * pairs["surplus"][east].sum(), rumpun
        assert pairs["surplus"][java_city].sum() > pairs["deficit"][java_city].sum(), rumpun
        # outside Java, regencies are shorter than cities
        outside = r & ~pairs["java"]
        assert _rate(pairs, outside & ~pairs["kota"], "deficit") > _rate(pairs, outside & pairs["kota"], "deficit")


def test_pelaksana_surplus_in_central_agencies_and_java_cities(pairs: dict) -> None:
    jp = np.char.startswith(pairs["jab"], "JP-")
    central, regional = jp & pairs["pusat"], jp & ~pairs["pusat"]
    assert _rate(pairs, central, "surplus") > 1.5 * _rate(pairs, regional, "surplus")
    assert pairs["surplus"][central].sum() > 3 * pairs["deficit"][central].sum()
    java_city = regional & pairs["java"] & pairs["kota"]
    east = regional & pairs["east"]
    assert _rate(pairs, java_city, "surplus") > 2 * _rate(pairs, east, "surplus")
    assert _rate(pairs, east, "deficit") > _rate(pairs, java_city, "deficit")


def test_surplus_and_deficit_share_positions_so_transfers_can_close_gaps(pairs: dict) -> None:
    for jid in ("JP-05", "JF-GURU-AP"):
        m = pairs["jab"] == jid
        assert pairs["surplus"][m].sum() > 0 and pairs["deficit"][m].sum() > 0, jid
    # teachers: surplus in Java's cities, deficit in the east
    guru = pairs["rumpun"] == "GURU"
    assert pairs["surplus"][guru & pairs["java"] & pairs["kota"]].sum() > 0
    assert pairs["deficit"][guru & pairs["east"]].sum() > 0


def test_priority_is_higher_for_teachers_and_health_workers_in_service_units_and_remote_provinces(
        pairs: dict) -> None:
    core = np.isin(pairs["rumpun"], ["GURU", "KESEHATAN"])
    service = np.isin(pairs["jenis_unor"], ["SEKOLAH", "PUSKESMAS", "RUMAH_SAKIT"])
    remote = pairs["east"] | pairs["outer"]
    prio = pairs["prio"]
    jp = np.char.startswith(pairs["jab"], "JP-")
    assert prio[core & service & remote].mean() > prio[core & service & pairs["java"]].mean()
    assert prio[core & service & pairs["java"]].mean() > prio[jp].mean()
    assert (prio[core & service & pairs["east"]] == 3).mean() >= 0.9
    assert (prio[jp & pairs["java"]] == 1).all()


def test_hukdis_rows(ds: dict) -> None:
    huk, peg = ds["huk"], ds["peg"]
    assert header(ds["dir"] / "hukdis.csv") == ["nip", "jenis", "tmt_mulai", "tmt_selesai"]
    n = len(huk["nip"])
    assert ds["summary"]["files"]["hukdis.csv"] == n
    assert 0.004 <= n / len(peg["nip"]) <= 0.006
    kedudukan = lookup(peg["nip"], peg["kedudukan"], huk["nip"])  # every NIP is in pegawai.csv
    assert not set(kedudukan) & {"MENINGGAL"}
    share = {k: v / n for k, v in Counter(huk["jenis"]).items()}
    assert set(share) == {"RINGAN", "SEDANG", "BERAT"}
    assert abs(share["RINGAN"] - 0.6) <= 0.03 and abs(share["SEDANG"] - 0.3) <= 0.03
    assert abs(share["BERAT"] - 0.1) <= 0.03
    start = huk["tmt_mulai"].astype("datetime64[D]")
    assert (np.datetime_as_string(start) == huk["tmt_mulai"]).all()
    assert (start > REF - np.timedelta64(3 * 366, "D")).all() and (start <= REF).all()
    assert (start >= lookup(peg["nip"], peg["tmt_cpns"], huk["nip"]).astype("datetime64[D]")).all()
    ended = huk["tmt_selesai"] != ""
    end = huk["tmt_selesai"][ended].astype("datetime64[D]")
    assert (np.datetime_as_string(end) == huk["tmt_selesai"][ended]).all()
    assert (end >= start[ended]).all()
    light = huk["jenis"] != "BERAT"
    assert ended[light].all()
    days = (end - start[ended]).astype(int)[light[ended]]
    assert days.min() >= 180 and days.max() <= 366
    assert (~ended[~light]).mean() >= 0.5  # BERAT mostly open-ended
    in_force = ~ended | (huk["tmt_selesai"] >= str(REF))
    assert 0.1 <= in_force.mean() <= 0.7


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    def digest(d: Path) -> tuple[str, ...]:
        return tuple(hashlib.sha256((d / f).read_bytes()).hexdigest() for f in ("kebutuhan.csv", "hukdis.csv"))

    write_dataset(tmp_path / "a", employees=3000, seed=11, year=2023)
    write_dataset(tmp_path / "b", employees=3000, seed=11, year=2023)
    write_dataset(tmp_path / "c", employees=3000, seed=12, year=2023)
    a, b, c = digest(tmp_path / "a"), digest(tmp_path / "b"), digest(tmp_path / "c")
    assert a == b and a[0] != c[0] and a[1] != c[1]


@pytest.mark.parametrize("n", [0, 1, 150])
def test_tiny_sizes(tmp_path: Path, n: int) -> None:
    summary = write_dataset(tmp_path, employees=n, seed=5, year=2024)
    assert header(tmp_path / "kebutuhan.csv")[0] == "unor_id" and header(tmp_path / "hukdis.csv")[0] == "nip"
    assert summary["files"]["kebutuhan.csv"] == len(read(tmp_path / "kebutuhan.csv")["unor_id"])
    assert summary["files"]["hukdis.csv"] == len(read(tmp_path / "hukdis.csv")["nip"]) == round(0.005 * n)
