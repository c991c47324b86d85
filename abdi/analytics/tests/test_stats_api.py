"""``GET /api/v1/stats`` (CONTRACTS §6–7) for every kind of caller, checked against ``people.stats`` (the
plain set-based computation of §6), from the roster and from the aggregates."""

from __future__ import annotations

import pytest

from abdi.analytics.services import refresh
from abdi.people.models import Pegawai
from abdi.people.stats import workforce_stats

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats"


def _as(client, user):
    client.force_login(user)
    return client


@pytest.fixture(params=["mentah", "agregat"])
def source(request, world, users):
    if request.param == "agregat":
        refresh()
    return request.param


def test_national(client, users, source):
    r = _as(client, users.national_analyst).get(URL)
    assert r.status_code == 200 and r.json() == workforce_stats()


def test_agency_admin_gets_their_agency(client, world, users, source):
    r = _as(client, users.admin_b).get(URL)
    assert r.status_code == 200 and r.json() == workforce_stats(instansi_ids=["KAB-B"])
    assert r.json()["total"] == sum(1 for p in world.people if p.instansi_id == "KAB-B" and p.kedudukan == "AKTIF")


def test_unit_roles_get_their_subtree(client, world, users, source):
    for user in (users.hr_a1, users.supervisor_a1):
        r = _as(client, user).get(URL)
        assert r.status_code == 200
        assert r.json()["total"] == Pegawai.objects.filter(unor_id__in=["A1", "A11"], kedudukan="AKTIF").count()
        assert set(r.json()["by_instansi"]) == {"KAB-A"}


def test_scope_parameters_inside_and_outside(client, users, source):
    admin = _as(client, users.admin_a)
    assert admin.get(URL, {"cakupan": "instansi", "id": "KAB-A"}).json() == workforce_stats(instansi_ids=["KAB-A"])
    assert admin.get(URL, {"cakupan": "instansi", "id": "KAB-B"}).status_code == 404
    assert admin.get(URL, {"cakupan": "nasional"}).status_code == 403
    assert admin.get(URL, {"cakupan": "semesta"}).status_code == 404
    national = _as(client, users.national_admin).get(URL, {"cakupan": "instansi", "id": "KAB-B"})
    assert national.json() == workforce_stats(instansi_ids=["KAB-B"])


@pytest.mark.parametrize("who", ["employee_b", "norole"])
def test_no_org_scope_is_forbidden(client, users, who, source):
    r = _as(client, getattr(users, who)).get(URL)
    assert r.status_code == 403 and r.json()["detail"]
