"""The competency screens: the profile (gaps, JPM) for who may see the person, the HR form that enters and
corrects assessments (refusals shown), and the position standard with the national admin's form."""

from __future__ import annotations

import pytest

from abdi.competency.models import Asesmen, StandarKompetensi
from abdi.core.models import AuditEvent
from abdi.people.masking import employee_ref

pytestmark = pytest.mark.django_db
NINE = ("integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri",
        "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa")


def as_user(client, user):
    client.force_login(type(user).objects.get(pk=user.pk))
    return client


def form(tanggal="2025-04-01", level=3, **extra):
    return {"tanggal": tanggal, **dict.fromkeys(NINE, str(level)), **extra}


def test_hr_enters_and_corrects_an_assessment(client, world, users):
    head = world.by_unit["A1"][0]  # PENGAWAS: standard 2 in every competency
    as_user(client, users.hr_a1)
    url = f"/kompetensi/pegawai/{employee_ref(head.nip)}/"
    r = client.get(url)
    assert r.status_code == 200 and "Belum ada hasil asesmen" in r.content.decode() and 'id="form-asesmen"' in r.content.decode()
    r = client.post(url + "asesmen/", form(asesor="UPT Asesmen"), follow=True)
    assert "Hasil asesmen disimpan" in r.content.decode()
    body = client.get(url).content.decode()
    assert "JPM 150.00%" in body or "JPM 150,00%" in body  # 27 / 18
    a = Asesmen.objects.get(pegawai=head)
    r = client.post(url + "asesmen/", form(level=1, asesmen_id=str(a.pk)), follow=True)
    assert "dikoreksi" in r.content.decode() and Asesmen.objects.get(pk=a.pk).integritas == 1
    assert AuditEvent.objects.filter(action="kompetensi.asesmen_koreksi", object_id=str(a.pk)).exists()
    r = client.post(url + "asesmen/", form(level=7), follow=True)
    assert "level harus bilangan bulat 1–5" in r.content.decode()


def test_who_sees_and_who_enters(client, world, users):
    a_person, b_person = world.by_unit["A1"][1], world.by_unit["B1"][1]
    as_user(client, users.supervisor_a1)
    r = client.get(f"/kompetensi/pegawai/{employee_ref(a_person.nip)}/")
    assert r.status_code == 200 and 'id="form-asesmen"' not in r.content.decode()
    assert client.post(f"/kompetensi/pegawai/{employee_ref(a_person.nip)}/asesmen/", form()).status_code == 403
    assert client.get(f"/kompetensi/pegawai/{employee_ref(b_person.nip)}/").status_code == 404
    assert AuditEvent.objects.filter(action="kompetensi.view", object_id=a_person.nip).exists()


def test_position_standard_page(client, world, users):
    as_user(client, users.national_admin)
    r = client.get("/kompetensi/jabatan/J-FUN/")
    assert r.status_code == 200 and "tidak memiliki standar sendiri" in r.content.decode()
    client.post("/kompetensi/jabatan/J-FUN/simpan/", {"integritas": "4", "komunikasi": "3"})
    assert dict(StandarKompetensi.objects.values_list("kompetensi", "level")) == {"integritas": 4, "komunikasi": 3}
    as_user(client, users.admin_a)
    assert client.post("/kompetensi/jabatan/J-FUN/simpan/", {"integritas": "1"}).status_code == 403
    assert client.get("/kompetensi/jabatan/TIDAK-ADA/").status_code == 404
