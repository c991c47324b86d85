"""``kebutuhan.csv`` and ``hukdis.csv`` through ``abdi load`` (every rejection with its line and column, and
re-loads), and the ``needs`` and ``plan`` exports."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from abdi.people.imports import load_directory
from abdi.people.tests.dataset import PEGAWAI, write_csv, write_dataset
from abdi.planning.models import Hukdis, Kebutuhan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)
BUDI, SITI, AGUS, DEWI = (row[0] for row in PEGAWAI)


def _load(d, **files):
    write_dataset(d)
    headers = {"kebutuhan": ["unor_id", "jabatan_id", "kebutuhan", "prioritas"],
               "hukdis": ["nip", "jenis", "tmt_mulai", "tmt_selesai"]}
    for name, rows in files.items():
        write_csv(d / f"{name}.csv", [headers[name]] + rows)
    return load_directory(d, today=TODAY)


def test_needs_load_with_their_checks_and_reload(tmp_path):
    report = _load(tmp_path / "d", kebutuhan=[
        ["BDG-SD1", "J-GURU", "3", "2"], ["KEU-1-1", "J-ANALIS", "2", ""],  # priority defaults to 1
        ["NOPE", "J-GURU", "1", ""],  # line 4: unknown unit
        ["BDG", "J-NOPE", "1", ""],  # line 5: unknown position
        ["BDG", "J-PELAKSANA", "-1", ""],  # line 6: not a non-negative integer
        ["BDG", "J-ANALIS", "2", "0"],  # line 7: priority ≥ 1
        ["BDG-SD1", "J-GURU", "5", ""],  # line 8: duplicate of line 2
    ])
    assert report.exit_code == 2
    assert [(r["line"], r["column"]) for r in report.rejected] == [
        (4, "unor_id"), (5, "jabatan_id"), (6, "kebutuhan"), (7, "prioritas"), (8, "unor_id")]
    assert set(Kebutuhan.objects.values_list("unor_id", "jabatan_id", "kebutuhan", "prioritas", "sumber")) == {
        ("BDG-SD1", "J-GURU", 3, 2, "IMPOR"), ("KEU-1-1", "J-ANALIS", 2, 1, "IMPOR")}
    report = _load(tmp_path / "e", kebutuhan=[["BDG-SD1", "J-GURU", "4", "2"]])  # a delta: KEU-1-1 stays
    assert report.exit_code == 0
    assert dict(Kebutuhan.objects.values_list("unor_id", "kebutuhan")) == {"BDG-SD1": 4, "KEU-1-1": 2}


def test_sanctions_load_with_their_checks(tmp_path):
    report = _load(tmp_path / "d", hukdis=[
        [BUDI, "sedang", "2026-01-10", "2026-07-10"], [SITI, "BERAT", "2025-05-01", ""],
        ["198001012005011001", "RINGAN", "2026-01-01", ""],  # line 4: not in the roster
        [AGUS, "PARAH", "2026-01-01", ""],  # line 5: unknown kind
        [AGUS, "RINGAN", "2026-07-01", ""],  # line 6: starts after today
        [DEWI, "RINGAN", "2026-03-01", "2026-02-01"],  # line 7: ends before it starts
    ])
    assert [(r["line"], r["column"]) for r in report.rejected] == [
        (4, "nip"), (5, "jenis"), (6, "tmt_mulai"), (7, "tmt_selesai")]
    assert set(Hukdis.objects.values_list("nip", "jenis", "tmt_selesai")) == {
        (BUDI, "SEDANG", dt.date(2026, 7, 10)), (SITI, "BERAT", None)}
    _load(tmp_path / "e", hukdis=[[SITI, "BERAT", "2025-05-01", "2026-05-01"]])  # the same sanction, now ended
    assert Hukdis.objects.get(nip=SITI).tmt_selesai == dt.date(2026, 5, 1)


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_needs_export_has_every_pair_with_a_need_or_staff(tmp_path):
    _load(tmp_path / "d", kebutuhan=[["BDG-SD1", "J-GURU", "3", ""], ["BDG", "J-ANALIS", "1", ""]])
    out = tmp_path / "needs.csv"
    call_command("export", "needs", "--out", str(out))
    rows = _read(out)
    assert rows[0] == ["unor_id", "jabatan_id", "kebutuhan", "bezetting", "selisih"]
    # the four people of the dataset are active: Budi and Agus in KEU-1-1, Siti in BDG-SD1, Dewi in BDG
    assert rows[1:] == [["BDG", "J-ANALIS", "1", "0", "-1"], ["BDG", "J-PELAKSANA", "0", "1", "1"],
                        ["BDG-SD1", "J-GURU", "3", "1", "-2"], ["KEU-1-1", "J-ANALIS", "0", "1", "1"],
                        ["KEU-1-1", "J-KABAG", "0", "1", "1"]]
    call_command("export", "needs", "--out", str(out), "--instansi", "P-KEU")
    assert [r[0] for r in _read(out)[1:]] == ["KEU-1-1", "KEU-1-1"]


def test_plan_export_needs_a_known_scenario(tmp_path):
    out = tmp_path / "plan.csv"
    with pytest.raises(CommandError) as e:
        call_command("export", "plan", "--out", str(out))
    assert "--scenario" in str(e.value)
    with pytest.raises(CommandError) as e:
        call_command("export", "plan", "--out", str(out), "--scenario", "999")
    assert "999" in str(e.value)
