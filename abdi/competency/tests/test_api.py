"""``/api/v1/competency``: the profile (gaps and JPM from DOMAIN §3, computed here), assessments entered and
corrected by HR in scope (audited, refusals with the contract statuses), and the position standard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from abdi.competency.models import Asesmen, StandarKompetensi
from abdi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
BASE = "/api/v1/competency"
NINE = ("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
        "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa")


def client_for(user) -> Client:
    c = Client()
    c.force_login(type(user).objects.get(pk=user.pk))
    return c


def body(nip, tanggal="2025-05-01", levels=(3, 2, 2, 2, 3, 1, 2, 2, 2), **extra):
    return {"nip": nip, "tanggal": tanggal, **dict(zip(NINE, levels, strict=True)), **extra}


def test_enter_correct_and_read_a_profile(world, users):
    a1 = world.by_unit["A1"][0]  # Kepala Seksi: PENGAWAS, default standard 2 in every competency
    hr = client_for(users.hr_a1)
    r = hr.post(f"{BASE}/assessments", body(a1.nip, asesor="Pusat Asesmen"), content_type="application/json")
    assert r.status_code == 201, r.content
    first = r.json()["id"]
    levels = (3, 2, 2, 2, 3, 1, 2, 2, 2)
    profile = hr.get(f"{BASE}/profile/{a1.nip}").json()
    assert profile["standar"] == dict.fromkeys(NINE, 2)
    assert profile["gap"] == {k: v - 2 for k, v in zip(NINE, levels, strict=True)}
    assert profile["jpm"] == round(sum(levels) * 100 / 18, 2)  # 19 / 18 = 105.56 %: uncapped
    assert (profile["kategori_pemetaan"], profile["kategori_seleksi"]) == ("OPTIMAL", "MS")
    # a correction: the same record, audited with before and after
    r = hr.put(f"{BASE}/assessments/{first}", body(a1.nip, levels=(1,) * 9), content_type="application/json")
    assert r.status_code == 200 and Asesmen.objects.get(pk=first).integritas == 1
    event = AuditEvent.objects.get(action="kompetensi.asesmen_koreksi")
    assert event.before["integritas"] == 3 and event.after["integritas"] == 1
    assert hr.get(f"{BASE}/profile/{a1.nip}").json()["kategori_pemetaan"] == "KURANG_OPTIMAL"  # 9 / 18 = 50 %


def test_assessment_refusals(world, users):
    a_person, b_person = world.by_unit["A1"][1].nip, world.by_unit["B1"][1].nip
    hr = client_for(users.hr_a1)
    post = lambda c, b: c.post(f"{BASE}/assessments", b, content_type="application/json")  # noqa: E731
    assert post(hr, body(b_person)).status_code == 404
    assert post(client_for(users.supervisor_a1), body(a_person)).status_code == 403
    assert post(client_for(users.auditor_a), body(a_person)).status_code == 403
    assert post(hr, body(a_person, levels=(6,) + (3,) * 8)).status_code == 422
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    r = post(hr, body(a_person, tanggal=future))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "tanggal"
    assert post(hr, body(a_person)).status_code == 201
    assert post(hr, body(a_person)).status_code == 409  # the same date twice


def test_position_standard(world, users):
    nat = client_for(users.national_admin)
    r = nat.get(f"{BASE}/standards/J-FUN")
    assert r.json() == {"jabatan_id": "J-FUN", "sendiri": False, "standar": {}}  # functional: no default
    r = nat.put(f"{BASE}/standards/J-FUN", {"standar": {"integritas": 4, "komunikasi": 3, "kerja_sama": None}},
                content_type="application/json")
    assert r.status_code == 200 and r.json()["standar"] == {"integritas": 4, "komunikasi": 3}
    assert set(StandarKompetensi.objects.values_list("kompetensi", flat=True)) == {"integritas", "komunikasi"}
    assert client_for(users.admin_a).put(f"{BASE}/standards/J-FUN", {"standar": {}},
                                         content_type="application/json").status_code == 403
    assert nat.put(f"{BASE}/standards/J-FUN", {"standar": {"integritas": 7}},
                   content_type="application/json").status_code == 422
    assert nat.get(f"{BASE}/standards/J-STR").json()["standar"] == dict.fromkeys(NINE, 2)


def test_edits_announce_themselves_after_the_commit(world, users, monkeypatch, django_capture_on_commit_callbacks):
    """``core.hooks.after_change`` (the talent app keeps the 9-box current with it) hears of an assessment and of
    a changed standard once the edit has committed, and not of a refused edit."""
    from abdi.core.hooks import after_change

    heard = []
    monkeypatch.setattr(after_change, "_handlers", [lambda **kw: heard.append(kw)])
    a1 = world.by_unit["A1"][0]
    hr = client_for(users.hr_a1)
    with django_capture_on_commit_callbacks(execute=True):
        assert hr.post(f"{BASE}/assessments", body(a1.nip), content_type="application/json").status_code == 201
        assert hr.post(f"{BASE}/assessments", body(a1.nip, levels=(9,) * 9),
                       content_type="application/json").status_code == 422
    assert heard == [{"kind": "asesmen", "nips": [a1.nip]}]
    heard.clear()
    admin = client_for(users.national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        r = admin.put(f"{BASE}/standards/J-STR", {"standar": dict.fromkeys(NINE, 3)}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert heard == [{"kind": "standar", "jabatan_id": "J-STR"}]
