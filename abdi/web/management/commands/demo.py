"""``abdi demo [--employees N] [--seed S] [--port P] [--no-serve] [--reset]`` (CONTRACTS §1, §2).

Builds the embedded demo: migrate (schema and reference data), generate the synthetic dataset into
``var/demo-data/``, load it, create one account per role, print them, and serve the UI. Idempotent: a
dataset already generated with the same N and seed is not generated again, and one whose files (by hash) are
already loaded is not loaded again; accounts keep their passwords from ``var/demo-accounts.txt``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import string
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from abdi.core.management.base import EXIT_FAILED, AbdiCommand, Progress, UsageError

PARAMS_FILE = ".demo.json"
ACCOUNTS_FILE = "demo-accounts.txt"
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


@dataclass
class DemoAccount:
    username: str
    role: str
    scopes: list[str]
    nip: str
    scope_label: str
    password: str = ""


class Command(AbdiCommand):
    help = "Demo tertanam: basis data SQLite dengan data sintetis, akun demo per peran, dan server web lokal."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=30_000, metavar="N",
                            help="jumlah pegawai sintetis (bawaan 30000)")
        parser.add_argument("--seed", type=int, default=1, metavar="S", help="benih acak (bawaan 1)")
        parser.add_argument("--port", type=int, default=8000, metavar="P", help="porta server (bawaan 8000)")
        parser.add_argument("--no-serve", action="store_true", help="siapkan data dan akun saja, tanpa server")
        parser.add_argument("--reset", action="store_true",
                            help="hapus basis data dan data demo lebih dulu, lalu bangun ulang")

    def handle(self, *args, **opts):
        n, seed, port = opts["employees"], opts["seed"], opts["port"]
        if n < 1:
            raise UsageError("--employees harus ≥ 1")
        if not 1 <= port <= 65535:
            raise UsageError("--port harus 1–65535")
        started = time.perf_counter()
        var_dir = Path(settings.VAR_DIR)
        var_dir.mkdir(parents=True, exist_ok=True)
        data_dir = var_dir / "demo-data"
        progress = Progress(getattr(self.stderr, "_out", None))
        if opts["reset"]:
            self._reset(var_dir, data_dir)
        self._note("basis data: migrasi skema dan data referensi")
        call_command("migrate", interactive=False, verbosity=0, stdout=getattr(self.stderr, "_out", None))
        self._generate(data_dir, n, seed, progress)
        self._load(data_dir, progress)
        accounts = demo_accounts()
        self._set_passwords(accounts, var_dir / ACCOUNTS_FILE)
        self._seed_skp()
        self._seed_talent()
        table = accounts_table(accounts)
        write_private(var_dir / ACCOUNTS_FILE, table)
        self._note(f"siap dalam {time.perf_counter() - started:.0f} detik")
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(f"Abdi demo: {n} pegawai sintetis (seed {seed}).")
        self.stdout.write(f"Akun demo (juga di {var_dir / ACCOUNTS_FILE}):\n")
        self.stdout.write(table)
        if opts["no_serve"]:
            self.stdout.write(f"Server tidak dijalankan (--no-serve). Jalankan `abdi demo` untuk membuka {url}")
            return
        self.stdout.write(f"Buka {url} (hentikan dengan Ctrl+C).")
        self.stdout.flush()
        # DEBUG is off in the demo too; --insecure lets runserver serve the vendored static files.
        from abdi.core.tasks import start_sealer_thread

        start_sealer_thread(settings.ABDI_AUDIT_SEAL_SECONDS)  # profile reads join the audit chain within seconds
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)

    # --- steps -------------------------------------------------------------------------------------
    def _note(self, message: str) -> None:
        self.stderr.write(f"abdi demo: {message}")

    def _reset(self, var_dir: Path, data_dir: Path) -> None:
        conn = connections["default"]
        name = str(conn.settings_dict.get("NAME") or "")
        if conn.vendor == "sqlite" and name and ":memory:" not in name and "mode=memory" not in name:
            self._note(f"--reset: menghapus {name}")
            connections.close_all()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)
        else:
            self._note(f"--reset: mengosongkan basis data {conn.vendor} ({name})")
            call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(data_dir, ignore_errors=True)
        (var_dir / ACCOUNTS_FILE).unlink(missing_ok=True)

    def _generate(self, data_dir: Path, n: int, seed: int, progress: Progress) -> None:
        wanted = {"employees": n, "seed": seed}
        marker = data_dir / PARAMS_FILE
        if marker.is_file() and _read_json(marker).get("params") == wanted:
            self._note(f"dataset sintetis {n} pegawai (seed {seed}) sudah ada di {data_dir}")
            return
        from abdi.synth import write_dataset

        self._note(f"membuat dataset sintetis: {n} pegawai, seed {seed}")
        tmp = data_dir.with_name(data_dir.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        summary = write_dataset(tmp, employees=n, seed=seed, progress=progress)
        progress.done()
        (tmp / PARAMS_FILE).write_text(json.dumps({"params": wanted, "summary": summary}, default=str, indent=1),
                                       encoding="utf-8")
        shutil.rmtree(data_dir, ignore_errors=True)
        tmp.rename(data_dir)

    def _load(self, data_dir: Path, progress: Progress) -> None:
        from abdi.core.models import LoadBatch
        from abdi.people.imports import load_directory
        from abdi.people.imports.engine import file_sha256

        hashes = {p.name: file_sha256(p) for p in sorted(data_dir.glob("*.csv"))}
        done = LoadBatch.objects.filter(kind="dataset", status__in=[LoadBatch.Status.DONE, LoadBatch.Status.PARTIAL])
        for files in done.order_by("-pk").values_list("files", flat=True)[:20]:
            files = files or {}
            # the batch records the files it loaded (files of modules not built yet are not among them)
            if "pegawai.csv" in files and all(hashes.get(name) == meta.get("sha256") for name, meta in files.items()):
                self._note("dataset ini sudah dimuat; dilewati")
                return
        if done.exists():
            self._note("basis data sudah berisi data lain; dataset demo dimuat di atasnya (pakai --reset untuk "
                       "memulai dari kosong)")
        self._note(f"memuat {data_dir}")
        report = load_directory(data_dir, actor_label="abdi demo", progress=progress)
        progress.done()
        if report.exit_code == EXIT_FAILED:
            raise CommandError(f"memuat dataset demo gagal: {report.error}", returncode=EXIT_FAILED)
        if report.exit_code:
            self._note(f"{sum(f['rejected'] for f in report.files.values())} baris ditolak saat memuat "
                       f"(lihat `abdi load {data_dir} --report FILE`)")

    def _seed_skp(self) -> None:
        """The demo employee's SKP, submitted to the demo supervisor (abdi.performance.demo)."""
        from abdi.accounts.models import User
        from abdi.performance.demo import seed_demo_skp

        users = {u.username: u for u in User.objects.filter(username__in=["employee", "supervisor"])}
        if "employee" in users and "supervisor" in users:
            skp = seed_demo_skp(users["employee"], users["supervisor"])
            if skp is not None:
                self._note(f"SKP demo {skp.tahun}: diajukan ke akun supervisor")

    def _seed_talent(self) -> None:
        """The demo agency admin on the talent committee, a pool and key positions (abdi.talent.demo)."""
        from abdi.accounts.models import User
        from abdi.talent.demo import seed_demo_talent

        admin = User.objects.filter(username="agency_admin").first()
        if admin is not None:
            result = seed_demo_talent(admin)
            if result:
                self._note(f"talenta demo {result['tahun']}: {result['kotak']} kotak, {result['jabatan_target']} "
                           f"jabatan target, {result['suksesor']} calon suksesor")

    def _set_passwords(self, accounts: list[DemoAccount], path: Path) -> None:
        from abdi.accounts.models import User
        from abdi.accounts.services import scope_parse, user_grant

        previous = read_accounts_file(path)
        existing = {u.username: u for u in User.objects.filter(username__in=[a.username for a in accounts])}
        for account in accounts:
            old = previous.get(account.username)
            user = existing.get(account.username)
            keep = bool(old and user and user.check_password(old))
            account.password = old if keep else new_password()
            user_grant(username=account.username, role=account.role,
                       scopes=[scope_parse(s) for s in account.scopes], nip=account.nip,
                       password=None if keep else account.password)
        self._note(f"{len(accounts)} akun demo siap")


