"""The needs and plan screens: who gets which page, the Indonesian text, the empty states, the forms (valid and
invalid), the workflow buttons by state and role, the run's HTMX fragment, and bounded query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from abdi.people.masking import mask_nip
from abdi.people.models import Pegawai, RiwayatPegawai
from abdi.planning.models import Kebutuhan, Mutasi, Skenario, TugasAbk
from abdi.planning.services import plan_approve, plan_review, scenario_create, scenario_run
from abdi.planning.tests.conftest import TODAY, need, staff

pytestmark = pytest.mark.django_db
BASE = "/perencanaan/"


def client_of(user) -> Client:
    c = Client()
    c.force_login(type(user).objects.get(pk=user.pk))
    return c


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.fixture
def plan(planners):
    """Two teachers of X1 (Kab. X) to Y1 (Kab. Y), one to X2: a plan that crosses agencies."""
    staff("X1", 3)
    need("X1", "GURU-AP", 0)
    need("Y1", "GURU-AP", 2, prioritas=2)
    need("X2", "GURU-AP", 1)
    sk = scenario_create(actor=planners.national, nama="Guru nasional", cakupan="NASIONAL", tahun=TODAY.year)
    scenario_run(sk.pk)
    sk.refresh_from_db()
    return sk


# --- the gap analysis -----------------------------------------------------------------------------------------
def test_home_is_for_the_planning_roles(planners):
    for user in (planners.national, planners.analyst, planners.admin_x, planners.hr_x1):
        assert client_of(user).get(BASE).status_code == 200
    assert client_of(planners.employee).get(BASE).status_code == 403
    assert Client().get(BASE).status_code == 302


def test_home_without_needs_shows_the_empty_state(planners):
    staff("X1", 2)
    body = text(client_of(planners.admin_x).get(BASE))
    assert "Belum ada kebutuhan pegawai dalam cakupan ini" in body and "kebutuhan.csv" in body
    assert 'id="kesenjangan"' not in body


def test_home_rolls_up_the_gaps_of_the_scope(planners):
    staff("X1", 5)
    need("X1", "GURU-AP", 2)
    need("Y1", "GURU-AP", 4)
    x = client_of(planners.admin_x)
    r = x.get(BASE + f"?tahun={TODAY.year}&by=pasangan")
    body = text(r)
    assert r.status_code == 200 and "Kesenjangan kebutuhan pegawai" in body
    assert "Unit X1 — Guru Ahli Pertama" in body and "Unit Y1" not in body  # Kab. Y is outside the scope
    assert r.context["total"].surplus == 3 and "Peta kesenjangan per provinsi" in body and "GeoJSON" in body
    assert "/perencanaan/unit/X1/abk/GURU-AP/" in body
    nat = client_of(planners.national).get(BASE + f"?tahun={TODAY.year}&by=provinsi")
    assert nat.context["total"].kekurangan == 4
    assert [p["kode"] for p in nat.context["charts"]["peta"]] == ["32"]  # both units lie in West Java
    assert "Kekurangan dan kelebihan terbesar" in text(nat)
    # a unit id typed in the picker opens the unit's page
    assert x.get(BASE + "?unit=X1").url == "/perencanaan/unit/X1/"


def test_the_main_menu_leads_to_planning(planners):
    assert 'href="/perencanaan/"' in text(client_of(planners.admin_x).get("/"))
    assert 'href="/perencanaan/"' not in text(client_of(planners.employee).get("/"))


# --- the needs of a unit and the workload analysis -----------------------------------------------------------
def test_unit_needs_page_and_the_need_form(planners):
    staff("X1", 2)
    x = client_of(planners.admin_x)
    r = x.get(BASE + "unit/X1/")
    assert r.status_code == 200 and "Kebutuhan pegawai Unit X1" in text(r) and 'id="f-kebutuhan"' in text(r)
    assert x.get(BASE + "unit/Y1/").status_code == 404
    assert client_of(planners.employee).get(BASE + "unit/X1/").status_code == 403
    r = x.post(BASE + "unit/X1/kebutuhan/", {"jabatan_id": "GURU-AP", "kebutuhan": "4", "prioritas": "2"}, follow=True)
    assert "Kebutuhan GURU-AP disimpan: 4 orang." in messages_of(r)
    assert Kebutuhan.objects.get(unor_id="X1", jabatan_id="GURU-AP").prioritas == 2
    r = x.post(BASE + "unit/X1/kebutuhan/", {"jabatan_id": "GURU-AP", "kebutuhan": "-1"}, follow=True)
    assert "Isian tidak valid" in messages_of(r)
    r = x.post(BASE + "unit/X1/kebutuhan/", {"jabatan_id": "NOPE", "kebutuhan": "1"}, follow=True)
    assert "jabatan tidak dikenal" in messages_of(r)
    assert x.post(BASE + "unit/Y1/kebutuhan/", {"jabatan_id": "GURU-AP", "kebutuhan": "1"}).status_code == 404
    analyst = client_of(planners.analyst)
    assert 'id="f-kebutuhan"' not in text(analyst.get(BASE + "unit/X1/"))  # reads, does not write
    assert analyst.post(BASE + "unit/X1/kebutuhan/", {"jabatan_id": "GURU-AP", "kebutuhan": "1"}).status_code == 403


def test_abk_tasks_and_apply(planners):
    x = client_of(planners.admin_x)
    page = BASE + "unit/X1/abk/GURU-AP/"
    r = x.get(page)
    assert r.status_code == 200 and "Belum ada tugas dalam analisis beban kerja ini" in text(r)
    assert x.get(BASE + "unit/X1/abk/NOPE/").status_code == 404
    r = x.post(page + "terapkan/", {}, follow=True)
    assert "belum ada tugas" in messages_of(r)
    r = x.post(page + "tugas/", {"uraian": "Mengajar", "satuan": "jam pelajaran", "volume": "2000",
                                 "norma_jam": "1.25"}, follow=True)
    assert "Tugas ditambahkan." in messages_of(r) and "Mengajar" in text(r)
    assert r.context["a"]["kebutuhan_abk"] == 2 and r.context["a"]["jam_beban_kerja"] == 2500
    r = x.post(page + "tugas/", {"uraian": "", "volume": "x", "norma_jam": "1"}, follow=True)
    assert "Isian tidak valid" in messages_of(r)
    r = x.post(page + "terapkan/", {}, follow=True)
    assert "Kebutuhan ditetapkan dari analisis beban kerja: 2 orang." in messages_of(r)
    assert Kebutuhan.objects.get(unor_id="X1", jabatan_id="GURU-AP").sumber == "ABK"
    task = TugasAbk.objects.get()
    r = x.post(page + f"tugas/{task.pk}/hapus/", {}, follow=True)
    assert "Tugas dihapus." in messages_of(r) and not TugasAbk.objects.exists()
    assert client_of(planners.admin_y).post(page + "tugas/", {"uraian": "A", "volume": "1", "norma_jam": "1"}
                                            ).status_code == 404


# --- scenarios --------------------------------------------------------------------------------------------------------
def test_scenario_list_and_create_form(planners, django_capture_on_commit_callbacks):
    nat = client_of(planners.national)
    r = nat.get(BASE + "skenario/")
    assert r.status_code == 200 and "Belum ada skenario redistribusi" in text(r) and 'id="f-skenario"' in text(r)
    r = nat.post(BASE + "skenario/baru/", {"nama": "Dekat", "cakupan": "INSTANSI", "cakupan_id": "KAB-X",
                                           "tahun": TODAY.year, "kursi_terdekat": "5", "cek_hukdis": "0",
                                           "keluarga": "RUMPUN"})
    sk = Skenario.objects.get(nama="Dekat")
    assert r.status_code == 302 and r.url == f"/perencanaan/skenario/{sk.pk}/"
    assert (sk.parameter["kursi_terdekat"], sk.parameter["cek_hukdis"], sk.parameter["keluarga"]) == (5, False, "RUMPUN")
    assert sk.parameter["penalti_lintas_instansi"] == 200  # not given: the rule set's value
    r = nat.post(BASE + "skenario/baru/", {"nama": "", "cakupan": "INSTANSI"}, follow=True)
    assert "Isian tidak valid" in messages_of(r)
    r = nat.post(BASE + "skenario/baru/", {"nama": "X", "cakupan": "INSTANSI", "cakupan_id": "NOPE"})
    assert r.status_code == 404
    r = nat.post(BASE + "skenario/baru/", {"nama": "X", "cakupan": "NASIONAL", "tahun": "2001"}, follow=True)
    assert "tahun rencana harus" in messages_of(r)
    assert client_of(planners.admin_x).post(BASE + "skenario/baru/", {"nama": "P", "cakupan": "PROVINSI",
                                                                      "cakupan_id": "32"}).status_code == 403
    assert client_of(planners.employee).get(BASE + "skenario/").status_code == 403
    r = nat.get(BASE + "skenario/")
    assert "Dekat" in text(r) and "Belum dijalankan" in text(r)


def test_scenario_list_is_paged_newest_first(planners, django_assert_max_num_queries):
    for i in range(25):
        Skenario.objects.create(nama=f"S{i:02d}", cakupan="NASIONAL", tahun=TODAY.year, parameter={})
    nat = client_of(planners.national)
    with django_assert_max_num_queries(12):
        r = nat.get(BASE + "skenario/")
    names = [x["s"].nama for x in r.context["rows"]]
    assert names[0] == "S24" and len(names) == 20 and r.context["next"]
    r = nat.get(BASE + f"skenario/?sebelum={r.context['next']}")
    assert [x["s"].nama for x in r.context["rows"]] == [f"S{i:02d}" for i in range(4, -1, -1)]


def test_run_from_the_page(planners, django_capture_on_commit_callbacks):
    staff("X1", 3)
    need("X1", "GURU-AP", 0)
    need("X2", "GURU-AP", 1)
    sk = scenario_create(actor=planners.admin_x, nama="Kab X", cakupan="INSTANSI", cakupan_id="KAB-X",
                         tahun=TODAY.year)
    x = client_of(planners.admin_x)
    r = x.get(BASE + f"skenario/{sk.pk}/")
    assert "Jalankan skenario" in text(r) and "Belum dijalankan" in text(r)
    with django_capture_on_commit_callbacks(execute=True):
        r = x.post(BASE + f"skenario/{sk.pk}/jalankan/", {"versi": sk.versi})
    assert r.status_code == 302
    sk.refresh_from_db()
    assert sk.job == "SELESAI" and sk.ringkasan["kursi_terisi"] == 1
    r = x.get(BASE + f"skenario/{sk.pk}/")
    assert "Jalankan ulang" in text(r) and "Tandai sudah ditinjau" in text(r)  # the owning agency's admin
    assert "Kursi terisi" in text(r) and "Usulan mutasi" in text(r)


def test_job_fragment_polls_while_running(plan, planners):
    nat = client_of(planners.national)
    Skenario.objects.filter(pk=plan.pk).update(job="JALAN", tahap="menghitung rencana optimal", persen=60)
    r = nat.get(BASE + f"skenario/{plan.pk}/status/", HTTP_HX_REQUEST="true")
    body = text(r)
    assert r.status_code == 200 and "<html" not in body and 'hx-trigger="every 2s"' in body
    assert "menghitung rencana optimal" in body and "HX-Refresh" not in r.headers
    page = text(nat.get(BASE + f"skenario/{plan.pk}/"))
    assert 'hx-trigger="every 2s"' in page and 'id="btn-tinjau"' not in page  # no review while running
    Skenario.objects.filter(pk=plan.pk).update(job="SELESAI", persen=100)
    r = nat.get(BASE + f"skenario/{plan.pk}/status/", HTTP_HX_REQUEST="true")
    assert r.headers["HX-Refresh"] == "true" and "every 2s" not in text(r)
    assert nat.get(BASE + f"skenario/{plan.pk}/status/").status_code == 302  # without HTMX: the page


def test_detail_figures_moves_and_masking(plan, planners, django_assert_max_num_queries):
    nat = client_of(planners.national)
    with django_assert_max_num_queries(20):
        r = nat.get(BASE + f"skenario/{plan.pk}/")
    body = text(r)
    assert r.status_code == 200 and "Guru nasional" in body and "Angka rencana" in body
    moves = list(Mutasi.objects.filter(skenario=plan).order_by("nip"))
    assert [x["nip"] for x in r.context["moves"]] == [m.nip for m in moves]
    assert "Kabupaten Y" in body and "Unit Y1" in body
    assert "/sk.xlsx" in body and "/sk.pdf" in body
    # the analyst has no personal data: NIPs masked, none whole in the page
    analyst = text(client_of(planners.analyst).get(BASE + f"skenario/{plan.pk}/"))
    assert mask_nip(moves[0].nip) in analyst and all(m.nip not in analyst for m in moves)
    # keyset pages by NIP, the cursor an opaque reference
    page = nat.get(BASE + f"skenario/{plan.pk}/")
    assert page.context["next"] == ""
    assert client_of(planners.admin_z).get(BASE + f"skenario/{plan.pk}/").status_code == 404
    assert client_of(planners.employee).get(BASE + f"skenario/{plan.pk}/").status_code == 403


def test_moves_are_paged(plan, planners, settings):
    from abdi.planning.views import scenarios

    nat = client_of(planners.national)
    old = scenarios.PER_PAGE
    scenarios.PER_PAGE = 2
    try:
        r = nat.get(BASE + f"skenario/{plan.pk}/")
        first = [x["m"].nip for x in r.context["moves"]]
        assert len(first) == 2 and r.context["next"].startswith("r") and r.context["next"] not in first
        r = nat.get(BASE + f"skenario/{plan.pk}/?setelah={r.context['next']}")
        assert len(r.context["moves"]) == 1 and r.context["moves"][0]["m"].nip > first[-1]
    finally:
        scenarios.PER_PAGE = old


def test_workflow_buttons_follow_state_and_role(plan, planners):
    url = BASE + f"skenario/{plan.pk}/"
    nat, x, y, analyst = (client_of(u) for u in (planners.national, planners.admin_x, planners.admin_y,
                                                  planners.analyst))
    assert 'id="btn-tinjau"' in text(nat.get(url)) and 'id="btn-jalankan"' in text(nat.get(url))
    assert 'id="btn-tinjau"' not in text(x.get(url))  # a national plan: reviewed nationally
    assert 'id="btn-tinjau"' not in text(analyst.get(url)) and 'id="btn-jalankan"' in text(analyst.get(url))
    r = nat.post(url + "tinjau/", {"versi": plan.versi}, follow=True)
    assert "Rencana ditinjau" in messages_of(r) and 'id="btn-jalankan"' not in text(r)
    r = nat.post(url + "tinjau/", {}, follow=True)  # twice: a conflict, shown as a message
    assert "hanya rencana draf" in messages_of(r)
    page_x = text(x.get(url))
    assert 'data-instansi="KAB-X"' in page_x and 'data-instansi="KAB-Y"' not in page_x
    assert 'data-instansi="KAB-X"' in text(nat.get(url)) and 'data-instansi="KAB-Y"' in text(nat.get(url))
    r = x.post(url + "setujui/", {"instansi_id": "KAB-X", "catatan": "Setuju"}, follow=True)
    assert "Persetujuan instansi dicatat." in messages_of(r) and "Disetujui oleh plan-admin-x" in text(r)
    assert x.post(url + "setujui/", {"instansi_id": "KAB-Y"}).status_code == 403
    assert 'id="f-terapkan"' not in text(nat.get(url))
    y.post(url + "setujui/", {"instansi_id": "KAB-Y"})
    assert 'id="f-terapkan"' in text(nat.get(url)) and 'id="f-terapkan"' not in text(x.get(url))
    r = nat.post(url + "terapkan/", {"nomor_sk": ""}, follow=True)
    assert "Isian tidak valid" in messages_of(r)
    mover = Mutasi.objects.filter(skenario=plan, instansi_tujuan="KAB-Y").first()
    r = nat.post(url + "terapkan/", {"nomor_sk": "800/7/BKN", "tanggal": TODAY.isoformat()}, follow=True)
    assert "Rencana diterapkan" in messages_of(r) and "800/7/BKN" in text(r) and "Diterapkan" in text(r)
    assert Pegawai.objects.get(pk=mover.nip).unor_id == "Y1"
    assert RiwayatPegawai.objects.filter(pegawai_id=mover.nip, nomor_sk="800/7/BKN").exists()
    assert 'id="langkah"' not in text(nat.get(url))


def test_compare_side_by_side(plan, planners):
    other = scenario_create(actor=planners.national, nama="Hanya Kab X", cakupan="INSTANSI", cakupan_id="KAB-X",
                            tahun=TODAY.year)
    scenario_run(other.pk)
    nat = client_of(planners.national)
    r = nat.get(BASE + f"skenario/bandingkan/?ids={plan.pk},{other.pk}")
    body = text(r)
    assert r.status_code == 200 and "Perbandingan skenario" in body and "Guru nasional" in body
    figures = dict(r.context["figures"])
    assert figures["Kursi terisi"] == [3, 1] and figures["Mutasi lintas instansi"] == [2, 0]
    assert "Sisa kekurangan per provinsi" in body
    r = nat.get(BASE + f"skenario/bandingkan/?ids={plan.pk}&ids={other.pk}")  # the list's checkboxes
    assert r.status_code == 200 and len(r.context["c"].scenarios) == 2
    r = nat.get(BASE + "skenario/bandingkan/", follow=True)
    assert "Pilih 2–4 skenario" in messages_of(r)
    assert nat.get(BASE + "skenario/bandingkan/?ids=a").status_code == 404
    assert client_of(planners.admin_z).get(BASE + f"skenario/bandingkan/?ids={plan.pk}").status_code == 404
    assert client_of(planners.employee).get(BASE + f"skenario/bandingkan/?ids={plan.pk}").status_code == 403


def test_refusals_of_steps_out_of_reach(plan, planners):
    url = BASE + f"skenario/{plan.pk}/"
    assert client_of(planners.admin_z).post(url + "tinjau/", {}).status_code == 404
    assert client_of(planners.analyst).post(url + "tinjau/", {}).status_code == 403
    plan_review(actor=planners.national, skenario=plan)
    plan_approve(actor=planners.national, skenario=plan, instansi_id="KAB-X")
    r = client_of(planners.national).post(url + "setujui/", {"instansi_id": "KAB-X"}, follow=True)
    assert "sudah menyetujui" in messages_of(r)
    assert client_of(planners.national).get(url).status_code == 200
