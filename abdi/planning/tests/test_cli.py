"""``abdi plan solve --problem DIR --out FILE`` (CONTRACTS §2, §9). The command touches no database."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from abdi.planning.tests.test_problem import GOOD, HEADERS, write_dir


def run(problem, out):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("plan", "solve", "--problem", str(problem), "--out", str(out), stdout=stdout, stderr=stderr)
    return json.loads(stdout.getvalue().strip().splitlines()[-1])


def test_solves_and_writes_the_moves(tmp_path):
    problem = write_dir(tmp_path, GOOD)
    out = tmp_path / "moves.csv"
    # b's unit V has no capacity row: only a moves
    assert run(problem, out) == {"status": "OPTIMAL", "kursi_terisi": 1, "bobot_terisi": 3, "total_biaya": 5}
    assert out.read_text(encoding="utf-8") == "nip,kursi_id,biaya\na,X,5\n"


def test_empty_problem_is_optimal_with_zeros_and_a_header_only_file(tmp_path):
    problem = write_dir(tmp_path, HEADERS, **{"busur.csv": ""})
    out = tmp_path / "moves.csv"
    assert run(problem, out) == {"status": "OPTIMAL", "kursi_terisi": 0, "bobot_terisi": 0, "total_biaya": 0}
    assert out.read_text(encoding="utf-8") == "nip,kursi_id,biaya\n"


@pytest.mark.parametrize("name, text, where", [
    ("busur.csv", "nip,kursi_id,biaya\na,X,5\nzz,X,1\n", "busur.csv baris 3, kolom nip"),
    ("busur.csv", "nip,kursi_id,biaya\na,Q,5\n", "busur.csv baris 2, kolom kursi_id"),
    ("kandidat.csv", "nip,unor_asal\na,U\na,V\n", "kandidat.csv baris 3, kolom nip"),
    ("kapasitas_asal.csv", "unor_asal,maks_keluar\nU,1\nU,1\n", "kapasitas_asal.csv baris 3, kolom unor_asal"),
    ("kursi.csv", "kursi_id,kekurangan,prioritas\nX,2,3\nX,2,3\n", "kursi.csv baris 3, kolom kursi_id"),
    ("busur.csv", "nip,kursi_id,biaya\na,X,5\na,X,6\n", "busur.csv baris 3, kolom kursi_id"),
    ("busur.csv", "nip,kursi_id,biaya\na,X,-1\n", "busur.csv baris 2, kolom biaya"),
    ("kursi.csv", "kursi_id,kekurangan,prioritas\nX,1.5,3\n", "kursi.csv baris 2, kolom kekurangan"),
    ("kursi.csv", "kursi_id,kekurangan,prioritas\nX,1,0\n", "kursi.csv baris 2, kolom prioritas"),
    ("kapasitas_asal.csv", "unor_asal\nU\n", "kapasitas_asal.csv baris 1, kolom maks_keluar"),
])
def test_malformed_input_exits_1_with_error_summary(tmp_path, name, text, where):
    problem = write_dir(tmp_path, GOOD, **{name: text})
    out = tmp_path / "moves.csv"
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("plan", "solve", "--problem", str(problem), "--out", str(out), stdout=stdout, stderr=stderr)
    assert info.value.returncode == 1
    summary = json.loads(stdout.getvalue().strip().splitlines()[-1])
    assert summary["status"] == "ERROR"
    assert summary["message"].startswith(where)
    assert not out.exists()


def abdi(*args, home):
    env = {**os.environ, "ABDI_HOME": str(home)}
    command = [sys.executable, "-c", "from abdi.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_exit_codes_and_streams_from_the_command_line(tmp_path):
    problem = write_dir(tmp_path, GOOD)
    ok = abdi("plan", "solve", "--problem", str(problem), "--out", str(tmp_path / "m.csv"), home=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout.strip().splitlines()[-1])["status"] == "OPTIMAL"

    write_dir(tmp_path, GOOD, **{"busur.csv": "nip,kursi_id,biaya\nzz,X,1\n"})
    bad = abdi("plan", "solve", "--problem", str(problem), "--out", str(tmp_path / "m2.csv"), home=tmp_path)
    assert bad.returncode == 1
    summary = json.loads(bad.stdout.strip().splitlines()[-1])
    assert summary["status"] == "ERROR"
    assert "busur.csv baris 2, kolom nip" in summary["message"]
    assert "busur.csv baris 2, kolom nip" in bad.stderr

    assert abdi("plan", "solve", "--problem", str(problem), home=tmp_path).returncode == 64
    assert abdi("plan", "export-problem", home=tmp_path).returncode == 64
