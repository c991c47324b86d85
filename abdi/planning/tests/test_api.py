"""``/api/v1/planning``: needs and ABK, gaps, and a scenario through its whole life over HTTP (create, run,
moves, compare, review, approve by both agencies, apply); scope and contract statuses."""

from __future__ import annotations

import pytest
from django.test import Client

from abdi.people.models import Pegawai
from abdi.planning.tests.conftest import TODAY, need, staff

pytestmark = pytest.mark.django_db
BASE = "/api/v1/planning"


def client_for(user) -> Client:
    c = Client()
    c.force_login(type(user).objects.get(pk=user.pk))
    return c


def send(c, url, body, method="post"):
    return getattr(c, method)(url, body, content_type="application/json")


def test_needs_abk_and_gaps(planners):
    x = client_for(planners.admin_x)
    r = send(x, f"{BASE}/needs", {"unor_id": "X1", "jabatan_id": "GURU-AP", "kebutuhan": 3}, "put")
    assert r.status_code == 200 and r.json()["sumber"] == "ISIAN"
    assert send(x, f"{BASE}/needs", {"unor_id": "Y1", "jabatan_id": "GURU-AP", "kebutuhan": 3}, "put").status_code == 404
    assert send(x, f"{BASE}/needs", {"unor_id": "X1", "jabatan_id": "GURU-AP", "kebutuhan": -3}, "put").status_code == 422
    r = send(x, f"{BASE}/abk/tasks", {"unor_id": "X1", "jabatan_id": "GURU-AP", "uraian": "Mengajar", "volume": "2000",
                                      "norma_jam": "1.25"})
    assert r.status_code == 201
    body = r.json()
    assert (body["kebutuhan_abk"], float(body["jam_beban_kerja"]), body["kebutuhan"]) == (2, 2500.0, 3)
    r = send(x, f"{BASE}/abk/apply", {"unor_id": "X1", "jabatan_id": "GURU-AP"})
    assert r.json()["kebutuhan"] == 2 and r.json()["sumber"] == "ABK"
    task = body["tugas"][0]["id"]
    assert x.delete(f"{BASE}/abk/tasks/{task}").status_code == 204
    assert x.get(f"{BASE}/abk?unor_id=X1&jabatan_id=GURU-AP").json()["tugas"] == []
    staff("X1", 5)
    gaps = x.get(f"{BASE}/gaps?tahun={TODAY.year}&by=pasangan").json()
    assert [(g["key"], g["surplus"], g["selisih"]) for g in gaps["items"]] == [("X1 × GURU-AP", 3, 3)]
    assert client_for(planners.employee).get(f"{BASE}/gaps").status_code == 403
    assert x.get(f"{BASE}/gaps?by=nope").status_code == 422


def test_scenario_life_over_http(planners, django_capture_on_commit_callbacks):
    staff("X1", 3)
    need("X1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 2)
    need("X2", "GURU-AP", 1)
    nat = client_for(planners.national)
    r = send(nat, f"{BASE}/scenarios", {"nama": "Guru", "cakupan": "NASIONAL", "tahun": TODAY.year,
                                        "parameter": {"kursi_terdekat": 5}})
    assert r.status_code == 201
    sid = r.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):  # the job runs at once without a broker
        r = send(nat, f"{BASE}/scenarios/{sid}/run", {})
    assert r.status_code == 202 and r.json()["job"] == "ANTRE"
    sk = nat.get(f"{BASE}/scenarios/{sid}").json()
    assert (sk["job"], sk["ringkasan"]["kursi_terisi"], sk["parameter"]["kursi_terdekat"]) == ("SELESAI", 3, 5)
    page = nat.get(f"{BASE}/scenarios/{sid}/moves?limit=2").json()
    rest = nat.get(f"{BASE}/scenarios/{sid}/moves?limit=2&cursor={page['next']}").json()
    assert len(page["items"]) == 2 and len(rest["items"]) == 1 and rest["next"] is None
    # Kab. Y sees the plan (it receives people), and its own part of the moves only; Kota Z does not see it
    assert client_for(planners.admin_y).get(f"{BASE}/scenarios/{sid}").status_code == 200
    y_moves = client_for(planners.admin_y).get(f"{BASE}/scenarios/{sid}/moves").json()["items"]
    assert sorted(m["unor_tujuan"] for m in y_moves) == ["Y1", "Y1"]
    assert len(nat.get(f"{BASE}/scenarios/{sid}/moves").json()["items"]) == 3
    assert client_for(planners.admin_z).get(f"{BASE}/scenarios/{sid}").status_code == 404
    assert [s["id"] for s in client_for(planners.admin_z).get(f"{BASE}/scenarios").json()["items"]] == []
    r = send(nat, f"{BASE}/scenarios", {"nama": "Dekat", "cakupan": "INSTANSI", "cakupan_id": "KAB-X",
                                        "tahun": TODAY.year})
    other = r.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        send(nat, f"{BASE}/scenarios/{other}/run", {})
    cmp = nat.get(f"{BASE}/compare?ids={sid},{other}").json()
    assert cmp["angka"]["kursi_terisi"] == [3, 1] and cmp["angka"]["lintas_instansi"] == [2, 0]
    assert nat.get(f"{BASE}/compare?ids=a,b").status_code == 422
    versi = sk["versi"]
    assert send(nat, f"{BASE}/scenarios/{sid}/review", {"versi": versi - 1}).status_code == 409
    assert send(nat, f"{BASE}/scenarios/{sid}/review", {"versi": versi}).json()["status"] == "DITINJAU"
    assert send(client_for(planners.admin_x), f"{BASE}/scenarios/{sid}/approve",
                {"instansi_id": "KAB-X"}).json()["persetujuan"] == ["KAB-X"]
    assert send(client_for(planners.admin_x), f"{BASE}/scenarios/{sid}/approve",
                {"instansi_id": "KAB-Y"}).status_code == 403
    r = send(client_for(planners.admin_y), f"{BASE}/scenarios/{sid}/approve", {"instansi_id": "KAB-Y"})
    assert r.json()["status"] == "DISETUJUI"
    assert send(nat, f"{BASE}/scenarios/{sid}/run", {}).status_code == 409  # no rerun once past draft
    r = send(nat, f"{BASE}/scenarios/{sid}/apply", {"nomor_sk": "800/12/BKD", "tanggal": f"{TODAY.year}-02-01"})
    assert r.status_code == 200 and r.json()["status"] == "DITERAPKAN"
    assert Pegawai.objects.filter(unor_id="Y1").count() == 2


def test_scenario_create_refusals(planners):
    x = client_for(planners.admin_x)
    assert send(x, f"{BASE}/scenarios", {"nama": "N", "cakupan": "NASIONAL"}).status_code == 403
    assert send(x, f"{BASE}/scenarios", {"nama": "N", "cakupan": "INSTANSI", "cakupan_id": "KAB-Y"}).status_code == 404
    assert send(x, f"{BASE}/scenarios", {"nama": "N", "cakupan": "INSTANSI", "cakupan_id": "KAB-X",
                                         "parameter": {"keluarga": "X"}}).status_code == 422
    assert client_for(planners.employee).get(f"{BASE}/scenarios").status_code == 403
    assert Client().get(f"{BASE}/scenarios").status_code == 401
