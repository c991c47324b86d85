"""Benchmark of the HTTP API (``/api/v1/employees``) under gunicorn, driven by wrk.

    python -m bench.api [--employees 1000000] [--db abdi_bench_api] [--duration 20] [--connections 16] [--reuse]
                        [--src DIR]

1. Prepares the PostgreSQL database ``--db`` with ``--employees`` synthetic civil servants (``abdi synth``,
   ``abdi migrate``, ``abdi load``; with ``--reuse`` the data step is skipped when the database already holds
   that many and has every column the models use: a migration edited after it was applied forces a rebuild,
   see ``bench/api_schema.py``). The dataset and ``ABDI_HOME`` live under ``--work`` (kept between runs).
2. Creates ``bench-admin``, an agency admin scoped to the instansi with most employees, and a bearer token.
3. Starts ``gunicorn abdi.wsgi:application`` with 2 sync workers (DEBUG off) and waits until it answers.
4. For each scenario, a warm-up then a measured wrk run (``--connections`` connections, 2 threads,
   ``Authorization: Bearer``) from a separate process, with ``bench/api_wrk.lua`` for p50/p95/p99:
   - ``list_first``: ``GET /api/v1/employees?instansi_id=ID&limit=50``;
   - ``list_deep``: the same list ``--deep-pages`` pages deep (the cursor followed beforehand);
   - ``profile``: ``GET /api/v1/employees/{nip}`` rotating over ``--nips`` NIPs of the agency, checking that
     every read was recorded in the audit trail (``core_auditevent``, action ``pegawai.view``).
5. Writes ``bench/results/api.json`` and prints a summary. gunicorn is stopped at the end, also on error.

wrk, gunicorn and PostgreSQL share the machine's cores: the figures are for the whole stack on one host.
On a shared host requests/s move with whatever else runs; each scenario therefore also records the CPU time
per request of the gunicorn workers, of the database's backends and of wrk, the cores other processes took
meanwhile, and the requests/s that CPU cost allows on an idle host (``cpu`` in the results).
``--src DIR`` serves another source tree (a ``git archive`` snapshot, or a patched copy to measure a change)
against the same database.
Targets: list ≥ 300 requests/s with p95 ≤ 150 ms, profile ≥ 400 requests/s with p95 ≤ 100 ms, no errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SRC = ROOT  # the source tree the app runs from (--src)
RESULTS = BENCH / "results"
LUA = BENCH / "api_wrk.lua"
VENV_BIN = Path(sys.executable).parent
USERNAME = "bench-admin"
TARGETS = {
    "list_first": {"min_rps": 300, "max_p95_ms": 150},
    "list_deep": {"min_rps": 300, "max_p95_ms": 150},
    "profile": {"min_rps": 400, "max_p95_ms": 100},
}


def log(msg: str) -> None:
    print(f"[bench.api {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- database -----------------------------------------------------------------------------------------
def pg(dbname: str):
    import psycopg

    return psycopg.connect(dbname=dbname, autocommit=True)


def db_exists(name: str) -> bool:
    with pg("postgres") as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def employee_count(name: str) -> int | None:
    """Rows in the roster of database ``name``; None if the database or the table is missing."""
    if not db_exists(name):
        return None
    with pg(name) as conn:
        if conn.execute("SELECT to_regclass('people_pegawai')").fetchone()[0] is None:
            return None
        return conn.execute("SELECT count(*) FROM people_pegawai").fetchone()[0]


def abdi(args: list[str], env: dict, *, capture: bool = False) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "abdi", *args]
    return subprocess.run(cmd, env=env, cwd=SRC, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)


def schema_drift(env: dict) -> list[str]:
    """Model columns missing from the database (``bench/api_schema.py``, run in a child with ``env``)."""
    r = subprocess.run([sys.executable, str(BENCH / "api_schema.py")], env=env, cwd=SRC, text=True,
                       capture_output=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"bench.api_schema failed:\n{r.stderr}")
    return r.stdout.split()


def synth(out: Path, employees: int, seed: int, env: dict) -> None:
    """``abdi synth`` into ``out`` (written beside it first, so an interrupted run leaves no half dataset)."""
    if (out / "pegawai.csv").exists():
        log(f"dataset {out} already there")
        return
    part = out.with_name(out.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    log(f"abdi synth --employees {employees} --seed {seed}")
    subprocess.run([sys.executable, "-m", "abdi", "synth", "--employees", str(employees), "--seed", str(seed),
                    "--out", str(part)], env=env, cwd=SRC, check=True, stdout=subprocess.DEVNULL)
    part.rename(out)


def prepare_db(args, env: dict, work: Path) -> dict:
    have = employee_count(args.db)
    if args.reuse and have == args.employees:
        abdi(["migrate", "-v", "0"], env)  # a no-op unless the code gained migrations since
        drift = schema_drift(env)
        if not drift:
            log(f"--reuse: {args.db} already holds {have} employees; data step skipped")
            return {"reused": True, "load_seconds": None}
        log(f"--reuse: {args.db} lacks {', '.join(drift)} (a migration changed after it was applied): rebuilding")
    data = work / f"synth-{args.employees}-seed{args.seed}"
    synth(data, args.employees, args.seed, env)
    with pg("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.db}"')
    log(f"abdi migrate ({args.db})")
    abdi(["migrate", "-v", "0"], env)
    log(f"abdi load {data}")
    start = time.perf_counter()
    abdi(["load", str(data), "--report", str(work / "load-report.json")], env, capture=True)
    seconds = round(time.perf_counter() - start, 1)
    with pg(args.db) as conn:
        conn.execute("VACUUM (ANALYZE)")  # hint bits and visibility map set, as on a settled server
    log(f"loaded in {seconds} s")
    return {"reused": False, "load_seconds": seconds}


def biggest_instansi(db: str) -> tuple[str, str, int]:
    with pg(db) as conn:
        ins, n = conn.execute("SELECT instansi_id, count(*) FROM people_pegawai GROUP BY 1 "
                              "ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
        nama = conn.execute("SELECT nama FROM org_instansi WHERE instansi_id = %s", [ins]).fetchone()[0]
    return ins, nama, n


def sample_nips(db: str, instansi_id: str, n: int) -> list[str]:
    """``n`` NIPs of the agency spread over the roster (deterministic: ordered by a hash of the NIP)."""
    with pg(db) as conn:
        rows = conn.execute("SELECT nip FROM people_pegawai WHERE instansi_id = %s ORDER BY md5(nip) LIMIT %s",
                            [instansi_id, n]).fetchall()
    return [r[0] for r in rows]


def audit_views(db: str) -> int:
    with pg(db) as conn:
        return conn.execute("SELECT count(*) FROM core_auditevent WHERE action = 'pegawai.view'").fetchone()[0]


# --- user, token, server --------------------------------------------------------------------------------
def make_token(env: dict, work: Path, instansi_id: str) -> str:
    pw_file = work / "bench-admin.password"
    if not pw_file.exists():
        pw_file.write_text(secrets.token_urlsafe(18) + "\n", encoding="utf-8")
        pw_file.chmod(0o600)
    abdi(["user", "add", USERNAME, "--role", "agency_admin", "--scope", f"instansi:{instansi_id}",
          "--password-file", str(pw_file)], env, capture=True)
    out = abdi(["token", "create", USERNAME, "--days", "1"], env, capture=True).stdout
    return out.strip().splitlines()[-1].strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with ``workers`` sync workers in its own process group; ``stop()`` ends that group only."""

    def __init__(self, env: dict, port: int, workers: int, log_path: Path):
        self.port = port
        self.log_path = log_path
        cmd = [str(VENV_BIN / "gunicorn"), "abdi.wsgi:application", "-w", str(workers), "-k", "sync",
               "-b", f"127.0.0.1:{port}", "--timeout", "60", "--graceful-timeout", "5"]
        self._log = log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, env=env, cwd=SRC, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.cmd = cmd

    def wait_ready(self, token: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}); see {self.log_path}")
            try:
                status, _ = get(self.url("/api/v1/employees?limit=1"), token, timeout=5)
                if status == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the arbiter stops its workers
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group started for this server only
                self.proc.wait()
        self._log.close()


