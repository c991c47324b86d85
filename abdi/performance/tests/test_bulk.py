"""``skp.csv`` in ``abdi load DIR`` (CONTRACTS §3, §4): what loads, each rejection with its line and reason, the
(nip, tahun, periode) key, re-loads, ``--strict``, the report, and the per-unit summary kept current.

Expected values are written out here (the dataset of ``abdi.people.tests.dataset`` and DOMAIN §1's matrix),
never read back from the code under test."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from abdi.core.models import LoadBatch
from abdi.people.imports import load_directory
from abdi.people.models import Pegawai
from abdi.people.tests.dataset import PEGAWAI, person, write_csv, write_dataset
from abdi.performance.models import SkpRating, SkpSummary

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)
HEADER = ["nip", "tahun", "periode", "rating_hasil_kerja", "rating_perilaku_kerja"]
BUDI, SITI, AGUS, DEWI = (row[0] for row in PEGAWAI)
UNKNOWN = "198001012005011001"  # a well-formed NIP nobody in the dataset has
# DOMAIN §1, written from its table
DOMAIN = {("DI_ATAS", "DI_BAWAH"): "KURANG", ("DI_ATAS", "SESUAI"): "BAIK", ("DI_ATAS", "DI_ATAS"): "SANGAT_BAIK",
          ("SESUAI", "DI_BAWAH"): "KURANG", ("SESUAI", "SESUAI"): "BAIK", ("SESUAI", "DI_ATAS"): "BAIK",
          ("DI_BAWAH", "DI_BAWAH"): "SANGAT_KURANG", ("DI_BAWAH", "SESUAI"): "BUTUH_PERBAIKAN",
          ("DI_BAWAH", "DI_ATAS"): "BUTUH_PERBAIKAN"}
GOOD = [
    [BUDI, "2025", "TAHUNAN", "DI_ATAS", "DI_ATAS"],
    [SITI, "2025", "TAHUNAN", "SESUAI", "SESUAI"],
    [AGUS, "2025", "TAHUNAN", "DI_BAWAH", "SESUAI"],
    [BUDI, "2025", "B01", "SESUAI", "DI_BAWAH"],
]


def _load(directory, skp_rows, *, files=("instansi.csv", "unor.csv", "jabatan.csv", "pegawai.csv"), **kw):
    write_dataset(directory, files=files)
    write_csv(directory / "skp.csv", [HEADER] + skp_rows)
    return load_directory(directory, today=TODAY, **kw)


def _stored():
    return {(r.pegawai_id, r.tahun, r.periode): (r.rating_hasil_kerja, r.rating_perilaku_kerja)
            for r in SkpRating.objects.all()}


def test_valid_rows_load_after_the_roster_of_the_same_load(tmp_path):
    report = _load(tmp_path / "d", GOOD)
    assert report.exit_code == 0, report.rejected
    assert report.files["skp.csv"] == {"rows": 4, "loaded": 4, "rejected": 0}
    assert _stored() == {(BUDI, 2025, "TAHUNAN"): ("DI_ATAS", "DI_ATAS"), (SITI, 2025, "TAHUNAN"): ("SESUAI", "SESUAI"),
                         (AGUS, 2025, "TAHUNAN"): ("DI_BAWAH", "SESUAI"), (BUDI, 2025, "B01"): ("SESUAI", "DI_BAWAH")}
    assert set(SkpRating.objects.values_list("batch_id", flat=True)) == {report.batch_id}
    # skp.csv no longer draws the "module not built yet" warning
    assert not [w for w in report.warnings if w["file"] == "skp.csv"]


def test_codes_are_accepted_in_any_case_and_stored_upper_case(tmp_path):
    rows = [[BUDI, " 2025 ", "tahunan", "di_atas", "Sesuai"], [SITI, "2025", "tw3", "sesuai", "di_bawah"],
            [AGUS, "2025", "b12", "Di_Bawah", "DI_BAWAH"]]
    report = _load(tmp_path / "d", rows)
    assert report.exit_code == 0, report.rejected
    assert _stored() == {(BUDI, 2025, "TAHUNAN"): ("DI_ATAS", "SESUAI"), (SITI, 2025, "TW3"): ("SESUAI", "DI_BAWAH"),
                         (AGUS, 2025, "B12"): ("DI_BAWAH", "DI_BAWAH")}


def test_each_rejection_names_line_column_value_and_reason(tmp_path):
    rows = [
        [BUDI, "2025", "TAHUNAN", "DI_ATAS", "SESUAI"],  # line 2: loads
        ["12345", "2025", "TAHUNAN", "SESUAI", "SESUAI"],  # 3: not 18 digits
        [UNKNOWN, "2025", "TAHUNAN", "SESUAI", "SESUAI"],  # 4: unknown NIP
        [SITI, "2025", "Q1", "SESUAI", "SESUAI"],  # 5: unknown period
        [SITI, "2025", "TAHUNAN", "BAIK", "SESUAI"],  # 6: a predikat is not a rating
        [SITI, "2025", "TW1", "SESUAI", "LUAR_BIASA"],  # 7: unknown behaviour rating
        [AGUS, "1999", "TAHUNAN", "SESUAI", "SESUAI"],  # 8: year out of range
        [AGUS, "2028", "TAHUNAN", "SESUAI", "SESUAI"],  # 9: after today's year + 1
        [AGUS, "dua ribu", "TW2", "SESUAI", "SESUAI"],  # 10: not an integer
        [DEWI, "2025", "TAHUNAN", "", "SESUAI"],  # 11: required
        [BUDI, "2025", "tahunan", "SESUAI", "SESUAI"],  # 12: duplicate of line 2 (same key after upper-casing)
        [UNKNOWN, "2025", "Q9", "SESUAI", "SESUAI"],  # 13: unknown NIP named first (nip is the first column)
        [AGUS, "2027", "TAHUNAN", "SESUAI", "SESUAI"],  # 14: loads (today's year + 1)
        [BUDI, "2025", "TAHUNAN", "DI_BAWAH", "DI_BAWAH"],  # 15: a second duplicate of line 2
    ]
    report = _load(tmp_path / "d", rows)
    assert report.exit_code == 2
    rej = [(r["line"], r["column"], r["value"]) for r in report.rejected if r["file"] == "skp.csv"]
    assert rej == [(3, "nip", "12345"), (4, "nip", UNKNOWN), (5, "periode", "Q1"), (6, "rating_hasil_kerja", "BAIK"),
                   (7, "rating_perilaku_kerja", "LUAR_BIASA"), (8, "tahun", "1999"), (9, "tahun", "2028"),
                   (10, "tahun", "dua ribu"), (11, "rating_hasil_kerja", ""), (12, "nip", BUDI),
                   (13, "nip", UNKNOWN), (15, "nip", BUDI)]
    reasons = {r["line"]: r["reason"] for r in report.rejected if r["file"] == "skp.csv"}
    assert reasons[3] == "NIP tidak sah: harus 18 digit angka"
    assert reasons[4] == reasons[13] == "nip tidak dikenal (tidak ada di pegawai)"
    assert reasons[5].startswith("kode tidak dikenal") and "TAHUNAN" in reasons[5] and "B12" in reasons[5]
    assert reasons[6].startswith("kode tidak dikenal") and "DI_ATAS, SESUAI, DI_BAWAH" in reasons[6]
    assert reasons[8] == reasons[9] == reasons[10] == "harus bilangan bulat 2000–2027"
    assert reasons[11] == "wajib diisi"
    assert reasons[12] == reasons[15] == "duplikat: kunci yang sama sudah ada di baris 2"
    assert report.files["skp.csv"] == {"rows": 14, "loaded": 2, "rejected": 12}
    # the first occurrence loaded, nothing of a rejected row did
    assert _stored() == {(BUDI, 2025, "TAHUNAN"): ("DI_ATAS", "SESUAI"), (AGUS, 2027, "TAHUNAN"): ("SESUAI", "SESUAI")}


def test_same_nip_and_year_in_other_periods_or_years_are_not_duplicates(tmp_path):
    rows = [[BUDI, "2025", "TAHUNAN", "SESUAI", "SESUAI"], [BUDI, "2024", "TAHUNAN", "SESUAI", "SESUAI"],
            [BUDI, "2025", "TW1", "SESUAI", "SESUAI"], [SITI, "2025", "TAHUNAN", "SESUAI", "SESUAI"],
            [BUDI, "02025", "TW1", "DI_ATAS", "SESUAI"]]  # the same year written with a leading zero
    report = _load(tmp_path / "d", rows)
    assert [(r["line"], r["reason"]) for r in report.rejected] == [(6, "duplikat: kunci yang sama sudah ada di baris 4")]
    assert SkpRating.objects.count() == 4


def test_reload_updates_a_changed_rating_and_leaves_the_others_alone(tmp_path):
    first = _load(tmp_path / "a", GOOD)
    before = {(r.pegawai_id, r.periode): (r.batch_id, r.diperbarui_pada) for r in SkpRating.objects.all()}
    changed = [row[:] for row in GOOD]
    changed[1] = [SITI, "2025", "TAHUNAN", "DI_ATAS", "DI_ATAS"]
    added = [DEWI, "2025", "TAHUNAN", "SESUAI", "DI_ATAS"]
    second = _load(tmp_path / "b", changed + [added], files=())  # skp.csv alone: NIPs checked against the db
    assert second.exit_code == 0, second.rejected
    assert second.files["skp.csv"] == {"rows": 5, "loaded": 5, "rejected": 0}
    stored = _stored()
    assert stored[(SITI, 2025, "TAHUNAN")] == ("DI_ATAS", "DI_ATAS")
    assert stored[(DEWI, 2025, "TAHUNAN")] == ("SESUAI", "DI_ATAS")
    assert SkpRating.objects.count() == 5
    after = {(r.pegawai_id, r.periode): (r.batch_id, r.diperbarui_pada) for r in SkpRating.objects.all()}
    assert after[(SITI, "TAHUNAN")][0] == second.batch_id != first.batch_id
    assert after[(DEWI, "TAHUNAN")][0] == second.batch_id
    for key in [(BUDI, "TAHUNAN"), (AGUS, "TAHUNAN"), (BUDI, "B01")]:
        assert after[key] == before[key]  # not rewritten


def test_strict_rolls_back_the_roster_and_the_ratings(tmp_path):
    report = _load(tmp_path / "d", GOOD + [[UNKNOWN, "2025", "TAHUNAN", "SESUAI", "SESUAI"]], strict=True)
    assert report.exit_code == 1 and "--strict" in report.error
    assert Pegawai.objects.count() == 0 and SkpRating.objects.count() == 0
    assert LoadBatch.objects.get().status == LoadBatch.Status.FAILED


def test_all_rows_rejected_changes_nothing(tmp_path):
    _load(tmp_path / "a", [])
    report = _load(tmp_path / "b", [[UNKNOWN, "2025", "TAHUNAN", "SESUAI", "SESUAI"]], files=())
    assert report.exit_code == 1 and SkpRating.objects.count() == 0


def test_report_json_has_the_contract_shape(tmp_path):
    report = _load(tmp_path / "d", GOOD + [[DEWI, "2025", "TAHUNAN", "SESUAI", "X"]])
    body = json.loads(json.dumps(report.to_dict()))
    assert set(body) == {"files", "rejected", "warnings", "duration_s"}
    assert body["files"]["skp.csv"] == {"rows": 5, "loaded": 4, "rejected": 1}
    assert body["rejected"] == [{"file": "skp.csv", "line": 6, "column": "rating_perilaku_kerja", "value": "X",
                                 "reason": "kode tidak dikenal (yang diterima: DI_ATAS, SESUAI, DI_BAWAH)"}]
    assert isinstance(body["duration_s"], float)


def test_missing_column_rejects_every_row(tmp_path):
    write_dataset(tmp_path / "d")
    write_csv(tmp_path / "d" / "skp.csv", [["nip", "tahun", "periode", "rating_hasil_kerja"],
                                           [BUDI, "2025", "TAHUNAN", "SESUAI"]])
    report = load_directory(tmp_path / "d", today=TODAY)
    assert [(r["line"], r["column"]) for r in report.rejected] == [(2, "rating_perilaku_kerja")]
    assert report.rejected[0]["reason"].startswith("kolom wajib 'rating_perilaku_kerja' tidak ada di header")
    assert report.exit_code == 2 and not SkpRating.objects.exists()


def _expected_summary(ratings: dict, people: list[list[str]]) -> dict:
    """Per unit: active staff, how many have an annual rating, and the predikat counts (DOMAIN §1)."""
    out: dict = {}
    header_index = {"nip": 0, "kedudukan": 6, "instansi_id": 10, "unor_id": 11}
    for row in people:
        if row[header_index["kedudukan"]] != "AKTIF":
            continue
        key = (row[header_index["instansi_id"]], row[header_index["unor_id"]])
        unit = out.setdefault(key, {"aktif": 0, "dinilai": 0, "SANGAT_BAIK": 0, "BAIK": 0, "BUTUH_PERBAIKAN": 0,
                                    "KURANG": 0, "SANGAT_KURANG": 0})
        unit["aktif"] += 1
        cell = ratings.get(row[0])
        if cell:
            unit["dinilai"] += 1
            unit[DOMAIN[cell]] += 1
    return out


def _summary(year: int) -> dict:
    return {(s.instansi_id, s.unor_id): {"aktif": s.aktif, "dinilai": s.dinilai, "SANGAT_BAIK": s.sangat_baik,
                                         "BAIK": s.baik, "BUTUH_PERBAIKAN": s.butuh_perbaikan, "KURANG": s.kurang,
                                         "SANGAT_KURANG": s.sangat_kurang}
            for s in SkpSummary.objects.filter(tahun=year)}


def test_summary_is_recomputed_after_a_load_for_the_years_it_touched(tmp_path, settings):
    settings.ABDI_ANALYTICS_ON_LOAD = "on"
    rows = GOOD + [[DEWI, "2024", "TAHUNAN", "DI_BAWAH", "DI_BAWAH"]]
    assert _load(tmp_path / "a", rows).exit_code == 0
    annual_2025 = {BUDI: ("DI_ATAS", "DI_ATAS"), SITI: ("SESUAI", "SESUAI"), AGUS: ("DI_BAWAH", "SESUAI")}
    assert _summary(2025) == _expected_summary(annual_2025, PEGAWAI)
    assert _summary(2024) == _expected_summary({DEWI: ("DI_BAWAH", "DI_BAWAH")}, PEGAWAI)
    # e.g. Bagian Mutasi (Budi and Agus): two active, both rated, one Sangat Baik and one Butuh Perbaikan
    assert _summary(2025)[("P-KEU", "KEU-1-1")] == {"aktif": 2, "dinilai": 2, "SANGAT_BAIK": 1, "BAIK": 0,
                                                    "BUTUH_PERBAIKAN": 1, "KURANG": 0, "SANGAT_KURANG": 0}
    # a roster change (Budi on leave) recomputes every year that has summaries, without an skp.csv
    leave = [person(kedudukan="CLTN")] + PEGAWAI[1:]
    d = write_dataset(tmp_path / "b", pegawai=leave, files=("pegawai.csv",))
    assert load_directory(d, today=TODAY).exit_code == 0
    assert _summary(2025) == _expected_summary(annual_2025, leave)
    assert _summary(2025)[("P-KEU", "KEU-1-1")]["aktif"] == 1
    assert _summary(2024) == _expected_summary({DEWI: ("DI_BAWAH", "DI_BAWAH")}, leave)
    # a changed rating recomputes its year only
    stamp_2024 = list(SkpSummary.objects.filter(tahun=2024).values_list("id", flat=True))
    d = tmp_path / "c"
    d.mkdir()
    write_csv(d / "skp.csv", [HEADER, [SITI, "2025", "TAHUNAN", "DI_ATAS", "DI_BAWAH"]])
    assert load_directory(d, today=TODAY).exit_code == 0
    assert _summary(2025) == _expected_summary(annual_2025 | {SITI: ("DI_ATAS", "DI_BAWAH")}, leave)
    assert list(SkpSummary.objects.filter(tahun=2024).values_list("id", flat=True)) == stamp_2024


def test_summary_recompute_follows_the_on_load_setting(tmp_path, settings):
    settings.ABDI_ANALYTICS_ON_LOAD = "off"
    assert _load(tmp_path / "a", GOOD).exit_code == 0
    assert not SkpSummary.objects.exists()


def test_unregistered_later_module_files_still_draw_the_warning(tmp_path):
    write_dataset(tmp_path / "d")
    write_csv(tmp_path / "d" / "diklat.csv", [["nip", "jp"]])
    report = load_directory(tmp_path / "d", today=TODAY)
    assert report.exit_code == 0
    assert [w["message"] for w in report.warnings if w["file"] == "diklat.csv"] == [
        "berkas modul yang belum tersedia; diabaikan"]
