"""gunicorn settings: `gunicorn -c genesis_site/gunicorn.conf.py genesis_site.wsgi`.

Environment: PORT (default 8000), BIND (default 127.0.0.1:$PORT), WEB_CONCURRENCY
(default 2 x cores + 1, the gunicorn documentation's rule of thumb for sync workers:
our requests spend their time in the database, never on email or other slow I/O),
FORWARDED_ALLOW_IPS (the reverse proxies whose X-Forwarded-* headers are trusted).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Requests never wait on email or other slow I/O, so a long timeout only hides bugs.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
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

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genesis_site.settings")
    django.setup()
    call_command("check", deploy=True, fail_level="ERROR")
