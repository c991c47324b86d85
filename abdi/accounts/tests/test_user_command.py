import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from abdi.accounts.models import User

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("user", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def scopes(username):
    user = User.objects.get(username=username)
    return sorted(str(s) for s in user.scopes.all()), user.role


@pytest.fixture
def password_file(tmp_path):
    f = tmp_path / "pw"
    f.write_text("kata-sandi-yang-panjang-7\n", encoding="utf-8")
    return f


def test_add_creates_user_with_role_scopes_and_password(world, password_file):
    out, _ = run("add", "siti", "--role", "agency_admin", "--scope", "instansi:KAB-A", "--scope", "unor:B1",
                 "--password-file", str(password_file))
    assert out == {"username": "siti", "created": True, "role": "agency_admin",
                   "scopes": ["instansi:KAB-A", "unor:B1"], "nip": None}
    user = User.objects.get(username="siti")
    assert user.check_password("kata-sandi-yang-panjang-7")
    assert user.access.instansi_ids == {"KAB-A"} and user.access.unor_paths == ("/B0/B1/",)


def test_add_again_replaces_role_and_scopes_and_keeps_password(world, password_file):
    run("add", "siti", "--role", "agency_admin", "--scope", "instansi:KAB-A", "--password-file", str(password_file))
    out, _ = run("add", "siti", "--role", "unit_hr", "--scope", "unor:A1")
    assert out["created"] is False
    assert scopes("siti") == (["unor:A1"], "unit_hr")
    assert User.objects.get(username="siti").check_password("kata-sandi-yang-panjang-7")
    run("add", "siti", "--role", "national_analyst")
    assert scopes("siti") == ([], "national_analyst")


def test_employee_needs_a_nip_and_takes_no_scope(world):
    nip = next(iter(world.a_nips))
    out, err = run("add", "budi", "--role", "employee", "--nip", nip)
    assert out["nip"] == nip and "changepassword" in err
    assert not User.objects.get(username="budi").has_usable_password()
    with pytest.raises(CommandError) as exc:
        run("add", "ani", "--role", "employee")
    assert exc.value.returncode == 64
    with pytest.raises(CommandError) as exc:
        run("add", "ani", "--role", "employee", "--nip", nip, "--scope", "instansi:KAB-A")
    assert exc.value.returncode == 64


@pytest.mark.parametrize("args", [
    ["--role", "superhero", "--scope", "instansi:KAB-A"],           # unknown role
    ["--role", "agency_admin", "--scope", "kantor:KAB-A"],          # unknown scope kind
    ["--role", "agency_admin", "--scope", "KAB-A"],                 # no kind
    ["--role", "agency_admin"],                                    # scoped role without scope
    ["--role", "national_admin", "--scope", "instansi:KAB-A"],      # national role with scope
    ["--role", "employee", "--nip", "12345"],                      # malformed NIP
])
def test_usage_errors_exit_64_and_change_nothing(world, args):
    with pytest.raises(CommandError) as exc:
        run("add", "siti", *args)
    assert exc.value.returncode == 64
    assert not User.objects.filter(username="siti").exists()


def test_weak_password_is_a_usage_error(world, tmp_path):
    f = tmp_path / "pw"
    f.write_text("123\n")
    with pytest.raises(CommandError) as exc:
        run("add", "siti", "--role", "national_admin", "--password-file", str(f))
    assert exc.value.returncode == 64


def test_missing_scope_target_exits_1_and_changes_nothing(world):
    run("add", "siti", "--role", "agency_admin", "--scope", "instansi:KAB-A")
    with pytest.raises(CommandError) as exc:
        run("add", "siti", "--role", "unit_hr", "--scope", "unor:TIDAK-ADA")
    assert exc.value.returncode == 1 and "unor:TIDAK-ADA" in str(exc.value)
    assert scopes("siti") == (["instansi:KAB-A"], "agency_admin")


def test_command_line_exit_codes(tmp_path):
    """Through the real `abdi` entry point: argparse errors exit 64, not 2 (CONTRACTS §1)."""
    env_home = tmp_path / "home"
    env = {"ABDI_HOME": str(env_home), "PATH": "/usr/bin:/bin"}
    base = [sys.executable, "-m", "abdi", "user"]
    assert subprocess.run([*base, "add", "x"], env=env, capture_output=True).returncode == 64  # no --role
    bad = subprocess.run([*base, "add", "x", "--role", "superhero"], env=env, capture_output=True, text=True)
    assert bad.returncode == 64 and "superhero" in bad.stderr
    assert subprocess.run([*base, "remove", "x"], env=env, capture_output=True).returncode == 64


@pytest.mark.django_db
def test_grant_is_audited_with_before_and_after():
    from abdi.core.audit import audit_verify
    from abdi.core.models import AuditEvent

    call_command("user", "add", "analis2", "--role", "national_analyst")
    call_command("user", "add", "analis2", "--role", "national_admin")
    first, second = AuditEvent.objects.filter(action="user.grant", object_id="analis2").order_by("id")
    assert first.before is None and first.after["role"] == "national_analyst"
    assert second.before["role"] == "national_analyst" and second.after["role"] == "national_admin"
    assert audit_verify()[0] is True
