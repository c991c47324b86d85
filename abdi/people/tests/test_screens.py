"""The registry screens' polish: filter chips, empty states, a profile that shows what the viewer may see
and nothing more, and the audit of profile reads."""

import datetime as dt
import re
from html import unescape

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation

from abdi.accounts.models import Role
from abdi.core.models import AuditEvent
from abdi.people.masking import employee_ref, mask_nip
from abdi.people.tests.world import make_user

pytestmark = pytest.mark.django_db

LIST = reverse("people:list")


def detail(key):
    return reverse("people:detail", args=[key])


def chips(html):
    """(label, value, removal URL) of each chip."""
    return [(m.group(1), " ".join(unescape(m.group(2)).split()), unescape(m.group(3)))
            for m in re.finditer(r'<span class="chip-label">([^<]+):</span>(.*?)<a class="chip-x" href="([^"]+)"',
                                 html, re.S)]


# --- chips ---------------------------------------------------------------------------------------------
def test_each_active_filter_is_a_chip_that_removes_only_itself(client, world, users):
    client.force_login(users.national_admin)
    params = {"q": "budi", "instansi": "KAB-A", "unor": "A1", "jenis_jabatan": "FUNGSIONAL",
              "golongan": "III/b", "kedudukan": "AKTIF", "sort": "-nama"}
    html = client.get(LIST, params).content.decode()
    got = chips(html)
    assert [(label, value) for label, value, _ in got] == [
        ("Cari", "budi"), ("Instansi", "Pemerintah Kabupaten Bandung"), ("Unit kerja", "Dinas Pendidikan"),
        ("Jenis jabatan", "Fungsional"), ("Golongan", "III/b"), ("Kedudukan", "Aktif")]
    names = ["q", "instansi", "unor", "jenis_jabatan", "golongan", "kedudukan"]
    for name, (_, _, url) in zip(names, got, strict=True):
        query = dict(re.findall(r"([a-z_]+)=([^&]*)", url.split("?", 1)[1]))
        assert set(query) == set(params) - {name}  # the sort stays, the cursor never comes along
        assert query["sort"] == "-nama"
    assert f'href="{LIST}?sort=-nama"' in html and "Hapus semua filter" in html


def test_chip_links_work_without_and_with_htmx(client, world, users):
    client.force_login(users.admin_a)
    html = client.get(LIST, {"golongan": "III/b", "kedudukan": "CLTN"}).content.decode()
    (_, _, url), _ = chips(html)
    assert f'hx-get="{url}" hx-target="#hasil" hx-push-url="true"' in unescape(html)
    page = client.get(url).content.decode()  # a plain link: the whole page, without golongan
    assert [c[0] for c in chips(page)] == ["Kedudukan"] and "<html" in page
    frag = client.get(url, HTTP_HX_REQUEST="true").content.decode()  # HTMX: results, and the form refreshed
    assert "<html" not in frag and [c[0] for c in chips(frag)] == ["Kedudukan"]
    assert re.search(r'<form id="f-filters"[^>]*hx-swap-oob="true"', frag)
    assert '<option value="III/b" selected>' not in frag and '<option value="CLTN" selected>' in frag


def test_no_chips_without_filters(client, world, users):
    client.force_login(users.admin_a)
    html = client.get(LIST).content.decode()
    assert 'class="chips"' not in html and "Hapus semua filter" not in html


def test_unknown_unit_chip_shows_the_id(client, world, users):
    client.force_login(users.admin_a)
    html = client.get(LIST, {"unor": "B1"}).content.decode()  # outside the scope: as if absent
    assert ("Unit kerja", "B1") in [(a, b) for a, b, _ in chips(html)]
    assert "Tidak ada pegawai yang cocok" in html


# --- empty states --------------------------------------------------------------------------------------
def test_no_results_for_filters_suggests_removing_them(client, world, users):
    client.force_login(users.admin_a)
    html = client.get(LIST, {"q": "zzzz", "golongan": "IV/e"}).content.decode()
    assert "Tidak ada pegawai yang cocok" in html and "hapus sebagian saringan" in html
    assert len(chips(html)) == 2 and html.count("Hapus semua filter") == 2  # the chips' and the message's


def test_no_employees_in_scope_tells_an_admin_how_to_load(client, db, fast_passwords):
    client.force_login(make_user("kosong", Role.NATIONAL_ADMIN))
    html = client.get(LIST).content.decode()
    assert "Belum ada data pegawai dalam cakupan Anda" in html and "abdi load" in html


