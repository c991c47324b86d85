"""A load killed mid-way leaves the database as it was (CONTRACTS §4).

The load runs in a separate ``abdi`` process against its own database; the test waits until the process has
written everything inside its transaction (``ABDI_LOAD_PAUSE_BEFORE_COMMIT``), kills it with SIGKILL and checks
that nothing of it is visible, then that the same load runs through afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from abdi.people.tests.dataset import PEGAWAI, person, write_dataset


def _count(env, sql: str) -> int:
    out = subprocess.run([sys.executable, "-m", "abdi", "shell", "-c",
                          f"from django.db import connection\nc=connection.cursor();c.execute({sql!r});print(c.fetchone()[0])"],
                         env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def separate_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["ABDI_HOME"] = str(tmp_path / "home")
    dropper = None
    if connection.vendor == "postgresql":
        db = settings.DATABASES["default"]
        name = f"abdi_kill_{uuid.uuid4().hex[:8]}"
        dsn = dict(host=db.get("HOST") or None, port=db.get("PORT") or None, user=db.get("USER") or None,
                   password=db.get("PASSWORD") or None, dbname="postgres")
        dsn = {k: v for k, v in dsn.items() if v}
        with psycopg.connect(**dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        user = db.get("USER") or ""
        host = db.get("HOST") or ""
        env["ABDI_DATABASE_URL"] = f"postgres://{user}@{host}/{name}" if host else f"postgres://{user + '@' if user else ''}/{name}"

        def dropper():
            with psycopg.connect(**dsn, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env.pop("ABDI_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "abdi", "migrate", "-v", "0"], env=env, check=True)
    yield env
    if dropper:
        dropper()


def test_killed_load_changes_nothing_and_a_rerun_loads(tmp_path, separate_database):
    env = separate_database
    first = write_dataset(tmp_path / "first")
    subprocess.run([sys.executable, "-m", "abdi", "load", str(first)], env=env, check=True, capture_output=True)
    assert _count(env, "select count(*) from people_pegawai") == 4
    history_before = _count(env, "select count(*) from people_riwayatpegawai")
    changed = [person(jabatan_id="J-PELAKSANA", tmt_jabatan="2024-07-01"), *PEGAWAI[1:],
               person(nip="198001012005011002", tgl_lahir="1980-01-01", nama="Orang Baru")]
    second = write_dataset(tmp_path / "second", pegawai=changed)
    proc = subprocess.Popen([sys.executable, "-m", "abdi", "load", str(second)],
                            env={**env, "ABDI_LOAD_PAUSE_BEFORE_COMMIT": "60"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if "siap commit" in line:
                break
        else:
            pytest.fail("the load ended before reaching its commit")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert _count(env, "select count(*) from people_pegawai") == 4
    assert _count(env, "select count(*) from people_riwayatpegawai") == history_before
    assert _count(env, "select count(*) from people_pegawai where jabatan_id = 'J-PELAKSANA' and nip = '198609262015051001'") == 0
    rerun = subprocess.run([sys.executable, "-m", "abdi", "load", str(second)], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(env, "select count(*) from people_pegawai") == 5
