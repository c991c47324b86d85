"""Fixtures: the two-regency world and one user per role (abdi.people.tests.world), and ``org``: the world's
unit heads as pejabat penilai, with employees who have accounts."""

from types import SimpleNamespace

import pytest

from abdi.accounts.models import Role
from abdi.org.models import Unor
from abdi.people.tests.world import fast_passwords, make_user, users, world  # noqa: F401


def active(people):
    return [p for p in people if p.kedudukan == "AKTIF"]


@pytest.fixture
def org(world, users):  # noqa: F811
    """A0 gets a head, so the A1 head has a penilai (the atasan pejabat penilai of A1's staff)."""
    a0_head = world.by_unit["A0"][0]
    Unor.objects.filter(pk="A0").update(pemimpin_nip=a0_head.nip)
    a1_head = world.by_unit["A1"][0]
    staff = active(world.by_unit["A1"][1:]) + active(world.by_unit["A11"])
    return SimpleNamespace(
        a0_head=a0_head, a1_head=a1_head, staff=staff,
        penilai=users.supervisor_a1,
        atasan=make_user("atasan-a0", Role.SUPERVISOR, nip=a0_head.nip),
        employee=make_user("pegawai-a1", Role.EMPLOYEE, nip=staff[0].nip),
        other=make_user("pegawai-a11", Role.EMPLOYEE, nip=world.by_unit["A11"][1].nip),
        supervisor_b=make_user("atasan-b1", Role.SUPERVISOR, nip=world.by_unit["B1"][0].nip),
    )
