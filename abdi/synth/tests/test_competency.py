"""``standar_kompetensi.csv`` and ``asesmen.csv`` of the synthetic dataset, checked independently from the
written files (plain CSV reading; the default standards and JPM rule written here from DOMAIN §3)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from abdi.synth import write_dataset
from abdi.synth.tests.readback import header, lookup, read

N = 40_000
YEAR = 2024
NINE = ["integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
        "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa"]
# DOMAIN §3 typical standards (non-functional levels)
DEFAULT = {"JPT_UTAMA": 5, "JPT_MADYA": 5, "JPT_PRATAMA": 4, "ADMINISTRATOR": 3, "PENGAWAS": 2, "PELAKSANA": 1}
JPT = {"JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA"}


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("synth_competency")
    summary = write_dataset(out, employees=N, seed=5, year=YEAR)
    return {"dir": out, "summary": summary, "std": read(out / "standar_kompetensi.csv"),
            "ases": read(out / "asesmen.csv"), "peg": read(out / "pegawai.csv"), "jab": read(out / "jabatan.csv")}


def _jenjang_of(ds: dict, jabatan_ids: np.ndarray) -> np.ndarray:
    return lookup(ds["jab"]["jabatan_id"], ds["jab"]["jenjang"], jabatan_ids)


def test_headers_row_counts_and_codes(ds: dict) -> None:
    std, ases = ds["std"], ds["ases"]
    assert header(ds["dir"] / "standar_kompetensi.csv") == ["jabatan_id", "kompetensi", "level"]
    assert header(ds["dir"] / "asesmen.csv") == ["nip", "tanggal"] + NINE
    assert ds["summary"]["files"]["standar_kompetensi.csv"] == len(std["jabatan_id"]) > 0
    assert ds["summary"]["files"]["asesmen.csv"] == len(ases["nip"]) > 0
    assert set(std["kompetensi"]) == set(NINE)
    assert set(std["level"]) <= {"1", "2", "3", "4", "5"}
    for k in NINE:
        assert set(ases[k]) <= {"1", "2", "3", "4", "5"}, k
    assert max(Counter(zip(std["jabatan_id"], std["kompetensi"], strict=True)).values()) == 1
    assert max(Counter(zip(ases["nip"], ases["tanggal"], strict=True)).values()) == 1


def test_standards_cover_every_functional_position_and_some_structural_ones(ds: dict) -> None:
    std, jab = ds["std"], ds["jab"]
    jenis = lookup(jab["jabatan_id"], jab["jenis"], std["jabatan_id"])  # every jabatan_id is in jabatan.csv
    per_position = Counter(std["jabatan_id"])
    assert set(per_position.values()) == {9}
    functional = set(jab["jabatan_id"][jab["jenis"] == "FUNGSIONAL"])
    structural = set(jab["jabatan_id"][jab["jenis"] == "STRUKTURAL"])
    assert functional <= set(per_position)
    explicit_struct = set(std["jabatan_id"][jenis == "STRUKTURAL"])
    assert 0.05 <= len(explicit_struct) / len(structural) <= 0.2
    assert "PELAKSANA" not in set(jenis)
    # explicit structural rows differ slightly from the level default: one or two competencies, by one
    for jid in explicit_struct:
        rows = std["jabatan_id"] == jid
        default = DEFAULT[str(_jenjang_of(ds, np.array([jid]))[0])]
        diff = std["level"][rows].astype(int) - default
        assert 1 <= np.count_nonzero(diff) <= 2 and np.abs(diff).max() == 1, (jid, diff)
    # functional levels follow the jenjang (expert levels above skilled ones on average)
    lv = std["level"].astype(int)
    jj = _jenjang_of(ds, std["jabatan_id"])
    mean = {j: lv[jj == j].mean() for j in set(jj[jenis == "FUNGSIONAL"])}
    assert mean["AHLI_UTAMA"] > mean["AHLI_MADYA"] > mean["AHLI_PERTAMA"] > mean.get("TERAMPIL", 0)


def test_every_assessed_nip_is_an_active_civil_servant_and_dates_are_in_the_window(ds: dict) -> None:
    ases, peg = ds["ases"], ds["peg"]
    kedudukan = lookup(peg["nip"], peg["kedudukan"], ases["nip"])  # asserts every NIP is in pegawai.csv
    assert set(kedudukan) == {"AKTIF"}
    t = ases["tanggal"]
    assert (t > f"{YEAR - 3}-12-31").all() and (t <= f"{YEAR}-12-31").all()
    days = t.astype("datetime64[D]")  # every date is a real date
    assert (np.datetime_as_string(days) == t).all()
    assert (t >= lookup(peg["nip"], peg["tmt_cpns"], ases["nip"])).all()


def test_assessed_shares_by_level(ds: dict) -> None:
    ases, peg = ds["ases"], ds["peg"]
    active = peg["kedudukan"] == "AKTIF"
    jj = _jenjang_of(ds, peg["jabatan_id"][active])
    assessed = np.isin(peg["nip"][active], np.unique(ases["nip"]))
    assert 0.30 <= assessed.mean() <= 0.40, assessed.mean()

    def share(levels: set[str]) -> float:
        m = np.isin(jj, list(levels))
        return float(assessed[m].mean())

    functional = {"AHLI_UTAMA", "AHLI_MADYA", "AHLI_MUDA", "AHLI_PERTAMA", "PENYELIA", "MAHIR", "TERAMPIL",
                  "PEMULA"}
    leaders, pengawas = share(JPT | {"ADMINISTRATOR"}), share({"PENGAWAS"})
    fung, pel = share(functional), share({"PELAKSANA"})
    assert leaders >= 0.7 and 0.45 <= pengawas <= 0.75 and 0.25 <= fung <= 0.55 and pel <= 0.2
    assert leaders > pengawas > fung > pel
    per_person = Counter(ases["nip"])
    repeat = sum(1 for v in per_person.values() if v == 2) / len(per_person)
    assert max(per_person.values()) == 2
    assert 0.13 <= repeat <= 0.17, repeat


def test_jpm_categories_of_the_latest_assessments(ds: dict) -> None:
    """JPM per DOMAIN §3 (Σ individual ÷ Σ standard × 100; the position's rows, else its level's default),
    the latest assessment counting."""
    ases, peg, std = ds["ases"], ds["peg"], ds["std"]
    rows: dict[str, dict[str, int]] = {}
    for jid, k, lv in zip(std["jabatan_id"], std["kompetensi"], std["level"], strict=True):
        rows.setdefault(jid, {})[k] = int(lv)
    latest: dict[str, tuple[str, int]] = {}
    total = np.sum([ases[k].astype(int) for k in NINE], axis=0)
    for nip, t, s in zip(ases["nip"], ases["tanggal"], total, strict=True):
        if nip not in latest or t > latest[nip][0]:
            latest[nip] = (t, int(s))
    nips = np.array(sorted(latest))
    jab = lookup(peg["nip"], peg["jabatan_id"], nips)
    jenjang = _jenjang_of(ds, jab)
    cats = Counter()
    for nip, jid, jj in zip(nips, jab, jenjang, strict=True):
        standard = sum(rows[jid].values()) if jid in rows else 9 * DEFAULT[jj]
        jpm = 100 * latest[nip][1] / standard
        cats["OPTIMAL" if jpm >= 90 else "CUKUP_OPTIMAL" if jpm >= 78 else "KURANG_OPTIMAL"] += 1
    n = sum(cats.values())
    share = {k: v / n for k, v in cats.items()}
    assert 0.34 <= share["OPTIMAL"] <= 0.46, share
    assert 0.29 <= share["CUKUP_OPTIMAL"] <= 0.41, share
    assert 0.19 <= share["KURANG_OPTIMAL"] <= 0.31, share


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    def digest(d: Path) -> tuple[str, str]:
        return tuple(hashlib.sha256((d / f).read_bytes()).hexdigest()
                     for f in ("standar_kompetensi.csv", "asesmen.csv"))

    write_dataset(tmp_path / "a", employees=3000, seed=11, year=2023)
    write_dataset(tmp_path / "b", employees=3000, seed=11, year=2023)
    write_dataset(tmp_path / "c", employees=3000, seed=12, year=2023)
    a, b, c = digest(tmp_path / "a"), digest(tmp_path / "b"), digest(tmp_path / "c")
    assert a == b and a[0] != c[0] and a[1] != c[1]


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_sizes_write_a_header(tmp_path: Path, n: int) -> None:
    summary = write_dataset(tmp_path, employees=n, seed=5, year=2024)
    assert header(tmp_path / "asesmen.csv")[0] == "nip"
    assert summary["files"]["asesmen.csv"] == len(read(tmp_path / "asesmen.csv")["nip"])
    assert summary["files"]["standar_kompetensi.csv"] > 0
