import pytest

from abdi.accounts.access import access_for
from abdi.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_national_roles_are_national(users):
    for user in (users.national_admin, users.national_analyst):
        assert user.access.national and not user.access.instansi_ids


def test_scoped_roles_hold_their_scopes(users):
    assert users.admin_a.access.instansi_ids == {"KAB-A"}
    assert users.hr_a1.access.unor_paths == ("/A0/A1/",)
    assert users.supervisor_a1.access.self_nip == users.supervisor_a1.nip


def test_nested_unit_scopes_collapse_to_the_outer_one(world):
    from abdi.accounts.models import Scope

    user = User.objects.create_user("ganda", role=Role.UNIT_HR)
    Scope.objects.bulk_create([Scope(user=user, kind="unor", unor_id="A11"), Scope(user=user, kind="unor", unor_id="A1"),
                               Scope(user=user, kind="unor", unor_id="A1X")])
    assert access_for(user).unor_paths == ("/A0/A1/", "/A0/A1X/")


@pytest.mark.parametrize("role,personal", [
    (Role.NATIONAL_ADMIN, True), (Role.AGENCY_ADMIN, True), (Role.UNIT_HR, True), (Role.AUDITOR, True),
    (Role.NATIONAL_ANALYST, False), (Role.SUPERVISOR, False), (Role.EMPLOYEE, False),
])
def test_who_may_see_birth_dates(db, role, personal):
    user = User.objects.create_user(username="x", role=role, nip="198609262015051001")
    access = access_for(user)
    assert access.personal_data is personal
    assert access.may_see_personal("198609262015051001")  # one's own record, always


def test_superuser_without_role_is_national_admin(db):
    user = User.objects.create_superuser("root", password="x-very-long-password")
    assert access_for(user).national and access_for(user).personal_data


def test_inactive_user_has_no_access(users):
    users.admin_a.is_active = False
    assert access_for(users.admin_a).is_empty