def get(url: str, token: str, timeout: float = 30) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def deep_cursor_path(server: Server, token: str, base: str, pages: int) -> tuple[str, int, float]:
    """Follows ``next`` ``pages`` times from ``base``; the path of that page, pages followed, mean s/page."""
    path, followed, start = base, 0, time.perf_counter()
    for _ in range(pages):
        status, body = get(server.url(path), token)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}: {body[:300]!r}")
        nxt = json.loads(body)["next"]
        if not nxt:
            break
        path = f"{base}&cursor={urllib.parse.quote(nxt, safe='')}"
        followed += 1
    return path, followed, (time.perf_counter() - start) / max(followed, 1)


# --- CPU accounting --------------------------------------------------------------------------------------
# Other work on a shared host changes requests/s from run to run; the CPU each request costs does not. Each
# measured run records the CPU time of the gunicorn workers, of this database's PostgreSQL backends and of wrk,
# and the busy time of the whole machine, so "others" is what the rest of the host took meanwhile.
TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def machine_busy_s() -> float:
    cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in cpu[:8])
    return (user + nice + system + irq + softirq + steal) / TICK


def child_pids(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                out.append(int(entry.name))
    return out


def cpu_snapshot(server: Server, db: str) -> dict:
    with pg("postgres") as conn:
        backends = [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db])]
    import resource

    return {"gunicorn": {p: proc_cpu_s(p) for p in [server.proc.pid, *child_pids(server.proc.pid)]},
            "postgres": {p: proc_cpu_s(p) for p in backends},
            "children": sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f) for f in ("ru_utime", "ru_stime")),
            "machine": machine_busy_s(), "wall": time.monotonic()}


