"""`make bench`: how much the site costs to serve, and whether that stays flat as data grows.

Serving: three gunicorn servers with the site's own gunicorn settings, DEBUG off and a
throwaway SQLite database with the demo content (bench/out/, ignored by git): the
ceiling (bench/ceiling.py: the therapy page's HTML and headers, as the page cache sends
them, from a WSGI app without Django), the
site with its page cache, and the site with the page cache off (PAGE_CACHE_SECONDS=0).
Debian's `wrk` loads the GET pages, the pages of all three taking turns round by round;
threads of this script post enquiries, each with the CSRF cookie and form token of a form
fetched beforehand. The figure that matters is the server CPU per request: CPU time of
gunicorn's master and workers (also of workers it recycled) over the requests served.

Data growth: bench/growth.py seeds 1,000 then 100,000 enquiries with ten emails each on a
throwaway SQLite file and on a throwaway PostgreSQL cluster (tests/platform/postgres.py),
timing the triage queue, the SLA report for a year and the cron commands at each size.

Prints every figure against the targets of issue 14 and writes bench/RESULTS.md. Not a
test: nothing here fails the build. `--quick` gives a rough run in about two minutes.
"""

import argparse
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
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "bench" / "out"
RESULTS = BASE_DIR / "bench" / "RESULTS.md"
NOTES_HEADING = "## Notes"  # written by people; each run keeps it
STATIC_ROOT = OUT / "static"
STATIC_COPY = Path("bench") / "therapy.html"  # inside STATIC_ROOT: WhiteNoise serves it

WORKERS = 4
WRK_CONNECTIONS = 16
POSTING_CLIENTS = 16
WARM_UP = 2  # seconds of wrk per page before the rounds
WARM_UP_POSTS = 4 * POSTING_CLIENTS  # enquiries posted before the timed ones
# Ahead of other work on the machine (as root), so that it disturbs the figures less; a
# dedicated server would not need this.
PRIORITY = ["nice", "-n", "-10"] if os.geteuid() == 0 else []
COMMITS = 300  # per synchronous setting, for the cost of syncing each commit

# Issue 14's targets, in milliseconds of server CPU per request.
RENDERED_THERAPY_MS = 2.8
ENQUIRY_FORM_MS = 4
ENQUIRY_POST_MS = 8
RENDERED_PAGE_MS = 3
CACHED_VS_CEILING = 0.8
MOST_QUERIES_PER_PAGE = 4
QUEUE_MS = 50
REPORT_MS = 500
COMMAND_MS = 5000