def test_no_employees_in_scope_tells_others_whom_to_ask(client, db, fast_passwords):
    client.force_login(make_user("analis-kosong", Role.NATIONAL_ANALYST))
    html = client.get(LIST).content.decode()
    assert "Belum ada data pegawai dalam cakupan Anda" in html and "abdi load" not in html
    assert "Hubungi admin" in html


def test_user_without_scope_is_told_so(client, world, users):
    client.force_login(users.norole)
    html = client.get(LIST).content.decode()
    assert "Akun Anda belum memiliki cakupan data" in html and "abdi load" not in html


# --- what the viewer may see ---------------------------------------------------------------------------
def birth_date_forms(d: dt.date) -> list[str]:
    with translation.override("id"):
        shown = [date_filter(d, "j F Y"), date_filter(d, "j M Y"), date_filter(d, "d/m/Y")]
    return [*shown, d.isoformat(), d.strftime("%Y%m%d"), d.strftime("%d-%m-%Y")]


@pytest.mark.parametrize("who", ["national_analyst", "supervisor_a1"])
def test_profile_hides_personal_data_from_roles_without_it(client, world, users, who):
    client.force_login(getattr(users, who))
    person = world.by_unit["A11"][1]
    response = client.get(detail(employee_ref(person.nip)))
    html = response.content.decode()
    assert response.status_code == 200 and person.nama in html
    assert person.nip not in html and mask_nip(person.nip) in html
    for form in birth_date_forms(person.tgl_lahir):
        assert form not in html, form
    assert "disembunyikan" in html
    # a whole NIP typed in the address opens the page too, still masked: the NIP is only echoed as the path
    response = client.get(detail(person.nip))
    html = response.content.decode().replace(f'value="{detail(person.nip)}"', "")
    assert response.status_code == 200 and person.nip not in html and mask_nip(person.nip) in html


@pytest.mark.parametrize("who", ["admin_a", "hr_a1", "auditor_a"])
def test_profile_shows_personal_data_to_roles_with_it(client, world, users, who):
    client.force_login(getattr(users, who))
    person = world.by_unit["A11"][1]
    html = client.get(detail(person.nip)).content.decode()
    with translation.override("id"):
        assert person.nip in html and date_filter(person.tgl_lahir, "j F Y") in html
    assert "disembunyikan" not in html


@pytest.mark.parametrize("who", ["national_analyst", "supervisor_a1"])
def test_list_hides_personal_data_from_roles_without_it(client, world, users, who):
    client.force_login(getattr(users, who))
    html = client.get(LIST).content.decode()
    visible = world.a_nips | world.b_nips if who == "national_analyst" else {
        p.nip for p in world.by_unit["A1"] + world.by_unit["A11"]}
    own = getattr(users, who).nip
    for person in world.people:
        if person.nip not in visible or person.nip == own:
            continue
        assert person.nip not in html and mask_nip(person.nip) in html
        for form in birth_date_forms(person.tgl_lahir):
            assert form not in html, form


# --- audit of profile reads ----------------------------------------------------------------------------
@pytest.mark.parametrize("who,key", [("admin_a", "nip"), ("national_analyst", "ref")])
def test_profile_read_is_audited_like_the_api(client, world, users, who, key):
    user = getattr(users, who)
    person = world.by_unit["A11"][0]
    client.force_login(user)
    assert client.get(detail(person.nip if key == "nip" else employee_ref(person.nip))).status_code == 200
    client.get(f"/api/v1/employees/{person.nip if key == 'nip' else employee_ref(person.nip)}")
    web, api = AuditEvent.objects.filter(object_type="pegawai").order_by("id")
    for event in (web, api):
        assert (event.actor_id, event.object_id, event.action, event.sealed) == (
            user.pk, person.nip, "pegawai.view", False)
        assert (event.instansi_id, event.unor_path) == ("KAB-A", "/A0/A1/A11/")


def test_denied_profile_is_not_audited(client, world, users):
    client.force_login(users.admin_b)
    assert client.get(detail(world.by_unit["A11"][0].nip)).status_code == 404
    assert not AuditEvent.objects.exists()


def test_list_is_not_a_personal_record_read(client, world, users):
    client.force_login(users.admin_a)
    client.get(LIST)
    assert not AuditEvent.objects.exists()
