"""gunicorn settings: `gunicorn -c genesis_site/gunicorn.conf.py genesis_site.wsgi`.

Environment: PORT (default 8000), BIND (default 127.0.0.1:$PORT), WEB_CONCURRENCY
(default 2 x cores + 1, the gunicorn documentation's rule of thumb for sync workers).
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
accesslog = "-"
# The access log shows paths and status only; enquiry data never travels in URLs.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl):
# a second site or a second `make serve` on the host would take it over and delete it
# on exit. We manage the server with signals and the process manager, not gunicornc.
control_socket_disable = True