# One Django start-up for everything the site needs before it serves; it finds a page of
# each kind in the sitemap and prints their paths.
SETUP_SCRIPT = """
import json, re, sys
from pathlib import Path
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
from django.test import Client

call_command("migrate", verbosity=0)
call_command("load_demo_content", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
sitemap = client.get("/sitemap.xml").content.decode()
paths = [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
found = {
    kind: next(path for path in paths if re.fullmatch(rf"/{kind}/[^/]+/", path))
    for kind in ("therapies", "centres", "specialists")
}
page = client.get(found["therapies"])  # stored in the page cache: the headers it is sent with
for copy in (Path(settings.STATIC_ROOT) / sys.argv[1], Path(sys.argv[2])):
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(page.content)
headers = [(name, value) for name, value in page.items() if name != "Content-Length"]
Path(sys.argv[3]).write_text(json.dumps(headers))

# The SQL queries of every public page, rendered (page cache off), on a view after the
# first (which fills the caches every page reads, as on a running site).
from django.db import connection
from django.test import override_settings

counted = {}
with override_settings(PAGE_CACHE_SECONDS=0):
    for path in [*paths, "/enquiries/new/", "/search/?q=scan"]:
        client.get(path)
        queries = []
        with connection.execute_wrapper(lambda run, *query: queries.append(1) or run(*query)):
            client.get(path)
        counted[path] = len(queries)
print(json.dumps(found | {"static": settings.STATIC_URL + sys.argv[1], "queries": counted}))
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


@dataclass
class Case:
    """One page measured under wrk on one server, with the target it is judged by."""

    label: str
    server: str
    path: str
    kind: str  # ceiling, static, cached or rendered
    target_ms: float | None = None
    runs: list[dict] = field(default_factory=list)

    @property
    def cpu_ms(self) -> float:
        """Median of the rounds; infinite if no round completed a request (too short)."""
        return statistics.median(
            run["cpu_ms"] if run["requests"] else float("inf") for run in self.runs
        )

    @property
    def median_run(self) -> dict:
        return sorted(self.runs, key=lambda run: run["rps"])[len(self.runs) // 2]


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a rough run in about two minutes")
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration of each round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the pages taking turns")
    parser.add_argument("--posts", type=int, default=400, help="enquiries posted")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 100_000], help="enquiries seeded"
    )
    parser.add_argument(
        "--only", choices=["serving", "growth"], help="run one half of the bench only"
    )
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rounds, args.posts, args.sizes = 2, 1, 100, [1_000, 10_000]
    return args


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_env(**overrides: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "TASKS_", "EMAIL_", "STATIC_"))
    }
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "genesis_site.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "https://127.0.0.1",
            "DATABASE_URL": f"sqlite:///{OUT / 'db.sqlite3'}",
            "STATIC_ROOT": str(STATIC_ROOT),
            # Never reached: no task worker runs during the bench, so queued email stays
            # queued. gunicorn refuses console email with DEBUG off (Django's mail.E001).
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "WEB_CONCURRENCY": str(WORKERS),
        }
        | overrides
    )


class Server:
    """gunicorn with the site's settings file, serving ``app`` on a free port."""

    def __init__(self, name: str, app: str, env: dict[str, str]):
        self.name = name
        self.port = free_port()
        self.log = (OUT / f"gunicorn-{name}.log").open("w")
        self.process = subprocess.Popen(
            [
                *PRIORITY,
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "genesis_site/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                app,
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        # With PRIORITY, `nice` execs gunicorn: the same process.
        return self.process.pid

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn ({self.name}) stopped: see {self.log.name}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                time.sleep(0.1)
                continue
            if len(worker_pids(self.pid)) == WORKERS:
                return
            time.sleep(0.1)
        sys.exit(f"gunicorn ({self.name}) did not start within 90 seconds")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def stat_ticks(pid: int, *, with_reaped_children: bool) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime, stime, cutime, cstime: fields 14 to 17 of proc_pid_stat(5). cutime and cstime
    # are the times of children the process has waited for: workers it recycled.
    ticks = fields[11:15] if with_reaped_children else fields[11:13]
    return sum(map(int, ticks))


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by gunicorn: the master, its workers, and workers it reaped.

    Read again if the master reaped a worker meanwhile, so that none counts twice or not
    at all.
    """
    while True:
        before = stat_ticks(master_pid, with_reaped_children=True)
        total = before
        for pid in worker_pids(master_pid):
            with contextlib.suppress(OSError):  # exited: read again below
                total += stat_ticks(pid, with_reaped_children=False)
        if stat_ticks(master_pid, with_reaped_children=True) == before:
            return total / os.sysconf("SC_CLK_TCK")


class PeakMemory(threading.Thread):
    """Samples the peak resident memory (VmHWM) of every worker of some gunicorn masters,
    including workers recycled during the run."""

    def __init__(self, master_pids: list[int]):
        super().__init__(daemon=True)
        self.master_pids = master_pids
        self.peak_kib = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(0.25):
            for master in self.master_pids:
                for pid in worker_pids(master):
                    try:
                        status = Path(f"/proc/{pid}/status").read_text()
                    except OSError:
                        continue  # recycled between listing and reading
                    if match := re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE):
                        self.peak_kib = max(self.peak_kib, int(match[1]))


def wrk(url: str, seconds: int, *, server_pid: int) -> dict:
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
        "requests": requests,
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


def request(port: int, method: str, path: str, body=None, headers=None):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    client.request(method, path, body=body, headers={"X-Forwarded-Proto": "https"} | headers)
    response = client.getresponse()
    response.body = response.read().decode()
    client.close()
    return response


def in_threads(work, count: int) -> float:
    """Run ``work(index)`` for each index from POSTING_CLIENTS threads; the seconds taken."""
    indexes = iter(range(count))
    lock = threading.Lock()

    def client():
        while True:
            with lock:
                index = next(indexes, None)
            if index is None:
                return
            work(index)

    threads = [threading.Thread(target=client) for _ in range(POSTING_CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def post_enquiries(server: Server, count: int, rounds: int) -> dict:
    """``rounds`` rounds of ``count`` enquiries from POSTING_CLIENTS clients at once; the
    median round's server CPU, as for the GET pages. Each enquiry has its own form,
    fetched before the timing starts (fresh CSRF cookie and form token), so the server
    CPU counted is that of the POSTs alone. WARM_UP_POSTS enquiries go first, untimed, as
    every GET page has its warm-up: each worker then has the POST's code paths loaded
    (email templates compiled, phone number metadata read) as it would after its first
    minutes of serving."""
    origin = f"https://127.0.0.1:{server.port}"
    forms = [None] * (WARM_UP_POSTS + rounds * count)
    latencies, failures = [], []

    def fetch(index):
        form = request(server.port, "GET", "/enquiries/new/", headers={})
        cookies = SimpleCookie()
        for header in form.headers.get_all("Set-Cookie", []):
            cookies.load(header)
        hidden = re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form.body)
        forms[index] = (
            {name: unescape(value) for name, value in hidden} | ENQUIRY,
            "; ".join(f"{k}={m.value}" for k, m in cookies.items()),
        )

    def post(index):
        data, cookie = forms[index]
        started = time.perf_counter()
        sent = request(
            server.port,
            "POST",
            "/enquiries/new/",
            body=urlencode(data),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Origin": origin,
                "Referer": f"{origin}/enquiries/new/",
            },
        )
        latencies.append(time.perf_counter() - started)
        if sent.status != 302 or sent.headers["Location"] != "/enquiries/sent/":
            failures.append(sent.status)

    in_threads(fetch, len(forms))
    in_threads(post, WARM_UP_POSTS)
    latencies.clear()
    measured = []
    for first in range(WARM_UP_POSTS, len(forms), count):
        cpu_before = server_cpu_seconds(server.pid)
        elapsed = in_threads(lambda index, first=first: post(first + index), count)
        cpu = server_cpu_seconds(server.pid) - cpu_before
        measured.append((1000 * cpu / count, count / elapsed, elapsed))
    with sqlite3.connect(OUT / "db.sqlite3") as db:
        stored = db.execute("SELECT COUNT(*) FROM enquiries_enquiry").fetchone()[0]
    latencies.sort()
    cpu_ms, rps, _ = sorted(measured)[len(measured) // 2]
    return {
        "posted": rounds * count,
        "rounds": [round_cpu_ms for round_cpu_ms, _, _ in measured],
        "rps": rps,
        "cpu_ms": cpu_ms,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[max(0, round(0.99 * len(latencies)) - 1)],
        "errors": len(failures),
        "stored": stored - WARM_UP_POSTS,
        "seconds": sum(elapsed for _, _, elapsed in measured),
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


def serving(args) -> dict:
    env = site_env()
    print("Setting up a throwaway database with the demo content...", flush=True)
    setup = subprocess.run(
        [
            sys.executable,
            "-c",
            SETUP_SCRIPT,
            str(STATIC_COPY),
            str(OUT / "therapy.html"),
            str(OUT / "therapy-headers.json"),
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if setup.returncode:
        sys.exit(setup.stderr)
    paths = json.loads(setup.stdout.strip().splitlines()[-1])
    servers = {
        "ceiling": Server(
            "ceiling",
            "bench.ceiling:application",
            env
            | {
                "BENCH_CEILING_PAGE": str(OUT / "therapy.html"),
                "BENCH_CEILING_HEADERS": str(OUT / "therapy-headers.json"),
            },
        ),
        "cached": Server("cached", "genesis_site.wsgi", env),
        "rendered": Server(
            "rendered",
            "genesis_site.wsgi",
            env
            | {
                "PAGE_CACHE_SECONDS": "0",
                # Every bench client comes from 127.0.0.1 and posts at once.
                "ENQUIRY_RATE_LIMIT": str(10 * args.posts),
                "ENQUIRY_MIN_FILL_SECONDS": "0",
            },
        ),
    }
    pages = [
        ("Home", "/"),
        ("Therapy page", paths["therapies"]),
        ("Centres list", "/centres/"),
        ("Centre page", paths["centres"]),
        ("Specialist page", paths["specialists"]),
    ]
    cases = [
        Case(
            "Ceiling: the therapy page's response (HTML and headers) from a minimal WSGI app",
            "ceiling",
            "/",
            "ceiling",
        ),
        Case(
            "Therapy page HTML as a static file via WhiteNoise", "cached", paths["static"], "static"
        ),
        *(Case(f"{label}, page cache", "cached", path, "cached") for label, path in pages),
        *(
            Case(
                f"{label}, rendered",
                "rendered",
                path,
                "rendered",
                RENDERED_THERAPY_MS if label == "Therapy page" else RENDERED_PAGE_MS,
            )
            for label, path in [*pages, ("Specialists list", "/specialists/")]
        ),
        Case(
            "Enquiry form GET, rendered", "rendered", "/enquiries/new/", "rendered", ENQUIRY_FORM_MS
        ),
    ]
    try:
        for server in servers.values():
            server.wait_until_serving()
        memory = PeakMemory([servers["cached"].pid, servers["rendered"].pid])
        memory.start()
        for case in cases:
            print(f"Warming up: {case.label}", flush=True)
            # Fills the page cache and runs every code path once in every worker.
            server = servers[case.server]
            wrk(f"http://127.0.0.1:{server.port}{case.path}", WARM_UP, server_pid=server.pid)
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number} of {args.rounds}: {args.seconds}s per page", flush=True)
            for case in cases:
                server = servers[case.server]
                url = f"http://127.0.0.1:{server.port}{case.path}"
                case.runs.append(wrk(url, args.seconds, server_pid=server.pid))
        print(
            f"Posting {args.rounds} x {args.posts} enquiries from {POSTING_CLIENTS} clients...",
            flush=True,
        )
        posts = post_enquiries(servers["rendered"], args.posts, args.rounds)
        memory.stop.set()
        memory.join()
    finally:
        for server in servers.values():
            server.stop()
    print("Timing SQLite commits with synchronous=FULL and NORMAL...", flush=True)
    commits = {setting: commit_ms(setting) for setting in ("FULL", "NORMAL")}
    return {
        "cases": cases,
        "posts": posts,
        "peak_kib": memory.peak_kib,
        "commits": commits,
        "queries": paths["queries"],
    }


def growth(args) -> dict:
    """bench/growth.py on each database, one after the other; {vendor: steps}."""
    env = site_env(
        # Staff sign in with force_login; the bench has no authenticator app.
        ADMIN_REQUIRE_2FA="0",
        # One PostgreSQL connection for the whole run, so its CPU can be read.
        DATABASE_CONN_MAX_AGE="3600",
    )
    if not (STATIC_ROOT / "staticfiles.json").exists():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
    script = [sys.executable, "bench/growth.py", "--sizes", *map(str, args.sizes)]
    results = {}
    for database in args.databases:
        print(f"Data growth on {database}:", flush=True)
        if database == "sqlite":
            command, env["DATABASE_URL"] = script, f"sqlite:///{OUT / 'growth.sqlite3'}"
        else:
            # It sets DATABASE_URL to a cluster it removes afterwards.
            command = [sys.executable, "-m", "tests.platform.postgres", *script]
            env.pop("DATABASE_URL")
        run = subprocess.run(
            [*PRIORITY, *command],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=(OUT / f"growth-{database}.log").open("w"),
            text=True,
        )
        if run.returncode:
            sys.exit(f"bench/growth.py failed on {database}: see {OUT / f'growth-{database}.log'}")
        measured = json.loads(run.stdout.strip().splitlines()[-1])
        results[measured["vendor"]] = measured["steps"]
    return results


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
    postgres = subprocess.run(
        "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1",
        shell=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "memory_gib": int(re.search(r"MemTotal:\s+(\d+)", meminfo)[1]) / 1024**2,
        "cpu": cpu[1] if cpu else platform.processor(),
        "python": platform.python_version(),
        "django": versions[0],
        "gunicorn": versions[1],
        "sqlite": versions[2],
        "postgres": Path(postgres).parent.name if postgres else "not installed",
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    args = options()
    if args.only != "growth" and not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    started, load_before = time.monotonic(), load_average()
    served = serving(args) if args.only != "growth" else None
    grown = growth(args) if args.only != "serving" else None
    report = render(
        args,
        host=machine(),
        served=served,
        grown=grown,
        load=f"{load_before} at the start, {load_average()} at the end",
        minutes=(time.monotonic() - started) / 60,
    )
    RESULTS.write_text(report + kept_notes())
    print()
    print(report)


def kept_notes() -> str:
    """The "## Notes" section people wrote at the end of the last results, kept as is."""
    previous = RESULTS.read_text() if RESULTS.exists() else ""
    start = previous.find(f"\n{NOTES_HEADING}\n")
    return previous[start:] if start >= 0 else ""


def verdict(met: bool) -> str:
    return "**MET**" if met else "**NOT MET**"


def render(args, *, host, served, grown, load, minutes) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"`make bench{' ARGS=--quick' if args.quick else ''}` on "
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {minutes:.1f} minutes.",
        "",
        f"- Machine: {host['cores']} cores ({host['cpu']}), {host['memory_gib']:.1f} GiB memory;"
        " the load generators run on the same machine.",
        f"- Load average (1, 5, 15 minutes): {load}. Other work on a shared machine moves "
        "requests/s and wall times a lot; CPU time per request much less, so the targets "
        "are judged by CPU time, with the rest beside.",
        f"- Software: Python {host['python']}, Django {host['django']}, gunicorn "
        f"{host['gunicorn']} ({WORKERS} sync workers, genesis_site/gunicorn.conf.py), SQLite "
        f"{host['sqlite']} (WAL, synchronous=FULL), PostgreSQL {host['postgres']}.",
        "",
    ]
    if served:
        lines += render_serving(args, served)
    if grown:
        lines += render_growth(args, grown)
    return "\n".join(lines)


def render_serving(args, served) -> list[str]:
    cases, posts = served["cases"], served["posts"]
    ceiling = next(case for case in cases if case.kind == "ceiling")
    lines = [
        "## Serving",
        "",
        "Production settings (DEBUG off), demo content, file-based cache (no REDIS_URL), "
        "access log on. GET load: `wrk --threads 1 --connections "
        f"{WRK_CONNECTIONS} --duration {args.seconds}s --latency`, {args.rounds} round(s) with "
        "every page taking its turn, after a warm-up. **Server CPU per request**: CPU time "
        "of the gunicorn master and its workers (and of workers it recycled) during a "
        "round, over the round's requests; the median of the rounds. Requests/s and "
        "latencies are those of the median round.",
        "",
        "| Page | Server CPU ms/request | Target | Verdict | Ceiling ÷ this, by CPU "
        "| Requests/s | p50 ms | p99 ms | Errors |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for case in cases:
        run = case.median_run
        ratio = ceiling.cpu_ms / case.cpu_ms
        if case.kind == "cached":
            target, met = f">= {CACHED_VS_CEILING}x the ceiling", ratio >= CACHED_VS_CEILING
        elif case.target_ms is not None:
            target, met = f"<= {case.target_ms} ms", case.cpu_ms <= case.target_ms
        else:
            target, met = "", None
        lines.append(
            f"| {case.label} (`{case.path}`) | {case.cpu_ms:.2f} | {target} | "
            f"{'' if met is None else verdict(met)} | {ratio:.2f}x | {run['rps']:,.0f} | "
            f"{run['p50_ms']:.1f} | {run['p99_ms']:.1f} | {run['errors']} |"
        )
    lines.append(
        f"| Enquiry POST ({args.rounds} round(s) of {args.posts} from {POSTING_CLIENTS} "
        f"clients after {WARM_UP_POSTS} untimed, forms fetched beforehand; rounds: "
        f"{', '.join(f'{ms:.2f}' for ms in posts['rounds'])} ms) | {posts['cpu_ms']:.2f} | "
        f"<= {ENQUIRY_POST_MS} ms | "
        f"{verdict(posts['cpu_ms'] <= ENQUIRY_POST_MS)} | "
        f"{ceiling.cpu_ms / posts['cpu_ms']:.2f}x | {posts['rps']:,.0f} | "
        f"{posts['p50_ms']:.1f} | {posts['p99_ms']:.1f} | {posts['errors']} |"
    )
    stored = posts["stored"] == posts["posted"] and posts["errors"] == 0
    lines += [
        "",
        f"- Every enquiry posted was stored, with no errors: {verdict(stored)} "
        f"({posts['stored']} stored of {posts['posted']}, in {posts['seconds']:.1f}s).",
        f"- Peak memory (RSS high-water mark) of one site worker: "
        f"{served['peak_kib'] / 1024:.0f} MiB.",
        f"- One small SQLite write transaction on this disk ({COMMITS} in a row, WAL): "
        f"{served['commits']['FULL']:.2f} ms with `synchronous=FULL`, which the site uses so "
        "that an enquiry whose reference was shown survives a power cut, against "
        f"{served['commits']['NORMAL']:.2f} ms with `NORMAL`.",
        "",
    ]
    queries = served["queries"]
    most = max(queries.values())
    lines += [
        f"SQL queries of each public page (every page in the sitemap, the enquiry form and a "
        f"search), rendered with the page cache off, on a view after the first: at most "
        f"{most}, target at most {MOST_QUERIES_PER_PAGE}: "
        f"{verdict(most <= MOST_QUERIES_PER_PAGE)}.",
        "",
        "| Page | SQL queries |",
        "| --- | ---: |",
        *(f"| `{path}` | {count} |" for path, count in queries.items()),
        "",
    ]
    return lines


GROWTH_ROWS = [
    ("Triage queue page (admin changelist, open enquiries)", "queue", QUEUE_MS),
    ("SLA report page for the last year", "report", REPORT_MS),
    ("`check_enquiry_sla`", "check_enquiry_sla", COMMAND_MS),
    ("`retry_outbound_emails`", "retry_outbound_emails", COMMAND_MS),
    ("`apply_enquiry_retention`", "apply_enquiry_retention", COMMAND_MS),
]


def render_growth(args, grown) -> list[str]:
    columns = [(vendor, step) for vendor, steps in grown.items() for step in steps]
    lines = [
        "## Data growth",
        "",
        "bench/growth.py's seeded clinic (its docstring says how): 55 enquiries a day, so "
        "1,000 are 18 days of history and 100,000 five years, each with ten emails. Each "
        "figure is **server time**: the CPU time of the Django process plus, on "
        "PostgreSQL, of its database backend: the fastest of 7 page loads (other work on "
        "the machine only ever adds to it), the commands once each with one run's work to "
        "do; wall time beside it. Pages go through the whole middleware stack with "
        "Django's test client, signed in as staff. The sizes of one run are made by adding "
        "older history to the same database.",
        "",
        "| | "
        + " | ".join(f"{vendor}, {step['size']:,}" for vendor, step in columns)
        + " | Target |",
        "| --- | " + " | ".join("---:" for _ in columns) + " | --- |",
        "| Enquiries / emails | "
        + " | ".join(f"{step['enquiries']:,} / {step['emails']:,}" for _, step in columns)
        + " | |",
        "| Open / in the report's year | "
        + " | ".join(f"{step['open']:,} / {step['in_report_year']:,}" for _, step in columns)
        + " | |",
        "| Seeding, seconds | "
        + " | ".join(f"{step['seed_seconds']:.0f}" for _, step in columns)
        + " | |",
    ]
    verdicts = []
    for label, key, target in GROWTH_ROWS:
        cells = []
        for vendor, step in columns:
            figure = step[key]
            cells.append(f"{figure['cpu_ms']:,.0f} ms ({figure['wall_ms']:,.0f} wall)")
            verdicts.append((f"{label} on {vendor} at {step['size']:,}", figure, target))
        lines.append(f"| {label} | " + " | ".join(cells) + f" | < {target:,} ms |")
    lines.append(
        "| Queue page SQL queries | "
        + " | ".join(str(step["queue_queries"]) for _, step in columns)
        + " | |"
    )
    missed = [
        f"{label}: {figure['cpu_ms']:,.0f} ms"
        for label, figure, target in verdicts
        if figure["cpu_ms"] >= target
    ]
    lines += [
        "",
        f"- Every figure under its target at every size: {verdict(not missed)}"
        + ("" if not missed else " (" + "; ".join(missed) + ")")
        + ".",
        "",
    ]
    return lines


if __name__ == "__main__":
    main()
