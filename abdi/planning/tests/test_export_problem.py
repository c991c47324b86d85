"""``abdi plan export-problem --scenario ID --out DIR`` writes the scenario's problem (CONTRACTS §9) so that
``abdi plan solve`` on it finds the plan the scenario stored: same seats filled, same weight, same cost."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from abdi.planning.services import scenario_create, scenario_run
from abdi.planning.tests.conftest import TODAY, need, person, staff


def test_exported_problem_solves_to_the_stored_plan(planners, tmp_path, capsys):
    staff("X1", 4)
    staff("X2", 2, golongan="III/b")
    person("Z1", golongan="III/b")
    need("X1", "GURU-AP", 1)
    need("X2", "GURU-AP", 1)
    need("Z1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 3, prioritas=2)
    need("Y1", "BK-AP", 2)
    need("Z1", "BK-AP", 1, prioritas=3)
    sk = scenario_create(actor=planners.national, nama="Ekspor", cakupan="NASIONAL", tahun=TODAY.year,
                         parameter={"keluarga": "RUMPUN"})
    summary = scenario_run(sk.pk)
    assert summary["kursi_terisi"] > 0
    call_command("plan", "export-problem", "--scenario", str(sk.pk), "--out", str(tmp_path / "p"))
    written = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert written["kandidat"] == 7 and written["kursi"] == 3 and written["kapasitas_asal"] == 3
    call_command("plan", "solve", "--problem", str(tmp_path / "p"), "--out", str(tmp_path / "moves.csv"))
    solved = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert solved["status"] == "OPTIMAL"
    assert (solved["kursi_terisi"], solved["bobot_terisi"], solved["total_biaya"]) == (
        summary["kursi_terisi"], summary["bobot_terisi"], summary["total_biaya"])
    kandidat = (tmp_path / "p" / "kandidat.csv").read_text().splitlines()
    assert kandidat[0] == "nip,unor_asal" and {line.split(",")[1] for line in kandidat[1:]} == {
        "X1:GURU-AP", "X2:GURU-AP", "Z1:GURU-AP"}


def test_export_problem_needs_a_known_scenario(db, tmp_path):
    with pytest.raises(CommandError) as e:
        call_command("plan", "export-problem", "--out", str(tmp_path))
    assert "--scenario" in str(e.value)
    with pytest.raises(CommandError):
        call_command("plan", "export-problem", "--scenario", "404", "--out", str(tmp_path))
