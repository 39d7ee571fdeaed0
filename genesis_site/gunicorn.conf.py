"""gunicorn settings: `gunicorn -c genesis_site/gunicorn.conf.py genesis_site.wsgi`.

Environment: PORT (default 8000), BIND (default 127.0.0.1:$PORT), WEB_CONCURRENCY
(default 2 x cores + 1, the gunicorn documentation's rule of thumb for sync workers:
our requests spend their time in the database, never on email or other slow I/O),
FORWARDED_ALLOW_IPS (the reverse proxies whose X-Forwarded-* headers are trusted).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Import Django and the whole site once, in the master, before the workers fork: a
# worker starts in milliseconds instead of re-importing everything (about 2.5 s of CPU
# on a 2-core server, most of it nltk under textstat), and the workers share those
# memory pages until they write to them. Nothing at import opens a database or cache
# connection (on_starting closes the checks' ones), so no worker inherits a socket
# another uses. The cost: a HUP reload keeps the old code; deploy by restarting gunicorn.
preload_app = True
# Requests never wait on email or other slow I/O, so a long timeout only hides bugs.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound, but rarely: under
# full load a worker answers several hundred cached pages a second, so the old 2,000 meant
# a restart every few seconds, each one forking and warming a new worker. 200,000 is weeks
# of a clinic's ordinary traffic and still minutes at a sustained peak. The jitter (up to
# 10% more) spreads the restarts: workers started together would otherwise all recycle
# at the same moment.
max_requests = 200_000
max_requests_jitter = 20_000
# Worker heartbeats on a RAM disk: a slow or full /tmp in a container cannot
# make the master kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
# Paths without query strings: a search such as a postcode never reaches the log.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No runtime control socket (gunicornc): it is one fixed path per user, so a second
# server on the same machine would take it over, and we manage workers by signals.
control_socket_disable = True


def on_starting(server):
    """Refuse to start with settings that would lose enquiries, hang workers or fail
    every page.

    Runs Django's system checks with the deployment ones (`manage.py check --deploy`),
    including genesis_site.checks, once in the master before any worker forks; an error
    stops gunicorn with the checks' message; warnings are printed and it starts.
    """
    import django
    from django.core.management import call_command
    from django.db import connections

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genesis_site.settings")
    django.setup()
    call_command("check", deploy=True, fail_level="ERROR")
    # The workers fork from this process: none may inherit a connection a check opened.
    connections.close_all()


def pre_fork(server, worker):
    """Put everything the master has loaded (the whole preloaded site) out of the garbage
    collector's reach before each worker forks.

    Otherwise the first full collection in every worker walks all those objects, about
    0.4 s of CPU per worker on a 2-core server (bench/RESULTS.md), and writes to every
    memory page they are on, so the workers stop sharing it with the master.
    https://docs.python.org/3/library/gc.html#gc.freeze
    """
    gc.freeze()
