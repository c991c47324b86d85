"""The ``abdi`` command line as users script it: exit codes, stdout/stderr, exports (CONTRACTS §1, §2, §8)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from abdi.people.exports import ROSTER_COLUMNS
from abdi.people.imports import load_directory
from abdi.people.tests.dataset import PEGAWAI, person, write_dataset

ABDI = [sys.executable, "-m", "abdi"]


def _run(args, tmp_path, **kw):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("ABDI_DATABASE_URL", None)
    env["ABDI_HOME"] = str(tmp_path / "home")
    return subprocess.run(ABDI + args, env=env, capture_output=True, text=True, **kw)


def test_usage_errors_exit_64(tmp_path):
    assert _run(["load"], tmp_path).returncode == 64
    assert _run(["synth", "--employees", "x", "--seed", "1", "--out", "o"], tmp_path).returncode == 64
    assert _run(["stats", "--bogus"], tmp_path).returncode == 64


def test_nip_prints_one_json_object_per_nip_and_exits_0(tmp_path):
    out = _run(["nip", "198609262015051001", "198609262015131001"], tmp_path)
    assert out.returncode == 0
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first == {"nip": "198609262015051001", "valid": True, "birth_date": "1986-09-26", "tmt": "2015-05",
                     "gender": "L", "sequence": 1, "errors": []}
    assert second["valid"] is False and second["errors"]


def test_load_exit_codes_and_report_file(tmp_path):
    r = _run(["migrate", "-v", "0"], tmp_path)
    assert r.returncode == 0, r.stderr
    good = write_dataset(tmp_path / "good")
    report_path = tmp_path / "report.json"
    r = _run(["load", str(good), "--report", str(report_path)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(report_path.read_text())["files"]["pegawai.csv"]["loaded"] == 4
    partly = write_dataset(tmp_path / "partly", pegawai=[person(nama=""), PEGAWAI[1]], files=("pegawai.csv",))
    r = _run(["load", str(partly), "--report", str(report_path)], tmp_path)
    assert r.returncode == 2
    body = json.loads(report_path.read_text())
    assert body["rejected"][0]["line"] == 2 and body["rejected"][0]["column"] == "nama"
    r = _run(["load", str(partly), "--strict"], tmp_path)
    assert r.returncode == 1
    r = _run(["load", str(tmp_path / "nothing-here")], tmp_path)
    assert r.returncode == 1
    # results on stdout, progress and messages on stderr
    assert "pegawai.csv" in _run(["load", str(good)], tmp_path).stdout


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_roster_has_contract_columns_and_everyone(tmp_path, fmt):
    pensiun = person(nip="197001012000031002", tgl_lahir="1970-01-01", kedudukan="PENSIUN")
    assert load_directory(write_dataset(tmp_path / "d", pegawai=PEGAWAI + [pensiun])).exit_code == 0
    out = tmp_path / f"roster.{fmt}"
    call_command("export", "roster", "--out", str(out), "--format", fmt)
    if fmt == "csv":
        rows = list(csv.reader(out.open(encoding="utf-8")))
    else:
        rows = [[("" if v is None else v) for v in r] for r in load_workbook(out).active.iter_rows(values_only=True)]
    assert tuple(rows[0]) == ROSTER_COLUMNS
    assert sorted(r[0] for r in rows[1:]) == sorted([p[0] for p in PEGAWAI] + [pensiun[0]])
    budi = next(r for r in rows[1:] if r[0] == PEGAWAI[0][0])
    assert dict(zip(ROSTER_COLUMNS, budi, strict=True))["tgl_lahir"] == "1986-09-26"
    call_command("export", "roster", "--out", str(out), "--format", fmt, "--instansi", "P-KEU")
    n = len(list(csv.reader(out.open(encoding="utf-8")))) if fmt == "csv" else load_workbook(out).active.max_row
    assert n - 1 == sum(1 for p in PEGAWAI + [pensiun] if p[10] == "P-KEU")


@pytest.mark.django_db
def test_export_as_user_applies_scope_and_personal_data_rule(tmp_path):
    assert load_directory(write_dataset(tmp_path / "d")).exit_code == 0
    call_command("user", "add", "admin_bdg", "--role", "agency_admin", "--scope", "instansi:KOTA-32.73")
    call_command("user", "add", "analis", "--role", "national_analyst")
    out = tmp_path / "roster.csv"
    call_command("export", "roster", "--out", str(out), "--as", "admin_bdg")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(r["nip"] for r in rows) == sorted(p[0] for p in PEGAWAI if p[10] == "KOTA-32.73")
    assert all(r["tgl_lahir"] for r in rows)
    # a national analyst sees everyone, but not birth dates (UU 27/2022): NIP birth digits masked
    call_command("export", "roster", "--out", str(out), "--as", "analis")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == len(PEGAWAI)
    assert all(r["tgl_lahir"] == "" and not r["nip"][:8].isdigit() and r["nip"][8:] in
               {p[0][8:] for p in PEGAWAI} for r in rows)
    # each export is one audit event naming who, what scope and whether it held personal data
    from abdi.core.models import AuditEvent

    events = list(AuditEvent.objects.filter(action="export.roster").order_by("id"))
    assert [(e.actor.username, e.after["personal_data"], e.after["rows"]) for e in events] == [
        ("admin_bdg", True, sum(1 for p in PEGAWAI if p[10] == "KOTA-32.73")), ("analis", False, len(PEGAWAI))]


def test_commands_on_an_unmigrated_database_say_so_and_exit_1(tmp_path):
    r = _run(["stats", "--json"], tmp_path)
    assert r.returncode == 1 and "abdi migrate" in r.stderr and "Traceback" not in r.stderr