def cpu_delta(before: dict, after: dict, requests: int) -> dict:
    def spent(kind):  # processes that came or went in between count from zero / not at all
        return sum(t - before[kind].get(p, 0.0) for p, t in after[kind].items())

    gunicorn, postgres, wrk = spent("gunicorn"), spent("postgres"), after["children"] - before["children"]
    wall = after["wall"] - before["wall"]
    busy = after["machine"] - before["machine"]
    n = max(requests, 1)
    per_req = (gunicorn + postgres + wrk) * 1000 / n
    return {
        "gunicorn_ms_per_request": round(gunicorn * 1000 / n, 2),
        "postgres_ms_per_request": round(postgres * 1000 / n, 2),
        "wrk_ms_per_request": round(wrk * 1000 / n, 2),
        "cores_used": {"gunicorn": round(gunicorn / wall, 2), "postgres": round(postgres / wall, 2),
                       "wrk": round(wrk / wall, 2),
                       "others_on_host": round(max(busy - gunicorn - postgres - wrk, 0.0) / wall, 2)},
        # requests/s the cores could carry at this CPU cost if nothing else ran on the host
        "capacity_rps_if_host_idle": round((os.cpu_count() or 1) * 1000 / per_req, 1) if per_req else None,
    }


# --- wrk ------------------------------------------------------------------------------------------------
def run_wrk(url: str, token: str, *, seconds: int, connections: int, threads: int,
            paths_file: Path | None = None) -> dict:
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s",
           "-H", f"Authorization: Bearer {token}", "-s", str(LUA), url]
    if paths_file is not None:
        cmd += ["--", str(paths_file)]
    out = subprocess.run(cmd, check=True, text=True, capture_output=True).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("ABDI_WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    raw = json.loads(line.split(" ", 1)[1])
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    lat = raw["latency_us"]
    err = raw["errors"]
    socket_errors = err["connect"] + err["read"] + err["write"] + err["timeout"]
    return {
        "requests": raw["requests"],
        "seconds": round(raw["duration_us"] / 1e6, 2),
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(lat["p50"] / 1000, 1),
        "p90_ms": round(lat["p90"] / 1000, 1),
        "p95_ms": round(lat["p95"] / 1000, 1),
        "p99_ms": round(lat["p99"] / 1000, 1),
        "max_ms": round(lat["max"] / 1000, 1),
        "mean_ms": round(lat["mean"] / 1000, 1),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": {k: err[k] for k in ("connect", "read", "write", "timeout")},
        "errors": (int(non2xx.group(1)) if non2xx else 0) + socket_errors,
        "mb_per_s": round(raw["bytes"] / raw["duration_us"], 2),
    }


def verdict(name: str, r: dict) -> dict:
    t = TARGETS[name]
    checks = {"rps": r["rps"] >= t["min_rps"], "p95": r["p95_ms"] <= t["max_p95_ms"], "errors": r["errors"] == 0}
    return {**t, "max_errors": 0, "checks": checks, "pass": all(checks.values())}


# --- machine ----------------------------------------------------------------------------------------------
def machine(db: str) -> dict:
    mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                  if ln.startswith("MemTotal:"))
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.machine())
    with pg(db) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
        settings = {k: conn.execute(f"SHOW {k}").fetchone()[0]
                    for k in ("shared_buffers", "work_mem", "effective_cache_size", "max_connections")}
    import django

    gunicorn = subprocess.run([str(VENV_BIN / "gunicorn"), "--version"], capture_output=True, text=True).stdout
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()
    return {"cores": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "platform": platform.platform(), "python": platform.python_version(), "django": django.__version__,
            "gunicorn": gunicorn.strip(), "wrk": wrk[0].strip() if wrk else "", "postgresql": pg_version,
            "postgresql_settings": settings,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def git_describe(src: Path) -> str:
    """The commit of ``src`` and whether its tracked files differ from it ("" outside a checkout)."""
    head = subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return ""
    dirty = subprocess.run(["git", "-C", str(src), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


# --- main -------------------------------------------------------------------------------------------------
def print_summary(result: dict) -> None:
    s = result["scale"]
    print(f"\nAPI benchmark: {s['employees']:,} employees; agency {s['instansi_id']} ({s['instansi_employees']:,} "
          f"employees); gunicorn {result['server']['workers']} sync workers; wrk -c{result['load']['connections']} "
          f"-t{result['load']['threads']} -d{result['load']['duration_s']}s")
    head = f"{'scenario':<12}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'requests':>10}  target"
    print(head)
    print("-" * len(head))
    for name, r in result["scenarios"].items():
        v = r["target"]
        tgt = f"≥{v['min_rps']} req/s, p95 ≤{v['max_p95_ms']} ms: {'PASS' if v['pass'] else 'FAIL'}"
        print(f"{name:<12}{r['rps']:>9.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}"
              f"{r['errors']:>8}{r['requests']:>10}  {tgt}")
    print("CPU per request (ms: gunicorn + postgres + wrk) and cores taken by other work on the host meanwhile:")
    for name, r in result["scenarios"].items():
        c = r["cpu"]
        print(f"  {name:<12}{c['gunicorn_ms_per_request']:6.2f} + {c['postgres_ms_per_request']:5.2f} + "
              f"{c['wrk_ms_per_request']:5.2f} ms; others {c['cores_used']['others_on_host']:.2f} cores; "
              f"capacity if the host were idle ≈ {c['capacity_rps_if_host_idle']} req/s")
    a = result["scenarios"].get("profile", {}).get("audit")
    if a:
        print(f"audit: {a['events_recorded']} 'pegawai.view' events recorded for {a['wrk_requests']} completed "
              f"profile requests (difference {a['difference']}; ok: {a['ok']})")
    print(f"all targets: {'PASS' if result['pass'] else 'FAIL'}")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--employees", type=int, default=1_000_000)
    ap.add_argument("--db", default="abdi_bench_api")
    ap.add_argument("--duration", type=int, default=20, help="seconds of each measured wrk run")
    ap.add_argument("--warmup", type=int, default=5, help="seconds of wrk warm-up before each scenario")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    ap.add_argument("--deep-pages", type=int, default=200)
    ap.add_argument("--nips", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reuse", action="store_true", help="keep the database if it holds --employees employees")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "abdi-bench-api",
                    help="dataset, ABDI_HOME and logs (kept between runs)")
    ap.add_argument("--results", type=Path, default=RESULTS / "api.json")
    ap.add_argument("--src", type=Path, default=ROOT,
                    help="source tree to serve (default: this checkout; e.g. a `git archive` snapshot, or a "
                         "patched copy to measure a change)")
    args = ap.parse_args(argv)
    global SRC
    SRC = args.src.resolve()
    if shutil.which("wrk") is None:
        ap.error("wrk not found on PATH")

    work = args.work.resolve()
    (work / "home").mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ABDI_")}
    env.update(ABDI_DATABASE_URL=f"postgres:///{args.db}", ABDI_HOME=str(work / "home"),
               ABDI_SECRET_KEY=secrets.token_urlsafe(50), ABDI_DEBUG="false",
               ABDI_ALLOWED_HOSTS="127.0.0.1,localhost", ABDI_LOG_LEVEL="WARNING")
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(SRC)  # ahead of the editable install, so --src decides which code runs

    data_info = prepare_db(args, env, work)
    instansi_id, instansi_nama, instansi_n = biggest_instansi(args.db)
    log(f"agency: {instansi_id} {instansi_nama} ({instansi_n} employees)")
    token = make_token(env, work, instansi_id)
    nips = sample_nips(args.db, instansi_id, args.nips)
    paths_file = work / "api-profile-paths.txt"
    paths_file.write_text("".join(f"/api/v1/employees/{nip}\n" for nip in nips), encoding="utf-8")

    server = Server(env, free_port(), args.workers, work / "gunicorn.log")
    result: dict = {
        "benchmark": "api",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.api " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(args.db),
        "scale": {"employees": employee_count(args.db), "database": args.db, **data_info,
                  "instansi_id": instansi_id, "instansi_nama": instansi_nama, "instansi_employees": instansi_n},
        "server": {"cmd": " ".join(server.cmd), "workers": args.workers, "debug": False, "src": str(SRC),
                   "git": git_describe(SRC)},
        "load": {"tool": "wrk", "connections": args.connections, "threads": args.threads,
                 "duration_s": args.duration, "warmup_s": args.warmup, "same_host": True},
        "scenarios": {},
    }
    try:
        server.wait_ready(token)
        log(f"gunicorn up on port {server.port}")
        base = f"/api/v1/employees?instansi_id={urllib.parse.quote(instansi_id)}&limit=50"
        deep_path, followed, per_page = deep_cursor_path(server, token, base, args.deep_pages)
        log(f"followed {followed} pages ({per_page * 1000:.1f} ms/page from urllib)")
        wrk_kw = {"connections": args.connections, "threads": args.threads}
        scenarios = [
            ("list_first", server.url(base), None, {"path": base}),
            ("list_deep", server.url(deep_path), None, {"path": deep_path, "pages_deep": followed}),
            ("profile", server.url("/"), paths_file,
             {"path": "/api/v1/employees/{nip}", "nips": len(nips)}),
        ]
        for name, url, pf, info in scenarios:
            log(f"{name}: warm-up {args.warmup} s")
            run_wrk(url, token, seconds=args.warmup, paths_file=pf, **wrk_kw)
            time.sleep(2)  # let the requests the warm-up left in flight (or in the listen queue) finish
            before = audit_views(args.db) if name == "profile" else None
            log(f"{name}: measuring {args.duration} s")
            load_before = os.getloadavg()[0]
            cpu_before = cpu_snapshot(server, args.db)
            r = run_wrk(url, token, seconds=args.duration, paths_file=pf, **wrk_kw)
            r["cpu"] = cpu_delta(cpu_before, cpu_snapshot(server, args.db), r["requests"])
            # the 1-minute load average before and after: other work on the host shows up here
            r["load_average_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
            if name == "profile":
                time.sleep(2)  # requests still in flight when wrk stopped finish and write their event
                recorded = audit_views(args.db) - before
                ok_responses = r["requests"] - r["non_2xx"]
                # wrk stops with up to one request per connection in flight: the server may complete (and
                # audit) those without wrk counting them
                r["audit"] = {"action": "pegawai.view", "events_before": before, "events_recorded": recorded,
                              "wrk_requests": r["requests"], "wrk_2xx": ok_responses,
                              "difference": recorded - ok_responses,
                              "ok": 0 <= recorded - ok_responses <= args.connections}
            r["target"] = verdict(name, r)
            result["scenarios"][name] = {**info, **r}
            log(f"{name}: {r['rps']} req/s, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, errors {r['errors']}")
    finally:
        server.stop()
        log("gunicorn stopped")

    audit_ok = result["scenarios"]["profile"]["audit"]["ok"]
    result["pass"] = all(s["target"]["pass"] for s in result["scenarios"].values()) and audit_ok
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print_summary(result)
    return result


if __name__ == "__main__":
    main()
