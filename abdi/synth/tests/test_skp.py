"""``skp.csv`` of the synthetic dataset, counted independently from the written files (plain CSV reading and
this file's own predikat table from DOMAIN §1)."""

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
# DOMAIN §1 predikat matrix, written from the table: (hasil, perilaku) -> predikat
PREDIKAT = {
    ("DI_ATAS", "DI_BAWAH"): "KURANG", ("DI_ATAS", "SESUAI"): "BAIK", ("DI_ATAS", "DI_ATAS"): "SANGAT_BAIK",
    ("SESUAI", "DI_BAWAH"): "KURANG", ("SESUAI", "SESUAI"): "BAIK", ("SESUAI", "DI_ATAS"): "BAIK",
    ("DI_BAWAH", "DI_BAWAH"): "SANGAT_KURANG", ("DI_BAWAH", "SESUAI"): "BUTUH_PERBAIKAN",
    ("DI_BAWAH", "DI_ATAS"): "BUTUH_PERBAIKAN",
}
RATINGS = {"DI_ATAS", "SESUAI", "DI_BAWAH"}
PERIODS = {"TAHUNAN", "TW1", "TW2", "TW3", "TW4"} | {f"B{m:02d}" for m in range(1, 13)}


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("synth_skp")
    summary = write_dataset(out, employees=N, seed=5, year=YEAR)
    return {"dir": out, "summary": summary, "skp": read(out / "skp.csv"), "peg": read(out / "pegawai.csv")}


def test_header_codes_and_row_count(ds: dict) -> None:
    skp = ds["skp"]
    assert header(ds["dir"] / "skp.csv") == ["nip", "tahun", "periode", "rating_hasil_kerja",
                                             "rating_perilaku_kerja"]
    assert ds["summary"]["files"]["skp.csv"] == len(skp["nip"]) > 0
    assert set(skp["tahun"]) == {str(YEAR)}
    assert set(skp["periode"]) <= PERIODS
    assert set(skp["rating_hasil_kerja"]) <= RATINGS and set(skp["rating_perilaku_kerja"]) <= RATINGS
    triples = Counter(zip(skp["nip"], skp["periode"], strict=True))
    assert max(triples.values()) == 1  # (nip, tahun, periode) is a key


def test_every_nip_is_an_eligible_civil_servant_of_pegawai_csv(ds: dict) -> None:
    skp, peg = ds["skp"], ds["peg"]
    kedudukan = lookup(peg["nip"], peg["kedudukan"], skp["nip"])  # asserts every NIP is in pegawai.csv
    tmt = lookup(peg["nip"], peg["tmt_cpns"], skp["nip"])
    assert set(kedudukan) == {"AKTIF"}
    assert (tmt <= f"{YEAR}-07-01").all()


def test_annual_coverage_and_monthly_subset(ds: dict) -> None:
    skp, peg = ds["skp"], ds["peg"]
    eligible = set(peg["nip"][(peg["kedudukan"] == "AKTIF") & (peg["tmt_cpns"] <= f"{YEAR}-07-01")])
    annual = set(skp["nip"][skp["periode"] == "TAHUNAN"])
    unrated = 1 - len(annual) / len(eligible)
    assert 0.02 <= unrated <= 0.04, unrated
    monthly = Counter(skp["nip"][np.char.startswith(skp["periode"].astype(str), "B")])
    assert set(monthly.values()) == {12}  # B01–B12 for each person in the subset
    assert 0.04 <= len(monthly) / len(eligible) <= 0.06


def test_predikat_shares_of_annual_ratings(ds: dict) -> None:
    skp = ds["skp"]
    annual = skp["periode"] == "TAHUNAN"
    pred = Counter(PREDIKAT[(h, p)] for h, p in zip(skp["rating_hasil_kerja"][annual],
                                                    skp["rating_perilaku_kerja"][annual], strict=True))
    n = sum(pred.values())
    share = {k: v / n for k, v in pred.items()}
    assert 0.10 <= share["SANGAT_BAIK"] <= 0.15, share
    assert 0.78 <= share["BAIK"] <= 0.88, share
    assert 0.02 <= share["BUTUH_PERBAIKAN"] <= 0.045, share
    assert 0.005 <= share["KURANG"] <= 0.02, share
    assert 0.0005 <= share.get("SANGAT_KURANG", 0) <= 0.008, share


def test_agencies_differ_more_than_chance(ds: dict) -> None:
    """A per-agency tilt: the spread of the Sangat Baik share between large agencies exceeds binomial noise."""
    skp, peg = ds["skp"], ds["peg"]
    annual = skp["periode"] == "TAHUNAN"
    inst = lookup(peg["nip"], peg["instansi_id"], skp["nip"][annual])
    top = (skp["rating_hasil_kerja"][annual] == "DI_ATAS") & (skp["rating_perilaku_kerja"][annual] == "DI_ATAS")
    ids, idx, sizes = np.unique(inst, return_inverse=True, return_counts=True)
    sb = np.bincount(idx, weights=top) / sizes
    big = sizes >= 150
    assert big.sum() >= 10
    p = top.mean()
    observed = np.var(sb[big])
    chance = np.mean(p * (1 - p) / sizes[big])
    assert observed > 1.3 * chance, (observed, chance)  # 1.59 with the tilt, 1.01 without (seed 5)


def test_same_arguments_same_skp_bytes(tmp_path: Path) -> None:
    def digest(d: Path) -> str:
        return hashlib.sha256((d / "skp.csv").read_bytes()).hexdigest()

    write_dataset(tmp_path / "a", employees=3000, seed=11, year=2023)
    write_dataset(tmp_path / "b", employees=3000, seed=11, year=2023)
    write_dataset(tmp_path / "c", employees=3000, seed=12, year=2023)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_sizes_write_a_header(tmp_path: Path, n: int) -> None:
    summary = write_dataset(tmp_path, employees=n, seed=5, year=2024)
    assert header(tmp_path / "skp.csv")[0] == "nip"
    assert summary["files"]["skp.csv"] == len(read(tmp_path / "skp.csv")["nip"])
