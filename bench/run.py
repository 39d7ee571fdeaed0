"""`make bench`: how fast the site serves, as in production, on this machine.

gunicorn with DEBUG off, production settings and a throwaway SQLite database with the
demo content (bench/out/, ignored by git). Load comes from other processes: Debian's
`wrk` for the GET pages, and threads of this script for the enquiry POSTs, which need
a fresh CSRF cookie and form token each (GET the form, then POST it). Prints the
figures and writes them to bench/RESULTS.md. Not a test: nothing here fails the build.
"""

import contextlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "bench" / "out"
RESULTS = BASE_DIR / "bench" / "RESULTS.md"
STATIC_COPY = Path("bench") / "therapy.html"  # inside STATIC_ROOT

WORKERS = 4
WRK_CONNECTIONS = 16
WRK_SECONDS = 4
# Each page is measured this many times, the pages taking turns, and its median run is
# reported: other work on the machine then slows every page alike, not one by chance.
ROUNDS = 3
ENQUIRIES = 800
# Ahead of other work on the machine (as root), so that it disturbs the figures less; a
# dedicated server would not need this.
PRIORITY = ["nice", "-n", "-10"] if os.geteuid() == 0 else []
POSTING_CLIENTS = 16
CONTENT_TARGET = 0.8  # of the static ceiling
COMMITS = 300  # per synchronous setting, for the cost of syncing each commit

# One Django start-up for everything the site needs before it serves.
SETUP_SCRIPT = """
import json, sys
from pathlib import Path
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
from django.test import Client
from therapies.models import Therapy

call_command("migrate", verbosity=0)
call_command("load_demo_content", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
therapy = Therapy.objects.published().order_by("pk").first().get_absolute_url()
page = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"}).get(therapy)
copy = Path(settings.STATIC_ROOT) / sys.argv[1]
copy.parent.mkdir(exist_ok=True)
copy.write_bytes(page.content)
print(json.dumps({"therapy": therapy, "static": settings.STATIC_URL + sys.argv[1]}))
"""

ENQUIRY = {
    "enquiry_for": "myself",
    "full_name": "Bench Mark",
    "email": "bench@example.org",
    "phone": "07911 123456",
    "contact_method": "email",
    "contact_time": "any",
    "therapy": "",
    "centre": "",
    "funding": "self_pay",
    "insurer": "",
    "has_referral": "yes",
    "message": "A benchmark enquiry.",
    "consent": "on",
    "website": "",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_env(port: int) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "TASKS_", "EMAIL_"))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "genesis_site.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{OUT / 'db.sqlite3'}",
        # Never reached: no task worker runs during the bench, so queued email stays queued.
        # gunicorn refuses console email with DEBUG off (Django's mail.E001).
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "WEB_CONCURRENCY": str(WORKERS),
        # Every bench client comes from 127.0.0.1 and posts at once.
        "ENQUIRY_RATE_LIMIT": str(10 * ENQUIRIES),
        "ENQUIRY_MIN_FILL_SECONDS": "0",
    }


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped: see {OUT / 'gunicorn.log'}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start within a minute")