# --- choosing the demo accounts ---------------------------------------------------------------------------
def demo_accounts() -> list[DemoAccount]:
    """One account per role, scoped to a regency and its units so that each role shows what it can see."""
    from django.db.models import Count

    from abdi.org.models import Instansi, Unor
    from abdi.people.models import Pegawai

    accounts = [
        DemoAccount("national_admin", "national_admin", [], "", "nasional"),
        DemoAccount("national_analyst", "national_analyst", [], "", "nasional"),
    ]
    by_instansi = (Pegawai.objects.order_by().values("instansi_id").annotate(n=Count("nip"))
                   .values_list("instansi_id", "instansi__jenis", "n"))
    ranked = sorted(by_instansi, key=lambda r: (r[1] != "KABUPATEN", -r[2], r[0]))
    if not ranked:
        return accounts
    instansi_id = ranked[0][0]
    instansi_nama = Instansi.objects.get(pk=instansi_id).nama
    units = {u: (path, nama, head) for u, path, nama, head in
             Unor.objects.filter(instansi_id=instansi_id).values_list("unor_id", "path", "nama", "pemimpin_nip")}
    direct = dict(Pegawai.objects.filter(instansi_id=instansi_id).order_by().values("unor_id")
                  .annotate(n=Count("nip")).values_list("unor_id", "n"))
    subtree: dict[str, int] = dict.fromkeys(units, 0)
    for uid, n in direct.items():
        for part in units.get(uid, ("",))[0].strip("/").split("/"):
            if part in subtree:
                subtree[part] += n
    top = min((p.count("/") for p, _, _ in units.values()), default=0)
    # unit HR: the largest unit just below the top of the tree
    second = [u for u, (p, _, _) in units.items() if p.count("/") == top + 1] or list(units)
    hr_unit = max(second, key=lambda u: (subtree[u], u))
    # supervisor: the head of a unit inside the HR unit with staff, as deep as possible
    heads = set(Pegawai.objects.filter(nip__in=[h for _, _, h in units.values() if h]).values_list("nip", flat=True))
    hr_path = units[hr_unit][0]
    led = [u for u, (p, _, h) in units.items() if h in heads and subtree[u] >= 3]
    led_inside = [u for u in led if units[u][0].startswith(hr_path)] or led
    if led_inside:
        sup_unit = max(led_inside, key=lambda u: (units[u][0].count("/"), subtree[u], u))
        sup_nip = units[sup_unit][2]
    else:  # no unit names its head: take the highest-ranked structural official of the HR unit
        sup_unit = hr_unit
        sup_nip = (Pegawai.objects.filter(unor_id=hr_unit).order_by("-jabatan__kelas", "nip")
                   .values_list("nip", flat=True).first() or "")
    sup_path = units[sup_unit][0]
    employee_nip = (Pegawai.objects.filter(unor__path__startswith=sup_path, kedudukan="AKTIF")
                    .exclude(nip=sup_nip).order_by("nip").values_list("nip", flat=True).first()
                    or Pegawai.objects.filter(instansi_id=instansi_id).exclude(nip=sup_nip).order_by("nip")
                    .values_list("nip", flat=True).first())
    accounts += [
        DemoAccount("agency_admin", "agency_admin", [f"instansi:{instansi_id}"], "",
                    f"instansi {instansi_id} ({instansi_nama})"),
        DemoAccount("unit_hr", "unit_hr", [f"unor:{hr_unit}"], "", f"unit {hr_unit} ({units[hr_unit][1]}) ke bawah"),
    ]
    if sup_nip:
        accounts.append(DemoAccount("supervisor", "supervisor", [f"unor:{sup_unit}"], sup_nip,
                                    f"unit {sup_unit} ({units[sup_unit][1]}) ke bawah; NIP {sup_nip}"))
    if employee_nip:
        accounts.append(DemoAccount("employee", "employee", [], employee_nip, f"diri sendiri, NIP {employee_nip}"))
    accounts.append(DemoAccount("auditor", "auditor", [f"instansi:{instansi_id}"], "",
                                f"instansi {instansi_id} ({instansi_nama}), baca saja"))
    return accounts


# --- the accounts file --------------------------------------------------------------------------------------
HEADER = ("PERAN", "PENGGUNA", "KATA SANDI", "CAKUPAN")


def accounts_table(accounts: list[DemoAccount]) -> str:
    rows = [HEADER] + [(a.role, a.username, a.password, a.scope_label) for a in accounts]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3] for r in rows]
    return "\n".join(lines) + "\n"


def read_accounts_file(path: Path) -> dict[str, str]:
    """``{username: password}`` from an earlier ``accounts_table``; empty if there is none."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
    except OSError:
        return {}
    out = {}
    for line in lines:
        parts = line.split(maxsplit=3)
        if len(parts) >= 3:
            out[parts[1]] = parts[2]
    return out


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the owner only (created 0600, never world-readable)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def new_password(length: int = 16) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
