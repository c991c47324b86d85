"""The synthetic dataset loads without a rejection, both as a dataset directory and as a SIASN export, and
the loaded statistics agree with the files."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from abdi.competency.models import Asesmen, StandarKompetensi
from abdi.people.imports import load_directory
from abdi.people.imports.siasn import load_siasn
from abdi.people.models import Pegawai, RiwayatPegawai
from abdi.people.stats import workforce_stats
from abdi.synth import write_dataset

pytestmark = pytest.mark.django_db
N = 3000


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    write_dataset(out, employees=N, seed=7, year=2025, siasn=True)
    return out


def test_synthetic_dataset_loads_without_rejections(synth_dir):
    report = load_directory(synth_dir)
    assert report.rejected == [] and report.exit_code == 0
    assert Pegawai.objects.count() == N == RiwayatPegawai.objects.count()
    # skp.csv (registered by the performance app) loads after the roster, every row accepted
    with (synth_dir / "skp.csv").open(encoding="utf-8") as fh:
        skp_rows = sum(1 for _ in fh) - 1
    assert skp_rows > 0 and report.files["skp.csv"] == {"rows": skp_rows, "loaded": skp_rows, "rejected": 0}
    # so do the competency standards and assessments (registered by the competency app)
    for name in ("standar_kompetensi.csv", "asesmen.csv"):
        with (synth_dir / name).open(encoding="utf-8") as fh:
            n_rows = sum(1 for _ in fh) - 1
        assert n_rows > 0 and report.files[name] == {"rows": n_rows, "loaded": n_rows, "rejected": 0}, name
    assert StandarKompetensi.objects.count() == report.files["standar_kompetensi.csv"]["rows"]
    assert Asesmen.objects.count() == report.files["asesmen.csv"]["rows"]
    with (synth_dir / "pegawai.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    active = [r for r in rows if r["kedudukan"] == "AKTIF"]
    stats = workforce_stats()
    assert stats["total"] == len(active)
    assert stats["by_jenis_kelamin"] == {k: Counter(r["jenis_kelamin"] for r in active)[k] for k in ("L", "P")}
    assert stats["by_golongan"] == dict(Counter(r["golongan"] for r in active))
    assert sum(stats["by_golongan"].values()) == len(active)


def test_reloading_the_same_dataset_changes_nothing(synth_dir):
    assert load_directory(synth_dir).exit_code == 0
    before = RiwayatPegawai.objects.count()
    again = load_directory(synth_dir)
    assert again.exit_code == 0 and again.rejected == []
    assert RiwayatPegawai.objects.count() == before


def test_synthetic_siasn_export_loads_as_it_comes(synth_dir):
    report = load_siasn(synth_dir / "siasn_roster.csv")
    assert report.rejected == [] and report.exit_code == 0
    assert Pegawai.objects.count() == N
    with (synth_dir / "pegawai.csv").open(encoding="utf-8") as fh:
        expected = {r["nip"]: r for r in csv.DictReader(fh)}
    for p in Pegawai.objects.all()[:500]:
        row = expected[p.nip]
        assert (p.jenis_kelamin, str(p.tgl_lahir), p.golongan, p.pendidikan, p.status, p.kedudukan) == (
            row["jenis_kelamin"], row["tgl_lahir"], row["golongan"], row["pendidikan"], row["status"],
            row["kedudukan"])
