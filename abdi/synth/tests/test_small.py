"""Small synthetic datasets: reproducibility, tiny sizes, the SIASN export variant, purity."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pytest

from abdi.people.nip import validate_nip_array
from abdi.synth import default_year, write_dataset
from abdi.synth import siasn as sx
from abdi.synth.tests.readback import header, lookup, read

FILES = ("instansi.csv", "unor.csv", "jabatan.csv", "pegawai.csv", "kebutuhan.csv", "hukdis.csv")


def _hashes(d: Path, names: tuple[str, ...] = FILES) -> dict[str, str]:
    return {n: hashlib.sha256((d / n).read_bytes()).hexdigest() for n in names}


def test_same_arguments_give_the_same_bytes(tmp_path: Path) -> None:
    names = FILES + ("siasn_roster.csv",)
    write_dataset(tmp_path / "a", employees=3000, seed=11, year=2023, siasn=True)
    write_dataset(tmp_path / "b", employees=3000, seed=11, year=2023, siasn=True)
    assert _hashes(tmp_path / "a", names) == _hashes(tmp_path / "b", names)
    write_dataset(tmp_path / "c", employees=3000, seed=12, year=2023)
    assert _hashes(tmp_path / "c")["pegawai.csv"] != _hashes(tmp_path / "a")["pegawai.csv"]
    # the agencies do not depend on the seed
    assert _hashes(tmp_path / "c")["instansi.csv"] == _hashes(tmp_path / "a")["instansi.csv"]


def test_dates_do_not_depend_on_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dataset(tmp_path / "a", employees=500, seed=3, year=2022)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return dt.date(2031, 7, 1)

    monkeypatch.setattr(dt, "date", Tomorrow)
    write_dataset(tmp_path / "b", employees=500, seed=3, year=2022)
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")


def test_default_year_is_the_last_full_year(tmp_path: Path) -> None:
    assert default_year(dt.date(2026, 1, 1)) == 2025
    assert default_year(dt.date(2026, 12, 31)) == 2025
    summary = write_dataset(tmp_path, employees=10, seed=1)
    assert summary["year"] == dt.date.today().year - 1
    assert summary["reference_date"] == f"{dt.date.today().year - 1}-12-31"


@pytest.mark.parametrize("n", [0, 1, 2, 100])
def test_tiny_sizes_still_have_every_instansi(tmp_path: Path, n: int) -> None:
    summary = write_dataset(tmp_path, employees=n, seed=5, year=2024)
    peg, unor, ins = read(tmp_path / "pegawai.csv"), read(tmp_path / "unor.csv"), read(tmp_path / "instansi.csv")
    assert len(peg["nip"]) == n == summary["files"]["pegawai.csv"]
    assert len(ins["instansi_id"]) == 634
    assert set(unor["instansi_id"]) == set(ins["instansi_id"])
    if n:
        res = validate_nip_array(peg["nip"], birth_dates=peg["tgl_lahir"].astype("datetime64[D]"),
                                 genders=peg["jenis_kelamin"], pppk=peg["jenis_pegawai"] == "PPPK",
                                 today=dt.date(2024, 12, 31))
        assert not np.count_nonzero(res) and not res.birth_mismatch.any()
        assert (lookup(unor["unor_id"], unor["instansi_id"], peg["unor_id"]) == peg["instansi_id"]).all()
        assert len(set(peg["nip"])) == n
    if n == 100:
        assert (peg["kedudukan"] == "AKTIF").sum() == 97
    assert header(tmp_path / "pegawai.csv")[0] == "nip"


def test_siasn_export_is_the_same_roster(tmp_path: Path) -> None:
    write_dataset(tmp_path, employees=2500, seed=9, year=2024, siasn=True)
    peg = read(tmp_path / "pegawai.csv")
    s = read(tmp_path / "siasn_roster.csv")
    assert header(tmp_path / "siasn_roster.csv") == list(sx.COLUMNS)
    assert (s["nip_baru"] == peg["nip"]).all()
    assert (s["nama"] == peg["nama"]).all() and (s["pns_id"] == peg["pns_id"]).all()
    assert (s["gelar_belakang"] == peg["gelar_belakang"]).all()
    # DD-MM-YYYY dates
    ymd = np.array([f"{d[6:]}-{d[3:5]}-{d[:2]}" for d in s["tanggal_lahir"]])
    assert (ymd == peg["tgl_lahir"]).all()
    tmt_pns = np.array([f"{d[6:]}-{d[3:5]}-{d[:2]}" if d else "" for d in s["tmt_pns"]])
    assert (tmt_pns == peg["tmt_pns"]).all()
    assert (np.where(s["jenis_kelamin"] == "M", "L", "P") == peg["jenis_kelamin"]).all()
    assert (np.char.find(s["jenis_pegawai_nama"], "PPPK") >= 0).tolist() == (peg["jenis_pegawai"] == "PPPK").tolist()
    status = {"C": "CPNS", "P": "PNS", "": "PPPK"}
    assert ([status[v] for v in s["status_cpns_pns"]] == peg["status"]).all()
    back = {nama: code for code, (_i, nama) in sx.KEDUDUKAN_HUKUM.items()}
    assert ([back[v] for v in s["kedudukan_hukum_nama"]] == peg["kedudukan"]).all()
    edu = {nama: code for code, (_i, nama) in sx.TINGKAT_PENDIDIKAN.items()}
    assert ([edu[v] for v in s["tingkat_pendidikan_nama"]] == peg["pendidikan"]).all()
    assert (s["gol_akhir_nama"] == peg["golongan"]).all()
    assert (s["jabatan_id"] == peg["jabatan_id"]).all() and (s["unor_id"] == peg["unor_id"]).all()
    assert (s["lokasi_kerja_id"] == peg["lokasi_kabkota_kode"]).all()
    assert (s["instansi_induk_id"] == peg["instansi_id"]).all()
    assert set(s["jenis_jabatan_id"]) == {"1", "2", "4"}
    for personal in ("nik", "nomor_hp", "alamat", "npwp_nomor", "bpjs", "email"):
        assert (s[personal] == "").all()
    pns = peg["jenis_pegawai"] == "PNS"
    assert all(sx.golongan_id(g) == i for g, i in zip(peg["golongan"][pns], s["gol_akhir_id"][pns], strict=True))
    assert sx.golongan_id("III/a") == "31" and sx.golongan_id("IV/e") == "45" and sx.golongan_id("IX") == "109"


def test_synth_package_imports_no_django() -> None:
    root = Path(__file__).resolve().parents[1]
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "django" for a in node.names), path
            elif isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] != "django", path
