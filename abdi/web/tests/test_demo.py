import stat
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from abdi.accounts.models import Role, User
from abdi.org.models import Unor
from abdi.people.models import Pegawai
from abdi.people.selectors import employee_list_for_user
from abdi.web.management.commands.demo import read_accounts_file

pytestmark = pytest.mark.django_db


def run_demo(*args):
    out, err = StringIO(), StringIO()
    call_command("demo", "--no-serve", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_demo_builds_dataset_and_one_account_per_role(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    out, err = run_demo("--employees", "300", "--seed", "3")
    assert Pegawai.objects.count() == 300
    accounts_file = settings.VAR_DIR / "demo-accounts.txt"
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600
    passwords = read_accounts_file(accounts_file)
    assert set(passwords) == set(Role.values)
    for username, password in passwords.items():
        assert password in out  # the table is printed on stdout
        user = authenticate(username=username, password=password)
        assert user is not None and user.role == username
        assert employee_list_for_user(user, limit=5).items, f"{username} sees nobody"
    admin = User.objects.get(username="agency_admin")
    assert [s.instansi.jenis for s in admin.scopes.all()] == ["KABUPATEN"]  # a regency
    supervisor = User.objects.get(username="supervisor")
    led = supervisor.scopes.get().unor
    assert Pegawai.objects.filter(nip=supervisor.nip).exists()
    assert Unor.objects.get(pk=led.pk).pemimpin_nip in ("", supervisor.nip)
    assert Pegawai.objects.filter(nip=User.objects.get(username="employee").nip).exists()
    assert "abdi demo:" in err  # progress on stderr
    # the demo employee's SKP waits for the demo supervisor's approval, in the supervisor's team
    from abdi.performance.models import Skp
    from abdi.performance.selectors import team_nips

    skp = Skp.objects.get(pegawai_id=User.objects.get(username="employee").nip)
    assert (skp.status, skp.penilai_nip) == ("DIAJUKAN", supervisor.nip) and skp.hasil.count() == 2
    assert skp.pegawai_id in team_nips(supervisor.nip, skp.tahun)
    # the talent module: the agency admin sits on the committee; a pool and key positions with successors
    from abdi.talent.models import JabatanTarget, KomiteTalenta, Kotak

    assert Kotak.objects.exists()
    assert KomiteTalenta.objects.filter(user=admin, instansi=admin.scopes.get().instansi).exists()
    assert JabatanTarget.objects.filter(instansi=admin.scopes.get().instansi).exists()

    # idempotent: the same N and seed neither generates nor loads again, and passwords stay
    out2, err2 = run_demo("--employees", "300", "--seed", "3")
    assert "sudah ada" in err2 and "sudah dimuat" in err2
    assert read_accounts_file(accounts_file) == passwords
    assert Pegawai.objects.count() == 300
    assert Skp.objects.count() == 1


def test_demo_usage_errors(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    with pytest.raises(CommandError) as exc:
        run_demo("--employees", "0")
    assert exc.value.returncode == 64
    with pytest.raises(CommandError) as exc:
        run_demo("--port", "70000")
    assert exc.value.returncode == 64
