"""The synthetic national dataset at 200 000 employees, checked from the written CSV files.

Every figure here is counted independently from the files (Arrow's CSV reader, this file's own code), never
from the generator's summary. The dataset is generated once per test module (about two seconds).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from abdi.people.nip import validate_nip_array
from abdi.reference import codes
from abdi.reference import path as ref_path
from abdi.synth import write_dataset
from abdi.synth.tests.readback import header, lookup, read

N = 200_000
YEAR = 2024
REF = dt.date(YEAR, 12, 31)
CAL = json.loads(Path(ref_path("calibration.json")).read_text(encoding="utf-8"))
PEGAWAI_COLUMNS = ["nip", "nama", "tgl_lahir", "jenis_kelamin", "jenis_pegawai", "status", "kedudukan", "golongan",
                   "pendidikan", "tmt_cpns", "instansi_id", "unor_id", "jabatan_id", "tmt_jabatan",
                   "lokasi_kabkota_kode", "pns_id", "nip_lama", "gelar_depan", "gelar_belakang", "tmt_pns",
                   "tmt_golongan", "instansi_kerja_id"]


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("synth200k")
    summary = write_dataset(out, employees=N, seed=7, year=YEAR)
    return {"dir": out, "summary": summary, "peg": read(out / "pegawai.csv"), "unor": read(out / "unor.csv"),
            "ins": read(out / "instansi.csv"), "jab": read(out / "jabatan.csv")}


@pytest.fixture(scope="module")
def active(ds: dict) -> np.ndarray:
    return ds["peg"]["kedudukan"] == "AKTIF"


def _share(values: np.ndarray, key: str) -> float:
    return float((values == key).mean())


def test_files_rows_and_columns(ds: dict) -> None:
    d = ds["dir"]
    assert header(d / "pegawai.csv") == PEGAWAI_COLUMNS
    assert header(d / "instansi.csv") == ["instansi_id", "nama", "jenis", "provinsi_kode", "kabkota_kode"]
    assert header(d / "unor.csv") == ["unor_id", "instansi_id", "diatasan_id", "nama", "eselon", "jenis_unor",
                                      "lokasi_kabkota_kode", "pemimpin_nip"]
    assert header(d / "jabatan.csv") == ["jabatan_id", "nama", "jenis", "jenjang", "kelas", "rumpun", "bup",
                                         "golongan_min", "golongan_max"]
    assert len(ds["peg"]["nip"]) == N
    raw = (d / "pegawai.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw[:10000]
    assert ds["summary"]["files"]["pegawai.csv"] == N


def test_instansi(ds: dict) -> None:
    ins = ds["ins"]
    assert len(ins["instansi_id"]) == 634 == len(set(ins["instansi_id"]))
    counts = {j: int((ins["jenis"] == j).sum()) for j in ("PUSAT", "PROVINSI", "KABUPATEN", "KOTA")}
    assert counts == {"PUSAT": 88, "PROVINSI": 38, "KABUPATEN": 415, "KOTA": 93}
    admin = {"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}
    assert not admin & set(ins["kabkota_kode"])
    regional = ins["jenis"] != "PUSAT"
    assert (ins["provinsi_kode"][regional] != "").all() and (ins["provinsi_kode"][~regional] == "").all()
    kk = np.isin(ins["jenis"], ["KABUPATEN", "KOTA"])
    assert (np.char.partition(ins["kabkota_kode"][kk], ".")[:, 0] == ins["provinsi_kode"][kk]).all()
    # every instansi has exactly one root unit
    unor = ds["unor"]
    roots = unor["instansi_id"][unor["diatasan_id"] == ""]
    assert sorted(roots.tolist()) == sorted(ins["instansi_id"].tolist())


@pytest.mark.parametrize("key", ["jenis_pegawai", "pusat_daerah", "jenis_kelamin", "pendidikan", "jenis_jabatan",
                                 "fungsional_mix"])
def test_verified_shares_within_one_point_of_active_staff(ds: dict, active: np.ndarray, key: str) -> None:
    entry = CAL[key]
    assert entry["confidence"] == "V"
    targets = entry.get("shares") or entry["shares_of_fungsional"]
    peg = ds["peg"]
    if key == "jenis_pegawai":
        values = peg["jenis_pegawai"][active]
    elif key == "jenis_kelamin":
        values = peg["jenis_kelamin"][active]
    elif key == "pusat_daerah":
        jenis = lookup(ds["ins"]["instansi_id"], ds["ins"]["jenis"], peg["instansi_id"][active])
        values = np.where(jenis == "PUSAT", "PUSAT", "DAERAH")
    elif key == "pendidikan":
        groups = {"SD": "SD_SMA", "SMP": "SD_SMA", "SMA": "SD_SMA", "D1": "D1_D3", "D2": "D1_D3", "D3": "D1_D3",
                  "D4": "D4_S1", "S1": "D4_S1", "S2": "S2", "S3": "S3"}
        values = np.vectorize(groups.get)(peg["pendidikan"][active])
    elif key == "jenis_jabatan":
        values = lookup(ds["jab"]["jabatan_id"], ds["jab"]["jenis"], peg["jabatan_id"][active])
    else:
        jenis = lookup(ds["jab"]["jabatan_id"], ds["jab"]["jenis"], peg["jabatan_id"][active])
        rumpun = lookup(ds["jab"]["jabatan_id"], ds["jab"]["rumpun"], peg["jabatan_id"][active])[jenis == "FUNGSIONAL"]
        values = np.where(np.isin(rumpun, ["GURU", "KESEHATAN", "DOSEN"]), rumpun, "LAINNYA")
    for label, target in targets.items():
        assert abs(_share(values, label) - target) <= 0.01, (key, label, _share(values, label), target)


def test_most_staff_active_and_every_kedudukan_present(ds: dict, active: np.ndarray) -> None:
    assert 0.96 <= active.mean() <= 0.98
    assert set(ds["peg"]["kedudukan"]) == set(codes.KEDUDUKAN)


def test_nips_valid_unique_and_consistent(ds: dict) -> None:
    peg = ds["peg"]
    nip = peg["nip"]
    pppk = peg["jenis_pegawai"] == "PPPK"
    res = validate_nip_array(nip, birth_dates=peg["tgl_lahir"].astype("datetime64[D]"),
                             genders=peg["jenis_kelamin"], pppk=pppk, today=REF)
    assert int(np.count_nonzero(res)) == 0
    assert not res.birth_mismatch.any() and not res.gender_mismatch.any()
    assert len(np.unique(nip)) == N
    tmt = np.char.replace(peg["tmt_cpns"], "-", "")
    assert (np.char.ljust(nip, 18).astype("U14").astype("U8") == np.char.replace(peg["tgl_lahir"], "-", "")).all()
    mid = np.array([s[8:14] for s in nip])
    assert (mid[~pppk] == np.array([t[:6] for t in tmt[~pppk]])).all()
    assert (np.array([m[:4] for m in mid[pppk]]) == np.array([t[:4] for t in tmt[pppk]])).all()
    # sequence numbers run 001, 002, … within each 15-digit prefix
    prefix = np.array([s[:15] for s in nip])
    seq = np.array([int(s[15:]) for s in nip])
    order = np.lexsort((seq, prefix))
    p, s = prefix[order], seq[order]
    first = np.ones(N, bool)
    first[1:] = p[1:] != p[:-1]
    start = np.maximum.accumulate(np.where(first, np.arange(N), 0))
    assert (s == np.arange(N) - start + 1).all()


def _dates(a: np.ndarray) -> np.ndarray:
    return np.where(a == "", "NaT", a).astype("datetime64[D]")


def test_nobody_active_past_retirement_age_and_adult_at_entry(ds: dict, active: np.ndarray) -> None:
    peg = ds["peg"]
    bup = lookup(ds["jab"]["jabatan_id"], ds["jab"]["bup"], peg["jabatan_id"]).astype(int)
    birth = _dates(peg["tgl_lahir"])
    by = birth.astype("datetime64[Y]").astype(int) + 1970
    bm = birth.astype("datetime64[M]").astype(int) % 12
    bd = (birth - birth.astype("datetime64[M]")).astype(int)
    # the birthday at which bup is reached, as a date
    reached = ((by + bup - 1970) * 12 + bm).astype("datetime64[M]").astype("datetime64[D]") + bd
    assert (reached[active] > np.datetime64(REF)).all()
    tmt = _dates(peg["tmt_cpns"])
    adult = ((by + 18 - 1970) * 12 + bm).astype("datetime64[M]").astype("datetime64[D]") + bd
    assert (tmt >= adult).all()
    assert (tmt <= np.datetime64(REF)).all() and (birth < tmt).all()


def test_dates_plausible(ds: dict) -> None:
    peg = ds["peg"]
    ref = np.datetime64(REF)
    tmt = _dates(peg["tmt_cpns"])
    for col in ("tmt_jabatan", "tmt_pns", "tmt_golongan"):
        d = _dates(peg[col])
        ok = ~np.isnat(d)
        assert (d[ok] <= ref).all() and (d[ok] >= tmt[ok]).all(), col
    pns = peg["jenis_pegawai"] == "PNS"
    assert set(peg["status"][pns]) == {"CPNS", "PNS"} and set(peg["status"][~pns]) == {"PPPK"}
    cpns = peg["status"] == "CPNS"
    assert (tmt[cpns] > ref - np.timedelta64(2 * 366, "D")).all()
    assert (peg["tmt_pns"][cpns] == "").all() and (peg["tmt_pns"][peg["status"] == "PNS"] != "").all()


def test_golongan_consistent_with_position_and_education(ds: dict) -> None:
    peg, jab = ds["peg"], ds["jab"]
    rank = {c: i for i, c in enumerate(codes.GOLONGAN_PNS_CODES, start=1)}
    pns = peg["jenis_pegawai"] == "PNS"
    g = np.array([rank.get(x, 0) for x in peg["golongan"]])
    assert (g[pns] > 0).all()
    lo = np.array([rank.get(x, 0) for x in lookup(jab["jabatan_id"], jab["golongan_min"], peg["jabatan_id"])])
    hi = np.array([rank.get(x, 99) for x in lookup(jab["jabatan_id"], jab["golongan_max"], peg["jabatan_id"])])
    assert ((g >= lo) & (g <= hi))[pns].all()
    edu = {p.kode: p for p in codes.PENDIDIKAN}
    entry = np.array([rank[edu[e].golongan_awal] for e in peg["pendidikan"]])
    cap = np.array([rank[edu[e].golongan_maks] for e in peg["pendidikan"]])
    jenis = lookup(jab["jabatan_id"], jab["jenis"], peg["jabatan_id"])
    pel = pns & (jenis == "PELAKSANA")
    assert (g[pel] <= cap[pel]).all()
    nonstruct = pns & (jenis != "STRUKTURAL")
    assert (g[nonstruct] >= entry[nonstruct]).all()
    grade = {c: i for i, c in enumerate(codes.GOLONGAN_PPPK_CODES, start=1)}
    pppk_entry = np.array([grade[edu[e].pppk_awal] for e in peg["pendidikan"]])
    gp = np.array([grade.get(x, 0) for x in peg["golongan"]])
    assert (gp[~pns] == pppk_entry[~pns]).all()
    values, counts = np.unique(peg["golongan"][~pns & (peg["kedudukan"] == "AKTIF")], return_counts=True)
    assert values[np.argmax(counts)] == "IX"


def test_references_resolve_and_units_belong_to_the_instansi(ds: dict) -> None:
    peg, unor, ins, jab = ds["peg"], ds["unor"], ds["ins"], ds["jab"]
    assert len(np.unique(unor["unor_id"])) == len(unor["unor_id"])
    assert np.isin(unor["instansi_id"], ins["instansi_id"]).all()
    assert np.isin(peg["instansi_id"], ins["instansi_id"]).all()
    assert np.isin(peg["jabatan_id"], jab["jabatan_id"]).all()
    unit_inst = lookup(unor["unor_id"], unor["instansi_id"], peg["unor_id"])
    assert (unit_inst == peg["instansi_id"]).all()
    unit_loc = lookup(unor["unor_id"], unor["lokasi_kabkota_kode"], peg["unor_id"])
    assert (unit_loc == peg["lokasi_kabkota_kode"]).all()
    with open(ref_path("idn_regencies.csv"), encoding="utf-8") as fh:
        kab = {line.split(",")[0] for line in fh.read().splitlines()[1:]}
    assert set(unor["lokasi_kabkota_kode"]) <= kab
    assert set(unor["eselon"]) <= set(codes.ESELON) | {""}
    assert set(unor["jenis_unor"]) <= set(codes.JENIS_UNOR)
    assert set(jab["jenjang"]) <= set(codes.JENJANG_BY_CODE)
    assert (peg["instansi_kerja_id"] == "").all()


def test_unit_heads_are_structural_officials_of_their_unit(ds: dict) -> None:
    peg, unor, jab = ds["peg"], ds["unor"], ds["jab"]
    headed = unor["pemimpin_nip"] != ""
    assert headed.sum() > 0.4 * len(headed)
    head_unit = lookup(peg["nip"], peg["unor_id"], unor["pemimpin_nip"][headed])
    assert (head_unit == unor["unor_id"][headed]).all()
    head_jab = lookup(peg["nip"], peg["jabatan_id"], unor["pemimpin_nip"][headed])
    assert (lookup(jab["jabatan_id"], jab["jenis"], head_jab) == "STRUKTURAL").all()
    # and every active structural official heads a unit
    jenis = lookup(jab["jabatan_id"], jab["jenis"], peg["jabatan_id"])
    struct = (jenis == "STRUKTURAL") & (peg["kedudukan"] == "AKTIF")
    assert np.isin(peg["nip"][struct], unor["pemimpin_nip"]).all()


def test_unit_trees_are_acyclic_within_one_instansi(ds: dict) -> None:
    unor = ds["unor"]
    ids = unor["unor_id"]
    has_parent = unor["diatasan_id"] != ""
    parent = np.full(len(ids), -1)
    order = np.argsort(ids)
    parent[has_parent] = order[np.searchsorted(ids[order], unor["diatasan_id"][has_parent])]
    assert (ids[parent[has_parent]] == unor["diatasan_id"][has_parent]).all()
    assert (unor["instansi_id"][parent[has_parent]] == unor["instansi_id"][has_parent]).all()
    node = np.arange(len(ids))
    for _ in range(30):
        node = np.where(node >= 0, parent[np.maximum(node, 0)], -1)
        if (node < 0).all():
            break
    assert (node < 0).all(), "a unit never reaches a root"


def test_workplaces_match_the_job(ds: dict) -> None:
    peg, unor, jab = ds["peg"], ds["unor"], ds["jab"]
    rumpun = lookup(jab["jabatan_id"], jab["rumpun"], peg["jabatan_id"])
    jenis_unor = lookup(unor["unor_id"], unor["jenis_unor"], peg["unor_id"])
    assert (jenis_unor[rumpun == "GURU"] == "SEKOLAH").all()
    assert np.isin(jenis_unor[rumpun == "KESEHATAN"], ["PUSKESMAS", "RUMAH_SAKIT"]).all()
    assert set(jenis_unor) >= {"KANTOR", "SEKOLAH", "PUSKESMAS", "RUMAH_SAKIT", "UPT"}
    n_units = len(unor["unor_id"])
    assert N / 20 < n_units < N / 6


def test_regional_staff_follow_population_with_visible_imbalance(ds: dict, active: np.ndarray) -> None:
    peg, ins = ds["peg"], ds["ins"]
    prov_of_inst = lookup(ins["instansi_id"], ins["provinsi_kode"], peg["instansi_id"][active])
    regional = prov_of_inst != ""
    with open(ref_path("provinces.csv"), encoding="utf-8") as fh:
        rows = [line.split(",") for line in fh.read().splitlines()[1:]]
    codes_ = [r[0] for r in rows]
    pop = np.array([float(r[5]) for r in rows])
    staff = np.array([(prov_of_inst[regional] == c).sum() for c in codes_], dtype=float)
    assert (staff > 0).all()
    assert np.corrcoef(staff, pop)[0, 1] > 0.8
    ratio = staff / pop
    assert ratio.max() / ratio.min() > 1.5


def test_central_staff_work_mostly_in_jakarta_but_not_only(ds: dict, active: np.ndarray) -> None:
    peg, ins = ds["peg"], ds["ins"]
    jenis = lookup(ins["instansi_id"], ins["jenis"], peg["instansi_id"][active])
    prov = np.char.partition(peg["lokasi_kabkota_kode"][active][jenis == "PUSAT"], ".")[:, 0]
    codes_, counts = np.unique(prov, return_counts=True)
    assert codes_[np.argmax(counts)] == "31"
    assert 0.45 < counts[codes_ == "31"][0] / counts.sum() < 0.9
    assert len(codes_) >= 36  # vertical offices reach (nearly) every province


def test_calibration_report_covers_every_figure(ds: dict) -> None:
    cal = ds["summary"]["calibration"]
    for key in ("jenis_pegawai", "pusat_daerah", "jenis_kelamin", "pendidikan", "jenis_jabatan", "fungsional_mix",
                "generasi", "golongan_pns", "pppk_grade_mode", "perempuan_pimpinan", "asn_per_100_penduduk",
                "instansi"):
        assert key in cal and cal[key]["confidence"] == CAL[key]["confidence"]
    for key in ("jenis_pegawai", "pusat_daerah", "jenis_kelamin", "pendidikan", "jenis_jabatan", "fungsional_mix"):
        assert cal[key]["max_abs_diff_pp"] <= 1.0
    # [U]/[M] figures: reported, and roughly met
    assert cal["generasi"]["max_abs_diff_pp"] < 5
    assert cal["golongan_pns"]["max_abs_diff_pp"] < 5
    assert cal["perempuan_pimpinan"]["max_abs_diff_pp"] < 10
    assert cal["pppk_grade_mode"]["achieved"] == "IX"


def test_names_and_titles_look_indonesian(ds: dict) -> None:
    peg = ds["peg"]
    assert (np.char.str_len(peg["nama"]) >= 3).all()
    assert len(np.unique(peg["nama"])) > N / 20
    guru = peg["jabatan_id"] == "JF-GURU-AP"
    assert np.isin(peg["gelar_belakang"][guru & (peg["pendidikan"] == "S1")],
                   ["S.Pd.", "S.Pd.I.", "S.Ag.", "S.Si.", "S.Pd.SD."]).all()
    assert (peg["gelar_belakang"][np.isin(peg["pendidikan"], ["SD", "SMP", "SMA"])] == "").all()
    assert len(np.unique(peg["pns_id"])) == N