class PeakMemory(threading.Thread):
    """Samples the peak resident memory (VmHWM) of every gunicorn worker, including
    workers that gunicorn recycles (max_requests) during the run."""

    def __init__(self, master_pid: int):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak_kib = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(0.25):
            for pid in self.worker_pids():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue  # recycled between listing and reading
                if match := re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE):
                    self.peak_kib = max(self.peak_kib, int(match[1]))

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children")
        return [int(pid) for pid in children.read_text().split()]


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by gunicorn: the master, its workers, and workers it recycled."""

    def times(pid: int, *, with_children: bool) -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # utime, stime, cutime, cstime: fields 14 to 17 of proc_pid_stat(5).
        ticks = fields[11:15] if with_children else fields[11:13]
        return sum(map(int, ticks))

    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    total = times(master_pid, with_children=True)
    for pid in children:
        # A worker recycled just now has its time in the master's already.
        with contextlib.suppress(OSError):
            total += times(int(pid), with_children=False)
    return total / os.sysconf("SC_CLK_TCK")


def wrk(url: str, seconds: int = WRK_SECONDS, *, server_pid: int) -> dict:
    cpu_before = server_cpu_seconds(server_pid)
    result = subprocess.run(
        [
            *PRIORITY,
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(WRK_CONNECTIONS),
            "--duration",
            f"{seconds}s",
            "--latency",
            "--header",
            "X-Forwarded-Proto: https",  # what our TLS-terminating proxy adds
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = server_cpu_seconds(server_pid) - cpu_before
    out = result.stdout
    if not re.search(r"^\s+99%\s+(\S+)\s*$", out, re.MULTILINE):
        sys.exit(f"wrk gave no figures for {url}:\n{out}{result.stderr}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)  # connect, read, write, timeout
    requests = int(re.search(r"(\d+) requests in", out)[1])
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "cpu_ms": 1000 * cpu / max(requests, 1),
        "p50_ms": wrk_ms(re.search(r"^\s+50%\s+(\S+)\s*$", out, re.MULTILINE)[1]),
        "p99_ms": wrk_ms(re.search(r"^\s+99%\s+(\S+)\s*$", out, re.MULTILINE)[1]),
        "errors": (int(errors[1]) if errors else 0)
        + (sum(map(int, re.findall(r"\d+", socket_errors[1]))) if socket_errors else 0),
    }


def wrk_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def post_enquiries(port: int) -> dict:
    """ENQUIRIES enquiries from POSTING_CLIENTS clients at once, each GETting the form
    (fresh CSRF cookie and form token) before POSTing it."""
    latencies, failures = [], []
    per_client = ENQUIRIES // POSTING_CLIENTS
    origin = f"https://127.0.0.1:{port}"

    def request(method, path, body=None, headers=None):
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        client.request(method, path, body=body, headers={"X-Forwarded-Proto": "https"} | headers)
        response = client.getresponse()
        response.body = response.read().decode()
        client.close()
        return response

    def client():
        for _ in range(per_client):
            form = request("GET", "/enquiries/new/", headers={})
            cookies = SimpleCookie()
            for header in form.headers.get_all("Set-Cookie", []):
                cookies.load(header)
            hidden = re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form.body)
            data = {name: unescape(value) for name, value in hidden} | ENQUIRY
            started = time.perf_counter()
            sent = request(
                "POST",
                "/enquiries/new/",
                body=urlencode(data),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": "; ".join(f"{k}={m.value}" for k, m in cookies.items()),
                    "Origin": origin,
                    "Referer": f"{origin}/enquiries/new/",
                },
            )
            latencies.append(time.perf_counter() - started)
            if sent.status != 302 or sent.headers["Location"] != "/enquiries/sent/":
                failures.append(sent.status)

    threads = [threading.Thread(target=client) for _ in range(POSTING_CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with sqlite3.connect(OUT / "db.sqlite3") as db:
        stored = db.execute("SELECT COUNT(*) FROM enquiries_enquiry").fetchone()[0]
        emails = db.execute("SELECT COUNT(*) FROM outbox_outboundemail").fetchone()[0]
    latencies.sort()
    return {
        "posted": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[max(0, round(0.99 * len(latencies)) - 1)],
        "errors": len(failures),
        "stored": stored,
        "emails": emails,
        "seconds": elapsed,
    }


def commit_ms(synchronous: str) -> float:
    """Mean time of one small write transaction on this disk, in WAL mode as the site runs.

    The site uses synchronous=FULL (each commit is synced to disk before the patient sees
    their reference); NORMAL syncs only at checkpoints, so a power cut can lose commits.
    """
    path = OUT / f"commits-{synchronous.lower()}.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={synchronous}")
    db.execute("CREATE TABLE enquiry (id INTEGER PRIMARY KEY, message TEXT)")
    started = time.perf_counter()
    for _ in range(COMMITS):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO enquiry (message) VALUES (?)", ("x" * 2000,))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return 1000 * elapsed / COMMITS


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text()
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, gunicorn, sqlite3; "
            "print(django.get_version(), gunicorn.__version__, sqlite3.sqlite_version)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        "cores": os.cpu_count(),
        "memory_gib": int(re.search(r"MemTotal:\s+(\d+)", meminfo)[1]) / 1024**2,
        "cpu": cpu[1] if cpu else platform.processor(),
        "python": platform.python_version(),
        "django": versions[0],
        "gunicorn": versions[1],
        "sqlite": versions[2],
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    port = free_port()
    env = site_env(port)
    print("Setting up a throwaway database with the demo content...", flush=True)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP_SCRIPT, str(STATIC_COPY)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if setup.returncode:
        sys.exit(setup.stderr)
    urls = json.loads(setup.stdout.strip().splitlines()[-1])

    log = (OUT / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            *PRIORITY,
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "genesis_site/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "genesis_site.wsgi",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, server)
        memory = PeakMemory(server.pid)
        memory.start()
        base = f"http://127.0.0.1:{port}"
        targets = [
            ("Static ceiling: therapy page HTML via WhiteNoise", urls["static"]),
            ("Home", "/"),
            ("Therapy page", urls["therapy"]),
            ("Centres list", "/centres/"),
            ("Therapy page, page cache bypassed", urls["therapy"] + "?bench=uncached"),
            ("Enquiry form GET", "/enquiries/new/"),
        ]
        for label, path in targets:
            print(f"Warming up: {label}", flush=True)
            # Fills the page cache and runs every code path once.
            wrk(base + path, seconds=1, server_pid=server.pid)
        runs = {path: [] for _, path in targets}
        for round_number in range(1, ROUNDS + 1):
            print(f"Round {round_number} of {ROUNDS}: {WRK_SECONDS}s per page", flush=True)
            for _, path in targets:
                runs[path].append(wrk(base + path, server_pid=server.pid))
        rows = [
            (label, path, sorted(runs[path], key=lambda run: run["rps"])[ROUNDS // 2], runs[path])
            for label, path in targets
        ]
        print(f"Posting {ENQUIRIES} enquiries from {POSTING_CLIENTS} clients...", flush=True)
        posts = post_enquiries(port)
        memory.stop.set()
        memory.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
        shutil.rmtree(BASE_DIR / "staticfiles" / STATIC_COPY.parent, ignore_errors=True)

    print("Timing SQLite commits with synchronous=FULL and NORMAL...", flush=True)
    commits = {setting: commit_ms(setting) for setting in ("FULL", "NORMAL")}
    report = render(machine(), rows, posts, memory.peak_kib, load_average, commits)
    RESULTS.write_text(report)
    print()
    print(report)


def render(
    host: dict, rows: list, posts: dict, peak_kib: int, load_average: str, commits: dict
) -> str:
    static, static_cpu = rows[0][2]["rps"], cpu_per_request(rows[0][3])
    lines = [
        "# Benchmark results",
        "",
        f"Run with `make bench` on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}.",
        "",
        f"- Machine: {host['cores']} cores ({host['cpu']}), {host['memory_gib']:.1f} GiB memory;"
        " the load generators run on the same machine.",
        f"- Software: Python {host['python']}, Django {host['django']}, gunicorn "
        f"{host['gunicorn']} ({WORKERS} sync workers), SQLite {host['sqlite']} (WAL, "
        "synchronous=FULL).",
        "- Site: production settings (DEBUG off), demo content, file-based cache "
        "(no REDIS_URL), page cache on (PAGE_CACHE_SECONDS=60), access log on.",
        f"- GET load: `wrk --threads 1 --connections {WRK_CONNECTIONS} --duration "
        f"{WRK_SECONDS}s --latency`, {ROUNDS} rounds with the pages taking turns, after a "
        "warm-up. Requests/s and latencies are from each page's median round.",
        "- Server CPU per request: CPU time gunicorn's processes used during a round, divided "
        "by the round's requests (median of the rounds). Other work on this shared machine "
        "moves requests/s a lot from round to round, but barely moves this; with the cores "
        "to itself, the server's requests/s would be in inverse proportion to it. So the "
        "target is judged by it, and requests/s is shown beside.",
        f"- Load average when the run started: {load_average}.",
        "",
        "| Page | Requests/s | p50 ms | p99 ms | Errors | vs static | Server CPU ms/request "
        "| vs static, by CPU | Every round, req/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, path, best, runs in rows:
        cpu = cpu_per_request(runs)
        every_round = ", ".join(f"{run['rps']:,.0f}" for run in runs)
        lines.append(
            f"| {label} (`{path}`) | {best['rps']:,.0f} | {best['p50_ms']:.1f} | "
            f"{best['p99_ms']:.1f} | {best['errors']} | {best['rps'] / static:.2f}x | "
            f"{cpu:.2f} | {static_cpu / cpu:.2f}x | {every_round} |"
        )
    lines.append(
        f"| Enquiry POST ({POSTING_CLIENTS} clients, each GETs the form first) | "
        f"{posts['rps']:,.0f} | {posts['p50_ms']:.1f} | {posts['p99_ms']:.1f} | "
        f"{posts['errors']} | | | | |"
    )
    by_rps = {label: best["rps"] / static for label, _, best, _ in rows[1:4]}
    by_cpu = {label: static_cpu / cpu_per_request(runs) for label, _, _, runs in rows[1:4]}
    slowest = min(by_cpu, key=by_cpu.get)
    all_stored = posts["stored"] == ENQUIRIES and posts["errors"] == 0
    lines += [
        "",
        "## Targets",
        "",
        f"- Anonymous content pages at least {CONTENT_TARGET}x the static ceiling: "
        + ("**met**" if by_cpu[slowest] >= CONTENT_TARGET else "**missed**")
        + f" by server CPU per request (slowest: {slowest}, {by_cpu[slowest]:.2f}x); by this "
        f"run's requests/s the slowest is {min(by_rps, key=by_rps.get)}, "
        f"{min(by_rps.values()):.2f}x.",
        f"- {ENQUIRIES} enquiries from {POSTING_CLIENTS} concurrent clients to {WORKERS} "
        f"workers on SQLite, all stored with zero errors: "
        + ("**met**" if all_stored else "**missed**")
        + f" ({posts['stored']} stored with {posts['emails']} queued emails, "
        f"{posts['errors']} errors, in {posts['seconds']:.1f}s).",
        f"- Peak memory (RSS high-water mark) of one gunicorn worker: {peak_kib / 1024:.0f} MiB.",
        "",
        "## The cost of durable commits",
        "",
        f"One small write transaction on this disk (SQLite in WAL mode, {COMMITS} in a row): "
        f"{commits['FULL']:.2f} ms with `synchronous=FULL`, which the site uses so that an "
        "enquiry whose reference was shown survives a power cut, against "
        f"{commits['NORMAL']:.2f} ms with `NORMAL`. The enquiry POSTs above ran with FULL.",
        "",
    ]
    return "\n".join(lines)


def cpu_per_request(runs: list[dict]) -> float:
    return statistics.median(run["cpu_ms"] for run in runs)


if __name__ == "__main__":
    main()
