"""The rule-set registry (``core.rulesets``) and ``abdi rules list|show|set``: what each prints, the audited
write, and each refusal (exit 2, nothing written; usage errors 64)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from abdi.core import rulesets
from abdi.core.audit import audit_verify
from abdi.core.models import AuditEvent, RuleSet
from abdi.core.rulesets import (
    UnknownRuleSet,
    register_default,
    rules_codes,
    rules_in_force,
    rules_registered,
    rules_version_add,
)
from abdi.performance import rules as skp_rules

pytestmark = pytest.mark.django_db

CODES = ("skp.predikat", "skp.distribusi", "skp.angka_kredit", "skp.siklus", "competency.standar_bawaan",
         "competency.jpm", "planning.abk", "planning.redistribusi", "planning.penyetaraan")


def matrix_with(**cells) -> dict:
    """The default predikat matrix with ``HASIL__PERILAKU=PREDIKAT`` cells changed."""
    matrix = {h: dict(row) for h, row in skp_rules.PREDIKAT_MATRIX.items()}
    for cell, value in cells.items():
        hasil, perilaku = cell.split("__")
        matrix[hasil][perilaku] = value
    return matrix


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("rules", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _refused(*args) -> CommandError:
    with pytest.raises(CommandError) as info:
        _run(*args)
    return info.value


@pytest.fixture
def matrix_file(tmp_path):
    def write(content) -> str:
        path = tmp_path / "aturan.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        return str(path)
    return write


# --- the registry ---------------------------------------------------------------------------------------------
def test_every_module_registers_its_codes_with_a_validator_and_a_label():
    assert set(CODES) <= set(rules_codes())
    for code in CODES:
        entry = rules_registered(code)
        assert entry.validate is not None and entry.label, code
        entry.validate(entry.default)  # the shipped default passes its own validator


def test_register_default_keeps_the_old_signature(monkeypatch):
    monkeypatch.setattr(rulesets, "_REGISTRY", dict(rulesets._REGISTRY))
    register_default("uji.lama", {"a": 1})
    entry = rules_registered("uji.lama")
    assert entry.validate is None and entry.label == "" and "uji.lama" in rules_codes()
    assert rules_in_force("uji.lama", dt.date(2026, 1, 1)).data == {"a": 1}


def test_the_registered_validator_is_used_when_none_is_passed():
    with pytest.raises(skp_rules.RuleSetError) as info:
        rules_version_add(code="skp.predikat", data=matrix_with(SESUAI__SESUAI="LUAR_BIASA"),
                          valid_from=dt.date(2026, 1, 1), actor=None, actor_label="uji")
    assert info.value.field == "SESUAI.SESUAI"
    with pytest.raises(ValueError, match="objek JSON"):  # the shape of the default, before the validator
        rules_version_add(code="skp.siklus", data=["BULANAN"], valid_from=dt.date(2026, 1, 1), actor=None)
    with pytest.raises(ValueError, match="NUL"):
        rules_version_add(code="planning.abk", data={"jam_kerja_efektif": 1250, "pembulatan": "AT\x00AS"},
                          valid_from=dt.date(2026, 1, 1), actor=None)
    assert not RuleSet.objects.exists() and not AuditEvent.objects.exists()


def test_an_unknown_code_is_refused():
    with pytest.raises(UnknownRuleSet):
        rules_version_add(code="skp.tidak_ada", data={}, valid_from=dt.date(2026, 1, 1), actor=None)
    with pytest.raises(LookupError):  # UnknownRuleSet is a LookupError, as rules_in_force raised before
        rules_in_force("skp.tidak_ada", dt.date(2026, 1, 1))
    assert not RuleSet.objects.exists()


# --- list and show --------------------------------------------------------------------------------------------
def test_list_names_every_code_with_its_version_in_force():
    rules_version_add(code="skp.predikat", data=matrix_with(SESUAI__DI_ATAS="SANGAT_BAIK"),
                      valid_from=dt.date(2020, 1, 1), actor=None, actor_label="uji")
    out, _ = _run("list")
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["KODE", "VERSI"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert set(rows) == set(rules_codes())
    assert rows["skp.predikat"][1:4] == ["1", "2020-01-01", "1"]
    assert rows["skp.siklus"][1:4] == ["0", "(bawaan)", "0"]
    assert "Matriks predikat kinerja SKP" in out


def test_show_prints_the_data_in_force_on_a_date():
    changed = matrix_with(SESUAI__DI_ATAS="SANGAT_BAIK")
    rules_version_add(code="skp.predikat", data=changed, valid_from=dt.date(2026, 1, 1), actor=None)
    out, err = _run("show", "skp.predikat", "--on", "2025-12-31")
    assert json.loads(out) == skp_rules.PREDIKAT_MATRIX and "versi 0" in err
    out, err = _run("show", "skp.predikat", "--on", "2026-01-01")
    assert json.loads(out) == changed and "versi 1" in err and "2026-01-01" in err


def test_show_history_lists_every_version_with_its_author(users, matrix_file):
    rules_version_add(code="planning.abk", data={"jam_kerja_efektif": 1200, "pembulatan": "ATAS"},
                      valid_from=dt.date(2025, 1, 1), actor=users.national_admin, note="revisi 2025")
    _run("set", "planning.abk", "--file", matrix_file({"jam_kerja_efektif": 1100, "pembulatan": "BIASA"}),
         "--from", "2026-01-01")
    out, _ = _run("show", "planning.abk", "--history")
    history = json.loads(out)
    assert [(v["version"], v["valid_from"], v["author"]) for v in history] == [
        (0, None, ""), (1, "2025-01-01", "nasional"), (2, "2026-01-01", "cli")]
    assert history[1]["note"] == "revisi 2025" and history[2]["data"]["pembulatan"] == "BIASA"


def test_show_of_an_unknown_code_exits_1():
    error = _refused("show", "skp.tidak_ada")
    assert error.returncode == 1 and "kode aturan tidak dikenal: skp.tidak_ada" in str(error)


# --- set ------------------------------------------------------------------------------------------------------
def test_set_writes_an_audited_version_in_force_from_its_date(matrix_file):
    changed = matrix_with(DI_BAWAH__DI_ATAS="KURANG")
    out, err = _run("set", "skp.predikat", "--file", matrix_file(changed), "--from", "2026-07-01",
                    "--note", "uji perubahan")
    assert json.loads(out) == {"code": "skp.predikat", "version": 1, "valid_from": "2026-07-01"}
    assert "versi 1 ditulis" in err
    assert rules_in_force("skp.predikat", dt.date(2026, 6, 30)).version == 0
    assert rules_in_force("skp.predikat", dt.date(2026, 7, 1)).data == changed
    row = RuleSet.objects.get()
    assert row.note == "uji perubahan" and row.created_by is None
    event = AuditEvent.objects.get(action="rules.version")
    assert event.actor_id is None and event.actor_label == "cli"
    assert event.object_type == "rule_set" and event.object_id == "skp.predikat:v1"
    assert event.before is None and event.after["data"] == changed and event.after["valid_from"] == "2026-07-01"
    assert audit_verify()[0]


@pytest.mark.parametrize("code, content, message", [
    ("skp.predikat", "{bukan json", "bukan JSON yang sah"),
    ("skp.predikat", "", "bukan JSON yang sah"),
    ("skp.predikat", '{"DI_ATAS": NaN}', "bukan JSON yang sah"),
    ("skp.tidak_ada", {"a": 1}, "kode aturan tidak dikenal: skp.tidak_ada"),
    ("skp.predikat", matrix_with(SESUAI__SESUAI="LUAR_BIASA"), "SESUAI.SESUAI: predikat tidak dikenal"),
    ("skp.predikat", ["DI_ATAS"], "objek JSON"),
    ("skp.siklus", {"periodik": "HARIAN", "hasil_pimpinan": {}}, "periodik: harus BULANAN atau TRIWULANAN"),
    ("competency.standar_bawaan", {"PENGAWAS": 6}, "level harus 1–5"),
    ("competency.jpm", {"cap": None, "pemetaan": [{"kategori": "OPTIMAL", "min": 90}],
                        "seleksi": [{"kategori": "KMS", "min": None}]}, "tanpa batas bawah"),
    ("skp.distribusi", {"BAIK": [{"predikat": ["BAIK"], "max": 7}]}, "pecahan 0–1"),
    ("planning.redistribusi", {"keluarga": "RUMPUN"}, "biaya_per_km harus bilangan bulat"),
])
def test_set_refuses_and_writes_nothing(matrix_file, code, content, message):
    error = _refused("set", code, "--file", matrix_file(content), "--from", "2026-01-01")
    assert error.returncode == 2
    assert message in str(error)
    assert not RuleSet.objects.exists() and not AuditEvent.objects.exists()


def test_set_of_an_unreadable_file_exits_1(tmp_path):
    error = _refused("set", "skp.predikat", "--file", str(tmp_path / "tidak-ada.json"), "--from", "2026-01-01")
    assert error.returncode == 1 and "tidak dapat dibaca" in str(error)
    assert not RuleSet.objects.exists()


@pytest.mark.parametrize("args", [
    ("set", "skp.predikat", "--from", "2026-01-01"),  # no --file
    ("set", "skp.predikat", "--file", "x.json"),  # no --from
    ("set", "skp.predikat", "--file", "x.json", "--from", "2026-02-30"),
    ("set", "skp.predikat", "--file", "x.json", "--from", "2026-01-01", "--note", "x" * 301),
    ("show",),  # no code
    ("show", "skp.predikat", "--from", "2026-01-01"),
    ("list", "--history"),
    ("list", "skp.predikat"),
    ("hapus", "skp.predikat"),
])
def test_usage_errors_exit_64(args):
    assert _refused(*args).returncode == 64
    assert not RuleSet.objects.exists()


def test_command_line_exit_code_and_message(tmp_path):
    """Through the real ``abdi`` entry point: a refused rule set exits 2 with the reason on standard error."""
    path = tmp_path / "aturan.json"
    path.write_text(json.dumps(matrix_with(SESUAI__SESUAI="LUAR_BIASA")), encoding="utf-8")
    env = {"ABDI_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "abdi", "rules", "set", "skp.predikat", "--file", str(path),
                             "--from", "2026-01-01"], env=env, capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "aturan skp.predikat tidak sah" in result.stderr and result.stdout == ""
